// The statistical options both modes share (--freqs, --population, --theta, --rare-freq and
// the mutation model), turned into the kinship library's KinshipOptions.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "allele_frequencies.h"
#include "kinship_lr.h"
#include "mutation_model.h"

namespace CLI {
class App;  // <CLI/CLI.hpp> only where the options are defined: it takes seconds to compile
}  // namespace CLI

namespace reunite::kinship {

struct StatisticsSettings {
  std::string freqs;       // built-in table or population name, or a file; empty: default
  std::string population;  // a population inside --freqs
  double theta = 0;
  double rare_freq = 0.001;
  std::string mutation;  // empty: the mode's default
  std::optional<double> rate_male, rate_female;
  double rate2 = 0;
  double range = 0.5;
};

void add_statistics_options(CLI::App& app, StatisticsSettings& settings);

// Without explicit rates, a locus's rates come from the pooled approximate rate of
// data/loci.tsv split 4:1 between fathers and mothers (male 1.6 mu, female 0.4 mu, so that the
// mean is mu, the ratio of the fallback pair), else 0.002 male and 0.0005 female.
inline constexpr double kDefaultMaleRate = 0.002;
inline constexpr double kDefaultFemaleRate = 0.0005;
MutationModel default_locus_mutation(std::string_view locus, const StatisticsSettings& settings,
                                     MutationKind kind);

// The frequencies chosen and the options built from them; owns a table read from a file.
class KinshipSettings {
 public:
  // Throws UsageError for an unknown table or population, an unreadable or invalid file, or
  // an out-of-range value.
  KinshipSettings(const StatisticsSettings& settings, MutationKind default_mutation);
  KinshipSettings(const KinshipSettings&) = delete;
  KinshipSettings& operator=(const KinshipSettings&) = delete;

  const PopulationFrequencies& population() const { return *options_.population; }
  const KinshipOptions& options() const { return options_; }
  MutationKind mutation_kind() const { return options_.mutation.kind; }
  // The model for one locus (options().locus_mutation, else options().mutation).
  const MutationModel& mutation_for(std::string_view locus) const;

 private:
  std::unique_ptr<FrequencyDatabase> file_database_;
  KinshipOptions options_;
};

}  // namespace reunite::kinship
