#include "str_genetics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reunite/error.h"

namespace reunite::synth {

WeightedChoice::WeightedChoice(std::span<const double> weights) {
  double total = 0;
  for (double weight : weights) {
    total += weight > 0 ? weight : 0;
    cumulative_.push_back(total);
  }
}

int WeightedChoice::draw(Random& random) const {
  double target = random.uniform() * cumulative_.back();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  if (it == cumulative_.end()) --it;
  return static_cast<int>(it - cumulative_.begin());
}

std::uint32_t permute_id(std::uint32_t index, std::uint64_t key) {
  // Each step is invertible on 32 bits (xor with a constant, xorshift, multiply by an odd
  // number), so the composition is a bijection whatever the key.
  std::uint32_t x = index ^ static_cast<std::uint32_t>(key);
  for (int round = 0; round < 3; ++round) {
    x ^= x >> 16;
    x *= 0x7FEB352Du | 1u;
    x ^= x >> 15;
    x *= (static_cast<std::uint32_t>(key >> 32) | 1u);
    x ^= x >> 16;
    x += static_cast<std::uint32_t>(key >> (round * 8)) * 0x9E3779B9u;
  }
  return x;
}

StrSimulator::StrSimulator(const kinship::PopulationFrequencies& population,
                           std::span<const Kit> kits, MutationSettings mutation)
    : mutation_(mutation) {
  std::vector<std::string_view> names;
  for (Kit kit : kits)
    for (std::string_view name : kit_loci(kit))
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  std::sort(names.begin(), names.end());
  for (std::string_view name : names) {
    const LocusInfo* info = find_locus(name);
    if (!info || info->sex_marker) continue;
    const kinship::LocusFrequencyTable* table = population.locus(name);
    if (!table || table->alleles.empty()) continue;
    SimulatedLocus locus;
    locus.name = std::string(name);
    locus.alleles = table->alleles;
    locus.founder = WeightedChoice(table->frequencies);
    double mu = info->mutation_rate.value_or(0);
    locus.rate_male = mutation.rate_male.value_or(mu > 0 ? 1.6 * mu : 0.002) * mutation.scale;
    locus.rate_female = mutation.rate_female.value_or(mu > 0 ? 0.4 * mu : 0.0005) * mutation.scale;
    loci_.push_back(std::move(locus));
  }
  if (loci_.empty()) throw FatalError("the frequency table has none of the kits' loci");
}

TrueGenotype StrSimulator::founder(Random& random) const {
  TrueGenotype genotype(loci_.size());
  for (std::size_t l = 0; l < loci_.size(); ++l) {
    genotype[l][0] = loci_[l].founder.draw(random);
    genotype[l][1] = loci_[l].founder.draw(random);
  }
  return genotype;
}

TrueGenotype StrSimulator::child(const TrueGenotype& father, const TrueGenotype& mother,
                                 Random& random, std::vector<Mutation>* mutations) {
  TrueGenotype genotype(loci_.size());
  for (std::size_t l = 0; l < loci_.size(); ++l) {
    int locus = static_cast<int>(l);
    genotype[l][0] = transmit(locus, father[l], Parent::kFather, random, mutations);
    genotype[l][1] = transmit(locus, mother[l], Parent::kMother, random, mutations);
  }
  return genotype;
}

int StrSimulator::transmit(int locus, const std::array<int, 2>& parent_genotype, Parent parent,
                           Random& random, std::vector<Mutation>* mutations) {
  int allele = parent_genotype[random.below(2)];
  double rate = parent == Parent::kFather ? loci_[locus].rate_male : loci_[locus].rate_female;
  if (rate <= 0 || !random.chance(rate)) return allele;
  int steps = 0;
  int mutated = mutate(locus, allele, random, steps);
  if (mutated == allele) return allele;  // a non-numeric allele (OL) cannot step
  if (mutations) mutations->push_back({locus, parent, steps});
  return mutated;
}

// A stepwise mutation: one repeat up or down, each further step with probability extra_step;
// the fractional part (a microvariant's .2 or .3) is kept, and a result below 1 repeat turns
// the other way.
int StrSimulator::mutate(int locus, int allele_index, Random& random, int& steps) {
  std::optional<double> repeats = loci_[locus].alleles[allele_index].repeats();
  if (!repeats) return allele_index;
  int size = 1;
  while (size < 5 && random.chance(mutation_.extra_step)) ++size;
  int direction = random.chance(0.5) ? 1 : -1;
  if (*repeats - size < 1) direction = 1;
  steps = direction * size;
  double value = *repeats + steps;
  char text[32];
  double whole = std::floor(value + 1e-9);
  int tenth = static_cast<int>(std::lround((value - whole) * 10));
  if (tenth == 0)
    std::snprintf(text, sizeof text, "%d", static_cast<int>(whole));
  else
    std::snprintf(text, sizeof text, "%d.%d", static_cast<int>(whole), tenth);
  std::optional<Allele> moved = Allele::parse(text);
  if (!moved) return allele_index;
  return index_of_or_add(locus, *moved);
}

int StrSimulator::index_of_or_add(int locus, const Allele& allele) {
  auto& alleles = loci_[locus].alleles;
  auto it = std::find(alleles.begin(), alleles.end(), allele);
  if (it != alleles.end()) return static_cast<int>(it - alleles.begin());
  alleles.push_back(allele);  // founders never draw it: the founder table has its own size
  return static_cast<int>(alleles.size() - 1);
}

ReportedProfile type_profile(const StrSimulator& simulator, const TrueGenotype& genotype, bool male,
                             Kit kit, const TypingSettings& typing, Random& random) {
  std::vector<int> typed;  // simulator loci in this kit
  const auto& loci = simulator.loci();
  for (std::size_t l = 0; l < loci.size(); ++l) {
    const LocusInfo* info = find_locus(loci[l].name);
    if (info && info->in_kit(kit)) typed.push_back(static_cast<int>(l));
  }
  std::vector<bool> keep(typed.size(), true);
  int usable = static_cast<int>(typed.size());
  if (random.chance(typing.partial_share) && usable > typing.min_loci) {
    int lost = random.between(1, usable - typing.min_loci);
    for (int k = 0; k < lost; ++k) {
      int at = static_cast<int>(random.below(typed.size()));
      while (!keep[at]) at = (at + 1) % static_cast<int>(typed.size());
      keep[at] = false;
    }
  } else {
    for (std::size_t k = 0; k < typed.size(); ++k)
      if (random.chance(typing.gap_rate)) keep[k] = false;
  }
  ReportedProfile profile;
  for (std::size_t k = 0; k < typed.size(); ++k) {
    if (!keep[k]) continue;
    int l = typed[k];
    Allele a = simulator.allele(l, genotype[l][0]);
    Allele b = simulator.allele(l, genotype[l][1]);
    if (b < a) std::swap(a, b);
    profile.push_back({loci[l].name, a.text(), b.text()});
  }
  if (find_locus("AMEL")->in_kit(kit)) profile.push_back({"AMEL", "X", male ? "Y" : "X"});
  std::sort(profile.begin(), profile.end(),
            [](const ReportedLocus& a, const ReportedLocus& b) { return a.name < b.name; });
  return profile;
}

}  // namespace reunite::synth
