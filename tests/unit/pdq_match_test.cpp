// photo-hash match: the multi-index table and the batched scan find exactly what a brute-force
// scan finds, on random hashes and on hashes planted near each other.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <string>
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

namespace {

struct Pair {
  int query = 0, reference = 0, distance = 0;
  friend bool operator==(const Pair&, const Pair&) = default;
};

// The (query, reference, distance) of each photo_match line; records are numbered by id.
std::vector<Pair> read_pairs(const std::string& lines, int& skipped) {
  std::vector<Pair> pairs;
  std::size_t begin = 0;
  for (std::size_t end; (end = lines.find('\n', begin)) != std::string::npos; begin = end + 1) {
    std::string line = lines.substr(begin, end - begin);
    Pair pair;
    if (std::sscanf(line.c_str(),
                    R"({"kind":"photo_match","query":%d,"reference":%d,"distance":%d)", &pair.query,
                    &pair.reference, &pair.distance) == 3) {
      pairs.push_back(pair);
    } else {
      REQUIRE(line.starts_with(R"({"kind":"photo_match_skipped")"));
      ++skipped;
    }
  }
  return pairs;
}

// Every pair i < j within max_distance, in the order --self writes them.
std::vector<Pair> brute_force_pairs(const std::vector<Pdq256>& hashes, int max_distance) {
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    std::vector<Pair> of_i;
    for (std::size_t j = i + 1; j < hashes.size(); ++j) {
      int d = hamming_distance(hashes[i], hashes[j]);
      if (d <= max_distance) of_i.push_back(Pair{int(i), int(j), d});
    }
    std::stable_sort(of_i.begin(), of_i.end(),
                     [](const Pair& a, const Pair& b) { return a.distance < b.distance; });
    pairs.insert(pairs.end(), of_i.begin(), of_i.end());
  }
  return pairs;
}

}  // namespace

TEST_CASE("match --self: each pair once, never a photo with itself, as brute force finds") {
  std::mt19937_64 random(20261124);
  std::vector<Pdq256> centres;
  std::vector<Pdq256> hashes = planted_set(random, centres);
  hashes.resize(6000);           // keep brute force quick; clusters are shuffled throughout
  hashes.push_back(hashes[17]);  // an exact duplicate: distance 0, reported once
  ReferenceSet set;
  set.keep_low_quality(true);
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    HashedRecord record{std::to_string(i), {HashedPhoto{std::nullopt, hashes[i], 90, {}}}, 0};
    set.add(record, 50);
  }
  for (MatchMethod method : {MatchMethod::scan, MatchMethod::index}) {
    for (int max_distance : {0, 16, 31, 40}) {
      CAPTURE(max_distance);
      MatchOptions options;
      options.method = method;
      options.max_distance = max_distance;
      ReferenceSet finished = set;
      finished.finish(method, max_distance);
      CHECK(finished.indexed() == (method == MatchMethod::index));
      PhotoMatcher matcher(finished, options);
      std::string lines;
      MatchCounts counts;
      // In uneven batches, as the threads take them.
      auto n = std::uint32_t(hashes.size());
      for (std::uint32_t begin = 0; begin < n; begin += 700)
        matcher.match_self(begin, std::min(n, begin + 700), lines, counts);
      int skipped = 0;
      std::vector<Pair> found = read_pairs(lines, skipped);
      std::vector<Pair> expected = brute_force_pairs(hashes, max_distance);
      CHECK(skipped == 0);
      CHECK(found.size() == expected.size());
      CHECK(found == expected);
      CHECK(counts.matches == expected.size());
      CHECK(!expected.empty());
      if (method == MatchMethod::index) {
        // The bucket-by-bucket join writes the same bytes, on any number of threads.
        for (int threads : {1, 2}) {
          std::vector<SelfMatch> matches = finished.self_matches(max_distance, threads);
          std::string joined;
          MatchCounts join_counts;
          auto next = matches.begin();
          for (std::uint32_t photo = 0; photo < n; ++photo) {
            auto end = std::find_if(next, matches.end(),
                                    [&](const SelfMatch& m) { return m.query != photo; });
            matcher.write_self(photo, std::span(next, end), joined, join_counts);
            next = end;
          }
          CHECK(joined == lines);
        }
      }
    }
  }
}

TEST_CASE("match --self: low-quality photos are reported as skipped, dihedral pairs once") {
  std::mt19937_64 random(7);
  const Pdq256 a = random_hash(random);
  std::array<Pdq256, kDihedralCount> turns;
  for (auto& turn : turns) turn = random_hash(random);
  turns[0] = a;
  // 0: a with its turns; 1: a's quarter turn, hashed plainly; 2: a, but low quality; 3: a copy.
  ReferenceSet set;
  set.keep_low_quality(true);
  set.add(HashedRecord{"0", {HashedPhoto{"a.jpg", a, 90, turns}}, 0}, 50);
  set.add(HashedRecord{"1", {HashedPhoto{"b.jpg", turns[1], 90, {}}}, 0}, 50);
  set.add(HashedRecord{"2", {HashedPhoto{"c.jpg", a, 20, {}}}, 0}, 50);
  set.add(HashedRecord{"3", {HashedPhoto{std::nullopt, a, 80, {}}}, 0}, 50);
  set.finish(MatchMethod::scan, 31);
  MatchOptions options;
  PhotoMatcher matcher(set, options);
  std::string lines;
  MatchCounts counts;
  matcher.match_self(0, 4, lines, counts);
  CHECK(
      lines ==
      R"({"kind":"photo_match","query":0,"query_path":"a.jpg","reference":1,"reference_path":"b.jpg","distance":0,"dihedral":"rotate90","query_quality":90,"reference_quality":90}
{"kind":"photo_match","query":0,"query_path":"a.jpg","reference":3,"distance":0,"dihedral":"original","query_quality":90,"reference_quality":80}
{"kind":"photo_match_skipped","query":2,"query_path":"c.jpg","query_quality":20,"reason":"low_quality"}
)");
  CHECK(counts.low_quality == 1);
  CHECK(counts.query_photos == 3);

  ReferenceSet indexed = set;
  indexed.finish(MatchMethod::index, 31);
  PhotoMatcher index_matcher(indexed, options);
  std::vector<SelfMatch> matches = indexed.self_matches(31, 1);
  std::string joined;
  MatchCounts join_counts;
  for (std::uint32_t photo = 0; photo < 4; ++photo) {
    std::vector<SelfMatch> of_photo;
    for (const SelfMatch& m : matches)
      if (m.query == photo) of_photo.push_back(m);
    index_matcher.write_self(photo, of_photo, joined, join_counts);
  }
  CHECK(joined == lines);
}
