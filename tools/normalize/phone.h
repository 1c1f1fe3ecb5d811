// Telephone numbers → E.164 through libphonenumber, with the number's validity and type; an
// extension written 转, 分机, ext or x is kept apart ("010-12345678转123").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace reunite::normalize {

class ChineseText;

struct PhoneResult {
  std::optional<std::string> e164;  // "+8613800138000"; empty when not a valid number
  std::string extension;            // "123"
  std::string_view type;            // mobile, fixed_line, fixed_line_or_mobile, toll_free, ...
  bool more_numbers = false;        // the value held several numbers; the first was taken
  std::string_view problem;         // bad_phone (not a number), invalid_phone (no such number)
  std::string detail;
};

// One per thread (it memoises); libphonenumber's PhoneNumberUtil itself is a shared singleton.
class PhoneNormalizer {
 public:
  // `default_region`: ISO 3166 code for numbers written without a country code ("CN").
  explicit PhoneNormalizer(std::string default_region);
  PhoneResult parse(ChineseText& text, std::string_view value);
  // True if libphonenumber knows the region code.
  static bool is_known_region(std::string_view region);

 private:
  PhoneResult parse_with_library(std::string_view number, PhoneResult result) const;

  std::string default_region_;
  // Chinese mobile numbers (11 digits from 1): validity and type by their first five digits.
  // libphonenumber's CN patterns decide on at most five (checked exhaustively over all 10^4
  // prefixes × 25 random endings, libphonenumber 8.12); parsing costs ~20 µs in ICU regular
  // expressions, a lookup nothing.
  struct MobilePrefix {
    bool valid;
    std::string_view type;
  };
  std::unordered_map<std::string, MobilePrefix> mobile_prefixes_;
};

}  // namespace reunite::normalize
