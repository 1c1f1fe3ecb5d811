// STR profiles of `sample` records: locus names to the canonical spelling of data/loci.tsv
// (vWA/VWA, THO1/TH01, Penta E/PENTA_E, Amelogenin/AMEL), alleles canonical (9.30 → 9.3,
// 10.0 → 10, a single allele → homozygote written twice), amelogenin as X/Y, and off-ladder
// calls (OL, <8, >30) kept as written but flagged.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace reunite::normalize {

struct ProfileProblem {
  std::string_view code;  // unknown_locus, bad_allele, off_ladder_allele, more_than_two_alleles,
                          // conflicting_locus
  std::string detail;     // names the locus (a single locus identifies no one)
};

// One locus as the source wrote it: the alleles of an array, or one cell of text ("12,14").
struct RawLocus {
  std::string name;
  std::vector<std::string> alleles;  // array elements, or the single text cell
  bool from_text = false;            // alleles[0] is a cell to split
};

struct NormalizedProfile {
  std::map<std::string, std::vector<std::string>> loci;  // canonical name → alleles, ordered
  std::vector<ProfileProblem> problems;
};

NormalizedProfile normalize_profile(const std::vector<RawLocus>& raw);

// The JSON object {"AMEL":["X","Y"],"D8S1179":["12","14"],...}.
std::string profile_json(const NormalizedProfile& profile);

}  // namespace reunite::normalize
