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

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>
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
  // Appends every entry from `first_entry` on within max_distance of `query`
  // (supports(max_distance) must hold), in no particular order.  A search of a set against
  // itself passes the entry after the query's own, so each pair is verified once.
  void find_within(const Pdq256& query, int max_distance, std::vector<HashHit>& hits,
                   std::uint32_t first_entry = 0) const;

  // Calls found(a, b, distance) for every pair of entries a < b within max_distance whose
  // first chunk within floor(max_distance / 16) bits is in [first_chunk, end_chunk) (so the
  // chunk ranges of several calls split the pairs between them, each pair reported once).
  // Bucket by bucket: the entries of a bucket and of its neighbours are compared with each
  // other, which touches each hash a few times per chunk rather than once per query — on
  // a million hashes, many times faster than a query per hash (bench/run-photo-hash).
  // A `found` that returns bool stops the walk by returning false.
  template <typename Found>
  void for_each_pair_within(int max_distance, int first_chunk, int end_chunk, Found&& found) const;

  std::size_t size() const { return hashes_.size(); }

 private:
  static std::uint32_t chunk(const Pdq256& hash, int c) {
    return std::uint32_t(hash.limbs()[c / 4] >> (16 * (c % 4))) & 0xFFFFU;
  }

  static int chunk_distance(const Pdq256& a, const Pdq256& b, int c) {
    return std::popcount((a.limbs()[c / 4] ^ b.limbs()[c / 4]) >> (16 * (c % 4)) & 0xFFFFU);
  }
  // Whether a pair within radius on chunk c was already within radius on an earlier chunk.
  static bool near_before(const Pdq256& a, const Pdq256& b, int c, int radius) {
    for (int earlier = 0; earlier < c; ++earlier) {
      if (chunk_distance(a, b, earlier) <= radius) return true;
    }
    return false;
  }
  static const std::vector<std::uint16_t>& masks_for(int radius);

  std::span<const Pdq256> hashes_;
  // Per chunk, a bucket per 16-bit value: entries of bucket v are
  // entries_[c][offsets_[c][v] .. offsets_[c][v + 1]).
  std::array<std::vector<std::uint32_t>, kChunks> offsets_;
  std::array<std::vector<std::uint32_t>, kChunks> entries_;
};

template <typename Found>
void MultiIndexHashTable::for_each_pair_within(int max_distance, int first_chunk, int end_chunk,
                                               Found&& found) const {
  const int radius = max_distance / kChunks;
  const std::vector<std::uint16_t>& masks = masks_for(radius);
  std::vector<Pdq256> bucket_hashes;  // bucket v's hashes, contiguous: reused for each neighbour
  for (int c = first_chunk; c < end_chunk; ++c) {
    const std::uint32_t* offsets = offsets_[std::size_t(c)].data();
    const std::uint32_t* entries = entries_[std::size_t(c)].data();
    for (std::uint32_t v = 0; v < 0x10000U; ++v) {
      const std::uint32_t begin = offsets[v], end = offsets[v + 1];
      if (begin == end) continue;
      bucket_hashes.clear();
      for (std::uint32_t k = begin; k < end; ++k) bucket_hashes.push_back(hashes_[entries[k]]);
      for (std::uint16_t mask : masks) {
        const std::uint32_t w = v ^ mask;
        if (w < v) continue;  // each pair of buckets once
        for (std::uint32_t k = offsets[w]; k < offsets[w + 1]; ++k) {
          const std::uint32_t other = entries[k];
          const Pdq256& other_hash = hashes_[other];
          // Within one bucket, pair each entry with the later ones only.
          const std::uint32_t first = w == v ? k - begin + 1 : 0;
          for (std::uint32_t i = first; i < end - begin; ++i) {
            const int d = hamming_distance(bucket_hashes[i], other_hash);
            if (d > max_distance || near_before(bucket_hashes[i], other_hash, c, radius)) continue;
            const std::uint32_t entry = entries[begin + i];
            const std::uint32_t a = std::min(entry, other), b = std::max(entry, other);
            if constexpr (std::is_same_v<
                              std::invoke_result_t<Found&, std::uint32_t, std::uint32_t, int>,
                              bool>) {
              if (!found(a, b, d)) return;
            } else {
              found(a, b, d);
            }
          }
        }
      }
    }
  }
}

}  // namespace reunite::photo
