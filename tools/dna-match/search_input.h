// Reading the two inputs of a search: the references (--against) into the index, and the query
// samples.  Each record needs an id ("id", else "sample_id") and a "loci" object; "case" and
// "role" (father, mother, ...) are used when present.  A record that cannot be searched is
// rejected with a reason; unknown loci are flagged, not fatal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "match_search.h"
#include "reference_index.h"
#include "reunite/record_stream.h"

namespace reunite::kinship {

// --shard K/N: this process holds the references whose case (else id) hashes to K of N, so a
// couple stays in one shard; the prior still counts the references of all shards.
struct Shard {
  int index = 1;
  int count = 1;
  bool holds(std::string_view key) const;
};
std::optional<Shard> parse_shard(std::string_view text);  // "2/8"

struct ReferenceLoad {
  std::uint64_t valid = 0;  // usable references in the whole file (N of the prior)
  std::uint64_t held = 0;   // of those, in this shard
};

// Reads every reference record into `index` (then finishes it).  In parent mode a reference's
// role (or "sex": "F") decides PC or MC; otherwise every pair gets `settings.relation`.
ReferenceLoad load_references(RecordReader& reader, ReferenceIndex& index,
                              const PopulationFrequencies& population,
                              const SearchSettings& settings, const Shard& shard);

// The query in `record`; an error (for a reject) when it cannot be searched.
std::string read_query(Record& record, const PopulationFrequencies& population, int min_loci,
                       Query& query);

}  // namespace reunite::kinship
