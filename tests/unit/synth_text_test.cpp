// reunite-synth: how people and places are written (names, dates, phones, ID numbers, places).
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "person_text.h"
#include "places.h"
#include "random.h"

using namespace reunite::synth;

TEST_CASE("resident ID check character follows GB 11643 (ISO 7064 MOD 11-2)") {
  // The standard's own example number.
  CHECK(resident_id_check_character("11010519491231002") == 'X');
  CHECK(resident_id_checksum_valid("11010519491231002X"));
  CHECK(resident_id_checksum_valid("11010519491231002x"));
  CHECK_FALSE(resident_id_checksum_valid("110105194912310021"));
  CHECK_FALSE(resident_id_checksum_valid("1101051949123100"));
}

TEST_CASE("generated ID numbers encode region, birth date and sex; corrupted ones fail") {
  Random random(5);
  for (int i = 0; i < 2000; ++i) {
    bool male = i % 2 == 0;
    Date birth = random_date(random, 2000, 2016);
    std::string number = resident_id_number("510107", birth, male, random);
    REQUIRE(number.size() == 18);
    CHECK(number.substr(0, 6) == "510107");
    CHECK(number.substr(6, 8) == iso_date(birth).substr(0, 4) + iso_date(birth).substr(5, 2) +
                                     iso_date(birth).substr(8, 2));
    CHECK(((number[16] - '0') % 2 == 1) == male);
    CHECK(resident_id_checksum_valid(number));
    std::string bad = corrupt_id_number(number, random);
    CHECK(bad.size() == 18);
    CHECK(bad != number);
    CHECK_FALSE(resident_id_checksum_valid(bad));
  }
}

TEST_CASE("civil dates round-trip through day numbers") {
  for (int day = -800; day < 30000; day += 7) {
    Date date = add_days({1970, 1, 1}, day);
    CHECK(days_from_civil(date) == day);
  }
  CHECK(iso_date(add_days({2008, 2, 28}, 1)) == "2008-02-29");
  CHECK(iso_date(add_days({2008, 12, 31}, 1)) == "2009-01-01");
}

TEST_CASE("names in simplified, traditional and pinyin forms") {
  ChineseName name{2, {0}};  // 张 + 伟
  CHECK(write_name(name, NameScript::kSimplified) == "张伟");
  CHECK(write_name(name, NameScript::kTraditional) == "張偉");
  CHECK(write_name(name, NameScript::kPinyinSurnameFirst) == "Zhang Wei");
  CHECK(write_name(name, NameScript::kPinyinGivenFirst) == "Wei Zhang");
  CHECK(write_name(name, NameScript::kPinyinUpperSurname) == "ZHANG Wei");
  ChineseName two{57, {51, 15}};  // 欧阳 + 小明
  CHECK(write_name(two, NameScript::kSimplified) == "欧阳小明");
  CHECK(write_name(two, NameScript::kPinyinSurnameFirst) == "Ouyang Xiaoming");
}

TEST_CASE("typos change the name but keep its sound or most of its letters") {
  Random random(9);
  ChineseName name{2, {0}};  // 伟 (wei) has no homophone in the table: unchanged
  CHECK(homophone_typo(name, random).given == name.given);
  ChineseName xiao{2, {51}};  // 小 -> 晓 (both xiao)
  CHECK(write_name(homophone_typo(xiao, random), NameScript::kSimplified) == "张晓");
  for (int i = 0; i < 200; ++i) {
    std::string typo = letter_typo("Zhang Xiaoming", random);
    CHECK(typo != "Zhang Xiaoming");
    CHECK(typo.size() + 1 >= std::string("Zhang Xiaoming").size());
    CHECK(typo[0] == 'Z');
  }
}

TEST_CASE("lunar birthdays as families write them") {
  CHECK(write_lunar_date({2008, 5, 12}) == "农历2008年四月初八");    // the Wenchuan earthquake
  CHECK(write_lunar_date({2014, 1, 31}) == "农历2014年正月初一");    // a New Year's day
  CHECK(write_lunar_date({2014, 1, 30}) == "农历2013年腊月三十");    // its eve: still 2013's year
  CHECK(write_lunar_date({2012, 5, 21}) == "农历2012年闰四月初一");  // a leap month
  CHECK(write_lunar_date({2009, 1, 8}) == "农历2008年腊月十三");
}

TEST_CASE("phones are real mobile prefixes written in local formats") {
  Random random(3);
  for (int i = 0; i < 500; ++i) {
    std::string mobile = random_mobile(random);
    REQUIRE(mobile.size() == 11);
    CHECK(mobile[0] == '1');
    std::string written = write_phone(mobile, random);
    std::string digits;
    for (char c : written)
      if (c >= '0' && c <= '9') digits += c;
    CHECK((digits == mobile || digits == "86" + mobile));
  }
}

TEST_CASE("dates are written in many formats at the asked precision") {
  Random random(11);
  std::set<std::string> styles;
  for (int i = 0; i < 400; ++i) styles.insert(write_date({2008, 5, 12}, 3, random));
  CHECK(styles.count("2008-05-12"));
  CHECK(styles.count("2008年5月12日"));
  CHECK(styles.count("20080512"));
  CHECK(styles.size() == 7);
  for (int i = 0; i < 50; ++i) {
    std::string month = write_date({2008, 5, 12}, 2, random);
    CHECK(month.find("12") == std::string::npos);
  }
}

TEST_CASE("places from the built-in region table at several precisions") {
  PlaceTable table = PlaceTable::builtin();
  CHECK(table.counties().size() > 2500);
  const County* wuhou = nullptr;
  const County* dongcheng = nullptr;
  for (const County& county : table.counties()) {
    if (county.code == "510107") wuhou = &county;
    if (county.code == "110101") dongcheng = &county;
  }
  REQUIRE(wuhou);
  REQUIRE(dongcheng);
  CHECK(write_place(*wuhou, PlacePrecision::kCounty) == "四川省成都市武侯区");
  CHECK(write_place(*wuhou, PlacePrecision::kCountyShort) == "成都武侯");
  CHECK(write_place(*wuhou, PlacePrecision::kCity) == "成都市");
  CHECK(write_place(*wuhou, PlacePrecision::kProvince) == "四川省");
  CHECK(write_place(*dongcheng, PlacePrecision::kCounty) == "北京市东城区");
}

TEST_CASE("ids are a bijection: distinct indices never collide") {
  std::set<std::uint32_t> seen;
  for (std::uint32_t i = 0; i < 200000; ++i) seen.insert(permute_id(i, 0x123456789ABCDEFull));
  CHECK(seen.size() == 200000);
}

TEST_CASE("the random source is the same sequence for the same seed and stream") {
  Random a(42, 3), b(42, 3), c(42, 4);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    std::uint64_t x = a.next();
    CHECK(x == b.next());
    differs |= x != c.next();
  }
  CHECK(differs);
  Random r(1);
  int counts[7] = {};
  for (int i = 0; i < 70000; ++i) ++counts[r.below(7)];
  for (int k = 0; k < 7; ++k) CHECK(std::abs(counts[k] - 10000) < 500);
}
