// STR profiles of synthetic people: founders drawn from an allele-frequency table, children by
// Mendelian inheritance with stepwise mutations at per-locus, sex-specific rates, and profiles
// as a laboratory reports them (a kit's loci, partial profiles, loci that failed to type).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "allele_frequencies.h"
#include "random.h"
#include "reunite/str_loci.h"

namespace reunite::synth {

struct MutationSettings {
  // Per-locus rates from the toolkit's locus table (data/loci.tsv), split between fathers and
  // mothers as reunite-dna-match assumes by default: 1.6 mu and 0.4 mu (paternal:maternal 4:1);
  // loci without a rate get 0.002 and 0.0005.  `scale` multiplies them (0 turns mutation off).
  double scale = 1.0;
  std::optional<double> rate_male;    // overrides every locus's paternal rate
  std::optional<double> rate_female;  // overrides every locus's maternal rate
  double extra_step = 0.1;            // probability of each further step (2, 3, ... repeats)
};

// One locus of the simulation: its alleles (the table's, plus any that mutation created) and the
// founder distribution over the table's alleles.
struct SimulatedLocus {
  std::string name;  // canonical (see canonical_locus_name)
  std::vector<Allele> alleles;
  WeightedChoice founder;
  double rate_male = 0;
  double rate_female = 0;
};

// A person's true genotype: per locus (in StrSimulator::loci() order) two allele indices, the
// paternal first.
using TrueGenotype = std::vector<std::array<int, 2>>;

enum class Parent { kFather, kMother };

struct Mutation {
  int locus = 0;
  Parent parent = Parent::kFather;
  int steps = 0;  // signed repeat change
};

class StrSimulator {
 public:
  // The loci of `kits` for which `population` has frequencies, in canonical-name order.
  StrSimulator(const kinship::PopulationFrequencies& population, std::span<const Kit> kits,
               MutationSettings mutation);

  const std::vector<SimulatedLocus>& loci() const { return loci_; }
  TrueGenotype founder(Random& random) const;
  // One allele from each parent, each possibly mutated (appended to `mutations`).
  TrueGenotype child(const TrueGenotype& father, const TrueGenotype& mother, Random& random,
                     std::vector<Mutation>* mutations);
  // The allele one parent transmits at one locus (exposed for the statistics tests).
  int transmit(int locus, const std::array<int, 2>& parent_genotype, Parent parent, Random& random,
               std::vector<Mutation>* mutations);
  const Allele& allele(int locus, int index) const { return loci_[locus].alleles[index]; }

 private:
  int mutate(int locus, int allele_index, Random& random, int& steps);
  int index_of_or_add(int locus, const Allele& allele);
  std::vector<SimulatedLocus> loci_;
  MutationSettings mutation_;
};

// A reported profile: canonical locus name -> the two alleles as text (homozygote twice), AMEL
// included when the kit types it.  Loci in kit order as the lab lists them (canonical order).
struct ReportedLocus {
  std::string name;
  std::string first;
  std::string second;
};
using ReportedProfile = std::vector<ReportedLocus>;

struct TypingSettings {
  double partial_share = 0.1;  // profiles from degraded samples: several loci lost
  int min_loci = 12;           // a partial profile keeps at least this many STR loci
  double gap_rate = 0.01;      // any one locus failing to type in an ordinary profile
};

// What a laboratory reports for a person typed with `kit`: the kit's loci that the simulation
// has, AMEL from the sex, minus partial losses and gaps.
ReportedProfile type_profile(const StrSimulator& simulator, const TrueGenotype& genotype, bool male,
                             Kit kit, const TypingSettings& typing, Random& random);

}  // namespace reunite::synth
