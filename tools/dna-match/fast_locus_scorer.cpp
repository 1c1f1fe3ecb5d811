#include "fast_locus_scorer.h"

namespace reunite::kinship {

namespace {

bool parent_child(Hypothesis h) {
  return h == Hypothesis::kPC || h == Hypothesis::kMC || h == Hypothesis::kTrio ||
         h == Hypothesis::kTrioBoth;
}

struct Kappa {
  double k0, k1, k2;
};

// IBD-sharing probabilities of a non-inbred pair (KINSHIP.md section 1).
Kappa kappa_of(Hypothesis h) {
  switch (h) {
    case Hypothesis::kFS:
      return {0.25, 0.5, 0.25};
    case Hypothesis::kHS:
    case Hypothesis::kGP:
    case Hypothesis::kAV:
      return {0.5, 0.5, 0};
    case Hypothesis::kFC:
      return {0.75, 0.25, 0};
    default:
      return {0, 1, 0};
  }
}

// q(x) = sum_i p_i M[i,x]: what an untyped founder parent transmits.
std::vector<double> untyped_parent(const MutationMatrix& m, const std::vector<double>& p) {
  int n = m.size();
  std::vector<double> q(n, 0.0);
  for (int i = 0; i < n; ++i)
    for (int x = 0; x < n; ++x) q[x] += p[i] * m(i, x);
  return q;
}

double share(IndexedGenotype g, int allele) {  // tau_G(x): copies of x in G, halved
  return 0.5 * ((g.first == allele) + (g.second == allele));
}

}  // namespace

FastLocusScorer::FastLocusScorer(Hypothesis hypothesis, AlleleFrequencies frequencies,
                                 MutationMatrix male, MutationMatrix female)
    : hypothesis_(hypothesis),
      frequencies_(std::move(frequencies)),
      male_(std::move(male)),
      female_(std::move(female)),
      untyped_father_(untyped_parent(male_, frequencies_.p)),
      untyped_mother_(untyped_parent(female_, frequencies_.p)) {
  for (int i = 0; i < frequencies_.size(); ++i) index_.emplace(frequencies_.alleles[i].text(), i);
}

std::optional<FastLocusScorer> FastLocusScorer::build(Hypothesis hypothesis,
                                                      const LocusFrequencyTable& table,
                                                      const MutationModel& mutation) {
  if (!parent_child(hypothesis) && mutation.kind != MutationKind::kNone) return std::nullopt;
  // No unseen alleles: exactly the allele list and frequencies the general path would use.
  AlleleFrequencies frequencies = case_allele_frequencies(table, {}, 0.0);
  auto male = build_mutation_matrix(mutation.kind, mutation.rate_male, mutation.rate2,
                                    mutation.range, frequencies);
  auto female = build_mutation_matrix(mutation.kind, mutation.rate_female, mutation.rate2,
                                      mutation.range, frequencies);
  if (!male.matrix || !female.matrix) return std::nullopt;
  return FastLocusScorer(hypothesis, std::move(frequencies), std::move(*male.matrix),
                         std::move(*female.matrix));
}

int FastLocusScorer::index_of(const Allele& allele) const {
  auto it = index_.find(allele.text());
  return it == index_.end() ? -1 : it->second;
}

std::optional<IndexedGenotype> FastLocusScorer::index_of(const Genotype& genotype) const {
  int first = index_of(genotype.first), second = index_of(genotype.second);
  if (first < 0 || second < 0) return std::nullopt;
  return IndexedGenotype{first, second};
}

double FastLocusScorer::transmit(const MutationMatrix& m, IndexedGenotype parent,
                                 int allele) const {
  return 0.5 * (m(parent.first, allele) + m(parent.second, allele));
}

double FastLocusScorer::lr(IndexedGenotype a, IndexedGenotype b, IndexedGenotype c) const {
  return parent_child(hypothesis_) ? parent_child_lr(a, b, c) : kappa_lr(a, b);
}

// Sums over the ordered ways (paternal f, maternal m) of writing B.
double FastLocusScorer::parent_child_lr(IndexedGenotype a, IndexedGenotype b,
                                        IndexedGenotype c) const {
  const auto& p = frequencies_.p;
  double numerator = 0, denominator = 0;
  int ways = b.first == b.second ? 1 : 2;
  for (int way = 0; way < ways; ++way) {
    int f = way == 0 ? b.first : b.second, m = way == 0 ? b.second : b.first;
    switch (hypothesis_) {
      case Hypothesis::kPC:
        numerator += transmit(male_, a, f) * untyped_mother_[m];
        break;
      case Hypothesis::kMC:
        numerator += untyped_father_[f] * transmit(female_, a, m);
        break;
      case Hypothesis::kTrio:
        numerator += transmit(male_, a, f) * transmit(female_, c, m);
        denominator += untyped_father_[f] * transmit(female_, c, m);
        break;
      default:
        numerator += transmit(male_, a, f) * transmit(female_, c, m);
        break;
    }
  }
  if (hypothesis_ != Hypothesis::kTrio)  // H2 probability of B alone: P(B) under HWE
    denominator = ways == 1 ? p[b.first] * p[b.first] : 2 * p[b.first] * p[b.second];
  return numerator / denominator;
}

double FastLocusScorer::lr_child_only(IndexedGenotype b) const {
  if (!parent_child(hypothesis_)) return 1;
  const auto& p = frequencies_.p;
  bool homozygous = b.first == b.second;
  double numerator = untyped_father_[b.first] * untyped_mother_[b.second];
  if (!homozygous) numerator += untyped_father_[b.second] * untyped_mother_[b.first];
  return numerator / (homozygous ? p[b.first] * p[b.first] : 2 * p[b.first] * p[b.second]);
}

// LR = k0 + k1 X1 + k2 X2; X1 = P(B | one allele IBD with A) / P(B), X2 = [B = A] / P(B).
double FastLocusScorer::kappa_lr(IndexedGenotype a, IndexedGenotype b) const {
  const auto& p = frequencies_.p;
  Kappa k = kappa_of(hypothesis_);
  bool homozygous = b.first == b.second;
  double p_b = homozygous ? p[b.first] * p[b.first] : 2 * p[b.first] * p[b.second];
  double one_ibd = homozygous ? share(a, b.first) * p[b.first]
                              : share(a, b.first) * p[b.second] + share(a, b.second) * p[b.first];
  bool same =
      (a.first == b.first && a.second == b.second) || (a.first == b.second && a.second == b.first);
  return k.k0 + k.k1 * one_ibd / p_b + (same ? k.k2 / p_b : 0.0);
}

}  // namespace reunite::kinship
