// Sets of PDQ photo hashes for benchmarking reunite-photo-hash match at sizes no photo set
// reaches (millions of pictures): records in the format reunite-photo-hash writes, random 256-bit
// background hashes plus planted near copies at known Hamming distances, and an answer file
// that reunite-synth check scores photo_match records against.  Deterministic for a seed;
// memory does not grow with the set (every hash is a function of the seed and its index).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

namespace reunite::synth {

struct HashSetSettings {
  std::uint64_t seed = 1;
  std::uint64_t references = 1000000;
  std::uint64_t queries = 0;
  double copy_share = 0.5;          // queries that are near copies of a reference
  double self_copy_share = 0.01;    // references that are near copies of an earlier reference
  int max_distance = 40;            // a copy differs from its original in 0..max_distance bits
  int width = 1600, height = 1200;  // the size the records claim for their pictures
  std::string out_dir;
  bool replace = false;
};

struct HashSetCounts {
  std::uint64_t references = 0, queries = 0, reference_copies = 0, query_copies = 0;
};

using Hash256 = std::array<std::uint64_t, 4>;

// The hash of reference `index` and the index of the reference it copies (itself when it is
// not a copy).  Exposed for the unit tests.
struct HashDraw {
  Hash256 hash;
  std::uint64_t original;
  int distance;  // bits from the original (0 when not a copy)
};
HashDraw reference_hash(const HashSetSettings& settings, std::uint64_t index);
HashDraw query_hash(const HashSetSettings& settings, std::uint64_t index);
int hamming_distance(const Hash256& a, const Hash256& b);

// Writes out_dir/references.jsonl, out_dir/queries.jsonl (when queries > 0) and
// out_dir/answers.jsonl.  `on_record` is called after each record (for progress).
HashSetCounts generate_hash_set(const HashSetSettings& settings,
                                const std::function<void()>& on_record = {});

}  // namespace reunite::synth
