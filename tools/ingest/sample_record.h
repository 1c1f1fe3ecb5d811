// The STR part of a sample record: "loci":{"D8S1179":["12","14"],...}, locus names canonical
// (libcommon's str_loci), alleles as strings in order, a homozygote written as two copies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reunite/str_loci.h"

namespace reunite::ingest {

struct LocusCall {
  std::string locus;  // canonical name ("D8S1179", "PENTA_D", "AMEL")
  Genotype genotype;
};

// The typed loci of one sample, in the order the export gives them.
class SampleLoci {
 public:
  // An error (without allele values) when the locus is already typed in this sample.
  std::optional<std::string> add(std::string locus, Genotype genotype);
  bool empty() const { return calls_.empty(); }
  void clear() { calls_.clear(); }
  const std::vector<LocusCall>& calls() const { return calls_; }

 private:
  std::vector<LocusCall> calls_;
};

// Appends ,"loci":{...}.
void append_loci(std::string& out, const SampleLoci& loci);

// The canonical name of a locus header or marker, or nullopt when it is no known locus.
std::optional<std::string> canonical_locus(std::string_view spelling);

// A genotype from separate allele cells (GeneMapper's Allele 1..n, a wide table's two columns
// per locus): empty cells ignored, one allele means a homozygote, more than two is an error.
// `error` is set (without the allele values) when no genotype can be made; nullopt with no
// error means all cells were empty.
std::optional<Genotype> genotype_from_alleles(const std::vector<std::string_view>& cells,
                                              std::string& error);

// A genotype cell ("12,14", "9/9.3", "22，24", "14"): nullopt with no error when empty.
std::optional<Genotype> genotype_from_cell(std::string_view cell, std::string& error);

}  // namespace reunite::ingest
