// Loading references: scan_profile() (the loading fast path) reads what read_profile() reads,
// and the index built from its scan equals the one built from Profiles.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <string>

#include "dna_profile.h"
#include "reference_index.h"

using namespace reunite;
using namespace reunite::kinship;

namespace {

const PopulationFrequencies& chinese() {
  return *builtin_frequencies().population(kDefaultPopulation);
}

struct Parsed {
  simdjson::padded_string json;
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document document;

  explicit Parsed(std::string text) : json(text) { document = parser.iterate(json); }
  simdjson::ondemand::value loci() { return document.find_field("loci").value(); }
};

ProfileRead read(const std::string& loci, ExtraAllelePolicy policy) {
  Parsed parsed("{\"loci\":" + loci + "}");
  return read_profile(parsed.loci(), chinese(), policy);
}

ProfileScan scan(const std::string& loci, ExtraAllelePolicy policy) {
  Parsed parsed("{\"loci\":" + loci + "}");
  ProfileScan result;
  scan_profile(parsed.loci(), chinese(), policy, result);
  return result;
}

void check_same(const std::string& loci, ExtraAllelePolicy policy) {
  CAPTURE(loci);
  ProfileRead expected = read(loci, policy);
  ProfileScan got = scan(loci, policy);
  CHECK(got.error == expected.error);
  REQUIRE(got.ignored.size() == expected.ignored.size());
  for (std::size_t i = 0; i < got.ignored.size(); ++i) {
    CHECK(got.ignored[i].locus == expected.ignored[i].locus);
    CHECK(got.ignored[i].reason == expected.ignored[i].reason);
  }
  if (!expected.error.empty()) return;
  REQUIRE(got.loci.size() == expected.loci.size());
  for (const LocusGenotype& locus : got.loci) {
    auto it = expected.loci.find(locus.locus);
    REQUIRE(it != expected.loci.end());
    CHECK(Genotype{*locus.first, *locus.second} == it->second);
  }
}

}  // namespace

TEST_CASE("scan_profile reads what read_profile reads") {
  for (auto policy : {ExtraAllelePolicy::kReject, ExtraAllelePolicy::kIgnoreLocus}) {
    check_same(R"({"D8S1179":["14","12"],"TH01":"9.3/6","vWA":[17,"016"],"AMEL":["X","Y"]})",
               policy);
    check_same(R"({"D8S1179":[],"TH01":null,"FOO1":["1","2"],"D2S1360":["20","21"]})", policy);
    check_same(R"({"D8S1179":["12","13","14"],"TH01":["9","9"]})", policy);
    check_same(R"({"D8S1179":["12"],"d8s1179":["12"]})", policy);
    check_same(R"({"D8S1179":["12","X"]})", policy);
    check_same(R"({"D8S1179":{"a":1}})", policy);
    check_same(R"(["12","14"])", policy);
    check_same(R"({"D8S1179":["OL","09.0"],"PENTA_E":"5,24"})", policy);
  }
}

TEST_CASE("the index from a scan equals the index from a Profile") {
  const std::string loci[] = {
      R"({"D8S1179":["14","12"],"TH01":"9.3/6","VWA":["17","16"],"FGA":["22","99.1"]})",
      R"({"TH01":["9.3","9.3"],"D8S1179":["OL","12"],"FGA":["99.1","23.2"]})",
      R"({"VWA":["16","18"],"D8S1179":["12","14"]})",
  };
  ReferenceIndex from_scan(chinese()), from_profile(chinese());
  for (const std::string& text : loci) {
    ProfileScan scanned = scan(text, ExtraAllelePolicy::kReject);
    REQUIRE(scanned.error.empty());
    REQUIRE(from_scan.add(Reference{}, scanned.loci).empty());
    ProfileRead read_back = read(text, ExtraAllelePolicy::kReject);
    REQUIRE(from_profile.add(Reference{}, read_back.loci).empty());
  }
  from_scan.finish(false);
  from_profile.finish(false);
  REQUIRE(from_scan.locus_count() == from_profile.locus_count());
  for (int l = 0; l < from_scan.locus_count(); ++l) {
    CHECK(from_scan.dictionary(l).locus == from_profile.dictionary(l).locus);
    CHECK(from_scan.dictionary(l).alleles.size() == from_profile.dictionary(l).alleles.size());
    for (int r = 0; r < from_scan.size(); ++r) {
      auto code = from_scan.code(r, l);
      CHECK(code == from_profile.code(r, l));
      if (code == kUntyped) continue;
      auto [i, j] = from_scan.dictionary(l).alleles_of(code);
      CHECK(from_scan.dictionary(l).index_of(from_scan.dictionary(l).alleles[i]) == i);
      CHECK(from_scan.dictionary(l).index_of(from_scan.dictionary(l).alleles[j]) == j);
    }
  }
}
