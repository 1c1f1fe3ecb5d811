#include "genotype_table.h"

#include <algorithm>
#include <cctype>

#include "header_mapping.h"

namespace reunite::ingest {

namespace {

// "D8S1179_1", "D8S1179.2", "D8S1179-1", "D8S1179 (1)", "D8S1179 Allele 2", "D8S1179_a1":
// the locus part and the allele number, when the header ends that way.
std::optional<LocusColumn> split_allele_suffix(std::string_view header) {
  while (!header.empty() && (header.back() == ' ' || header.back() == ')')) header.remove_suffix(1);
  if (header.empty()) return std::nullopt;
  char last = header.back();
  if (last != '1' && last != '2') return std::nullopt;
  int allele = last - '0';
  header.remove_suffix(1);
  std::size_t separators = 0;
  auto strip_separators = [&] {
    while (!header.empty() &&
           std::string_view(" _.-(").find(header.back()) != std::string_view::npos) {
      header.remove_suffix(1);
      ++separators;
    }
  };
  strip_separators();
  for (std::string_view word : {"allele", "a"}) {
    if (header.size() > word.size()) {
      std::string tail(header.substr(header.size() - word.size()));
      for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (tail == word) {
        std::string_view before = header.substr(0, header.size() - word.size());
        if (!before.empty() &&
            std::string_view(" _.-").find(before.back()) != std::string_view::npos) {
          header = before;
          strip_separators();
          ++separators;
          break;
        }
      }
    }
  }
  // Without a separator "D2S1" would lose its own last digit: require one.
  if (separators == 0) return std::nullopt;
  auto locus = canonical_locus(header);
  if (!locus) return std::nullopt;
  return LocusColumn{*locus, allele};
}

}  // namespace

std::optional<LocusColumn> locus_column(std::string_view header) {
  if (auto locus = canonical_locus(header)) return LocusColumn{*locus, 0};
  return split_allele_suffix(header);
}

std::vector<std::optional<LocusColumn>> locus_columns(std::span<const std::string_view> header) {
  std::vector<std::optional<LocusColumn>> columns;
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto column = locus_column(header[i]);
    if (!column && i > 0 && header[i].find_first_not_of(" \t") == std::string_view::npos &&
        columns[i - 1] && columns[i - 1]->allele == 0) {
      columns[i - 1]->allele = 1;
      column = LocusColumn{columns[i - 1]->locus, 2};
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

bool looks_like_wide_genotype_table(std::span<const std::string_view> header) {
  auto columns = locus_columns(header);
  return std::count_if(columns.begin(), columns.end(),
                       [](const auto& c) { return c.has_value(); }) >= 3;
}

bool looks_like_genemapper_table(std::span<const std::string_view> header) {
  bool sample = false, marker = false, allele = false;
  for (std::string_view cell : header) {
    std::string key = header_key(cell);
    sample |= key == "samplename";
    marker |= key == "marker";
    allele |= key == "allele1";
  }
  return sample && marker && allele;
}

WideGenotypes::WideGenotypes(std::vector<std::optional<LocusColumn>> columns)
    : columns_(std::move(columns)) {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i]) continue;
    auto found = std::find_if(loci_.begin(), loci_.end(),
                              [&](const Locus& l) { return l.name == columns_[i]->locus; });
    if (found == loci_.end()) {
      loci_.push_back({columns_[i]->locus, {}});
      found = loci_.end() - 1;
    }
    found->columns.push_back(i);
  }
}

std::optional<std::string> WideGenotypes::read_row(std::span<const std::string_view> cells,
                                                   SampleLoci& loci) const {
  loci.clear();
  std::string error;
  std::vector<std::string_view> allele_cells;
  for (const Locus& locus : loci_) {
    std::optional<Genotype> genotype;
    if (locus.columns.size() == 1 && columns_[locus.columns[0]]->allele == 0) {
      genotype = genotype_from_cell(cells[locus.columns[0]], error);
    } else {
      allele_cells.clear();
      for (std::size_t column : locus.columns) allele_cells.push_back(cells[column]);
      genotype = genotype_from_alleles(allele_cells, error);
    }
    if (!error.empty()) return "locus " + locus.name + ": " + error;
    if (genotype) loci.add(locus.name, std::move(*genotype));
  }
  return std::nullopt;
}

}  // namespace reunite::ingest
