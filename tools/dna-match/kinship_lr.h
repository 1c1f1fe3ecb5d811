// Kinship likelihood ratios for one case: hypothesis H1 (a relationship of A to B, see
// pedigree.h) against H2 (unrelated), per locus and in total, computed as forrel's
// kinshipLR() does (forrel 1.9 / pedprobr 1.1 / pedmut 0.9): the general pedigree method of
// pedigree_likelihood.h, the rare-allele policy of allele_frequencies.h and the mutation
// models of mutation_model.h.  Loci are unlinked, so LR_total = prod LR_locus.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "allele_frequencies.h"
#include "mutation_model.h"
#include "pedigree.h"
#include "reunite/str_loci.h"

namespace reunite::kinship {

// One person's STR profile: canonical locus name -> genotype.  A locus that is absent is
// untyped.
using Profile = std::map<std::string, Genotype, std::less<>>;

struct KinshipCase {
  Hypothesis hypothesis = Hypothesis::kPC;
  Profile a;  // alleged relative (father in PC/TRIO/TRIO_BOTH, mother in MC)
  Profile b;  // child / questioned person
  Profile c;  // undisputed mother (TRIO) or second alleged parent (TRIO_BOTH); else unused
};

struct KinshipOptions {
  const PopulationFrequencies* population = nullptr;  // required
  double theta = 0;
  double rare_freq = 0.001;
  MutationModel mutation;                                            // for every locus...
  std::map<std::string, MutationModel, std::less<>> locus_mutation;  // ...unless named here
};

enum class LocusStatus {
  kOk,
  kNotInTable,  // the population has no frequencies for the locus: skipped
  kSexMarker,   // AMEL: not used
  kModelError,  // e.g. stepwise with an OL allele: skipped, see `error`
};

struct LocusLr {
  std::string locus;
  LocusStatus status = LocusStatus::kOk;
  std::string error;
  double likelihood_h1 = 0;
  double likelihood_h2 = 0;
  double lr = 1;  // likelihood_h1 / likelihood_h2 when status is kOk
};

struct KinshipResult {
  std::vector<LocusLr> loci;  // every locus typed in anyone, sorted by name
  double lr = 1;              // product over the kOk loci
  double log10_lr = 0;        // sum of log10 (finite even where lr underflows; -inf if 0)
  int loci_used = 0;
};

// The LR of one locus.  Genotypes not given (nullptr) are untyped.
LocusLr locus_lr(Hypothesis hypothesis, std::string_view locus, const Genotype* a,
                 const Genotype* b, const Genotype* c, const KinshipOptions& options);

KinshipResult kinship_lr(const KinshipCase& kinship_case, const KinshipOptions& options);

}  // namespace reunite::kinship
