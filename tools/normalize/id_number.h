// Resident identity numbers (GB 11643-1999): 18 characters — six-digit region code (GB/T 2260
// at the time of issue), birth date yyyymmdd, three-digit sequence (odd for men, even for
// women), and an ISO 7064 MOD 11-2 check character (0-9 or X).  The 15-digit numbers issued
// before 1999 (two-digit year, no check character) are upgraded to 18.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "date.h"
#include "region_table.h"
#include "sex.h"

namespace reunite::normalize {

// The check character of the first 17 digits: '0'-'9' or 'X'.
char id_check_character(std::string_view first17);

struct IdNumber {
  std::string number;  // 18 characters, X upper case
  Date birth_date;
  Sex sex = Sex::kUnknown;
  RegionCode region = 0;
  bool upgraded = false;  // was a 15-digit number
};

struct IdNumberResult {
  std::optional<IdNumber> id;
  std::string_view problem;  // bad_id_number, bad_checksum (id empty in both cases)
  std::string detail;        // never the number itself
};

// `text` NFKC-folded (ChineseText::clean); spaces and hyphens are ignored, 'x' is read as 'X'.
IdNumberResult parse_id_number(std::string_view text);

}  // namespace reunite::normalize
