// Resident identity numbers (tools/normalize/id_number).
#include <doctest/doctest.h>

#include "id_number.h"
#include "region_table.h"

using namespace reunite::normalize;

TEST_CASE("ISO 7064 MOD 11-2 check character, including X") {
  // The example number of GB 11643-1999.
  CHECK(id_check_character("11010519491231002") == 'X');
  CHECK(id_check_character("44052418800101001") == '4');
  auto result = parse_id_number("11010519491231002X");
  REQUIRE(result.id);
  CHECK(result.id->number == "11010519491231002X");
  CHECK(result.id->birth_date == Date{1949, 12, 31});
  CHECK(result.id->sex == Sex::kFemale);
  CHECK(result.id->region == 110105);
  CHECK(parse_id_number("11010519491231002x").id);
  CHECK(parse_id_number("110105 19491231 002X").id);
}

TEST_CASE("bad check characters and malformed numbers") {
  auto wrong = parse_id_number("110105194912310021");
  CHECK_FALSE(wrong.id);
  CHECK(wrong.problem == "bad_checksum");
  CHECK(wrong.detail.find("110105") == std::string::npos);  // never echo the number
  CHECK(parse_id_number("1101051949123100").problem == "bad_id_number");
  CHECK(parse_id_number("1.10105E+17").problem == "bad_id_number");
  CHECK(parse_id_number("11010519491X31002X").problem == "bad_id_number");
  CHECK(parse_id_number("身份证11010519491231002X").problem == "bad_id_number");
  // Checksum right but no such birth date (February 30th).
  std::string body = "11010520140230001";
  CHECK(parse_id_number(body + id_check_character(body)).problem == "bad_id_number");
}

TEST_CASE("15-digit numbers are upgraded to 18") {
  auto result = parse_id_number("110105491231002");
  REQUIRE(result.id);
  CHECK(result.id->number == "11010519491231002X");
  CHECK(result.id->upgraded);
  CHECK(result.id->sex == Sex::kFemale);
}

TEST_CASE("birth dates in leap years") {
  std::string body = "11010520000229001";  // 2000 is a leap year
  CHECK(parse_id_number(body + id_check_character(body)).id);
  body = "11010519000229001";  // 1900 is not
  CHECK_FALSE(parse_id_number(body + id_check_character(body)).id);
}

TEST_CASE("region codes, current and retired") {
  const RegionTable& table = RegionTable::built_in();
  auto chaoyang = table.names(110105);
  CHECK(chaoyang.province == "北京市");
  CHECK(chaoyang.city == "");  // 市辖区 is no city
  CHECK(chaoyang.county == "朝阳区");
  auto chongwen = table.find(110103);  // merged into Dongcheng in 2010
  REQUIRE(chongwen);
  CHECK(chongwen->name == "崇文区");
  CHECK_FALSE(chongwen->current);
  CHECK(table.names(110103).province == "北京市");
  CHECK(table.find(999999) == nullptr);
  auto wuhou = table.names(510107);
  CHECK(wuhou.city == "成都市");
}
