#include "photo_hash_index.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace reunite::photo {

namespace {

// 2,048 hashes = 64 KiB: a block stays in L2 while a batch of queries runs over it.
constexpr std::size_t kScanBlock = 2048;

// The 16-bit masks with at most `radius` bits set, fewest bits first: the chunk values to
// look up are query_chunk ^ mask.
std::vector<std::uint16_t> masks_within(int radius) {
  std::vector<std::uint16_t> masks;
  for (int bits = 0; bits <= radius; ++bits) {
    for (std::uint32_t m = 0; m < 0x10000U; ++m) {
      if (std::popcount(m) == bits) masks.push_back(std::uint16_t(m));
    }
  }
  return masks;
}

}  // namespace

const std::vector<std::uint16_t>& MultiIndexHashTable::masks_for(int radius) {
  static const std::array<std::vector<std::uint16_t>, kMaxChunkRadius + 1> all = {
      masks_within(0), masks_within(1), masks_within(2)};
  return all[std::size_t(radius)];
}

void scan_within(std::span<const Pdq256> hashes, const Pdq256& query, int max_distance,
                 std::vector<HashHit>& hits) {
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    int d = hamming_distance(hashes[i], query);
    if (d <= max_distance) hits.push_back(HashHit{std::uint32_t(i), d});
  }
}

void scan_within_batch(std::span<const Pdq256> hashes, std::span<const Pdq256> queries,
                       int max_distance, std::span<std::vector<HashHit>> hits) {
  for (std::size_t begin = 0; begin < hashes.size(); begin += kScanBlock) {
    std::size_t end = std::min(hashes.size(), begin + kScanBlock);
    for (std::size_t q = 0; q < queries.size(); ++q) {
      const Pdq256 query = queries[q];
      for (std::size_t i = begin; i < end; ++i) {
        int d = hamming_distance(hashes[i], query);
        if (d <= max_distance) hits[q].push_back(HashHit{std::uint32_t(i), d});
      }
    }
  }
}

MultiIndexHashTable::MultiIndexHashTable(std::span<const Pdq256> hashes) : hashes_(hashes) {
  if (hashes.size() > 0xFFFFFFFFU) throw std::length_error("over 4 billion hashes");
  // Counting sort per chunk: bucket sizes, prefix sums, then entries in ascending order.
  for (int c = 0; c < kChunks; ++c) {
    std::vector<std::uint32_t>& offsets = offsets_[std::size_t(c)];
    std::vector<std::uint32_t>& entries = entries_[std::size_t(c)];
    offsets.assign(0x10000 + 1, 0);
    for (const Pdq256& hash : hashes) ++offsets[chunk(hash, c) + 1];
    for (std::size_t v = 0; v < 0x10000; ++v) offsets[v + 1] += offsets[v];
    entries.resize(hashes.size());
    std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t i = 0; i < hashes.size(); ++i)
      entries[next[chunk(hashes[i], c)]++] = std::uint32_t(i);
  }
}

void MultiIndexHashTable::find_within(const Pdq256& query, int max_distance,
                                      std::vector<HashHit>& hits, std::uint32_t first_entry) const {
  const int radius = max_distance / kChunks;
  const std::vector<std::uint16_t>& masks = masks_for(radius);
  for (int c = 0; c < kChunks; ++c) {
    const std::uint32_t value = chunk(query, c);
    const std::uint32_t* offsets = offsets_[std::size_t(c)].data();
    const std::uint32_t* entries = entries_[std::size_t(c)].data();
    for (std::uint16_t mask : masks) {
      const std::uint32_t bucket = value ^ mask;
      // A bucket's entries ascend: skip those before first_entry (half the work of a self
      // search) with a binary search.
      const std::uint32_t* end = entries + offsets[bucket + 1];
      const std::uint32_t* begin = entries + offsets[bucket];
      if (first_entry > 0) begin = std::lower_bound(begin, end, first_entry);
      for (const std::uint32_t* k = begin; k < end; ++k) {
        // On large sets each candidate's hash is a cache (and TLB) miss; asking for the one 16
        // ahead keeps several in flight (about 20% off a query against 10M hashes, measured
        // by the benchmark's latency harness, now bench/photo_hash_latency.cpp).
        if (end - k > 16) __builtin_prefetch(&hashes_[k[16]]);
        const std::uint32_t entry = *k;
        const Pdq256& candidate = hashes_[entry];
        int d = hamming_distance(candidate, query);
        if (d > max_distance) continue;
        // Report it from the first chunk that finds it: no earlier chunk is within radius.
        if (!near_before(candidate, query, c, radius)) hits.push_back(HashHit{entry, d});
      }
    }
  }
}

}  // namespace reunite::photo
