#include "phone.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <array>

#include "chinese_text.h"

namespace reunite::normalize {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

std::string_view type_name(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE: return "fixed_line";
    case PhoneNumberUtil::MOBILE: return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE: return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE: return "premium_rate";
    case PhoneNumberUtil::SHARED_COST: return "shared_cost";
    case PhoneNumberUtil::VOIP: return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER: return "personal_number";
    case PhoneNumberUtil::PAGER: return "pager";
    case PhoneNumberUtil::UAN: return "uan";
    case PhoneNumberUtil::VOICEMAIL: return "voicemail";
    default: return "unknown";
  }
}

// Splits "010-12345678转123" into number and extension digits.  libphonenumber knows "ext" and
// "x" but not the Chinese words, and fails on them.
std::string_view split_extension(std::string_view text, std::string& extension) {
  static constexpr std::array<std::string_view, 6> kMarkers = {"分机号", "分机", "转", "ext.", "ext", "#"};
  for (std::string_view marker : kMarkers) {
    std::size_t at = text.find(marker);
    if (at == std::string_view::npos || at == 0) continue;
    for (char c : text.substr(at + marker.size())) {
      if (c >= '0' && c <= '9') extension += c;
    }
    return text.substr(0, at);
  }
  return text;
}

}  // namespace

PhoneNormalizer::PhoneNormalizer(std::string default_region) : default_region_(std::move(default_region)) {}

bool PhoneNormalizer::is_known_region(std::string_view region) {
  return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(region)) != 0;
}

PhoneResult PhoneNormalizer::parse(ChineseText& text, std::string_view value) {
  PhoneResult result;
  std::string cleaned = text.fold(value);  // full-width digits and ＋ become ASCII
  std::string_view number = cleaned;
  // Several numbers in one cell: 13800138000/13900139000, 13800138000；13900139000
  for (std::string_view separator : {"/", ";", ",", "、", " or ", "或"}) {
    std::size_t at = number.find(separator);
    if (at != std::string_view::npos && at > 6) {
      number = number.substr(0, at);
      result.more_numbers = true;
    }
  }
  number = split_extension(number, result.extension);
  // Fast path: a Chinese mobile number written with digits, spaces, hyphens, +86 or 0086.
  std::string digits;
  bool plain = true;
  for (std::size_t i = 0; i < number.size() && plain; ++i) {
    char c = number[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty()) {
      digits += c;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      plain = false;
    }
  }
  bool chinese = default_region_ == "CN";
  if (digits.starts_with("+86")) {
    digits.erase(0, 3), chinese = true;
  } else if (digits.starts_with("0086")) {
    digits.erase(0, 4), chinese = true;
  } else if (digits.starts_with("+")) {
    chinese = false;
  }
  if (plain && chinese && digits.size() == 11 && digits[0] == '1') {
    std::string prefix = digits.substr(0, 5);
    auto found = mobile_prefixes_.find(prefix);
    if (found == mobile_prefixes_.end()) {
      PhoneResult probe = parse_with_library("+86" + digits, PhoneResult{});
      MobilePrefix entry{probe.e164.has_value(), probe.type};
            found = mobile_prefixes_.emplace(std::move(prefix), entry).first;
    }
    if (!found->second.valid) {
      result.problem = "invalid_phone";
      result.detail = "no such number in the numbering plan";
      return result;
    }
    result.e164 = "+86" + digits;
    result.type = found->second.type;
    return result;
  }
  return parse_with_library(number, std::move(result));
}

PhoneResult PhoneNormalizer::parse_with_library(std::string_view number, PhoneResult result) const {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber parsed;
  if (util.Parse(std::string(number), default_region_, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) {
    result.problem = "bad_phone";
    result.detail = "not a telephone number";
    return result;
  }
  if (result.extension.empty() && parsed.has_extension()) result.extension = parsed.extension();
  if (!util.IsValidNumber(parsed)) {
    result.problem = "invalid_phone";
    result.detail = "no such number in the numbering plan";
    return result;
  }
  std::string e164;
  util.Format(parsed, PhoneNumberUtil::E164, &e164);
  result.e164 = std::move(e164);
  result.type = type_name(util.GetNumberType(parsed));
  return result;
}

}  // namespace reunite::normalize
