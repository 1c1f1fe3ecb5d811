// The dna_match record of one query and one candidate (a reference, or a couple):
//   {"kind":"dna_match","id":"Q~R","query":"Q","query_case":"X","candidate":"R",
//    "candidate_case":"K","candidate_role":"father","hypothesis":"PC","lr":...,"log10_lr":...,
//    "prior":1e-06,"posterior":...,"loci_compared":20,
//    "inconsistent_loci":[{"locus":"D8S1179","lr":0.0011,"steps":1}],
//    "lr_loci":{...} (with --explain), "ignored_loci":{...} (the query's, when any)}
// A couple adds "co_candidate" and "co_candidate_role" (the mother; "candidate" is the father).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kinship_settings.h"
#include "reference_index.h"

namespace reunite::kinship {

struct Query;

struct Match {
  int reference = -1;
  int co_reference = -1;  // the mother of a couple
  Hypothesis hypothesis = Hypothesis::kPC;
  double lr = 0;
  int loci_compared = 0;
};

// One locus of a match, for the record.
struct LocusFactor {
  const std::string* locus = nullptr;
  const Genotype* query = nullptr;
  std::optional<Genotype> reference;  // for the step count of an inconsistent pair locus
  double lr = 1;                      // negative: the model cannot use the locus
  bool consistent = true;
};

struct MatchDetails {
  const ReferenceIndex& index;
  const KinshipSettings& kinship;
  std::uint64_t database_size;  // N: prior 1/N
  bool explain;
};

// The smallest difference in repeats between an allele of `a` and one of `b` (the mutation
// steps a parent-child inconsistency needs at the least); nullopt if an allele is off-ladder.
std::optional<double> mutation_steps(const Genotype& a, const Genotype& b);

// Appends the record and a newline.
void append_match_record(std::string& out, const Query& query, const Match& match,
                         const std::vector<LocusFactor>& factors, const MatchDetails& details);

}  // namespace reunite::kinship
