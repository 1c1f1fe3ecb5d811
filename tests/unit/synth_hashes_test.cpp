// reunite-synth hashes: planted copies are at the distance the answer says from an original
// that is not itself a copy; background hashes are far apart; the same seed gives the same set.
#include <doctest/doctest.h>

#include <set>

#include "hash_set.h"

using namespace reunite::synth;

TEST_CASE("hash set: copies sit at their planted distance from an original") {
  HashSetSettings s;
  s.seed = 3;
  s.references = 5000;
  s.queries = 2000;
  s.self_copy_share = 0.1;
  s.copy_share = 0.5;
  s.max_distance = 40;
  std::uint64_t reference_copies = 0, query_copies = 0;
  std::set<int> distances;
  for (std::uint64_t i = 0; i < s.references; ++i) {
    HashDraw draw = reference_hash(s, i);
    if (draw.original == i) {
      CHECK(draw.distance == 0);
      continue;
    }
    ++reference_copies;
    REQUIRE(draw.original < i);
    HashDraw original = reference_hash(s, draw.original);
    CHECK(original.original == draw.original);  // never a copy of a copy
    CHECK(hamming_distance(draw.hash, original.hash) == draw.distance);
    CHECK(draw.distance <= s.max_distance);
    distances.insert(draw.distance);
  }
  for (std::uint64_t i = 0; i < s.queries; ++i) {
    HashDraw draw = query_hash(s, i);
    if (draw.original >= s.references) continue;
    ++query_copies;
    HashDraw original = reference_hash(s, draw.original);
    CHECK(original.original == draw.original);
    CHECK(hamming_distance(draw.hash, original.hash) == draw.distance);
  }
  // Shares within sampling error (sd ~21 and ~22 of 500 and 1000).
  CHECK(reference_copies > 400);
  CHECK(reference_copies < 600);
  CHECK(query_copies > 900);
  CHECK(query_copies < 1100);
  CHECK(distances.size() == 41);  // every distance 0..40 drawn
}

TEST_CASE("hash set: background hashes are random, the set is a function of the seed") {
  HashSetSettings s;
  s.references = 2000;
  s.self_copy_share = 0;
  double sum = 0;
  int nearest = 256;
  for (std::uint64_t i = 1; i < s.references; ++i) {
    int d = hamming_distance(reference_hash(s, i).hash, reference_hash(s, i - 1).hash);
    sum += d;
    nearest = std::min(nearest, d);
  }
  CHECK(sum / 1999 > 124);  // 128 on average, sd 8 per pair
  CHECK(sum / 1999 < 132);
  CHECK(nearest > 80);  // nowhere near a match
  HashSetSettings other = s;
  CHECK(reference_hash(s, 17).hash == reference_hash(other, 17).hash);
  other.seed = 2;
  CHECK(reference_hash(s, 17).hash != reference_hash(other, 17).hash);
}
