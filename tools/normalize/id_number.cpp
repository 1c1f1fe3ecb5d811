#include "id_number.h"

#include <fmt/format.h>

#include <array>

namespace reunite::normalize {

namespace {

IdNumberResult fail(std::string_view code, std::string detail) {
  IdNumberResult result;
  result.problem = code;
  result.detail = std::move(detail);
  return result;
}

int digit(char c) {
  return c - '0';
}

// Digits and X only, separators dropped (full-width forms are NFKC-folded by the caller).
std::string compact(std::string_view text, bool& other_characters) {
  std::string out;
  other_characters = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += c;
    } else if (c == 'x' || c == 'X') {
      out += 'X';
    } else if (c == ' ' || c == '-' || c == '\t') {
    } else {
      other_characters = true;
    }
  }
  return out;
}

}  // namespace

char id_check_character(std::string_view first17) {
  // ISO 7064 MOD 11-2: weight of position i (from the left, 0-based) is 2^(17-i) mod 11.
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += digit(first17[i]) * kWeights[i];
  static constexpr std::string_view kCheck = "10X98765432";
  return kCheck[sum % 11];
}

IdNumberResult parse_id_number(std::string_view text) {
  if (text.find('E') != std::string_view::npos || text.find('e') != std::string_view::npos) {
    return fail("bad_id_number", "written as a floating-point number: digits were lost");
  }
  bool other_characters = false;
  std::string number = compact(text, other_characters);
  if (other_characters) return fail("bad_id_number", "characters other than digits and X");
  bool upgraded = false;
  if (number.size() == 15) {
    if (number.find('X') != std::string::npos)
      return fail("bad_id_number", "X in a 15-digit number");
    number = number.substr(0, 6) + "19" + number.substr(6);
    number += id_check_character(number);
    upgraded = true;
  } else if (number.size() != 18) {
    return fail("bad_id_number", fmt::format("{} characters, not 18 or 15", number.size()));
  }
  if (number.find('X') < 17) return fail("bad_id_number", "X before the check character");
  if (id_check_character(number) != number[17]) {
    return fail("bad_checksum", "check character does not match (ISO 7064 MOD 11-2)");
  }
  IdNumber id;
  id.birth_date = Date{std::stoi(number.substr(6, 4)), std::stoi(number.substr(10, 2)),
                       std::stoi(number.substr(12, 2))};
  if (id.birth_date.month < 1 || id.birth_date.month > 12 || id.birth_date.day < 1 ||
      id.birth_date.day > days_in_month(id.birth_date.year, id.birth_date.month) ||
      id.birth_date.year < 1850) {
    return fail("bad_id_number", "the birth date in the number is not a date");
  }
  id.sex = digit(number[16]) % 2 == 1 ? Sex::kMale : Sex::kFemale;
  id.region = static_cast<RegionCode>(std::stoul(number.substr(0, 6)));
  id.upgraded = upgraded;
  id.number = std::move(number);
  IdNumberResult result;
  result.id = std::move(id);
  return result;
}

}  // namespace reunite::normalize
