// reunite-synth: the STR model.  Founders follow the frequency table, children inherit one
// allele from each parent, mutations happen at the asked sex-specific rates, and lab profiles
// hold a kit's loci.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "allele_frequencies.h"
#include "str_genetics.h"

using namespace reunite;
using namespace reunite::synth;

namespace {

const kinship::PopulationFrequencies& china() {
  return *kinship::builtin_frequencies().population("China_StdAppD59");
}

constexpr Kit kKits[] = {Kit::kGoldeneye20A, Kit::kPowerPlex21, Kit::kIdentifiler};

}  // namespace

TEST_CASE("the simulated loci are the kits' loci the table has") {
  StrSimulator simulator(china(), kKits, {});
  CHECK(simulator.loci().size() >= 20);
  for (const SimulatedLocus& locus : simulator.loci()) {
    CHECK(china().locus(locus.name) != nullptr);
    CHECK(locus.rate_male > locus.rate_female);  // paternal bias, 4:1
    CHECK(locus.rate_male == doctest::Approx(4 * locus.rate_female));
  }
}

TEST_CASE("founder allele frequencies match the table within sampling error") {
  StrSimulator simulator(china(), kKits, {});
  Random random(2024);
  const int people = 20000;
  std::vector<std::map<int, int>> counts(simulator.loci().size());
  for (int i = 0; i < people; ++i) {
    TrueGenotype genotype = simulator.founder(random);
    for (std::size_t l = 0; l < genotype.size(); ++l) {
      ++counts[l][genotype[l][0]];
      ++counts[l][genotype[l][1]];
    }
  }
  int tested = 0;
  for (std::size_t l = 0; l < simulator.loci().size(); ++l) {
    const kinship::LocusFrequencyTable& table = *china().locus(simulator.loci()[l].name);
    double total = 0;
    for (double f : table.frequencies) total += f;
    for (std::size_t a = 0; a < table.alleles.size(); ++a) {
      double p = table.frequencies[a] / total;  // tables need not sum to 1 as published
      double n = 2.0 * people;
      double sigma = std::sqrt(p * (1 - p) / n);
      double observed = counts[l][static_cast<int>(a)] / n;
      CHECK_MESSAGE(std::abs(observed - p) <= 5 * sigma + 1e-9,
                    simulator.loci()[l].name << " " << table.alleles[a].text());
      ++tested;
    }
  }
  CHECK(tested > 200);
}

TEST_CASE("children inherit one allele from each parent when nothing mutates") {
  MutationSettings none;
  none.scale = 0;
  StrSimulator simulator(china(), kKits, none);
  Random random(7);
  for (int family = 0; family < 500; ++family) {
    TrueGenotype father = simulator.founder(random), mother = simulator.founder(random);
    std::vector<Mutation> mutations;
    TrueGenotype child = simulator.child(father, mother, random, &mutations);
    CHECK(mutations.empty());
    for (std::size_t l = 0; l < child.size(); ++l) {
      CHECK((child[l][0] == father[l][0] || child[l][0] == father[l][1]));
      CHECK((child[l][1] == mother[l][0] || child[l][1] == mother[l][1]));
    }
  }
}

TEST_CASE("mutations happen at the asked sex-specific rates, by whole repeat steps") {
  MutationSettings settings;
  settings.rate_male = 0.02;
  settings.rate_female = 0.005;
  StrSimulator simulator(china(), kKits, settings);
  Random random(99);
  const int transmissions = 200000;
  int locus = 0;
  while (simulator.loci()[locus].name != "D8S1179") ++locus;
  std::array<int, 2> parent{simulator.loci()[locus].founder.draw(random),
                            simulator.loci()[locus].founder.draw(random)};
  for (Parent sex : {Parent::kFather, Parent::kMother}) {
    std::vector<Mutation> mutations;
    for (int t = 0; t < transmissions; ++t)
      simulator.transmit(locus, parent, sex, random, &mutations);
    double rate = sex == Parent::kFather ? 0.02 : 0.005;
    double sigma = std::sqrt(rate * (1 - rate) * transmissions);
    CHECK(std::abs(static_cast<double>(mutations.size()) - rate * transmissions) < 5 * sigma);
    int one_step = 0;
    for (const Mutation& m : mutations) {
      CHECK(m.steps != 0);
      one_step += std::abs(m.steps) == 1;
    }
    CHECK(one_step > 0.85 * static_cast<double>(mutations.size()));  // extra_step 0.1
  }
}

TEST_CASE("a mutated allele is one repeat away and keeps its microvariant part") {
  MutationSettings always;
  always.rate_male = 1.0;
  always.rate_female = 1.0;
  always.extra_step = 0;
  StrSimulator simulator(china(), kKits, always);
  Random random(1);
  int locus = 0;
  while (simulator.loci()[locus].name != "TH01") ++locus;
  int nine_three = -1;
  for (std::size_t a = 0; a < simulator.loci()[locus].alleles.size(); ++a)
    if (simulator.loci()[locus].alleles[a].text() == "9.3") nine_three = static_cast<int>(a);
  REQUIRE(nine_three >= 0);
  for (int t = 0; t < 100; ++t) {
    int child =
        simulator.transmit(locus, {nine_three, nine_three}, Parent::kFather, random, nullptr);
    std::string text = simulator.allele(locus, child).text();
    CHECK((text == "8.3" || text == "10.3"));
  }
}

TEST_CASE("lab profiles: the kit's loci, AMEL by sex, partial profiles keep min_loci") {
  StrSimulator simulator(china(), kKits, {});
  Random random(5);
  TypingSettings clean{0, 12, 0};
  TrueGenotype person = simulator.founder(random);
  ReportedProfile identifiler =
      type_profile(simulator, person, true, Kit::kIdentifiler, clean, random);
  for (const ReportedLocus& locus : identifiler)
    CHECK(find_locus(locus.name)->in_kit(Kit::kIdentifiler));
  auto amel = std::find_if(identifiler.begin(), identifiler.end(),
                           [](const ReportedLocus& l) { return l.name == "AMEL"; });
  REQUIRE(amel != identifiler.end());
  CHECK(amel->second == "Y");
  TypingSettings degraded{1.0, 12, 0};
  for (int i = 0; i < 200; ++i) {
    ReportedProfile partial =
        type_profile(simulator, person, false, Kit::kGoldeneye20A, degraded, random);
    CHECK(partial.size() - 1 >= 12);
    CHECK(partial.size() - 1 < 19);
  }
}
