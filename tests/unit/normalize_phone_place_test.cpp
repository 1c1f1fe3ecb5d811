// Phones (libphonenumber) and places (GB/T 2260) (tools/normalize: phone, place).
#include <doctest/doctest.h>

#include "chinese_text.h"
#include "phone.h"
#include "place.h"

using namespace reunite::normalize;

namespace {
ChineseText& text() {
  static ChineseText shared;
  return shared;
}
const PlaceResolver& places() {
  static PlaceResolver resolver(RegionTable::built_in(), text());
  return resolver;
}
std::string code(std::string_view place) {
  auto result = places().resolve(text(), place);
  if (result.region.code) return region_code_text(result.region.code);
  std::string flag = "[";
  flag.append(result.problem);
  return flag + "]";
}
}  // namespace

TEST_CASE("phones to E.164 with type") {
  PhoneNormalizer phones("CN");
  auto mobile = phones.parse(text(), "138 0013 8000");
  REQUIRE(mobile.e164);
  CHECK(*mobile.e164 == "+8613800138000");
  CHECK(mobile.type == "mobile");
  CHECK(*phones.parse(text(), "+86 13800138000").e164 == "+8613800138000");
  CHECK(*phones.parse(text(), "+86-138-0013-8000").e164 == "+8613800138000");
  CHECK(*phones.parse(text(), "１３８００１３８０００").e164 == "+8613800138000");
  CHECK(*phones.parse(text(), "0086 13800138000").e164 == "+8613800138000");
  auto landline = phones.parse(text(), "(0755) 8888 1234");
  CHECK(*landline.e164 == "+8675588881234");
  CHECK(landline.type == "fixed_line");
}

TEST_CASE("extensions written 转 or 分机 are kept as extensions") {
  PhoneNormalizer phones("CN");
  auto result = phones.parse(text(), "010-12345678转123");
  REQUIRE(result.e164);
  CHECK(*result.e164 == "+861012345678");
  CHECK(result.extension == "123");
  CHECK(phones.parse(text(), "010-12345678 分机 45").extension == "45");
  CHECK(phones.parse(text(), "010-12345678 ext. 9").extension == "9");
}

TEST_CASE("invalid and unreadable phones, other regions") {
  PhoneNormalizer phones("CN");
  CHECK(phones.parse(text(), "12345").problem == "invalid_phone");
  CHECK(phones.parse(text(), "no phone").problem == "bad_phone");
  auto two = phones.parse(text(), "13800138000/13900139000");
  CHECK(*two.e164 == "+8613800138000");
  CHECK(two.more_numbers);
  PhoneNormalizer british("GB");
  CHECK(*british.parse(text(), "020 7946 0958").e164 == "+442079460958");
  CHECK(PhoneNormalizer::is_known_region("CN"));
  CHECK_FALSE(PhoneNormalizer::is_known_region("XX"));
}

TEST_CASE("places with or without suffixes, traditional or simplified") {
  CHECK(code("四川省成都市武侯区") == "510107");
  CHECK(code("四川成都武侯") == "510107");
  CHECK(code("成都市武侯区") == "510107");
  CHECK(code("重庆") == "500000");
  CHECK(code("重慶市") == "500000");
  CHECK(code("重庆市渝中区解放碑") == "500103");
  CHECK(code("广东深圳") == "440300");
  CHECK(code("广西壮族自治区南宁市") == "450100");
  CHECK(code("广西南宁") == "450100");
  CHECK(code("長沙縣") == "430121");
  CHECK(code("湖南长沙") == "430100");  // the city, not 长沙县 under it
  CHECK(code("延边") == "222400");
}

TEST_CASE("places in pinyin or English") {
  CHECK(code("Chongqing") == "500000");
  CHECK(code("Chengdu, Sichuan") == "510100");
  CHECK(code("Wuhou District, Chengdu, Sichuan Province") == "510107");
  CHECK(code("Changsha") == "430100");
  CHECK(code("Xiamen") == "350200");
}

TEST_CASE("ambiguous and unknown places are flagged, not guessed") {
  CHECK(code("朝阳") == "[ambiguous_place]");
  CHECK(code("北京朝阳") == "110105");
  CHECK(code("辽宁朝阳") == "211300");
  CHECK(code("火星") == "[unknown_place]");
  auto result = places().resolve(text(), "鼓楼区");
  CHECK(result.problem == "ambiguous_place");
}
