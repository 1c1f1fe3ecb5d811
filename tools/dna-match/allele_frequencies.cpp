#include "allele_frequencies.h"

#include <algorithm>
#include <charconv>

namespace reunite::embedded {
// data/freqs/*.tsv, embedded by tools/dna-match/CMakeLists.txt.
extern const std::string_view freqs_China_StdAppD59;
extern const std::string_view freqs_China_CNAS_AF39;
extern const std::string_view freqs_NIST1036;
extern const std::string_view freqs_UKDNA17;
extern const std::string_view freqs_FBI2015;
extern const std::string_view freqs_norSTR_v2023;
extern const std::string_view freqs_forrel_NorwegianFrequencies;
}  // namespace reunite::embedded

namespace reunite::kinship {

std::optional<std::size_t> LocusFrequencyTable::index_of(const Allele& allele) const {
  auto it = std::find(alleles.begin(), alleles.end(), allele);
  if (it == alleles.end()) return std::nullopt;
  return static_cast<std::size_t>(it - alleles.begin());
}

const LocusFrequencyTable* PopulationFrequencies::locus(std::string_view canonical_name) const {
  auto it = loci_.find(canonical_name);
  return it == loci_.end() ? nullptr : &it->second;
}

LocusFrequencyTable& PopulationFrequencies::add_locus(std::string_view canonical_name) {
  return loci_.try_emplace(std::string(canonical_name)).first->second;
}

const PopulationFrequencies* FrequencyDatabase::population(std::string_view name) const {
  auto it = populations_.find(name);
  return it == populations_.end() ? nullptr : &it->second;
}

std::vector<std::string> FrequencyDatabase::population_names() const {
  std::vector<std::string> names;
  for (const auto& [name, population] : populations_) names.push_back(name);
  return names;
}

PopulationFrequencies& FrequencyDatabase::add_population(std::string_view name) {
  return populations_.try_emplace(std::string(name), std::string(name)).first->second;
}

namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> cells;
  while (true) {
    auto at = line.find('\t');
    cells.push_back(line.substr(0, at));
    if (at == std::string_view::npos) return cells;
    line.remove_prefix(at + 1);
  }
}

std::optional<double> parse_frequency(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !(value >= 0 && value <= 1))
    return std::nullopt;
  return value;
}

// Adds one data row; returns an error text, empty on success.  Unknown locus names are kept
// under their own spelling so that user tables with private loci still work.
std::string add_row(FrequencyDatabase& database, std::span<const std::string_view> cells) {
  if (cells.size() < 4) return "expected population, locus, allele, frequency";
  auto allele = Allele::parse(cells[2]);
  if (!allele) return "invalid allele '" + std::string(cells[2]) + "'";
  auto frequency = parse_frequency(cells[3]);
  if (!frequency) return "invalid frequency '" + std::string(cells[3]) + "'";
  std::string_view locus = canonical_locus_name(cells[1]).value_or(cells[1]);
  auto& table = database.add_population(cells[0]).add_locus(locus);
  if (table.index_of(*allele)) return "allele " + allele->text() + " listed twice";
  table.alleles.push_back(std::move(*allele));
  table.frequencies.push_back(*frequency);
  return {};
}

}  // namespace

FrequencyTableParse parse_frequency_table(std::string_view tsv_text) {
  FrequencyDatabase database;
  std::size_t line_number = 0;
  while (!tsv_text.empty()) {
    auto end = tsv_text.find('\n');
    std::string_view line = tsv_text.substr(0, end);
    tsv_text.remove_prefix(end == std::string_view::npos ? tsv_text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto cells = split_tabs(line);
    if (cells[0] == "population") continue;  // a header (concatenated tables repeat it)
    std::string error = add_row(database, cells);
    if (!error.empty()) return {std::nullopt, "line " + std::to_string(line_number) + ": " + error};
  }
  return {std::move(database), {}};
}

const FrequencyDatabase& builtin_frequencies() {
  static const FrequencyDatabase database = [] {
    std::string text;
    for (auto table : {embedded::freqs_China_StdAppD59, embedded::freqs_China_CNAS_AF39,
                       embedded::freqs_NIST1036, embedded::freqs_UKDNA17, embedded::freqs_FBI2015,
                       embedded::freqs_norSTR_v2023, embedded::freqs_forrel_NorwegianFrequencies}) {
      text.append(table);
      if (!text.empty() && text.back() != '\n') text.push_back('\n');
    }
    // Our own data, checked by the unit tests: a parse error here is a build defect.
    return std::move(*parse_frequency_table(text).database);
  }();
  return database;
}

int AlleleFrequencies::index_of(const Allele& allele) const {
  auto it = std::find(alleles.begin(), alleles.end(), allele);
  return it == alleles.end() ? -1 : static_cast<int>(it - alleles.begin());
}

AlleleFrequencies case_allele_frequencies(const LocusFrequencyTable& table,
                                          std::span<const Allele> observed, double rare_freq) {
  AlleleFrequencies result{table.alleles, table.frequencies, 0};
  std::vector<Allele> unseen;
  for (const auto& allele : observed)
    if (!table.index_of(allele) && std::find(unseen.begin(), unseen.end(), allele) == unseen.end())
      unseen.push_back(allele);
  std::sort(unseen.begin(), unseen.end());
  result.unseen = static_cast<int>(unseen.size());
  if (result.unseen > 0) {
    double scale = 1.0 - result.unseen * rare_freq;
    for (double& p : result.p) p *= scale;
    for (auto& allele : unseen) {
      result.alleles.push_back(std::move(allele));
      result.p.push_back(rare_freq);
    }
  }
  double total = 0;
  for (double p : result.p) total += p;
  for (double& p : result.p) p /= total;
  return result;
}

}  // namespace reunite::kinship
