// The fast paths of tools/normalize agree with the slow paths they stand in for: the fixed-line
// and mobile phone shortcuts with libphonenumber's whole Parse, the Han shortcuts with ICU, the
// record scanner with simdjson, the hand-written ISO dates with fmt.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <memory>
#include <random>

#include "chinese_text.h"
#include "date.h"
#include "phone.h"
#include "record_json.h"

using namespace reunite::normalize;

namespace {

// `same_problem`: the mobile table (committed before the fixed-line path) calls every invalid
// 11-digit number from 1 invalid_phone, where Parse refuses a few prefixes (116…, 120…) outright
// as bad_phone.  Both reject the number; only the code differs, and it is kept as it was.
void check_same(const PhoneResult& fast, const PhoneResult& library, const std::string& value,
                bool same_problem = true) {
  INFO(value);
  CHECK(fast.e164 == library.e164);
  CHECK(fast.type == library.type);
  CHECK(fast.extension == library.extension);
  if (same_problem) CHECK(fast.problem == library.problem);
  CHECK(fast.more_numbers == library.more_numbers);
}

}  // namespace

TEST_CASE("phone fast paths agree with libphonenumber's Parse") {
  PhoneNormalizer fast("CN"), library("CN");
  std::mt19937 random(20261125);
  auto digits = [&](int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += static_cast<char>('0' + random() % 10);
    return out;
  };
  // Mobiles: every prefix the table can hold, written three ways.
  for (int prefix = 0; prefix < 10000; prefix += 3) {
    std::string number = fmt::format("1{:04}{}", prefix, digits(6));
    for (const std::string& value :
         {number, "+86 " + number, "0086-" + number.substr(0, 3) + "-" + number.substr(3)}) {
      check_same(fast.parse_folded(value), library.parse_by_library_only(value), value, false);
    }
  }
  // Fixed lines: every two- and three-digit area code, 7- and 8-digit numbers, extensions.
  for (int area = 10; area < 1000; ++area) {
    for (int length : {7, 8}) {
      std::string value = fmt::format("0{}-{}", area, digits(length));
      if (area % 3 == 0) value += "转" + digits(3);
      if (area % 5 == 0) value = "(0" + std::to_string(area) + ") " + digits(length);
      check_same(fast.parse_folded(value), library.parse_by_library_only(value), value);
    }
  }
  for (std::string value : {"010 1234 5678", "0755-8888 8888", "020-12345678 / 020-87654321",
                            "01012345", "0123456789012"}) {
    check_same(fast.parse_folded(value), library.parse_by_library_only(value), value);
  }
}

TEST_CASE("Han shortcuts agree with ICU") {
  for (char32_t c = 0x3400; c < 0xA000; ++c) {
    UErrorCode status = U_ZERO_ERROR;
    bool han = uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_HAN;
    if (is_unified_han(c)) REQUIRE(han);
  }
  for (int c = 0; c < 0x80; ++c) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || u_isUWhiteSpace(c);
    CHECK(is_ascii_space(static_cast<char>(c)) == space);
  }
  // The per-character table of simplified forms gives what the transliterator gives.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> to_simplified(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8("Traditional-Simplified"), UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  ChineseText text;
  for (char32_t c = 0x3400; c < 0xA000; c += 5) {
    icu::UnicodeString unicode(static_cast<UChar32>(c));
    to_simplified->transliterate(unicode);
    std::string expected;
    unicode.toUTF8String(expected);
    std::string han;
    append_utf8(han, c);
    INFO(han);
    CHECK(text.fold(han) == expected);
    CHECK(text.fold(" A" + han + han + "  b ") == "a" + expected + expected + " b");
  }
}

TEST_CASE("record scanner reads what simdjson reads") {
  std::string json =
      R"( { "a" : "x\"y\\z\u00e9\ud83d\ude00" , "n":-1.5e3,"o":{"k":[1,"2",{"q":null}]},"t":true,"e":"",)"
      R"("k\u0065y":"v","s":"\u5f20\/\b\f\n\r\t"} )";
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  auto document = parser.iterate(padded);
  simdjson::ondemand::object object = document.get_object();
  JsonObjectScanner scanner(json);
  std::string scratch;
  for (auto field_result : object) {
    simdjson::ondemand::field field = field_result.value_unsafe();
    std::string_view raw_key;
    JsonValue value;
    REQUIRE(scanner.next(raw_key, value));
    std::string key_scratch;
    std::string_view key_text;
    REQUIRE(json_string_text(std::string_view(raw_key.data() - 1, raw_key.size() + 2), key_scratch,
                             key_text));
    CHECK(key_text == std::string_view(field.unescaped_key().value_unsafe()));
    simdjson::ondemand::value expected = field.value();
    simdjson::ondemand::json_type type = expected.type().value_unsafe();
    if (type == simdjson::ondemand::json_type::object ||
        type == simdjson::ondemand::json_type::array) {
      CHECK(value.type ==
            (type == simdjson::ondemand::json_type::object ? JsonType::kObject : JsonType::kArray));
      continue;
    }
    std::string_view expected_token = expected.raw_json_token();
    while (!expected_token.empty() && expected_token.back() == ' ') expected_token.remove_suffix(1);
    CHECK(value.text == expected_token);
    if (value.type == JsonType::kString) {
      std::string_view text;
      REQUIRE(json_string_text(value.text, scratch, text));
      CHECK(text == std::string_view(expected.get_string().value_unsafe()));
    }
  }
  std::string_view key;
  JsonValue value;
  CHECK_FALSE(scanner.next(key, value));
  std::string_view text;
  CHECK_FALSE(json_string_text(R"("\ud800x")", scratch, text));
  CHECK_FALSE(json_string_text(R"("\udc00")", scratch, text));
  JsonArrayScanner array(R"([ 1 , "a" ,[2,3], {"b":[]} ])");
  int count = 0;
  while (array.next(value)) ++count;
  CHECK(count == 4);
}

TEST_CASE("ISO dates written by hand match fmt") {
  for (int year : {0, 7, 1800, 1999, 2008, 2200, 9999}) {
    for (int month = 0; month <= 12; ++month) {
      for (int day : {0, 1, 9, 10, 31}) {
        Date date{year, month, day};
        std::string expected = month == 0 ? fmt::format("{:04}", year)
                               : day == 0 ? fmt::format("{:04}-{:02}", year, month)
                                          : fmt::format("{:04}-{:02}-{:02}", year, month, day);
        if (month == 0 && day != 0) continue;
        CHECK(date.iso() == expected);
      }
    }
  }
}
