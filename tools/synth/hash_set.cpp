#include "hash_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <numeric>

#include "random.h"
#include "reunite/error.h"
#include "reunite/io.h"
#include "reunite/json.h"
#include "world.h"

namespace reunite::synth {

namespace {

// Purposes of the per-record random streams (stream = index * 8 + purpose).
enum Purpose : std::uint64_t { kReferenceHash = 1, kReferenceChoice, kQueryHash, kQueryChoice };

Random stream(const HashSetSettings& s, std::uint64_t index, Purpose purpose) {
  return Random(s.seed, index * 8 + purpose);
}

Hash256 background(Random& random) {
  return {random.next(), random.next(), random.next(), random.next()};
}

bool reference_is_copy(const HashSetSettings& s, std::uint64_t index) {
  if (index == 0 || s.self_copy_share <= 0) return false;
  return stream(s, index, kReferenceChoice).chance(s.self_copy_share);
}

// A reference that is not itself a copy, below `limit` (reference 0 never is one).
std::uint64_t pick_original(const HashSetSettings& s, std::uint64_t limit, Random& random) {
  for (int tries = 0; tries < 64; ++tries) {
    std::uint64_t candidate = random.below(limit);
    if (!reference_is_copy(s, candidate)) return candidate;
  }
  return 0;
}

// `original` with exactly `distance` distinct bits flipped.
Hash256 near_copy(Hash256 original, int distance, Random& random) {
  std::array<std::uint8_t, 256> bits;
  std::iota(bits.begin(), bits.end(), 0);
  for (int f = 0; f < distance; ++f) {
    std::size_t other = f + random.below(bits.size() - f);
    std::swap(bits[f], bits[other]);
    original[bits[f] / 64] ^= std::uint64_t{1} << (bits[f] % 64);
  }
  return original;
}

Hash256 original_hash(const HashSetSettings& s, std::uint64_t index) {
  Random random = stream(s, index, kReferenceHash);
  return background(random);
}

std::string reference_id(std::uint64_t index) {
  return fmt::format("R{:09}", index + 1);
}
std::string query_id(std::uint64_t index) {
  return fmt::format("Q{:09}", index + 1);
}

std::string hash_record(const std::string& id, const std::string& path, const Hash256& hash,
                        int quality, const HashSetSettings& s) {
  std::string line;
  JsonWriter json(line);
  json.begin_object();
  json.field("kind", "photo");
  json.field("id", id);
  json.field("path", path);
  json.field("pdq",
             fmt::format("{:016x}{:016x}{:016x}{:016x}", hash[0], hash[1], hash[2], hash[3]));
  json.field("quality", quality);
  json.field("width", s.width);
  json.field("height", s.height);
  json.end_object();
  line += '\n';
  return line;
}

// The answer for a planted copy, bucketed by distance (reunite-synth check counts found copies
// per bucket, as it counts reposts per edit).
std::string copy_answer(const std::string& path, const std::string& original, int distance,
                        int max_distance) {
  std::string line;
  JsonWriter json(line);
  json.begin_object();
  json.field("kind", "photo_copy");
  json.field("path", path);
  json.field("original", original);
  json.field("distance", distance);
  int low = distance / 8 * 8;
  json.field("edit", fmt::format("flips {:02}-{:02}", low, std::min(low + 7, max_distance)));
  json.end_object();
  line += '\n';
  return line;
}

}  // namespace

int hamming_distance(const Hash256& a, const Hash256& b) {
  int bits = 0;
  for (std::size_t i = 0; i < a.size(); ++i) bits += std::popcount(a[i] ^ b[i]);
  return bits;
}

HashDraw reference_hash(const HashSetSettings& s, std::uint64_t index) {
  if (!reference_is_copy(s, index)) return {original_hash(s, index), index, 0};
  Random choice = stream(s, index, kReferenceChoice);
  choice.next();  // the draw that made it a copy
  std::uint64_t original = pick_original(s, index, choice);
  int distance = choice.between(0, s.max_distance);
  return {near_copy(original_hash(s, original), distance, choice), original, distance};
}

HashDraw query_hash(const HashSetSettings& s, std::uint64_t index) {
  Random choice = stream(s, index, kQueryChoice);
  if (s.references == 0 || !choice.chance(s.copy_share)) {
    Random random = stream(s, index, kQueryHash);
    return {background(random), s.references, 0};  // `original` past the end: none
  }
  std::uint64_t original = pick_original(s, s.references, choice);
  int distance = choice.between(0, s.max_distance);
  return {near_copy(original_hash(s, original), distance, choice), original, distance};
}

HashSetCounts generate_hash_set(const HashSetSettings& s, const std::function<void()>& on_record) {
  namespace fs = std::filesystem;
  fs::path out(s.out_dir);
  prepare_output_directory(out, s.replace, {"references.jsonl", "queries.jsonl", "answers.jsonl"});
  std::error_code error;
  fs::create_directories(out, error);
  if (error) throw FatalError(system_error_text("cannot create " + out.string(), error.value()));

  HashSetCounts counts;
  OutputFile answers((out / "answers.jsonl").string());
  auto quality_of = [&](std::uint64_t index, Purpose purpose) {
    Random random = stream(s, index, purpose);
    for (int i = 0; i < 4; ++i) random.next();  // past the background hash
    return random.between(70, 100);
  };
  {
    OutputFile file((out / "references.jsonl").string());
    for (std::uint64_t i = 0; i < s.references; ++i) {
      HashDraw draw = reference_hash(s, i);
      std::string id = reference_id(i), path = "references/" + id + ".jpg";
      file.write(hash_record(id, path, draw.hash, quality_of(i, kReferenceHash), s));
      ++counts.references;
      if (draw.original != i) {
        ++counts.reference_copies;
        answers.write(copy_answer(path, "references/" + reference_id(draw.original) + ".jpg",
                                  draw.distance, s.max_distance));
      }
      if (on_record) on_record();
    }
    file.commit();
  }
  if (s.queries > 0) {
    OutputFile file((out / "queries.jsonl").string());
    for (std::uint64_t i = 0; i < s.queries; ++i) {
      HashDraw draw = query_hash(s, i);
      std::string id = query_id(i), path = "queries/" + id + ".jpg";
      file.write(hash_record(id, path, draw.hash, quality_of(i, kQueryHash), s));
      ++counts.queries;
      if (draw.original < s.references) {
        ++counts.query_copies;
        answers.write(copy_answer(path, "references/" + reference_id(draw.original) + ".jpg",
                                  draw.distance, s.max_distance));
      }
      if (on_record) on_record();
    }
    file.commit();
  }
  std::string line;
  JsonWriter json(line);
  json.begin_object();
  json.field("kind", "world");
  json.field("seed", s.seed);
  json.field("families", 0);
  json.key("hash_set");
  json.begin_object();
  json.field("references", counts.references);
  json.field("queries", counts.queries);
  json.field("reference_copies", counts.reference_copies);
  json.field("query_copies", counts.query_copies);
  json.field("max_distance", s.max_distance);
  json.end_object();
  json.end_object();
  answers.write(line + "\n");
  answers.commit();
  return counts;
}

}  // namespace reunite::synth
