// The search of reunite-dna-match: the bit-parallel exclusion scan against a plain count, the
// child-only fast path against the general method, search LRs against kinship_lr() (the
// forrel-exact oracle), and recall of planted parents with mutated children and partial
// profiles.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdio>
#include <random>
#include <set>
#include <string>

#include "exclusion_scan.h"
#include "fast_locus_scorer.h"
#include "kinship_lr.h"
#include "kinship_settings.h"
#include "match_search.h"
#include "reference_index.h"

using namespace reunite;
using namespace reunite::kinship;

namespace {

using Words = std::vector<std::uint64_t>;

// Draws profiles from the Chinese table at the loci of AGCU EX22.
struct Population {
  const PopulationFrequencies& table = *builtin_frequencies().population(kDefaultPopulation);
  std::vector<std::string> loci;
  std::mt19937_64 random{42};

  Population() {
    for (auto locus : kit_loci(*kit_from_name("EX22")))
      if (table.locus(locus)) loci.emplace_back(locus);
  }
  const Allele& draw(const std::string& locus) {
    const LocusFrequencyTable& t = *table.locus(locus);
    std::discrete_distribution<int> d(t.frequencies.begin(), t.frequencies.end());
    return t.alleles[d(random)];
  }
  Profile person() {
    Profile p;
    for (const auto& locus : loci) p.emplace(locus, make_genotype(draw(locus), draw(locus)));
    return p;
  }
  Profile child(const Profile& father, const Profile& mother) {
    Profile c;
    for (const auto& locus : loci) {
      const Genotype& f = father.at(locus);
      const Genotype& m = mother.at(locus);
      c.emplace(locus, make_genotype(random() & 1 ? f.first : f.second,
                                     random() & 1 ? m.first : m.second));
    }
    return c;
  }
};

std::string fmt_step(double repeats) {
  char text[16];
  if (repeats == static_cast<int>(repeats)) {
    std::snprintf(text, sizeof text, "%d", static_cast<int>(repeats));
  } else {
    std::snprintf(text, sizeof text, "%.1f", repeats);
  }
  return text;
}

double lr_of(const std::string& record) {
  auto at = record.find("\"lr\":");
  return std::stod(record.substr(at + 5));
}

}  // namespace

TEST_CASE("the exclusion scan counts exactly what a plain loop counts") {
  std::mt19937_64 random(7);
  constexpr int kWords = ReferenceIndex::kBlockWords;
  for (int loci : {1, 5, 21}) {
    std::vector<Words> first(loci, Words(kWords)), second(loci, Words(kWords));
    for (int l = 0; l < loci; ++l)
      for (int w = 0; w < kWords; ++w) {
        // about half the references share nothing at each locus
        first[l][w] = random() & random();
        second[l][w] = random() & random() & random();
      }
    std::vector<const std::uint64_t*> x, y;
    for (int l = 0; l < loci; ++l) x.push_back(first[l].data()), y.push_back(second[l].data());
    for (int k = 0; k < kMaxScanExclusions; ++k) {
      Words alive(kWords);
      scan_block(x.data(), y.data(), loci, k, alive.data());
      for (int bit = 0; bit < kWords * 64; ++bit) {
        int excluded = 0;
        for (int l = 0; l < loci; ++l)
          excluded += !(((first[l][bit / 64] | second[l][bit / 64]) >> (bit % 64)) & 1);
        REQUIRE(((alive[bit / 64] >> (bit % 64)) & 1) == (excluded <= k));
      }
    }
  }
}

TEST_CASE("child-only LR of the fast path equals the general method (non-stationary models)") {
  const auto& table = *builtin_frequencies().population(kDefaultPopulation);
  for (auto kind : {MutationKind::kNone, MutationKind::kEqual, MutationKind::kStepwise,
                    MutationKind::kProportional}) {
    KinshipOptions options;
    options.population = &table;
    options.mutation = {kind, 0.003, 0.001, 0.0001, 0.5};
    for (auto h : {Hypothesis::kPC, Hypothesis::kMC, Hypothesis::kTrioBoth, Hypothesis::kFS}) {
      auto scorer = FastLocusScorer::build(
          h, *table.locus("D21S11"), h == Hypothesis::kFS ? MutationModel{} : options.mutation);
      REQUIRE(scorer);
      for (const char* text : {"30/30", "28/32.2", "29/31"}) {
        Genotype b = *parse_genotype(text).genotype;
        KinshipOptions used = options;
        if (h == Hypothesis::kFS) used.mutation = {};
        double expected = locus_lr(h, "D21S11", nullptr, &b, nullptr, used).lr;
        CHECK(scorer->lr_child_only(*scorer->index_of(b)) ==
              doctest::Approx(expected).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("search finds planted parents, mutated and partial, with forrel-exact LRs") {
  Population population;
  StatisticsSettings statistics;  // defaults: China_StdAppD59, stepwise, per-locus rates
  KinshipSettings kinship(statistics, MutationKind::kStepwise);
  ReferenceIndex index(kinship.population());
  std::vector<Query> queries;
  std::vector<Profile> fathers;
  constexpr int kFamilies = 30, kUnrelated = 3000;
  for (int f = 0; f < kFamilies; ++f) {
    Profile father = population.person(), mother = population.person();
    Profile child = population.child(father, mother);
    if (f % 3 == 1) {  // one paternal mutation: the child's allele from the father moves a step
      const std::string& locus = population.loci[f % population.loci.size()];
      Genotype& g = child.at(locus);
      const Genotype& paternal = father.at(locus);
      for (double step : {1.0, -1.0}) {
        auto moved = Allele::parse(fmt_step(*g.first.repeats() + step));
        if (moved && population.table.locus(locus)->index_of(*moved) &&
            !paternal.contains(*moved) && !(g.second == *moved)) {
          g = make_genotype(*moved, g.second);
          break;
        }
      }
    }
    if (f % 3 == 2) {  // partial profiles
      father.erase(population.loci[0]);
      child.erase(population.loci[1]);
    }
    std::string case_id = fmt::format("K{}", f);
    Reference r{case_id + "F", case_id, "father", Hypothesis::kPC, -1, {}};
    REQUIRE(index.add(r, father).empty());
    Reference m{case_id + "M", case_id, "mother", Hypothesis::kMC, -1, {}};
    REQUIRE(index.add(m, mother).empty());
    fathers.push_back(father);
    queries.push_back({fmt::format("C{}", f), "", child, {}});
  }
  for (int u = 0; u < kUnrelated; ++u) {
    Reference r{fmt::format("U{}", u), "", "unknown", Hypothesis::kPC, -1, {}};
    REQUIRE(index.add(r, population.person()).empty());
  }
  index.finish(true);

  SearchSettings settings;
  settings.min_lr = 0;
  settings.top = 1000;
  settings.threads = 2;
  settings.database_size = index.size();
  MatchSearch search(index, kinship, settings);
  auto results = search.search(queries);
  for (int f = 0; f < kFamilies; ++f) {
    std::string father_id = fmt::format("K{}F", f);
    std::string line;
    for (std::size_t at = 0, end; (end = results[f].find('\n', at)) != std::string::npos;
         at = end + 1) {
      std::string record = results[f].substr(at, end - at);
      if (record.find("\"candidate\":\"" + father_id + "\",") != std::string::npos &&
          record.find("\"hypothesis\":\"PC\"") != std::string::npos)
        line = record;
    }
    INFO("family " << f);
    REQUIRE(!line.empty());  // recall: every planted father passes the filter and is scored
    KinshipCase kinship_case{Hypothesis::kPC, fathers[f], queries[f].loci, {}};
    double expected = kinship_lr(kinship_case, kinship.options()).lr;
    CHECK(lr_of(line) == doctest::Approx(expected).epsilon(1e-9));
  }
}
