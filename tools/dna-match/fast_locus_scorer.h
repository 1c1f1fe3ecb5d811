// The fast path for search: per-locus tables precomputed once per population, so that scoring
// a pair (or a child against a couple) at a locus is a handful of lookups instead of a
// pedigree computation.  It applies when theta = 0 and every allele of the pair is in the
// table (then the rare-allele policy changes nothing); otherwise use locus_lr(), the general
// method, which is also the oracle this is tested against.
//
// Parent-child (PC, MC, TRIO, TRIO_BOTH), any mutation model: a typed parent G transmits x
// with T_G(x) = (M[g1,x] + M[g2,x]) / 2, an untyped founder parent with q(x) = sum_i p_i M[i,x]
// (KINSHIP.md section 4; q = p only for stationary models), e.g.
//   PC:   LR = [T_A(b1) q_F(b2) + T_A(b2) q_F(b1)] / P(B)      (one term if B is homozygous)
//   TRIO: LR = sum_(m,f) T_C(m) T_A(f) / sum_(m,f) T_C(m) q_M(f)
// Other relationships without mutation: LR = k0 + k1 X1 + k2 X2 (KINSHIP.md section 1).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "allele_frequencies.h"
#include "mutation_model.h"
#include "pedigree.h"
#include "pedigree_likelihood.h"

namespace reunite::kinship {

class FastLocusScorer {
 public:
  // nullopt when the hypothesis and model have no fast path (a relationship other than
  // parent-child with a mutation model) or the mutation model cannot be built.
  static std::optional<FastLocusScorer> build(Hypothesis hypothesis,
                                              const LocusFrequencyTable& table,
                                              const MutationModel& mutation);

  // Index of an allele in the table, -1 if the table lacks it (use the general path).
  int index_of(const Allele& allele) const;
  std::optional<IndexedGenotype> index_of(const Genotype& genotype) const;

  // A and B typed; c is needed by TRIO and TRIO_BOTH and ignored otherwise.
  double lr(IndexedGenotype a, IndexedGenotype b, IndexedGenotype c = {}) const;
  // Only B typed (A, and C for TRIO_BOTH, untyped): 1 without mutation, but under a
  // non-stationary model P(B | H1) = sum_(f,m) q_F(f) q_M(m) differs from P(B) (KINSHIP.md
  // section 4, the caveat found with the oracle).  Not for TRIO, whose mother is typed.
  double lr_child_only(IndexedGenotype b) const;

 private:
  FastLocusScorer(Hypothesis hypothesis, AlleleFrequencies frequencies, MutationMatrix male,
                  MutationMatrix female);
  double transmit(const MutationMatrix& m, IndexedGenotype parent, int allele) const;
  double parent_child_lr(IndexedGenotype a, IndexedGenotype b, IndexedGenotype c) const;
  double kappa_lr(IndexedGenotype a, IndexedGenotype b) const;

  Hypothesis hypothesis_;
  AlleleFrequencies frequencies_;
  MutationMatrix male_, female_;
  std::vector<double> untyped_father_, untyped_mother_;  // q = p M for each sex
  std::unordered_map<std::string, int> index_;
};

}  // namespace reunite::kinship
