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
    case PhoneNumberUtil::FIXED_LINE:
      return "fixed_line";
    case PhoneNumberUtil::MOBILE:
      return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE:
      return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE:
      return "premium_rate";
    case PhoneNumberUtil::SHARED_COST:
      return "shared_cost";
    case PhoneNumberUtil::VOIP:
      return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER:
      return "personal_number";
    case PhoneNumberUtil::PAGER:
      return "pager";
    case PhoneNumberUtil::UAN:
      return "uan";
    case PhoneNumberUtil::VOICEMAIL:
      return "voicemail";
    default:
      return "unknown";
  }
}

// Splits "010-12345678转123" into number and extension digits.  libphonenumber knows "ext" and
// "x" but not the Chinese words, and fails on them.
std::string_view split_extension(std::string_view text, std::string& extension) {
  static constexpr std::array<std::string_view, 6> kMarkers = {"分机号", "分机", "转",
                                                               "ext.",   "ext",  "#"};
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

// What both the library path and the national-number fast path end with: the number must exist
// in the numbering plan; then its E.164 form and type.
PhoneResult describe_valid_number(const PhoneNumber& number, PhoneResult result) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  if (!util.IsValidNumber(number)) {
    result.problem = "invalid_phone";
    result.detail = "no such number in the numbering plan";
    return result;
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  result.e164 = std::move(e164);
  result.type = type_name(util.GetNumberType(number));
  return result;
}

}  // namespace

PhoneNormalizer::PhoneNormalizer(std::string default_region)
    : default_region_(std::move(default_region)), mobile_prefixes_(10000) {}

bool PhoneNormalizer::is_known_region(std::string_view region) {
  return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(region)) != 0;
}

PhoneResult PhoneNormalizer::parse(ChineseText& text, std::string_view value) {
  return parse_folded(text.fold(value));  // full-width digits and ＋ become ASCII
}

PhoneResult PhoneNormalizer::parse_folded(std::string_view folded) {
  return parse_folded(folded, true);
}

PhoneResult PhoneNormalizer::parse_by_library_only(std::string_view folded) {
  return parse_folded(folded, false);
}

PhoneResult PhoneNormalizer::parse_folded(std::string_view folded, bool fast_paths) {
  PhoneResult result;
  std::string_view number = folded;
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
  if (!fast_paths) return parse_with_library(number, std::move(result));
  // Written the national way: no +, no international prefix.
  const bool national = !digits.starts_with("+") && !digits.starts_with("00");
  bool chinese = default_region_ == "CN";
  if (digits.starts_with("+86")) {
    digits.erase(0, 3), chinese = true;
  } else if (digits.starts_with("0086")) {
    digits.erase(0, 4), chinese = true;
  } else if (digits.starts_with("+")) {
    chinese = false;
  }
  if (plain && chinese && digits.size() == 11 && digits[0] == '1') {
    std::size_t index =
        static_cast<std::size_t>((digits[1] - '0') * 1000 + (digits[2] - '0') * 100 +
                                 (digits[3] - '0') * 10 + (digits[4] - '0'));
    MobilePrefix& found = mobile_prefixes_[index];
    if (!found.known) {
      PhoneResult probe = parse_with_library("+86" + digits, PhoneResult{});
      found = MobilePrefix{true, probe.e164.has_value(), probe.type};
    }
    if (!found.valid) {
      result.problem = "invalid_phone";
      result.detail = "no such number in the numbering plan";
      return result;
    }
    result.e164 = "+86" + digits;
    result.type = found.type;
    return result;
  }
  // Fast path: a Chinese fixed line written nationally, 0 + area code + number.  Parsing is
  // three fifths of libphonenumber's ~40 µs (ICU regular expressions); for these the national
  // number is the digits after the 0, so only validity and type are asked of the library.  A
  // unit test checks agreement with the whole library path over every area code.
  if (plain && national && default_region_ == "CN" && digits.size() >= 10 && digits.size() <= 12 &&
      digits[0] == '0' && digits[1] != '0') {
    return check_chinese_national_number(std::string_view(digits).substr(1), std::move(result));
  }
  return parse_with_library(number, std::move(result));
}

PhoneResult PhoneNormalizer::check_chinese_national_number(std::string_view national,
                                                           PhoneResult result) const {
  PhoneNumber number;
  number.set_country_code(86);
  std::uint64_t value = 0;
  for (char c : national) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  number.set_national_number(value);
  return describe_valid_number(number, std::move(result));
}

PhoneResult PhoneNormalizer::parse_with_library(std::string_view number, PhoneResult result) const {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber parsed;
  if (util.Parse(std::string(number), default_region_, &parsed) !=
      PhoneNumberUtil::NO_PARSING_ERROR) {
    result.problem = "bad_phone";
    result.detail = "not a telephone number";
    return result;
  }
  if (result.extension.empty() && parsed.has_extension()) result.extension = parsed.extension();
  return describe_valid_number(parsed, std::move(result));
}

}  // namespace reunite::normalize
