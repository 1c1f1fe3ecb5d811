// photo-hash match: the multi-index table and the batched scan find exactly what a brute-force
// scan finds, on random hashes and on hashes planted near each other.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "photo_hash_index.h"
#include "photo_match.h"

using namespace reunite::photo;

namespace {

Pdq256 random_hash(std::mt19937_64& random) {
  Pdq256 hash;
  for (int k = 0; k < Pdq256::kBits; ++k) {
    if (random() & 1) hash.set_bit(k);
  }
  return hash;
}

// `base` with `bits` distinct bits flipped.
Pdq256 flipped(const Pdq256& base, int bits, std::mt19937_64& random) {
  std::vector<int> positions(Pdq256::kBits);
  for (int k = 0; k < Pdq256::kBits; ++k) positions[std::size_t(k)] = k;
  std::shuffle(positions.begin(), positions.end(), random);
  Pdq256 mask;
  for (int i = 0; i < bits; ++i) mask.set_bit(positions[std::size_t(i)]);
  Pdq256 result;  // base XOR mask
  for (int k = 0; k < Pdq256::kBits; ++k) {
    if (base.bit(k) != mask.bit(k)) result.set_bit(k);
  }
  return result;
}

std::vector<HashHit> brute_force(const std::vector<Pdq256>& hashes, const Pdq256& query,
                                 int max_distance) {
  std::vector<HashHit> hits;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    int d = hamming_distance(hashes[i], query);
    if (d <= max_distance) hits.push_back(HashHit{std::uint32_t(i), d});
  }
  return hits;
}

void sort_hits(std::vector<HashHit>& hits) {
  std::sort(hits.begin(), hits.end(),
            [](const HashHit& a, const HashHit& b) { return a.entry < b.entry; });
}

// A reference set of random hashes with clusters of near copies at every distance 0..60, so
// hits exist at and around each threshold.
std::vector<Pdq256> planted_set(std::mt19937_64& random, std::vector<Pdq256>& queries) {
  std::vector<Pdq256> hashes;
  for (int i = 0; i < 20000; ++i) hashes.push_back(random_hash(random));
  for (int q = 0; q < 40; ++q) {
    Pdq256 query = random_hash(random);
    queries.push_back(query);
    for (int d = 0; d <= 60; d += 1 + q % 3) hashes.push_back(flipped(query, d, random));
  }
  std::shuffle(hashes.begin(), hashes.end(), random);
  return hashes;
}

}  // namespace

TEST_CASE("match index: exact recall against brute force at every supported distance") {
  std::mt19937_64 random(20240607);
  std::vector<Pdq256> queries;
  std::vector<Pdq256> hashes = planted_set(random, queries);
  for (int i = 0; i < 20; ++i) queries.push_back(random_hash(random));
  MultiIndexHashTable table(hashes);
  for (int max_distance : {0, 1, 15, 16, 17, 31, 32, 40, 47}) {
    CAPTURE(max_distance);
    REQUIRE(MultiIndexHashTable::supports(max_distance));
    std::vector<std::vector<HashHit>> batch(queries.size());
    scan_within_batch(hashes, queries, max_distance, batch);
    std::size_t total = 0;
    for (std::size_t q = 0; q < queries.size(); ++q) {
      CAPTURE(q);
      std::vector<HashHit> expected = brute_force(hashes, queries[q], max_distance);
      std::vector<HashHit> found;
      table.find_within(queries[q], max_distance, found);
      std::size_t reported = found.size();
      sort_hits(found);
      CHECK(found == expected);
      CHECK(reported == expected.size());  // no entry reported twice
      CHECK(batch[q] == expected);         // the batched scan keeps ascending order
      std::vector<HashHit> single;
      scan_within(hashes, queries[q], max_distance, single);
      CHECK(single == expected);
      total += expected.size();
    }
    CHECK(total > 0);
  }
  CHECK_FALSE(MultiIndexHashTable::supports(48));
}

TEST_CASE("match index: an empty set and duplicate hashes") {
  std::vector<Pdq256> none;
  MultiIndexHashTable empty(none);
  std::vector<HashHit> hits;
  empty.find_within(Pdq256{}, 31, hits);
  CHECK(hits.empty());
  std::vector<Pdq256> same(5, *Pdq256::from_hex(std::string(64, 'a')));
  MultiIndexHashTable table(same);
  table.find_within(same[0], 0, hits);
  sort_hits(hits);
  REQUIRE(hits.size() == 5);
  CHECK(hits[4] == HashHit{4, 0});
}

TEST_CASE("match: dihedral transforms undo themselves, except the quarter turns") {
  CHECK(inverse(Dihedral::rotate90) == Dihedral::rotate270);
  CHECK(inverse(Dihedral::rotate270) == Dihedral::rotate90);
  for (Dihedral d : {Dihedral::original, Dihedral::rotate180, Dihedral::flipx, Dihedral::flipy,
                     Dihedral::flip_plus1, Dihedral::flip_minus1})
    CHECK(inverse(d) == d);
}
