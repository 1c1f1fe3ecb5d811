// The search driver: each query profile against the reference index.  The exclusion scan
// (exclusion_scan.h) keeps the references with at most --max-inconsistent loci sharing no
// allele; those typed on at least --min-loci of the query's loci are scored with the full
// likelihood (FastLocusScorer tables, the general method where they do not apply, memoised per
// query and reference genotype); matches with LR >= --min-lr are kept, best --top first.  In
// parent mode a father and mother of the same case that both pass are scored as a couple
// (TRIO_BOTH) as well.  Queries run in parallel (-j) and results come back in query order, so
// the output does not depend on the thread count.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dna_profile.h"
#include "kinship_settings.h"
#include "reference_index.h"

namespace reunite::kinship {

struct SearchSettings {
  bool parent_mode = true;                // PC/MC by the reference's role, plus couples
  Hypothesis relation = Hypothesis::kPC;  // every pair, when not parent_mode
  bool skip_same_case = false;            // a sibling search skips the query's own case
  int max_inconsistent = 2;               // -1: no exclusion filter (score every pair)
  int min_loci = 10;
  double min_lr = 10000;
  int top = 10;
  bool explain = false;
  int threads = 0;                  // 0: all cores
  bool pairwise = false;            // the plain pair-by-pair loop instead of the index (benchmark)
  std::uint64_t database_size = 0;  // N of the prior 1/N: references searched in all shards
};

struct Query {
  std::string id;
  std::string case_id;
  Profile loci;
  std::vector<IgnoredLocus> ignored;
};

struct SearchCounts {
  std::uint64_t candidates = 0;      // pairs that passed the exclusion filter
  std::uint64_t below_min_loci = 0;  // of those, too few loci typed on both sides
  std::uint64_t scored = 0;
  std::uint64_t matches = 0;
};

class MatchSearch {
 public:
  MatchSearch(const ReferenceIndex& index, const KinshipSettings& kinship, SearchSettings settings);
  ~MatchSearch();

  // The dna_match records (JSON Lines text) of each query, in the order of `queries`.
  std::vector<std::string> search(std::span<const Query> queries);
  const SearchCounts& counts() const { return counts_; }

 private:
  class Worker;
  friend class Worker;
  struct LocusScorers;

  const ReferenceIndex& index_;
  const KinshipSettings& kinship_;
  SearchSettings settings_;
  std::vector<LocusScorers> scorers_;  // per indexed locus
  SearchCounts counts_;
};

}  // namespace reunite::kinship
