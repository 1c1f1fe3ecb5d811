#include "pedigree_likelihood.h"

#include <cmath>

namespace reunite::kinship {

namespace {

// A function of one allele, x -> value, kept sparse where it can be: all ones (no data below
// this slot), a point (the slot's allele is known), or dense.
struct Message {
  enum Kind { kOnes, kPoint, kDense };
  Kind kind = kOnes;
  int at = -1;
  double weight = 1;
  std::vector<double> values;

  double operator()(int x) const {
    switch (kind) {
      case kOnes:
        return 1.0;
      case kPoint:
        return x == at ? weight : 0.0;
      case kDense:
        return values[x];
    }
    return 0;
  }
  bool is_zero() const { return kind == kPoint && weight == 0; }

  void multiply(const Message& other) {
    if (other.kind == kOnes) return;
    if (kind == kOnes) {
      *this = other;
    } else if (kind == kPoint) {
      weight *= other(at);
    } else if (other.kind == kPoint) {
      *this = Message{kPoint, other.at, other.weight * values[other.at], {}};
    } else {
      for (std::size_t x = 0; x < values.size(); ++x) values[x] *= other.values[x];
    }
  }
};

// What a child's allele slot tells its parent's slot: x -> sum_y M[x,y] child(y).
Message transmit(const Message& child, const MutationMatrix& m) {
  if (child.kind == Message::kOnes || m.is_identity()) return child;  // rows of M sum to 1
  int n = m.size();
  Message parent{Message::kDense, -1, 1, std::vector<double>(n, 0.0)};
  for (int x = 0; x < n; ++x) {
    if (child.kind == Message::kPoint) {
      parent.values[x] = m(x, child.at) * child.weight;
    } else {
      const double* row = m.row(x);
      double sum = 0;
      for (int y = 0; y < n; ++y) sum += row[y] * child.values[y];
      parent.values[x] = sum;
    }
  }
  return parent;
}

// The Balding-Nichols urn over founder alleles (pedprobr's thetaCorr).
class FounderUrn {
 public:
  FounderUrn(std::span<const double> p, double theta)
      : p_(p), theta_(theta), counts_(p.size(), 0) {}

  double draw_probability(int x) const {
    return (counts_[x] * theta_ + (1 - theta_) * p_[x]) / (1 + (drawn_ - 1) * theta_);
  }
  void add(int x) { ++counts_[x], ++drawn_; }
  void remove(int x) { --counts_[x], --drawn_; }

 private:
  std::span<const double> p_;
  double theta_;
  std::vector<int> counts_;
  int drawn_ = 0;
};

// sum over the alleles of roots[k..] of P(draws | urn) * prod root messages.
double sum_over_free_roots(std::span<const Message* const> roots, FounderUrn& urn, int n) {
  if (roots.empty()) return 1.0;
  double total = 0;
  for (int x = 0; x < n; ++x) {
    double value = (*roots[0])(x);
    if (value == 0) continue;
    double probability = urn.draw_probability(x) * value;
    urn.add(x);
    total += probability * sum_over_free_roots(roots.subspan(1), urn, n);
    urn.remove(x);
  }
  return total;
}

// P(founder alleles) * prod of their trees' messages.
double founder_term(std::span<const Message* const> roots, const LocusModel& model) {
  int n = static_cast<int>(model.p.size());
  if (model.theta == 0) {
    double product = 1;
    for (const Message* root : roots) {
      if (root->kind == Message::kPoint) {
        product *= model.p[root->at] * root->weight;
      } else {
        double sum = 0;
        for (int x = 0; x < n; ++x) sum += model.p[x] * root->values[x];
        product *= sum;
      }
    }
    return product;
  }
  // Draw the known alleles first (the urn is exchangeable, so order does not matter), then
  // sum over the free ones.
  FounderUrn urn(model.p, model.theta);
  double product = 1;
  std::vector<const Message*> free_roots;
  for (const Message* root : roots) {
    if (root->kind == Message::kPoint) {
      product *= urn.draw_probability(root->at) * root->weight;
      urn.add(root->at);
    } else {
      free_roots.push_back(root);
    }
  }
  if (product == 0) return 0;
  return product * sum_over_free_roots(free_roots, urn, n);
}

struct Slots {
  // Slot 2k is person k's paternal allele, 2k+1 the maternal one.
  std::vector<int> parent_slot;                // -1 for founder slots
  std::vector<const MutationMatrix*> meiosis;  // matrix of the edge into the slot
  std::vector<int> fixed;                      // allele index, -1 when free
};

double configuration_likelihood(const Slots& slots, const LocusModel& model) {
  int count = static_cast<int>(slots.fixed.size());
  std::vector<Message> messages(count);
  for (int s = 0; s < count; ++s)
    if (slots.fixed[s] >= 0) messages[s] = Message{Message::kPoint, slots.fixed[s], 1.0, {}};
  std::vector<const Message*> roots;
  for (int s = count - 1; s >= 0; --s) {  // children have higher slots than their parents
    if (messages[s].is_zero()) return 0;
    if (slots.parent_slot[s] < 0) {
      if (messages[s].kind != Message::kOnes) roots.push_back(&messages[s]);
      continue;
    }
    messages[slots.parent_slot[s]].multiply(transmit(messages[s], *slots.meiosis[s]));
  }
  return founder_term(roots, model);
}

}  // namespace

double pedigree_likelihood(const Pedigree& pedigree,
                           std::span<const std::optional<IndexedGenotype>> genotypes,
                           const LocusModel& model) {
  const auto& persons = pedigree.persons;
  int person_count = static_cast<int>(persons.size());
  Slots slots{std::vector<int>(2 * person_count, -1),
              std::vector<const MutationMatrix*>(2 * person_count, nullptr),
              std::vector<int>(2 * person_count, -1)};
  std::vector<int> children, heterozygotes;
  for (int k = 0; k < person_count; ++k) {
    if (!persons[k].founder()) children.push_back(k);
    if (genotypes[k] && genotypes[k]->first != genotypes[k]->second) heterozygotes.push_back(k);
  }
  int meioses = 2 * static_cast<int>(children.size());
  double total = 0;
  for (unsigned vector = 0; vector < (1u << meioses); ++vector) {
    for (std::size_t c = 0; c < children.size(); ++c) {
      const Person& child = persons[children[c]];
      int slot = 2 * children[c];
      slots.parent_slot[slot] = 2 * child.father + ((vector >> (2 * c)) & 1);
      slots.parent_slot[slot + 1] = 2 * child.mother + ((vector >> (2 * c + 1)) & 1);
      slots.meiosis[slot] = model.male;
      slots.meiosis[slot + 1] = model.female;
    }
    for (unsigned order = 0; order < (1u << heterozygotes.size()); ++order) {
      for (int k = 0; k < person_count; ++k) {
        if (!genotypes[k]) continue;
        slots.fixed[2 * k] = genotypes[k]->first;
        slots.fixed[2 * k + 1] = genotypes[k]->second;
      }
      for (std::size_t h = 0; h < heterozygotes.size(); ++h)
        if ((order >> h) & 1)
          std::swap(slots.fixed[2 * heterozygotes[h]], slots.fixed[2 * heterozygotes[h] + 1]);
      total += configuration_likelihood(slots, model);
    }
  }
  return std::ldexp(total, -meioses);
}

}  // namespace reunite::kinship
