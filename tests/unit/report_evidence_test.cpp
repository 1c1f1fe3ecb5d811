// reunite-report's reading and ranking: dates, redaction masks, consistency findings, conflicts.
#include <doctest/doctest.h>
#include <reunite/rejects.h>

#include "evidence.h"
#include "redaction.h"
#include "report_input.h"

using namespace reunite::report;

namespace {

// Feeds JSON lines to a ReportInput as the record reader would.
struct Fixture {
  explicit Fixture(bool redact = false) : input({true, !redact}, redact ? &redactor : nullptr) {}
  std::optional<std::string> add(std::string_view json) {
    reunite::Record record;
    record.json = json;
    return input.add(record);
  }
  Redactor redactor;
  ReportInput input;
};

const Candidate* find(const Report& report, std::string_view case_id, std::string_view child) {
  for (const Candidate& c : report.candidates)
    if (c.case_id == case_id && c.subject_id == child) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("partial ISO dates and intervals become day spans") {
  DateSpan day = DateSpan::parse("2008-05-12");
  CHECK(day.known());
  CHECK(day.first_day == day.last_day);
  CHECK(day.year() == 2008);
  DateSpan month = DateSpan::parse("2008-02");
  CHECK(month.last_day - month.first_day == 28);  // 2008 is a leap year
  DateSpan year = DateSpan::parse("2009");
  CHECK(year.last_day - year.first_day == 364);
  DateSpan spring = DateSpan::parse("2015-03/2015-05");
  CHECK(spring.last_day - spring.first_day == 31 + 30 + 31 - 1);
  CHECK_FALSE(DateSpan::parse("2008年5月").known());
  CHECK_FALSE(DateSpan::parse("2008-02-30").known());
  CHECK_FALSE(DateSpan::parse("2015-05/2015-03").known());
  CHECK(DateSpan::parse("1970-01-01").first_day == 0);
}

TEST_CASE("redaction masks the same value the same way, per kind") {
  Redactor r;
  CHECK(r.mask(Sensitive::name, "张伟") == "[Person A]");
  CHECK(r.mask(Sensitive::name, "李静") == "[Person B]");
  CHECK(r.mask(Sensitive::name, "张伟") == "[Person A]");
  CHECK(r.mask(Sensitive::phone, "+8613800138000") == "[Phone 1]");
  CHECK(r.mask(Sensitive::name, "") == "");
  CHECK(person_letters(25) == "Z");
  CHECK(person_letters(26) == "AA");
  CHECK(person_letters(27) == "AB");
}

TEST_CASE("redacted input keeps no raw name, phone, ID number or address") {
  Fixture f(true);
  REQUIRE_FALSE(f.add(R"({"kind":"case","id":"C1","name":"張偉","id_number":"510107200805123518",)"
                      R"("phone":"138 0013 8000","missing_place":"四川省成都市武侯区人民南路4段",)"
                      R"("reporter":{"name":"张建国","phone":"13900001111"},)"
                      R"("norm":{"name":"张伟","phone":"+8613800138000"}})"));
  REQUIRE_FALSE(f.add(R"({"kind":"case","id":"C2","name":"张伟","norm":{"name":"张伟"}})"));
  const CaseRecord& c1 = f.input.data().cases.at("C1");
  CHECK(c1.person.name == "[Person A]");
  CHECK(f.input.data().cases.at("C2").person.name == "[Person A]");  // same normalized name
  CHECK(c1.person.id_number == "[ID 1]");
  CHECK(c1.person.phone == "[Phone 1]");
  CHECK(c1.person.reporter_name == "[Person B]");
  CHECK(c1.person.reporter_phone == "[Phone 2]");
  CHECK(c1.missing_place.text == "[Address 1]");
}

TEST_CASE("lines that are not records are rejected; reject lines and unknown kinds are counted") {
  Fixture f;
  CHECK(f.add(R"({"id":"X"})") == std::optional<std::string>("no \"kind\" field (not a record)"));
  CHECK_FALSE(f.add(R"({"file":"a.csv","line":3,"error":"bad quote","input":"x"})"));
  CHECK_FALSE(f.add(R"({"kind":"note","id":"N1"})"));
  CHECK(f.add(R"({"kind":"dna_match","query":"Q"})").has_value());
  CHECK(f.add(R"({"kind":"photo_match","query":"Q","reference":"R","distance":300})").has_value());
  CHECK(f.input.data().kinds.at("note") == 1);
  CHECK(f.input.data().carried_rejects.at("bad quote") == 1);
}

TEST_CASE("DNA leads; photo, sex, age and place support; conflicts are listed") {
  Fixture f;
  REQUIRE_FALSE(
      f.add(R"({"kind":"case","id":"C1","sex":"M","norm":{"sex":"M","birth_date":"2008-05-12",)"
            R"("missing_date":"2012-03-08","missing_place":{"code":"510107","province":"四川省",)"
            R"("city":"成都市","county":"武侯区"}}})"));
  REQUIRE_FALSE(f.add(
      R"({"kind":"sighting","id":"S1","est_age":11,"norm":{"sex":"M","seen_date":"2019-10-02",)"
      R"("seen_place":{"code":"510104","province":"四川省","city":"成都市","county":"锦江区"}}})"));
  REQUIRE_FALSE(f.add(
      R"({"kind":"sighting","id":"S2","est_age":"3-4","norm":{"sex":"F","seen_date":"2010-01"}})"));
  REQUIRE_FALSE(f.add(R"({"kind":"sample","id":"Q1","person":"S1","role":"child"})"));
  REQUIRE_FALSE(f.add(R"({"kind":"sample","id":"F1","case":"C1","role":"father"})"));
  REQUIRE_FALSE(f.add(
      R"({"kind":"dna_match","query":"Q1","candidate":"F1","hypothesis":"PC","lr":8460,)"
      R"("log10_lr":3.927,"prior":0.5,"posterior":0.99988,"loci_compared":18,"inconsistent_loci":[]})"));
  REQUIRE_FALSE(f.add(R"({"kind":"photo_match","query":"C1","reference":"S2","distance":12,)"
                      R"("query_quality":90,"reference_quality":80})"));
  REQUIRE_FALSE(f.add(
      R"({"kind":"dna_match","query":"S2","candidate":"F1","hypothesis":"PC","lr":1e-6,"log10_lr":-6})"));
  Report report = build_report(f.input.data());
  REQUIRE(report.cases.size() == 1);
  const Candidate* s1 = find(report, "C1", "S1");
  const Candidate* s2 = find(report, "C1", "S2");
  REQUIRE(s1);
  REQUIRE(s2);
  CHECK(s1->rank == 1);
  CHECK(s2->rank == 2);
  CHECK(s1->verdict == "likely");
  CHECK(s1->conflicts.empty());
  CHECK(s1->score == doctest::Approx(3.927 + 0.3 + 0.5 + 0.3));
  CHECK(s1->expected_age.has_value());
  CHECK(*s1->expected_age == doctest::Approx(11.39).epsilon(0.01));
  CHECK(s1->why.find("led by DNA PC (father and child) LR 8,460, posterior 0.9999 at prior 0.5") !=
        std::string::npos);
  CHECK(s1->why.find("seen in the same city") != std::string::npos);
  CHECK(s1->why.find("Ranked 1 of 2 (score 5.0, above S2 at ") == 0);
  CHECK(s2->why.find("Ranked 2 of 2 (score ") == 0);
  CHECK(s2->why.find(", below S1 at 5.0)") != std::string::npos);
  // S2: a strong photo match, but DNA excludes, the sex differs and it was seen before the
  // child went missing: every conflict is said.
  CHECK(s2->verdict == "conflict");
  REQUIRE(s2->conflicts.size() == 3);
  CHECK(s2->conflicts[0] == "sex mismatch: case M, sighting F");
  CHECK(s2->conflicts[1] == "seen (2010-01) before the child went missing (2012-03-08)");
  CHECK(s2->conflicts[2] == "strong photo match (distance 12) but DNA excludes (LR 1.0e-6)");
  CHECK(report.summary.lr_at_least.size() >= 4);

  // Only the first candidate shown: the second keeps score, verdict and the conflict count.
  Report paged = build_report(f.input.data(), 1);
  const Candidate* first = find(paged, "C1", "S1");
  const Candidate* second = find(paged, "C1", "S2");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->why == s1->why);
  CHECK(first->findings.size() == s1->findings.size());
  CHECK(second->findings.empty());
  CHECK(second->why.empty());
  CHECK(second->score == s2->score);
  CHECK(second->verdict == "conflict");
  CHECK(second->conflict_count == 3);
  CHECK(paged.summary.conflicts == 1);
}

TEST_CASE("numbers read the same in every format") {
  CHECK(format_lr(8459.95, 3.9274) == "8,460");
  CHECK(format_lr(2.7128e11, 11.4334) == "2.7e11");
  CHECK(format_lr(12.5, 1.097) == "12.5");
  CHECK(format_lr(0.5, -0.301) == "0.5");
  CHECK(format_lr(1e-6, -6) == "1.0e-6");
  CHECK(format_probability(0.99999) == ">0.9999");
  CHECK(format_probability(0.025) == "0.025");
  CHECK(format_number(-0.04, 1) == "0.0");
  CHECK(hypothesis_words("TRIO_BOTH") == "both parents");
}
