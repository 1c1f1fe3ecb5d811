#include "kinship_lr.h"

#include <cmath>
#include <set>

#include "pedigree_likelihood.h"

namespace reunite::kinship {

namespace {

const MutationModel& model_for(std::string_view locus, const KinshipOptions& options) {
  auto it = options.locus_mutation.find(locus);
  return it == options.locus_mutation.end() ? options.mutation : it->second;
}

IndexedGenotype index_genotype(const Genotype& genotype, const AlleleFrequencies& frequencies) {
  return {frequencies.index_of(genotype.first), frequencies.index_of(genotype.second)};
}

std::vector<std::optional<IndexedGenotype>> genotypes_by_person(
    const Pedigree& pedigree, const std::optional<IndexedGenotype> (&by_role)[3]) {
  std::vector<std::optional<IndexedGenotype>> genotypes;
  for (const Person& person : pedigree.persons)
    genotypes.push_back(person.role == Role::kUntyped ? std::nullopt
                                                      : by_role[static_cast<int>(person.role)]);
  return genotypes;
}

}  // namespace

LocusLr locus_lr(Hypothesis hypothesis, std::string_view locus, const Genotype* a,
                 const Genotype* b, const Genotype* c, const KinshipOptions& options) {
  LocusLr result;
  const LocusInfo* info = find_locus(locus);
  result.locus = info ? std::string(info->name) : std::string(locus);
  if (info && info->sex_marker) return result.status = LocusStatus::kSexMarker, result;
  const LocusFrequencyTable* table = options.population->locus(result.locus);
  if (table == nullptr) return result.status = LocusStatus::kNotInTable, result;
  if (!uses_person_c(hypothesis)) c = nullptr;

  std::vector<Allele> observed;
  for (const Genotype* g : {a, b, c})
    if (g) observed.insert(observed.end(), {g->first, g->second});
  AlleleFrequencies frequencies = case_allele_frequencies(*table, observed, options.rare_freq);

  const MutationModel& mutation = model_for(result.locus, options);
  auto male = build_mutation_matrix(mutation.kind, mutation.rate_male, mutation.rate2,
                                    mutation.range, frequencies);
  auto female = build_mutation_matrix(mutation.kind, mutation.rate_female, mutation.rate2,
                                      mutation.range, frequencies);
  if (!male.matrix || !female.matrix) {
    result.status = LocusStatus::kModelError;
    result.error = male.matrix ? female.error : male.error;
    return result;
  }

  std::optional<IndexedGenotype> by_role[3];
  const Genotype* typed[3] = {a, b, c};
  for (int role = 0; role < 3; ++role)
    if (typed[role]) by_role[role] = index_genotype(*typed[role], frequencies);
  LocusModel model{frequencies.p, &*male.matrix, &*female.matrix, options.theta};
  Pedigree h1 = related_pedigree(hypothesis), h2 = unrelated_pedigree(hypothesis);
  result.likelihood_h1 = pedigree_likelihood(h1, genotypes_by_person(h1, by_role), model);
  result.likelihood_h2 = pedigree_likelihood(h2, genotypes_by_person(h2, by_role), model);
  result.lr = result.likelihood_h1 / result.likelihood_h2;
  return result;
}

KinshipResult kinship_lr(const KinshipCase& kinship_case, const KinshipOptions& options) {
  bool with_c = uses_person_c(kinship_case.hypothesis);
  std::set<std::string, std::less<>> loci;
  for (const Profile* profile : {&kinship_case.a, &kinship_case.b, &kinship_case.c})
    if (profile != &kinship_case.c || with_c)
      for (const auto& [locus, genotype] : *profile) loci.insert(locus);

  auto genotype_at = [](const Profile& profile, const std::string& locus) -> const Genotype* {
    auto it = profile.find(locus);
    return it == profile.end() ? nullptr : &it->second;
  };
  KinshipResult result;
  for (const std::string& locus : loci) {
    LocusLr lr =
        locus_lr(kinship_case.hypothesis, locus, genotype_at(kinship_case.a, locus),
                 genotype_at(kinship_case.b, locus), genotype_at(kinship_case.c, locus), options);
    if (lr.status == LocusStatus::kOk) {
      result.lr *= lr.lr;
      result.log10_lr += std::log10(lr.lr);
      ++result.loci_used;
    }
    result.loci.push_back(std::move(lr));
  }
  return result;
}

}  // namespace reunite::kinship
