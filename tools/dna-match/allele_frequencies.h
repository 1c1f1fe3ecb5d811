// Allele frequency tables (the long TSV format of data/freqs: population, locus, allele,
// frequency, n_alleles) and the per-case allele list that the likelihoods run over.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reunite/str_loci.h"

namespace reunite::kinship {

// One locus of one population, as the table gives it (not necessarily summing to 1).
struct LocusFrequencyTable {
  std::vector<Allele> alleles;
  std::vector<double> frequencies;

  std::optional<std::size_t> index_of(const Allele& allele) const;
};

class PopulationFrequencies {
 public:
  explicit PopulationFrequencies(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }
  // By canonical locus name (see canonical_locus_name()); nullptr if the table lacks it.
  const LocusFrequencyTable* locus(std::string_view canonical_name) const;
  const std::map<std::string, LocusFrequencyTable, std::less<>>& loci() const { return loci_; }
  LocusFrequencyTable& add_locus(std::string_view canonical_name);

 private:
  std::string name_;
  std::map<std::string, LocusFrequencyTable, std::less<>> loci_;
};

class FrequencyDatabase {
 public:
  const PopulationFrequencies* population(std::string_view name) const;
  std::vector<std::string> population_names() const;
  PopulationFrequencies& add_population(std::string_view name);

 private:
  std::map<std::string, PopulationFrequencies, std::less<>> populations_;
};

// Parsing a table is setup, not a hot path, but a bad row is still reported as a value so the
// tool can say which file and line.
struct FrequencyTableParse {
  std::optional<FrequencyDatabase> database;
  std::string error;  // "line 12: invalid frequency 'x'"
};
FrequencyTableParse parse_frequency_table(std::string_view tsv_text);

// All tables of data/freqs, compiled in.  Default population: kDefaultPopulation.
const FrequencyDatabase& builtin_frequencies();
inline constexpr std::string_view kDefaultPopulation = "China_StdAppD59";

// The allele list of one locus in one case, after the rare-allele policy of KINSHIP.md: each
// allele observed in the case but absent from the table gets rare_freq, the table's
// frequencies are scaled by 1 - k*rare_freq (k = such unseen alleles), and everything is
// renormalised to sum 1 (tables such as China_StdAppD59 SE33 do not sum to 1 as published).
// The list is the table's alleles followed by the unseen ones; mutation models run over it.
struct AlleleFrequencies {
  std::vector<Allele> alleles;
  std::vector<double> p;
  int unseen = 0;  // k

  int size() const { return static_cast<int>(alleles.size()); }
  int index_of(const Allele& allele) const;  // -1 if absent
};
AlleleFrequencies case_allele_frequencies(const LocusFrequencyTable& table,
                                          std::span<const Allele> observed, double rare_freq);

}  // namespace reunite::kinship
