// The likelihood of one locus on a small pedigree: the general method that every LR of
// dna-match rests on, and the oracle the fast paths are tested against.
//
// P(data) = sum over inheritance vectors (which parental allele each meiosis passes on, 1/2
// each) and over the orderings of typed heterozygotes, of the probability of the resulting
// allele genealogy: a forest whose roots are founder alleles and whose edges are meioses, each
// applying the transmitting parent's mutation matrix.  Each tree is peeled bottom-up (a message
// over the allele list per allele slot); founder alleles are then drawn jointly from the
// Balding-Nichols urn, P(next = x) = (m_x theta + (1-theta) p_x) / (1 + (n-1) theta), which is
// pedprobr's thetaCorr over all founder alleles; at theta = 0 they are independent draws.
// Founder alleles whose tree holds no typed allele drop out (the urn is consistent under
// marginalisation), so an untyped founder costs nothing unless it passes alleles to typed
// people.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "mutation_model.h"
#include "pedigree.h"

namespace reunite::kinship {

// A typed genotype as indices into the locus's allele list (AlleleFrequencies).
struct IndexedGenotype {
  int first = 0;
  int second = 0;
};

struct LocusModel {
  std::span<const double> p;               // allele frequencies, summing to 1
  const MutationMatrix* male = nullptr;    // meioses from fathers
  const MutationMatrix* female = nullptr;  // meioses from mothers
  double theta = 0;
};

// genotypes[k] is person k's genotype, nullopt when untyped.
double pedigree_likelihood(const Pedigree& pedigree,
                           std::span<const std::optional<IndexedGenotype>> genotypes,
                           const LocusModel& model);

}  // namespace reunite::kinship
