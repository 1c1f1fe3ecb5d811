// How people and their details are written in reports: Chinese names in simplified or
// traditional characters or pinyin (surname first or last), dates in the many formats of
// police systems, spreadsheets and volunteer sites, phone numbers in local formats, and 18-digit
// resident identity numbers (GB 11643) with or without a correct check character.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "random.h"

namespace reunite::synth {

struct NameSyllable {
  std::string_view simplified;
  std::string_view traditional;
  std::string_view pinyin;  // toneless, lower case
};

// A person's true name: a surname and one or two given-name syllables (indices into the tables).
struct ChineseName {
  int surname = 0;
  std::vector<int> given;
};

ChineseName random_name(Random& random, bool male);
// A child's name with the father's surname.
ChineseName name_with_surname(Random& random, int surname, bool male);

enum class NameScript {
  kSimplified,
  kTraditional,
  kPinyinSurnameFirst,
  kPinyinGivenFirst,
  kPinyinUpperSurname
};
std::string write_name(const ChineseName& name, NameScript script);
std::string_view surname_pinyin(int surname);

// A typo as a person makes it: in characters a homophone typed instead of the given name's
// character (the usual input-method slip), in pinyin one letter changed, dropped or doubled.
// Returns the name unchanged when no plausible typo exists.
ChineseName homophone_typo(const ChineseName& name, Random& random);
std::string letter_typo(std::string text, Random& random);

struct Date {
  int year = 0;
  int month = 1;
  int day = 1;
};
Date random_date(Random& random, int first_year, int last_year);
Date add_days(Date date, int days);
int days_from_civil(Date date);
std::string iso_date(const Date& date);

// A date written in one of the styles seen in exports, at full or reduced precision.
// `precision`: 3 day, 2 month, 1 year.
std::string write_date(const Date& date, int precision, Random& random);

// The date in the Chinese lunar calendar as people write birthdays: "农历2008年四月初八" (the
// Gregorian year in which the lunar year starts; 闰 before a leap month).  Computed by ICU.
std::string write_lunar_date(const Date& date);

// A Chinese mobile number (11 digits, a real operator prefix) and a way of writing it.
std::string random_mobile(Random& random);
std::string write_phone(std::string_view mobile, Random& random);
// A fixed line in a city with a three-digit area code (eight digits, not starting with 0, 1 or
// 9), written as locals do: "028-85551234", "(028)85551234", "028 8555 1234".
std::string random_fixed_line(std::string_view area_code, Random& random);

// The resident identity number of a person born at `region_code` on `birth`: 17 digits and the
// ISO 7064 MOD 11-2 check character.
std::string resident_id_number(std::string_view region_code, const Date& birth, bool male,
                               Random& random);
char resident_id_check_character(std::string_view first17);
bool resident_id_checksum_valid(std::string_view number);
// A plausible mistake: one digit mistyped or two adjacent digits swapped, such that the check
// character no longer matches.
std::string corrupt_id_number(std::string number, Random& random);

}  // namespace reunite::synth
