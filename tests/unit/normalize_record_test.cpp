// Whole records (tools/normalize/record_normalizer): where results go, cross-field checks,
// idempotence, and the ordered parallel map that -j uses (libcommon/ordered_parallel.h).
#include <doctest/doctest.h>
#include <reunite/ordered_parallel.h>
#include <simdjson.h>

#include <atomic>
#include <stdexcept>

#include "record_normalizer.h"

using namespace reunite::normalize;

namespace {

const NormalizeContext& context() {
  static NormalizeContext shared(
      [] {
        NormalizeOptions options;
        options.today = Date{2024, 1, 1};
        return options;
      }(),
      RegionTable::built_in());
  return shared;
}

// Finds the top-level norm/flags members the way the reader reports them.
RecordText record_text(std::string_view json) {
  RecordText record;
  record.json.reserve(json.size() + simdjson::SIMDJSON_PADDING);
  record.json.assign(json);
  for (std::string_view key : {"norm", "flags"}) {
    std::string quoted = "\"";
    quoted.append(key);
    quoted += "\":";
    std::size_t at = record.json.find(quoted);
    if (at == std::string::npos) continue;
    RecordText::Member member{at, at + quoted.size(), 0};
    int depth = 0;
    std::size_t i = member.value_begin;
    for (; i < record.json.size(); ++i) {
      char c = record.json[i];
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') --depth;
      if (depth == 0 && (c == ',' || c == '}' || c == ']')) {
        if (c != ',') ++i;
        break;
      }
    }
    member.value_end = i;
    (key == "norm" ? record.norm : record.flags) = member;
  }
  return record;
}

std::string normalize(std::string_view json, std::vector<std::string_view>* codes = nullptr) {
  RecordNormalizer normalizer(context());
  std::string out;
  std::vector<std::string_view> local;
  normalizer.normalize(record_text(json), out, codes ? *codes : local);
  return out;
}

}  // namespace

TEST_CASE("canonical values go in norm, keyed like the source; raw fields stay") {
  std::string out =
      normalize(R"({"id":"C1","name":"張偉","sex":"男","birth_date":"2008年5月12日"})");
  CHECK(
      out ==
      R"({"id":"C1","name":"張偉","sex":"男","birth_date":"2008年5月12日","norm":{"name":"张伟","name_pinyin":"zhang wei","sex":"M","birth_date":"2008-05-12"}})");
}

TEST_CASE("nested fields give nested norm members") {
  std::string out =
      normalize(R"({"reporter":{"name":"Zhang Wei","relation":"父亲","phone":"13800138000"}})");
  CHECK(
      out ==
      R"({"reporter":{"name":"Zhang Wei","relation":"父亲","phone":"13800138000"},"norm":{"reporter":{"name":"zhang wei","name_pinyin":"zhang wei","relation":"father","phone":"+8613800138000","phone_type":"mobile"}}})");
}

TEST_CASE("numbers are read as written") {
  std::string out = normalize(R"({"birth_date":20080512,"phone":13800138000,"sex":2})");
  CHECK(out.find(R"("norm":{"sex":"F","birth_date":"2008-05-12","phone":"+8613800138000")") !=
        std::string::npos);
}

TEST_CASE("flags: problems with field, code and detail; no values echoed") {
  std::vector<std::string_view> codes;
  std::string out = normalize(
      R"({"birth_date":"2014-02-30","id_number":"110105194912310021","phone":"12345"})", &codes);
  CHECK(codes == std::vector<std::string_view>{"impossible_date", "bad_checksum", "invalid_phone"});
  CHECK(out.find(R"({"field":"birth_date","code":"impossible_date")") != std::string::npos);
  CHECK(out.find("1949") == out.find("1949"));
  CHECK(out.find("110105194912310021", out.find("\"norm\"")) == std::string::npos);
}

TEST_CASE("cross-field checks: events before birth, dates in the future, ID number vs record") {
  std::vector<std::string_view> codes;
  normalize(R"({"birth_date":"2008-05-12","missing_date":"2007","seen_date":"2030-01-01"})",
            &codes);
  CHECK(codes == std::vector<std::string_view>{"impossible_date", "impossible_date"});
  codes.clear();
  normalize(R"({"sex":"男","birth_date":"1949-12-30","id_number":"11010519491231002X"})", &codes);
  CHECK(codes == std::vector<std::string_view>{"id_birth_mismatch", "id_sex_mismatch"});
  codes.clear();
  normalize(R"({"sex":"女","birth_date":"1949-12","id_number":"11010519491231002X"})", &codes);
  CHECK(codes.empty());
}

TEST_CASE("placeholders are absent values, wrong types are flagged") {
  CHECK(normalize(R"({"name":"不详","phone":"-","birth_date":null})") ==
        R"({"name":"不详","phone":"-","birth_date":null,"norm":{}})");
  std::vector<std::string_view> codes;
  normalize(R"({"name":["a"],"sex":true})", &codes);
  CHECK(codes == std::vector<std::string_view>{"wrong_type", "wrong_type"});
}

TEST_CASE("idempotent: normalizing the output again gives the same bytes") {
  for (std::string_view json :
       {R"({"name":"Wei ZHANG","birth_date":"05/06/2008","missing_place":"重慶"})",
        R"({"kind":"sample","loci":{"vWA":"14,17","THO1":["9.30"]},"role":"child"})",
        R"({"name":"李娜","norm":{"stale":true},"flags":[{"old":1}],"tail":1})",
        R"({"flags":[],"name":"李娜"})", R"({"norm":1,"flags":2})", R"({})"}) {
    CAPTURE(json);
    std::string once = normalize(json);
    CHECK(normalize(once) == once);
  }
  CHECK(normalize(R"({"flags":[{"old":1}],"name":"李娜"})") ==
        R"({"name":"李娜","norm":{"name":"李娜","name_pinyin":"li na"}})");
  CHECK(normalize(R"({"name":"李娜","flags":[{"old":1}]})") ==
        R"({"name":"李娜","norm":{"name":"李娜","name_pinyin":"li na"}})");
  CHECK(normalize(R"({})") == R"({"norm":{}})");
}

TEST_CASE("field rules: chosen by option for records of other shapes") {
  std::vector<FieldRule> rules = default_field_rules();
  set_field_rule(rules, FieldRule{"dob", FieldKind::kDate});
  set_field_rule(rules, FieldRule{"name", FieldKind::kText});
  CHECK(rules.back().path == "dob");
  CHECK(std::count_if(rules.begin(), rules.end(), [](const FieldRule& r) {
          return r.path == "name" && r.kind == FieldKind::kText;
        }) == 1);
  CHECK(field_kind_from_name("id_number") == FieldKind::kIdNumber);
  CHECK_FALSE(field_kind_from_name("nonsense"));
}

TEST_CASE("ordered parallel map keeps input order on any number of threads") {
  for (unsigned threads : {1u, 2u, 4u}) {
    reunite::OrderedParallelMap<int, long> map(
        {.threads = threads, .batch_items = 7, .batches_in_flight = 3});
    int next = 0;
    std::vector<long> seen;
    std::atomic<int> workers{0};
    map.run([&](int& item) { return next < 1000 ? (item = next++, true) : false; },
            [&](unsigned) {
              ++workers;
              return [](int& item, long& result) { result = static_cast<long>(item) * item; };
            },
            [&](int& item, long& result) {
              CHECK(result == static_cast<long>(item) * item);
              seen.push_back(item);
            });
    CHECK(seen.size() == 1000);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(workers == static_cast<int>(threads));
  }
}

TEST_CASE("ordered parallel map: a worker's exception reaches the caller") {
  reunite::OrderedParallelMap<int, int> map({.threads = 2, .batch_items = 4});
  int next = 0;
  CHECK_THROWS_AS(map.run([&](int& item) { return next < 100 ? (item = next++, true) : false; },
                          [](unsigned) {
                            return [](int& item, int&) {
                              if (item == 50) throw std::runtime_error("boom");
                            };
                          },
                          [](int&, int&) {}),
                  std::runtime_error);
}
