// Pseudonymising records: tokens in place of the values and their normalized forms, the same
// token for differently written copies of one value, no raw value left, rejects for what
// cannot be made a token.
#include <doctest/doctest.h>
#include <reunite/error.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "key_file.h"
#include "record_pseudonymizer.h"

using namespace reunite::pseudonymize;

namespace {

constexpr const char* kKeyHex = "4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665";

struct Result {
  std::string text;
  std::optional<std::string> error;
};

class Fixture {
 public:
  explicit Fixture(PseudonymizeOptions options = {})
      : key_(parse_key_text(kKeyHex, "test.key")),
        tokens_(key_),
        pseudonymizer_(options, tokens_) {}

  Result run(std::string_view json) {
    simdjson::padded_string padded(json);
    simdjson::ondemand::document document;
    REQUIRE(parser_.iterate(padded).get(document) == simdjson::SUCCESS);
    Result result;
    result.error = pseudonymizer_.pseudonymize(document, result.text);
    return result;
  }
  std::string ok(std::string_view json) {
    Result result = run(json);
    REQUIRE_MESSAGE(!result.error, *result.error);
    return result.text;
  }
  // A member's value in the output, as JSON text ("" if absent).
  std::string member(std::string_view json, std::string_view path) {
    simdjson::padded_string padded(json);
    simdjson::ondemand::document document;
    REQUIRE(parser_.iterate(padded).get(document) == simdjson::SUCCESS);
    std::string pointer(1, '/');
    for (char c : path) pointer.push_back(c == '.' ? '/' : c);
    std::string_view text;
    simdjson::ondemand::value value;
    if (document.at_pointer(pointer).get(value)) return "";
    if (simdjson::to_json_string(value).get(text)) return "";
    return std::string(text);
  }
  TokenMaker& tokens() { return tokens_; }
  const PseudonymizeCounts& counts() const { return pseudonymizer_.counts(); }

 private:
  SecretKey key_;
  TokenMaker tokens_;
  RecordPseudonymizer pseudonymizer_;
  simdjson::ondemand::parser parser_;
};

// Two agencies' reports of one child, as reunite-normalize leaves them.
constexpr const char* kPoliceReport =
    R"({"kind":"case","id":"P1","name":"張偉","sex":"男","id_number":"51010720080512001 5","phone":"138 0013 8000",)"
    R"("reporter":{"name":"WEI ZHANG","relation":"父亲","phone":"010-12345678转123"},)"
    R"("norm":{"name":"张伟","name_pinyin":"zhang wei","sex":"M","id_number":"510107200805120015",)"
    R"("id_number_birth_date":"2008-05-12","id_number_sex":"M","id_number_region":{"code":"510107","province":"四川省"},)"
    R"("phone":"+8613800138000","phone_type":"mobile",)"
    R"("reporter":{"name":"wei zhang","name_pinyin":"zhang wei","relation":"father","phone":"+861012345678","phone_type":"fixed_line","phone_ext":"123"}}})";
constexpr const char* kVolunteerReport =
    R"({"kind":"case","id":"V7","name":"张伟","id_number":"510107200805120015","phone":"+86 13800138000",)"
    R"("norm":{"name":"张伟","name_pinyin":"zhang wei","id_number":"510107200805120015","phone":"+8613800138000","phone_type":"mobile"}})";

}  // namespace

TEST_CASE("canonical forms: two spellings of one value meet") {
  CHECK(canonical_value(ValueKind::name, "  Zhang\u3000 WEI ") == "zhang wei");
  CHECK(canonical_value(ValueKind::name, "ＺＨＡＮＧ") == "zhang");
  CHECK(canonical_value(ValueKind::id_number, "51010720080512001x") == "51010720080512001X");
  CHECK(canonical_value(ValueKind::id_number, "510107-2008 0512 001X") == "51010720080512001X");
  CHECK(canonical_value(ValueKind::phone, "+86 138-0013-8000") == "+8613800138000");
  CHECK(canonical_value(ValueKind::phone, "１３８００１３８０００") == "13800138000");
  CHECK(canonical_value(ValueKind::phone, "unknown") == "");
  CHECK(canonical_value(ValueKind::exact, " A b ") == " A b ");
}

TEST_CASE("tokens: deterministic, domain-separated, formatted for dedupe") {
  Fixture fixture;
  TokenMaker& tokens = fixture.tokens();
  std::string name = tokens.token(ValueKind::name, "zhang wei");
  CHECK(name.size() == 26);
  CHECK(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos);
  CHECK(name == tokens.token(ValueKind::name, "zhang wei"));
  CHECK(name != tokens.token(ValueKind::text, "zhang wei"));
  CHECK(name != tokens.token(ValueKind::exact, "zhang wei"));
  std::string phone = tokens.token(ValueKind::phone, "+8613800138000");
  CHECK(phone.size() == 24);
  CHECK(phone.find_first_not_of("0123456789") == std::string::npos);
  CHECK(phone != tokens.token(ValueKind::phone, "+8613800138001"));
  CHECK(tokens.token(ValueKind::phone, "") == "");
  // Another key, other tokens.
  SecretKey other_key = parse_key_text(std::string(64, '7'), "other.key");
  TokenMaker other(other_key);
  CHECK(other.token(ValueKind::name, "zhang wei") != name);
}

TEST_CASE("two agencies' differently written reports get the same tokens") {
  Fixture fixture;
  std::string police = fixture.ok(kPoliceReport);
  std::string volunteer = fixture.ok(kVolunteerReport);
  for (const char* path : {"name", "id_number", "phone", "norm.name", "norm.name_pinyin",
                           "norm.id_number", "norm.phone"}) {
    CAPTURE(path);
    CHECK(fixture.member(police, path) == fixture.member(volunteer, path));
    CHECK(fixture.member(police, path).size() > 20);
  }
  // The raw value carries the token of its normalized form.
  CHECK(fixture.member(police, "phone") == fixture.member(police, "norm.phone"));
  CHECK(fixture.member(police, "name") == fixture.member(police, "norm.name"));
  CHECK(fixture.member(police, "norm.reporter.name_pinyin") ==
        fixture.member(police, "norm.name_pinyin"));
  // A name and a pinyin key are tokens of one domain: a name written in pinyin meets the key of
  // 张伟, as reunite-dedupe compares them.
  std::string latin = fixture.ok(R"({"name":"Zhang Wei"})");
  CHECK(fixture.member(latin, "name") == fixture.member(police, "norm.name_pinyin"));
  CHECK(fixture.member(police, "phone") != fixture.member(police, "reporter.phone"));
}

TEST_CASE("no raw value survives, and what normalize derived from the ID number is removed") {
  Fixture fixture;
  std::string police = fixture.ok(kPoliceReport);
  for (const char* sentinel : {"張偉", "张伟", "WEI ZHANG", "wei zhang", "zhang wei",
                               "510107200805120015", "51010720080512001 5", "138 0013 8000",
                               "13800138000", "12345678", "2008-05-12", "\"123\"", "四川省"}) {
    CAPTURE(sentinel);
    CHECK(police.find(sentinel) == std::string::npos);
  }
  // What is not a person's identifier stays, byte for byte and in order.
  CHECK(police.starts_with(R"({"kind":"case","id":"P1","name":")"));
  CHECK(police.find(R"("sex":"男","id_number":")") != std::string::npos);
  CHECK(police.find(R"("relation":"父亲","phone":")") != std::string::npos);
  CHECK(police.find(R"("phone_type":"fixed_line"})") != std::string::npos);
  CHECK(fixture.member(police, "norm.id_number_birth_date") == "");
  CHECK(fixture.member(police, "norm.reporter.phone_ext") == "");
  CHECK(fixture.member(police, "pseudonymized.fields") ==
        R"(["name","id_number","phone","reporter.name","reporter.phone"])");
  CHECK(fixture.member(police, "pseudonymized.key") == "\"" + fixture.tokens().key_id() + "\"");
  CHECK(fixture.counts().tokens == 12);
  CHECK(fixture.counts().without_norm == 0);
  CHECK(fixture.counts().removed == 4);
}

TEST_CASE("--keep-id-derived keeps what the ID number encodes") {
  PseudonymizeOptions options;
  options.keep_id_derived = true;
  Fixture fixture(options);
  std::string police = fixture.ok(kPoliceReport);
  CHECK(fixture.member(police, "norm.id_number_birth_date") == "\"2008-05-12\"");
}

TEST_CASE("values without a normalized form are tokens of their own canonical form") {
  Fixture fixture;
  std::string a =
      fixture.ok(R"({"id":"a","name":" Zhang  Wei","phone":13800138000,"id_number":"x1-2"})");
  std::string b =
      fixture.ok(R"({"id":"b","name":"zhang wei","phone":"138 0013 8000","id_number":"X12"})");
  CHECK(fixture.member(a, "name") == fixture.member(b, "name"));
  CHECK(fixture.member(a, "phone") == fixture.member(b, "phone"));
  CHECK(fixture.member(a, "id_number") == fixture.member(b, "id_number"));
  CHECK(fixture.counts().without_norm == 6);
  CHECK(fixture.counts().records_without_norm == 2);
}

TEST_CASE("lists, nulls, empty values, escaped and repeated keys") {
  Fixture fixture;
  std::string out = fixture.ok(
      R"({"name":["张伟",null,"李娜"],"phone":null,"id_number":"","n\u0061me":"王芳","name":"赵敏"})");
  for (const char* sentinel : {"张伟", "李娜", "王芳", "赵敏"})
    CHECK(out.find(sentinel) == std::string::npos);
  CHECK(out.find(R"("phone":null)") != std::string::npos);
  CHECK(out.find(R"("id_number":"")") != std::string::npos);
  CHECK(out.find(R"("n\u0061me":")") != std::string::npos);
  CHECK(fixture.member(out, "pseudonymized.fields") == R"(["name"])");
  std::string reporters =
      fixture.ok(R"({"reporter":[{"name":"张伟"},null,{"phone":"13800138000"}]})");
  CHECK(reporters.find("张伟") == std::string::npos);
  CHECK(reporters.find("13800138000") == std::string::npos);
}

TEST_CASE("what cannot be made a token rejects the record, naming the field only") {
  Fixture fixture;
  struct Case {
    const char* json;
    const char* reason;
  };
  for (Case c :
       {Case{R"({"name":{"family":"张","given":"伟"}})",
             "name: an object where a value was expected"},
        Case{R"({"reporter":"张三 13800138000"})", "reporter: not an object"},
        Case{R"({"reporter":["张三"]})", "reporter: not an object"},
        Case{R"({"norm":"张伟"})", "norm: not an object"},
        Case{R"({"norm":{"reporter":{"phone":["1",["2"]]}}})",
             "norm.reporter.phone: a list holding"},
        Case{R"({"name":"x","pseudonymized":{"key":"00000000"}})", "already pseudonymized"}}) {
    CAPTURE(c.json);
    Result result = fixture.run(c.json);
    REQUIRE(result.error);
    CHECK(result.error->starts_with(c.reason));
    CHECK(result.error->find("张") == std::string::npos);
    CHECK(result.error->find("138") == std::string::npos);
  }
  CHECK(fixture.counts().tokens == 0);
}

TEST_CASE("--field, --only and --drop") {
  PseudonymizeOptions options;
  options.fields.clear();
  set_field_rule(options.fields, parse_field_rule("mother.phone=phone"));
  set_field_rule(options.fields, parse_field_rule("case"));
  options.drop = {"marks", "reporter"};
  Fixture fixture(options);
  std::string out = fixture.ok(
      R"({"name":"张伟","case":"C1","mother":{"phone":"13800138000"},"marks":"左耳后有痣","reporter":{"name":"张三"},)"
      R"("norm":{"name":"张伟","mother":{"phone":"+8613800138000","phone_type":"mobile","phone_ext":"1"},"reporter":{"name":"张三","name_pinyin":"zhang san"}}})");
  CHECK(out.find(R"("name":"张伟")") != std::string::npos);  // not chosen: left as it is
  CHECK(out.find("C1") == std::string::npos);
  CHECK(out.find("13800138000") == std::string::npos);
  CHECK(out.find("痣") == std::string::npos);
  CHECK(out.find("张三") == std::string::npos);
  CHECK(out.find("zhang san") == std::string::npos);
  CHECK(out.find("phone_ext") == std::string::npos);
  CHECK(fixture.member(out, "mother.phone") == fixture.member(out, "norm.mother.phone"));
  CHECK(fixture.member(out, "pseudonymized.fields") == R"(["mother.phone","case"])");
  CHECK(fixture.member(out, "pseudonymized.dropped") == R"(["marks","reporter"])");
}

TEST_CASE("bad --field and --drop options are usage errors") {
  SecretKey key = parse_key_text(kKeyHex, "k");
  TokenMaker tokens(key);
  CHECK_THROWS_AS(parse_field_rule("phone=colour"), reunite::UsageError);
  CHECK_THROWS_AS(parse_field_rule(".phone"), reunite::UsageError);
  CHECK_THROWS_AS(parse_field_rule("a..b=name"), reunite::UsageError);
  PseudonymizeOptions overlapping;
  set_field_rule(overlapping.fields, parse_field_rule("reporter"));
  CHECK_THROWS_AS(RecordPseudonymizer(overlapping, tokens), reunite::UsageError);
  PseudonymizeOptions in_norm;
  set_field_rule(in_norm.fields, parse_field_rule("norm.name=name"));
  CHECK_THROWS_AS(RecordPseudonymizer(in_norm, tokens), reunite::UsageError);
  PseudonymizeOptions drop_inside;
  drop_inside.drop = {"name.given"};
  CHECK_THROWS_AS(RecordPseudonymizer(drop_inside, tokens), reunite::UsageError);
}

TEST_CASE("a field normalize read as a name, phone or ID number but not chosen is rejected") {
  PseudonymizeOptions options;
  Fixture fixture(options);
  struct Case {
    const char* json;
    const char* reason;
  };
  for (
      Case c :
      {Case{
           R"({"mother_phone":"13912345678","norm":{"mother_phone":"+8613912345678","mother_phone_type":"mobile"}})",
           "norm.mother_phone: reunite-normalize read it as a phone number, and it is not "
           "pseudonymized (add --field mother_phone=phone, or --drop mother_phone)"},
       Case{R"({"norm":{"mother":{"name":"李秀英","name_pinyin":"li xiuying"}}})",
            "norm.mother.name: reunite-normalize read it as a name, and it is not pseudonymized "
            "(add --field mother.name=name, or --drop mother.name)"},
       Case{R"({"norm":{"passport":"E1234","passport_region":{"code":"110105"}}})",
            "norm.passport: reunite-normalize read it as an ID number"}}) {
    CAPTURE(c.json);
    Result result = fixture.run(c.json);
    REQUIRE(result.error);
    CHECK(result.error->starts_with(c.reason));
  }
  // Fields with such suffixes but no base beside them are not identifiers of this kind.
  CHECK(!fixture.run(R"({"norm":{"blood_type":"A","sex":"M"}})").error);
}

TEST_CASE("--keep leaves a field and its normalized forms in clear, and says so") {
  PseudonymizeOptions options;
  options.keep = {"reporter.name", "mother_phone"};
  Fixture fixture(options);
  std::string out = fixture.ok(
      R"({"name":"张伟","reporter":{"name":"王警官","phone":"13800138000"},"mother_phone":"13912345678",)"
      R"("norm":{"name":"张伟","reporter":{"name":"王警官","name_pinyin":"wang jingguan","phone":"+8613800138000"},)"
      R"("mother_phone":"+8613912345678","mother_phone_type":"mobile"}})");
  CHECK(out.find("张伟") == std::string::npos);
  CHECK(out.find("13800138000") == std::string::npos);
  CHECK(out.find(R"("name":"王警官")") != std::string::npos);
  CHECK(out.find(R"("name_pinyin":"wang jingguan")") != std::string::npos);
  CHECK(out.find(R"("mother_phone":"+8613912345678")") != std::string::npos);
  CHECK(fixture.member(out, "pseudonymized.fields") == R"(["name","reporter.phone"])");
  CHECK(fixture.member(out, "pseudonymized.kept") == R"(["reporter.name","mother_phone"])");
}

TEST_CASE("what normalize derived goes whatever kind the field is given") {
  PseudonymizeOptions options;
  options.fields.clear();
  set_field_rule(options.fields, parse_field_rule("mother_name"));  // a name, chosen as text
  set_field_rule(options.fields, parse_field_rule("tel=exact"));
  Fixture fixture(options);
  std::string out = fixture.ok(
      R"({"mother_name":"李秀英","tel":"010-12345678转123","norm":{"mother_name":"李秀英","mother_name_pinyin":"li xiuying",)"
      R"("tel":"+861012345678","tel_type":"fixed_line","tel_ext":"123"}})");
  CHECK(out.find("li xiuying") == std::string::npos);
  CHECK(out.find("mother_name_pinyin") == std::string::npos);
  CHECK(out.find("tel_ext") == std::string::npos);
  CHECK(out.find(R"("tel_type":"fixed_line")") != std::string::npos);
}

TEST_CASE(
    "values in a list of objects are tokens of their own values, never of one normalized form") {
  Fixture fixture;
  std::string out = fixture.ok(
      R"({"reporter":[{"name":"王五"},{"name":"赵六"}],"norm":{"reporter":{"name":"王五","name_pinyin":"wang wu"}}})");
  std::string separate_a = fixture.ok(R"({"name":"王五"})");
  std::string separate_b = fixture.ok(R"({"name":"赵六"})");
  CHECK(fixture.member(out, "reporter.0.name") == fixture.member(separate_a, "name"));
  CHECK(fixture.member(out, "reporter.1.name") == fixture.member(separate_b, "name"));
}
