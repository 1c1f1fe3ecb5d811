// Recognising genotype tables by their header row: the GeneMapper long table (Sample Name,
// Marker, Allele 1..n) and the wide table (one row per sample, one column per locus holding
// "12,14", or two columns per locus: "D8S1179_1"/"D8S1179_2", "D8S1179 Allele 1"/"... 2", or
// a locus header followed by an empty one).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sample_record.h"

namespace reunite::ingest {

// Where a wide table's column belongs: the locus and which allele (0: the whole genotype).
struct LocusColumn {
  std::string locus;
  int allele = 0;
};

// The locus of one wide-table header, or nullopt for a column that is not a locus.
std::optional<LocusColumn> locus_column(std::string_view header);

// The locus columns of a wide table's header, per column (nullopt: not a locus).  An empty
// header right after a one-column locus makes the pair (locus allele 1, allele 2).
std::vector<std::optional<LocusColumn>> locus_columns(std::span<const std::string_view> header);

// Three or more locus columns: a wide genotype table.
bool looks_like_wide_genotype_table(std::span<const std::string_view> header);

// Sample Name (or Sample.Name), Marker and Allele 1: a GeneMapper genotypes table.
bool looks_like_genemapper_table(std::span<const std::string_view> header);

// The genotypes of one wide-table row into `loci`; on a bad cell returns the reason (naming the
// locus, never the value).
class WideGenotypes {
 public:
  explicit WideGenotypes(std::vector<std::optional<LocusColumn>> columns);
  std::optional<std::string> read_row(std::span<const std::string_view> cells,
                                      SampleLoci& loci) const;
  bool is_locus_column(std::size_t column) const {
    return column < columns_.size() && columns_[column].has_value();
  }

 private:
  struct Locus {
    std::string name;
    std::vector<std::size_t> columns;  // one column (a genotype cell) or one per allele
  };
  std::vector<std::optional<LocusColumn>> columns_;
  std::vector<Locus> loci_;
};

}  // namespace reunite::ingest
