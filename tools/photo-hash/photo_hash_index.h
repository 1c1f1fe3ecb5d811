// Finding every stored PDQ hash within a Hamming distance of a query: a popcount scan, and a
// multi-index hash table that gives exactly the same hits on large sets, faster.
//
// Multi-index hashing (Norouzi, Punjani & Fleet, "Fast search in Hamming space with multi-index
// hashing", CVPR 2012): the 256 bits are cut into 16 chunks of 16 bits.  If two hashes differ
// in at most d bits, some chunk differs in at most floor(d / 16) bits (else every chunk would
// differ in more, and the total would exceed d).  So looking up, in each chunk's table, the
// query's chunk value and every value within floor(d / 16) bits of it finds every hash within
// d — exact recall, no approximation.  At PDQ's threshold d = 31 that is 17 lookups per chunk.
// Each candidate is verified with a full popcount distance, and reported from the first chunk
// that finds it only, so no per-query "seen" set is needed.
//
// Memory: the scan needs the hashes only (32 bytes each); the table adds 16 × 4 bytes per
// hash plus 16 × 256 KiB of bucket offsets.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "pdq256.h"

namespace reunite::photo {

struct HashHit {
  std::uint32_t entry = 0;  // index into the hashes searched
  int distance = 0;
  friend bool operator==(const HashHit&, const HashHit&) = default;
};

// Appends to `hits` every i with hamming_distance(hashes[i], query) <= max_distance, in
// ascending i.
void scan_within(std::span<const Pdq256> hashes, const Pdq256& query, int max_distance,
                 std::vector<HashHit>& hits);

// The same for many queries in one pass over `hashes`: the hashes are read in blocks that stay
// in cache while every query is compared with them.  hits[q] receives query q's hits, in
// ascending entry order.
void scan_within_batch(std::span<const Pdq256> hashes, std::span<const Pdq256> queries,
                       int max_distance, std::span<std::vector<HashHit>> hits);

class MultiIndexHashTable {
 public:
  static constexpr int kChunks = 16;
  static constexpr int kChunkBits = 16;
  // Above this per-chunk radius the lookups cost more than a scan (2 → 137 per chunk).
  static constexpr int kMaxChunkRadius = 2;

  // Indexes `hashes`, which must outlive the table and not change.
  explicit MultiIndexHashTable(std::span<const Pdq256> hashes);

  // Whether find_within can serve this distance (floor(d / 16) <= kMaxChunkRadius, d < 48).
  static bool supports(int max_distance) {
    return max_distance >= 0 && max_distance / kChunks <= kMaxChunkRadius;
  }
  // Appends every entry within max_distance of `query` (supports(max_distance) must hold), in
  // no particular order.
  void find_within(const Pdq256& query, int max_distance, std::vector<HashHit>& hits) const;

  std::size_t size() const { return hashes_.size(); }

 private:
  static std::uint32_t chunk(const Pdq256& hash, int c) {
    return std::uint32_t(hash.limbs()[c / 4] >> (16 * (c % 4))) & 0xFFFFU;
  }

  std::span<const Pdq256> hashes_;
  // Per chunk, a bucket per 16-bit value: entries of bucket v are
  // entries_[c][offsets_[c][v] .. offsets_[c][v + 1]).
  std::array<std::vector<std::uint32_t>, kChunks> offsets_;
  std::array<std::vector<std::uint32_t>, kChunks> entries_;
};

}  // namespace reunite::photo
