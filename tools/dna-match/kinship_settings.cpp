#include "kinship_settings.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "reunite/error.h"
#include "reunite/str_loci.h"

namespace reunite::kinship {

void add_statistics_options(CLI::App& app, StatisticsSettings& settings) {
  app.add_option("--freqs", settings.freqs,
                 "Allele frequencies: a built-in table (China_StdAppD59, China_CNAS_AF39, "
                 "NIST1036, UKDNA17, FBI2015, norSTR_v2023, Norway_Dupuy2013) or a TSV file")
      ->type_name("NAME|FILE")
      ->default_str(std::string(kDefaultPopulation));
  app.add_option("--population", settings.population,
                 "Population inside --freqs (e.g. NIST1036_Asian, or just Asian)")
      ->type_name("NAME");
  app.add_option("--theta", settings.theta, "Coancestry correction θ on founders (NRC II 4.10)")
      ->check(CLI::Range(0.0, 0.5))
      ->default_str("0");
  app.add_option("--rare-freq", settings.rare_freq, "Frequency of an allele the table lacks")
      ->check(CLI::Range(1e-9, 0.1))
      ->default_str("0.001");
  app.add_option("--mutation", settings.mutation,
                 "Mutation model: none, equal, proportional, stepwise, onestep "
                 "(default: stepwise to search parents, none for eval and other relatives)")
      ->check(CLI::IsMember({"none", "equal", "proportional", "stepwise", "onestep"}));
  app.add_option("--mutation-rate-male", settings.rate_male,
                 "Paternal mutation rate for every locus (default: per locus, see man page)")
      ->check(CLI::Range(0.0, 0.5))
      ->type_name("RATE");
  app.add_option("--mutation-rate-female", settings.rate_female,
                 "Maternal mutation rate for every locus (default: per locus)")
      ->check(CLI::Range(0.0, 0.5))
      ->type_name("RATE");
  app.add_option("--mutation-rate2", settings.rate2,
                 "Stepwise model: rate of mutation to and from microvariants")
      ->check(CLI::Range(0.0, 0.5))
      ->default_str("0")
      ->type_name("RATE");
  app.add_option("--mutation-range", settings.range,
                 "Stepwise model: relative probability of each further step")
      ->check(CLI::Range(0.0, 1.0))
      ->default_str("0.5");
}

MutationModel default_locus_mutation(std::string_view locus, const StatisticsSettings& settings,
                                     MutationKind kind) {
  MutationModel model;
  model.kind = kind;
  model.rate2 = settings.rate2;
  model.range = settings.range;
  std::optional<double> pooled = locus_mutation_rate(locus);
  model.rate_male = settings.rate_male.value_or(pooled ? 1.6 * *pooled : kDefaultMaleRate);
  model.rate_female = settings.rate_female.value_or(pooled ? 0.4 * *pooled : kDefaultFemaleRate);
  if (kind == MutationKind::kNone) model.rate_male = model.rate_female = 0;
  return model;
}

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--freqs " + path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// The population `wanted` names among `names` (exactly, or as the part after a table's
// prefix: "Asian" for "NIST1036_Asian"); all of them when `wanted` is empty.
std::vector<std::string> matching(const std::vector<std::string>& names, std::string_view wanted) {
  if (wanted.empty()) return names;
  std::vector<std::string> found;
  for (const auto& name : names)
    if (name == wanted) return {name};
  for (const auto& name : names)
    if (name.size() > wanted.size() && name.ends_with(wanted) &&
        name[name.size() - wanted.size() - 1] == '_')
      found.push_back(name);
  return found;
}

const PopulationFrequencies* choose(const FrequencyDatabase& database,
                                    std::vector<std::string> names, const std::string& what,
                                    const std::string& wanted) {
  auto found = matching(names, wanted);
  if (found.size() == 1) return database.population(found.front());
  if (found.empty())
    throw UsageError(what + ": no population " + wanted + " (there are: " + join_names(names) +
                     ")");
  throw UsageError(what + " has several populations: choose one with --population (" +
                   join_names(found) + ")");
}

}  // namespace

KinshipSettings::KinshipSettings(const StatisticsSettings& settings,
                                 MutationKind default_mutation) {
  const std::string& freqs = settings.freqs;
  std::error_code error;
  if (!freqs.empty() && std::filesystem::is_regular_file(freqs, error)) {
    auto parsed = parse_frequency_table(read_file(freqs));
    if (!parsed.database) throw UsageError("--freqs " + freqs + ": " + parsed.error);
    file_database_ = std::make_unique<FrequencyDatabase>(std::move(*parsed.database));
    options_.population = choose(*file_database_, file_database_->population_names(),
                                 "--freqs " + freqs, settings.population);
  } else {
    const FrequencyDatabase& builtin = builtin_frequencies();
    std::vector<std::string> names = builtin.population_names();
    if (freqs.empty() && settings.population.empty()) {
      options_.population = builtin.population(kDefaultPopulation);
    } else if (freqs.empty()) {
      options_.population = choose(builtin, names, "--population", settings.population);
    } else {
      std::vector<std::string> table;  // "FBI2015" names the populations FBI2015_*
      for (const auto& name : names)
        if (name == freqs || name.starts_with(freqs + "_")) table.push_back(name);
      if (freqs == "norSTR_v2023" || freqs == "forrel_NorwegianFrequencies")
        for (const auto& name : names)
          if (name.starts_with(freqs == "norSTR_v2023" ? "norSTR_" : "Norway_"))
            table.push_back(name);
      if (table.empty())
        throw UsageError("--freqs " + freqs +
                         ": no such file or built-in table (built-in: " + join_names(names) + ")");
      options_.population = choose(builtin, table, "--freqs " + freqs, settings.population);
    }
  }
  options_.theta = settings.theta;
  options_.rare_freq = settings.rare_freq;
  MutationKind kind = default_mutation;
  if (!settings.mutation.empty()) kind = *mutation_kind_from_name(settings.mutation);
  options_.mutation = default_locus_mutation("", settings, kind);
  for (const auto& [locus, table] : options_.population->loci())
    options_.locus_mutation.emplace(locus, default_locus_mutation(locus, settings, kind));
}

const MutationModel& KinshipSettings::mutation_for(std::string_view locus) const {
  auto it = options_.locus_mutation.find(locus);
  return it == options_.locus_mutation.end() ? options_.mutation : it->second;
}

}  // namespace reunite::kinship
