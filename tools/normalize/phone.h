// Telephone numbers → E.164 through libphonenumber, with the number's validity and type; an
// extension written 转, 分机, ext or x is kept apart ("010-12345678转123").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  // The same for text already folded (ChineseText::fold).
  PhoneResult parse_folded(std::string_view folded);
  // parse_folded() without the fast paths: every number through libphonenumber's Parse.  The
  // reference the fast paths are tested against.
  PhoneResult parse_by_library_only(std::string_view folded);
  // True if libphonenumber knows the region code.
  static bool is_known_region(std::string_view region);

 private:
  PhoneResult parse_folded(std::string_view folded, bool fast_paths);
  PhoneResult parse_with_library(std::string_view number, PhoneResult result) const;
  PhoneResult check_chinese_national_number(std::string_view national, PhoneResult result) const;

  std::string default_region_;
  // Chinese mobile numbers (11 digits from 1): validity and type by their first five digits.
  // libphonenumber's CN patterns decide on at most five (checked exhaustively over all 10^4
  // prefixes × 25 random endings, libphonenumber 8.12); parsing costs ~20 µs in ICU regular
  // expressions, a lookup nothing.
  // Indexed by the four digits after the leading 1 (a flat table: hashing the prefix string
  // was measured at a twentieth of the run time).
  struct MobilePrefix {
    bool known = false;
    bool valid = false;
    std::string_view type;
  };
  std::vector<MobilePrefix> mobile_prefixes_;
};

}  // namespace reunite::normalize
