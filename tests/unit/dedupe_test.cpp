#include "dedupe.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "blocking.h"
#include "clustering.h"
#include "comparison.h"
#include "fellegi_sunter.h"
#include "parallel_ranges.h"
#include "record_fields.h"
#include "reunite/error.h"
#include "string_similarity.h"

using namespace reunite::dedupe;

namespace {

FieldColumn column_of(FieldSpec spec, std::vector<std::string> values,
                      std::vector<std::string> pinyin = {}) {
  FieldColumn column{spec, {}, {}, {}};
  for (std::size_t i = 0; i < values.size(); ++i) {
    column.values.push_back(canonical_value(values[i], spec.type));
    if (spec.type == CompareType::name) column.pinyin.push_back(i < pinyin.size() ? pinyin[i] : "");
    if (spec.type == CompareType::date) column.dates.push_back(parse_date_range(values[i]));
  }
  return column;
}

Level level_of(CompareType type, std::string a, std::string b, std::string pa = "",
               std::string pb = "") {
  FieldColumn column = column_of({"f", type}, {a, b}, {pa, pb});
  return compare_records(column, 0, 1);
}

std::string level_name(CompareType type, std::string a, std::string b, std::string pa = "",
                       std::string pb = "") {
  Level level = level_of(type, a, b, pa, pb);
  return level == kMissing ? "missing" : level_names(type)[level - 1];
}

}  // namespace

TEST_CASE("string similarity: Jaro-Winkler, Damerau-Levenshtein, Soundex") {
  CHECK(jaro_winkler("martha", "marhta") == doctest::Approx(0.9611).epsilon(1e-3));
  CHECK(jaro_winkler("dwayne", "duane") == doctest::Approx(0.84).epsilon(1e-3));
  CHECK(jaro_winkler("", "") == 1.0);
  CHECK(jaro_winkler("abc", "") == 0.0);
  CHECK(jaro_winkler("张伟", "张伟") == 1.0);
  CHECK(damerau_levenshtein("ca", "ac", 3) == 1);
  CHECK(damerau_levenshtein("kitten", "sitting", 5) == 3);
  CHECK(damerau_levenshtein("kitten", "sitting", 1) == 2);  // over the limit: limit + 1
  CHECK(damerau_levenshtein("张伟", "张玮", 2) == 1);
  CHECK(soundex("Robert") == "R163");
  CHECK(soundex("Rupert") == "R163");
  CHECK(soundex("Tymczak") == "T522");
  CHECK(soundex("Ashcraft") == "A261");
  CHECK(soundex("Pfister") == "P236");
  CHECK(soundex("Lee") == "L000");
  CHECK(soundex("") == "");
}

TEST_CASE("dates: partial dates and intervals are day ranges") {
  DateRange year = parse_date_range("2008");
  DateRange day = parse_date_range("2008-05-12");
  CHECK(year.valid());
  CHECK(day.exact_day());
  CHECK(year.first <= day.first);
  CHECK(day.last <= year.last);
  CHECK(parse_date_range("20080512").first == day.first);
  CHECK(parse_date_range("1970-01-01").first == 0);
  CHECK(parse_date_range("2008-02").last - parse_date_range("2008-02").first == 28);
  CHECK_FALSE(parse_date_range("2007-02-29").valid());
  CHECK_FALSE(parse_date_range("19741331").valid());
  CHECK(parse_date_range("2008-05-01/2008-05-10").last -
            parse_date_range("2008-05-01/2008-05-10").first ==
        9);
}

TEST_CASE("comparison levels per type") {
  using enum CompareType;
  CHECK(level_name(name, "zhang wei", "Zhang  Wei") == "exact");
  CHECK(level_name(name, "张伟", "zhang wei", "zhang wei", "") == "pinyin");
  CHECK(level_name(name, "张伟", "張偉", "zhang wei", "zhang wei") == "pinyin");
  CHECK(level_name(name, "martha", "marhta") == "close");
  CHECK(level_name(name, "dwayne", "duane") == "similar");
  CHECK(level_name(name, "li na", "wang fang") == "different");
  CHECK(level_name(name, "", "wang fang") == "missing");
  CHECK(level_name(text, "wallaby place", "wallaby plcae") == "close");
  CHECK(level_name(date, "2008-05-12", "20080512") == "exact");
  CHECK(level_name(date, "2008", "2008-05-12") == "compatible");
  CHECK(level_name(date, "2008-05-01/2008-05-10", "2008-05-07") == "compatible");
  CHECK(level_name(date, "2008-05-12", "2008-12-05") == "typo");
  CHECK(level_name(date, "2008-05-12", "2008-05-13") == "typo");
  CHECK(level_name(date, "2008-05-12", "2008-09-30") == "year");
  CHECK(level_name(date, "2008-05-12", "2001-01-30") == "different");
  CHECK(level_name(number, "120", "123") == "close");
  CHECK(level_name(number, "7", "9") == "different");
  CHECK(level_name(phone, "+8613800138000", "13800138000") == "close");
  CHECK(level_name(id, "11010519491231002x", "11010519491231002X") == "exact");
  CHECK(level_name(id, "110105194912310021", "110105194912310012") == "typo");
  CHECK(level_name(place, "510107", "510107") == "exact");
  CHECK(level_name(place, "510107", "510104") == "city");
  CHECK(level_name(place, "510107", "510100") == "city");
  CHECK(level_name(place, "510107", "511302") == "province");
  CHECK(level_name(place, "510107", "440305") == "different");
}

TEST_CASE("blocking rules: parsing and transforms") {
  BlockRule rule = parse_block_rule("pinyin(name)+year(birth_date)");
  REQUIRE(rule.terms.size() == 2);
  CHECK(rule.terms[0].transform == Transform::pinyin);
  CHECK(rule.terms[1].field == "birth_date");
  CHECK(parse_block_rule("prefix(surname, 3)").terms[0].argument == 3);
  CHECK(parse_block_rule("region(missing_place,city)").terms[0].argument == 4);
  CHECK_THROWS_AS(parse_block_rule("prefix(surname)"), reunite::UsageError);
  CHECK_THROWS_AS(parse_block_rule("reverse(surname)"), reunite::UsageError);
  CHECK_THROWS_AS(parse_block_rule("a++b"), reunite::UsageError);

  FieldColumn names =
      column_of({"name", CompareType::name}, {"张伟", "Zhang Wei", "mitchell"}, {"zhang wei"});
  CHECK(term_key(parse_block_rule("pinyin(name)").terms[0], names, 0) == "zhang wei");
  CHECK(term_key(parse_block_rule("pinyin(name)").terms[0], names, 1) == "zhang wei");
  CHECK(term_key(parse_block_rule("initials(name)").terms[0], names, 0) == "zw");
  CHECK(term_key(parse_block_rule("surname(name)").terms[0], names, 0) == "zhang");
  CHECK(term_key(parse_block_rule("surname(name)").terms[0], names, 2) == "mitchell");
  CHECK(term_key(parse_block_rule("prefix(name,1)").terms[0], names, 0) == "张");
  CHECK(term_key(parse_block_rule("soundex(name)").terms[0], names, 2) == "M324");
  FieldColumn places = column_of({"p", CompareType::place}, {"510107", "510000", ""});
  BlockTerm city = parse_block_rule("region(p,city)").terms[0];
  CHECK(term_key(city, places, 0) == "5101");
  CHECK(term_key(city, places, 1) == "");  // resolved only to the province
  CHECK(term_key(city, places, 2) == "");
  FieldColumn dates = column_of({"d", CompareType::date}, {"2008-05-12", "20080101"});
  CHECK(term_key(parse_block_rule("year(d)").terms[0], dates, 1) == "2008");
  FieldColumn partial =
      column_of({"d", CompareType::date}, {"2008-05-12", "2008-05", "2008", "20080512", "2008-13"});
  BlockTerm month = parse_block_rule("month(d)").terms[0];
  CHECK(term_key(month, partial, 0) == "2008-05");
  CHECK(term_key(month, partial, 1) == "2008-05");
  CHECK(term_key(month, partial, 2) == "");  // a year says no month
  CHECK(term_key(month, partial, 3) == "2008-05");
  CHECK(term_key(month, partial, 4) == "");  // not a date
  CHECK(implied_type(month) == CompareType::date);
}

TEST_CASE("candidates: union of rules, each pair once, rules recorded") {
  std::vector<FieldColumn> columns;
  columns.push_back(column_of({"a", CompareType::exact}, {"x", "x", "y", "y", ""}));
  columns.push_back(column_of({"b", CompareType::exact}, {"1", "2", "1", "1", "1"}));
  std::vector<BlockRule> rules = {parse_block_rule("a"), parse_block_rule("b")};
  BlockingResult result = find_candidates(rules, columns, 5, 100, 1000);
  CHECK(result.pairs_per_rule == std::vector<std::uint64_t>{2, 6});
  REQUIRE(result.pairs.size() == 7);  // (0,1) from a; (2,3) from both; b: 0-2,0-3,0-4,2-4,3-4
  CHECK(result.pairs[0].a == 0);
  CHECK(result.pairs[0].b == 1);
  CHECK(result.pairs[0].rules == 1);
  auto both = std::find_if(result.pairs.begin(), result.pairs.end(),
                           [](auto& p) { return p.a == 2 && p.b == 3; });
  CHECK(both->rules == 3);
  BlockingResult capped = find_candidates(rules, columns, 5, 3, 1000);
  CHECK(capped.skipped_blocks_per_rule == std::vector<std::uint64_t>{0, 1});
  // 8 proposals in all (2 from a, 6 from b): a limit of 8 passes, 7 stops at rule b.
  CHECK(find_candidates(rules, columns, 5, 100, 8).pairs.size() == 7);
  CHECK_THROWS_WITH_AS(
      find_candidates(rules, columns, 5, 100, 7),
      doctest::Contains("--block b: the rules propose 8 candidate pairs, more than --max-pairs 7"),
      reunite::FatalError);
}

TEST_CASE("--max-pairs by default: what half the physical memory holds") {
  const auto memory =
      std::uint64_t(sysconf(_SC_PHYS_PAGES)) * std::uint64_t(sysconf(_SC_PAGE_SIZE));
  CHECK(default_max_pairs() == memory / 2 / kBytesPerProposal);
}

TEST_CASE("EM recovers m from data with known parameters, u held fixed") {
  // Two exact fields; matches agree with probability 0.9 and 0.8, non-matches 0.05 and 0.1;
  // 30% of the candidate pairs are matches.  Counts are the expected ones, so EM's answer is
  // the truth.
  Model model = initial_model(
      {{"f", CompareType::exact}, {"g", CompareType::exact}, {"k", CompareType::exact}});
  const double m1 = 0.9, m2 = 0.8, u1 = 0.05, u2 = 0.1, share = 0.3;
  model.fields[0].u = {0, u1, 1 - u1};
  model.fields[1].u = {0, u2, 1 - u2};
  model.fields[2].u = {0, 0.5, 0.5};
  ComparisonMatrix matrix{3, {}};
  std::vector<CandidatePair> pairs;
  for (int x = 1; x <= 2; ++x)
    for (int y = 1; y <= 2; ++y) {
      double pm = (x == 1 ? m1 : 1 - m1) * (y == 1 ? m2 : 1 - m2);
      double pu = (x == 1 ? u1 : 1 - u1) * (y == 1 ? u2 : 1 - u2);
      int count = static_cast<int>(std::lround(100000 * (share * pm + (1 - share) * pu)));
      for (int i = 0; i < count; ++i) {
        matrix.levels.insert(matrix.levels.end(),
                             {static_cast<Level>(x), static_cast<Level>(y), 1});
        pairs.push_back({0, 0, 1});
      }
    }
  // The rule blocks on k, so k's m is not estimated from it.
  TrainingReport report = estimate_m(model, {parse_block_rule("k")}, pairs, matrix);
  CHECK(model.fields[0].m[1] == doctest::Approx(m1).epsilon(0.01));
  CHECK(model.fields[1].m[1] == doctest::Approx(m2).epsilon(0.01));
  CHECK(model.fields[2].m == initial_model({{"k", CompareType::exact}}).fields[0].m);  // unchanged
  CHECK(report.match_share_per_rule[0] == doctest::Approx(share).epsilon(0.02));
  model.fields[2].m = model.fields[2].u;  // k says nothing, so the prior is the match share
  estimate_prior(model, matrix);
  CHECK(model.prior == doctest::Approx(share).epsilon(0.02));
  // Among ten times as many pairs, those blocking left out being non-matches: a tenth.
  estimate_prior(model, matrix, 10.0 * static_cast<double>(pairs.size()));
  CHECK(model.prior == doctest::Approx(share / 10).epsilon(0.02));
}

TEST_CASE("small inputs: default m, u near its default, a prior that is not 0 or 1") {
  // Three records of one child, all fields agreeing: a handful of pairs trains nothing.
  std::vector<FieldColumn> columns;
  columns.push_back(column_of({"name", CompareType::name}, {"li na", "li na", "li na"}));
  columns.push_back(
      column_of({"birth_date", CompareType::date}, {"2008-05-12", "2008-05-12", "2008-05-12"}));
  Model model = initial_model({columns[0].spec, columns[1].spec});
  const Model start = model;
  estimate_u(model, columns, 3, 1000);
  // Every pair agrees, yet agreement is not taken to be what strangers do most of the time.
  CHECK(model.fields[0].u[kExact] < 0.2);
  CHECK(model.fields[0].m[kExact] / model.fields[0].u[kExact] > 4);
  std::vector<CandidatePair> pairs = {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}};
  ComparisonMatrix matrix = compare_pairs(pairs, columns, 2);
  TrainingReport report = estimate_m(model, {parse_block_rule("year(birth_date)")}, pairs, matrix);
  CHECK(report.rules_trained == 0);
  CHECK(report.fields_with_default_m == 2);
  CHECK(model.fields[0].m == start.fields[0].m);
  estimate_prior(model, matrix);
  CHECK(model.prior > 0.5);
  CHECK(model.prior <= 0.8 + 1e-9);  // (3 + 1) / (3 + 2): Laplace, not 1 - 1e-9
  // Three strangers: the prior is low but a full agreement can still link.
  std::vector<FieldColumn> strangers;
  strangers.push_back(column_of({"name", CompareType::name}, {"li na", "wang fang", "zhou jie"}));
  Model other = initial_model({strangers[0].spec});
  std::vector<CandidatePair> none = {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}};
  ComparisonMatrix different = compare_pairs(none, strangers, 1);
  estimate_prior(other, different);
  CHECK(other.prior >= 0.2 - 1e-9);  // (0 + 1) / (3 + 2) at the least
}

TEST_CASE("pair loops on threads: every index once, whatever the thread count") {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    std::vector<int> seen(100000, 0);
    for_each_range(seen.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
      for (std::size_t i = begin; i < end; ++i) seen[i] += 1;
    });
    CHECK(std::count(seen.begin(), seen.end(), 1) == 100000);
  }
  CHECK_THROWS_AS(
      for_each_range(100000, 2,
                     [](std::size_t, std::size_t, unsigned) { throw reunite::FatalError("x"); }),
      reunite::FatalError);
}

TEST_CASE("term frequency: a common value weighs less than a rare one") {
  std::vector<std::string> names(4000, "zhang wei");
  names.resize(6000, "ouyang nana");
  std::vector<FieldColumn> columns;
  columns.push_back(column_of({"name", CompareType::name}, names));
  Model model = initial_model({columns[0].spec});
  model.fields[0].u = {0, 0.1, 0.1, 0.1, 0.1, 0.6};
  TermFrequencies frequencies(model, columns);
  Level exact[] = {kExact};
  double common = score_pair(model, frequencies, columns, exact, 0).weight;
  double rare = score_pair(model, frequencies, columns, exact, 5999).weight;
  CHECK(rare > common);
  CHECK(rare - common ==
        doctest::Approx(1.0).epsilon(0.01));  // frequencies 4/6 and 2/6: one bit apart
  // In a file of two records that share a name, the name is not taken to be everyone's.
  std::vector<FieldColumn> two;
  two.push_back(column_of({"name", CompareType::name}, {"li na", "li na"}));
  TermFrequencies few(model, two);
  std::vector<double> weights;
  score_pair(model, few, two, exact, 0, &weights);
  CHECK(weights[0] > 1);
}

TEST_CASE("model JSON round trip and validation") {
  Model model = initial_model({{"name", CompareType::name}, {"birth_date", CompareType::date}});
  model.prior = 0.25;
  model.records = 1234;
  model.blocks = {"pinyin(name)"};
  Model back = model_from_json(model_to_json(model), "test");
  CHECK(back.prior == model.prior);
  CHECK(back.records == 1234);
  CHECK(back.blocks == model.blocks);
  REQUIRE(back.fields.size() == 2);
  CHECK(back.fields[1].spec.type == CompareType::date);
  CHECK(back.fields[0].m == model.fields[0].m);
  CHECK(back.fields[0].term_frequency);
  CHECK_THROWS_AS(model_from_json("{}", "x"), reunite::FatalError);
  CHECK_THROWS_AS(model_from_json("not json", "x"), reunite::FatalError);
}

TEST_CASE("clusters: chains are cut, singletons and duplicates of duplicates kept") {
  // 0-1-2 is a chain where 0 and 2 are plainly different; 3-4-5 all alike; 6 alone.
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> scores = {
      {{0, 1}, 0.95}, {{1, 2}, 0.92}, {{0, 2}, 0.0001},
      {{3, 4}, 0.99}, {{4, 5}, 0.97}, {{3, 5}, 0.6}};
  auto probability = [&](std::uint32_t a, std::uint32_t b) {
    auto found = scores.find({std::min(a, b), std::max(a, b)});
    return found == scores.end() ? 0.0 : found->second;
  };
  std::vector<Link> accepted = {{0, 1, 0.95}, {1, 2, 0.92}, {3, 4, 0.99}, {4, 5, 0.97}};
  ClusteringResult result = cluster_records(7, accepted, probability, {});
  CHECK(result.component == std::vector<std::uint32_t>{0, 0, 2, 3, 3, 3, 6});
  CHECK(result.links_cut == 1);
  ClusteringResult unguarded = cluster_records(7, accepted, probability, {0.0, 1000});
  CHECK(unguarded.component == std::vector<std::uint32_t>{0, 0, 0, 3, 3, 3, 6});
}
