// DNA profiles (tools/normalize/dna_profile).
#include <doctest/doctest.h>

#include "dna_profile.h"

using namespace reunite::normalize;

namespace {
RawLocus cell(std::string name, std::string text) {
  return RawLocus{std::move(name), {std::move(text)}, true};
}
RawLocus list(std::string name, std::vector<std::string> alleles) {
  return RawLocus{std::move(name), std::move(alleles), false};
}
bool has(const NormalizedProfile& p, std::string_view code) {
  for (const auto& problem : p.problems) {
    if (problem.code == code) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("locus names to canonical form") {
  auto profile = normalize_profile({list("vWA", {"14", "17"}), list("THO1", {"9", "9.3"}),
                                    list("Penta E", {"12", "13"}), list("CSF1P0", {"10", "12"}),
                                    list("Amelogenin", {"X", "Y"})});
  CHECK(profile.problems.empty());
  CHECK(
      profile_json(profile) ==
      R"({"AMEL":["X","Y"],"CSF1PO":["10","12"],"PENTA_E":["12","13"],"TH01":["9","9.3"],"VWA":["14","17"]})");
}

TEST_CASE("alleles canonical; a single allele is a homozygote") {
  auto profile = normalize_profile({list("TH01", {"9.30", "10.0"}), cell("D8S1179", "13"),
                                    cell("D21S11", "30，32.2"), cell("FGA", "22/24"),
                                    cell("AMEL", "XY"), cell("D13S317", "011 08")});
  CHECK(profile.problems.empty());
  CHECK(profile.loci["TH01"] == std::vector<std::string>{"9.3", "10"});
  CHECK(profile.loci["D8S1179"] == std::vector<std::string>{"13", "13"});
  CHECK(profile.loci["D21S11"] == std::vector<std::string>{"30", "32.2"});
  CHECK(profile.loci["FGA"] == std::vector<std::string>{"22", "24"});
  CHECK(profile.loci["AMEL"] == std::vector<std::string>{"X", "Y"});
  CHECK(profile.loci["D13S317"] == std::vector<std::string>{"8", "11"});
}

TEST_CASE("off-ladder, unreadable and extra alleles are kept or flagged") {
  auto profile = normalize_profile({list("D8S1179", {"<8", "12"}), list("TH01", {"OL", "9"}),
                                    list("FGA", {"abc", "22"}), list("TPOX", {"8", "9", "11"}),
                                    list("XYZ123", {"1", "2"})});
  CHECK(has(profile, "off_ladder_allele"));
  CHECK(has(profile, "bad_allele"));
  CHECK(has(profile, "more_than_two_alleles"));
  CHECK(has(profile, "unknown_locus"));
  CHECK(profile.loci["D8S1179"] == std::vector<std::string>{"12", "<8"});
  CHECK(profile.loci["TH01"] == std::vector<std::string>{"9", "OL"});
  CHECK(profile.loci["FGA"] == std::vector<std::string>{"22", "22"});
  CHECK(profile.loci["TPOX"].size() == 3);
  CHECK(profile.loci.count("XYZ123") == 1);
}

TEST_CASE("a locus given twice with different alleles") {
  auto profile = normalize_profile({list("vWA", {"14", "17"}), list("VWA", {"15", "17"})});
  CHECK(has(profile, "conflicting_locus"));
  CHECK(profile.loci["VWA"] == std::vector<std::string>{"14", "17"});
  CHECK(normalize_profile({list("vWA", {"14", "17"}), list("VWA", {"17", "14"})}).problems.empty());
}

TEST_CASE("untyped loci are left out") {
  auto profile = normalize_profile({list("FGA", {}), cell("TH01", ""), cell("VWA", " ")});
  CHECK(profile.loci.empty());
  CHECK(profile.problems.empty());
}
