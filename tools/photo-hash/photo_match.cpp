#include "photo_match.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

#include "reunite/error.h"
#include "reunite/json.h"
#include "reunite/ordered_parallel.h"

namespace reunite::photo {

namespace {

// Below this many reference hashes the scan is as fast as the table and needs no build time
// (bench/run-photo-hash measures both on the same data).
constexpr std::size_t kIndexMinHashes = 50'000;

std::string read_pdq(simdjson::ondemand::value value, std::string_view name, Pdq256& out) {
  std::string_view hex;
  std::optional<Pdq256> hash;
  if (value.get_string().get(hex) || !(hash = Pdq256::from_hex(hex)))
    return std::string(name) + ": not 64 hex digits";
  out = *hash;
  return {};
}

std::string read_dihedral(simdjson::ondemand::value value, HashedPhoto& photo) {
  simdjson::ondemand::array array;
  if (value.get_array().get(array)) return "pdq_dihedral: not an array of 8 hashes";
  std::array<Pdq256, kDihedralCount> hashes;
  std::size_t count = 0;
  for (auto element : array) {
    simdjson::ondemand::value item;
    if (element.get(item) || count == hashes.size())
      return "pdq_dihedral: not an array of 8 hashes";
    if (auto error = read_pdq(item, "pdq_dihedral", hashes[count++]); !error.empty()) return error;
  }
  if (count != hashes.size()) return "pdq_dihedral: not an array of 8 hashes";
  photo.dihedral = hashes;
  return {};
}

// The hash fields of one object: a photo record, or an element of photo_hashes.  Other fields
// are ignored.  `has_error` is set for a photo_hashes entry that records a failure.
std::string read_photo(simdjson::ondemand::object object, HashedPhoto& photo, bool& has_error) {
  bool has_pdq = false, has_quality = false;
  for (auto field : object) {
    std::string_view key;
    simdjson::ondemand::value value;
    if (field.unescaped_key().get(key) || field.value().get(value)) return "invalid JSON";
    std::string error;
    if (key == "pdq") {
      has_pdq = true;
      error = read_pdq(value, "pdq", photo.pdq);
    } else if (key == "quality") {
      std::int64_t quality = 0;
      if (value.get_int64().get(quality) || quality < 0 || quality > 100)
        return "quality: not an integer 0-100";
      photo.quality = int(quality);
      has_quality = true;
    } else if (key == "path") {
      std::string_view path;
      if (value.get_string().get(path)) return "path: not a string";
      photo.path = std::string(path);
    } else if (key == "pdq_dihedral") {
      error = read_dihedral(value, photo);
    } else if (key == "error") {
      has_error = true;
    }
    if (!error.empty()) return error;
  }
  if (has_error) return {};
  if (!has_pdq) return "no pdq";
  if (!has_quality) return "no quality";
  if (photo.dihedral && (*photo.dihedral)[0] != photo.pdq)
    return "pdq_dihedral: the first hash is not pdq";
  return {};
}

// A query photo below --min-quality: said in the output, so that an analyst reads "not
// searched" rather than "no match".
void write_skipped(std::string_view id_json, std::optional<std::string_view> path, int quality,
                   std::string& lines) {
  JsonWriter json(lines);
  json.begin_object();
  json.field("kind", "photo_match_skipped");
  json.key("query");
  json.raw(id_json);
  if (path) json.field("query_path", *path);
  json.field("query_quality", quality);
  json.field("reason", "low_quality");
  json.end_object();
  lines += '\n';
}

HashedRecordRead invalid(std::string error) {
  return HashedRecordRead{HashedRecordStatus::invalid, std::move(error)};
}

}  // namespace

HashedRecordRead read_hashed_record(Record& record, HashedRecord& out) {
  out.photos.clear();
  out.unhashed = 0;
  const bool photo_record = record.has_field("pdq");
  if (!photo_record && !record.has_field("photo_hashes"))
    return HashedRecordRead{HashedRecordStatus::no_hashes, {}};
  auto id = record.raw_field("id");
  if (!id || id->empty() ||
      !(id->front() == '"' || id->front() == '-' || (id->front() >= '0' && id->front() <= '9')))
    return invalid("id: missing, or not a string or number (matches refer to records by id)");
  out.id_json = std::string(*id);

  if (photo_record) {
    simdjson::ondemand::object object;
    if (record.document().get_object().get(object)) return invalid("not an object");
    HashedPhoto photo;
    bool has_error = false;
    if (auto error = read_photo(object, photo, has_error); !error.empty()) return invalid(error);
    out.photos.push_back(std::move(photo));
    return {};
  }
  simdjson::ondemand::array array;
  if (record.document().find_field_unordered("photo_hashes").get_array().get(array))
    return invalid("photo_hashes: not an array");
  std::size_t index = 0;
  for (auto element : array) {
    simdjson::ondemand::object object;
    HashedPhoto photo;
    bool has_error = false;
    std::string error;
    if (element.get_object().get(object)) {
      error = "not an object";
    } else {
      error = read_photo(object, photo, has_error);
    }
    if (!error.empty()) return invalid("photo_hashes[" + std::to_string(index) + "]: " + error);
    ++index;
    if (has_error) {
      ++out.unhashed;
    } else {
      out.photos.push_back(std::move(photo));
    }
  }
  return {};
}

Dihedral inverse(Dihedral d) {
  if (d == Dihedral::rotate90) return Dihedral::rotate270;
  if (d == Dihedral::rotate270) return Dihedral::rotate90;
  return d;
}

// ---------------------------------------------------------------------------------------------
// ReferenceSet

void ReferenceSet::add(const HashedRecord& record, int min_quality) {
  const auto record_index = std::uint32_t(ids_.size());
  ids_.emplace_back(text_.size(), record.id_json.size());
  text_ += record.id_json;
  for (const HashedPhoto& photo : record.photos) {
    const bool searched = photo.quality >= min_quality;
    if (!searched) {
      ++low_quality_;
      if (!keep_low_quality_) continue;
    }
    if (photos_.size() >= 0xFFFFFFFFU || hashes_.size() + kDihedralCount > 0xFFFFFFFFU)
      throw std::length_error("over 4 billion reference hashes");
    Photo stored{.record = record_index,
                 .has_path = photo.path.has_value(),
                 .searched = searched,
                 .quality = photo.quality,
                 .first_entry = std::uint32_t(hashes_.size()),
                 .path_begin = text_.size()};
    if (photo.path) {
      text_ += *photo.path;
      stored.path_length = photo.path->size();
    }
    const auto photo_index = std::uint32_t(photos_.size());
    photos_.push_back(stored);
    // A kept low-quality photo's hash stays out of the search: its entries are left empty.
    if (!searched) continue;
    hashes_.push_back(photo.pdq);
    entries_.push_back(Entry{photo_index, Dihedral::original});
    if (!photo.dihedral) continue;
    for (int t = 1; t < kDihedralCount; ++t) {
      hashes_.push_back((*photo.dihedral)[std::size_t(t)]);
      entries_.push_back(Entry{photo_index, Dihedral(t)});
    }
  }
}

void ReferenceSet::finish(MatchMethod method, int max_distance) {
  bool use_table = method == MatchMethod::index ||
                   (method == MatchMethod::automatic && hashes_.size() >= kIndexMinHashes &&
                    MultiIndexHashTable::supports(max_distance));
  if (use_table && !MultiIndexHashTable::supports(max_distance))
    throw UsageError("--method index serves --max-distance up to 47; use --method scan");
  if (use_table) table_.emplace(hashes_);
}

std::vector<SelfMatch> ReferenceSet::self_matches(int max_distance, int threads,
                                                  std::uint64_t max_pairs) const {
  // Each worker joins some of the 16 chunks; a pair is reported from its first near chunk only.
  std::vector<SelfMatch> matches;
  int next_chunk = 0;
  // Pairs found by all workers, counted in steps so the workers rarely touch the same line.
  constexpr std::uint64_t kCountStep = 4096;
  std::atomic<std::uint64_t> counted{0};
  std::atomic<bool> too_many{false};
  OrderedParallelMap<int, std::vector<SelfMatch>> map(
      {.threads = unsigned(std::max(1, threads)), .batch_items = 1});
  map.run(
      [&](int& chunk) {
        chunk = next_chunk++;
        return chunk < MultiIndexHashTable::kChunks;
      },
      [&](unsigned) {
        return [&, this](int& chunk, std::vector<SelfMatch>& found) {
          found.clear();
          if (too_many) return;
          table_->for_each_pair_within(
              max_distance, chunk, chunk + 1, [&](std::uint32_t a, std::uint32_t b, int d) {
                // a < b: a's photo comes first (a photo's entries are consecutive).
                const Entry& query = entries_[a];
                const Entry& reference = entries_[b];
                if (query.photo == reference.photo) return true;
                // As in PhotoMatcher::match: only original-vs-any pairs are transforms.
                if (query.transform != Dihedral::original &&
                    reference.transform != Dihedral::original)
                  return true;
                Dihedral transform = query.transform != Dihedral::original
                                         ? query.transform
                                         : inverse(reference.transform);
                found.push_back(SelfMatch{query.photo, reference.photo, d, transform});
                if (found.size() % kCountStep == 0 &&
                    counted.fetch_add(kCountStep) + kCountStep > max_pairs) {
                  too_many = true;
                }
                return !too_many;
              });
          counted += found.size() % kCountStep;
        };
      },
      [&](int&, std::vector<SelfMatch>& found) {
        if (!too_many) matches.insert(matches.end(), found.begin(), found.end());
      });
  if (too_many || counted > max_pairs) {
    throw FatalError("--self: more than --max-pairs " + std::to_string(max_pairs) +
                     " pairs of hashes within --max-distance " + std::to_string(max_distance) +
                     " (many copies of the same pictures?); use a lower --max-distance, remove "
                     "the repeated photos, or raise --max-pairs (about 20 bytes a pair)");
  }
  // The best (distance, then transform) per pair of photos, then the output order.
  std::sort(matches.begin(), matches.end(), [](const SelfMatch& a, const SelfMatch& b) {
    if (a.query != b.query) return a.query < b.query;
    if (a.reference != b.reference) return a.reference < b.reference;
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.transform < b.transform;
  });
  matches.erase(std::unique(matches.begin(), matches.end(),
                            [](const SelfMatch& a, const SelfMatch& b) {
                              return a.query == b.query && a.reference == b.reference;
                            }),
                matches.end());
  std::stable_sort(matches.begin(), matches.end(), [](const SelfMatch& a, const SelfMatch& b) {
    if (a.query != b.query) return a.query < b.query;
    return a.distance < b.distance;
  });
  return matches;
}

// ---------------------------------------------------------------------------------------------
// PhotoMatcher

void PhotoMatcher::search_probes(std::uint32_t first_entry) {
  hits_.resize(std::max(hits_.size(), probe_hashes_.size()));
  for (std::size_t p = 0; p < probe_hashes_.size(); ++p) hits_[p].clear();
  std::span<std::vector<HashHit>> hits(hits_.data(), probe_hashes_.size());
  if (references_.table_) {
    for (std::size_t p = 0; p < probe_hashes_.size(); ++p)
      references_.table_->find_within(probe_hashes_[p], options_.max_distance, hits[p],
                                      first_entry);
  } else {
    std::span<const Pdq256> hashes = std::span(references_.hashes_).subspan(first_entry);
    scan_within_batch(hashes, probe_hashes_, options_.max_distance, hits);
    if (first_entry > 0) {
      for (std::vector<HashHit>& probe_hits : hits) {
        for (HashHit& hit : probe_hits) hit.entry += first_entry;
      }
    }
  }
}

std::span<PhotoMatcher::Candidate> PhotoMatcher::best_candidates(std::size_t begin, std::size_t end,
                                                                 std::uint32_t first_photo) {
  candidates_.clear();
  for (std::size_t p = begin; p < end; ++p) {
    const Dihedral probe = probes_[p].transform;
    for (const HashHit& hit : hits_[p]) {
      const ReferenceSet::Entry& entry = references_.entries_[hit.entry];
      if (entry.photo < first_photo) continue;
      // A rotation of one side against a rotation of the other is not a transform of the
      // photo: only original-vs-any pairs count.
      if (probe != Dihedral::original && entry.transform != Dihedral::original) continue;
      Dihedral transform = probe != Dihedral::original ? probe : inverse(entry.transform);
      candidates_.push_back(Candidate{entry.photo, hit.distance, transform});
    }
  }
  std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
    if (a.photo != b.photo) return a.photo < b.photo;
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.transform < b.transform;
  });
  auto last =
      std::unique(candidates_.begin(), candidates_.end(),
                  [](const Candidate& a, const Candidate& b) { return a.photo == b.photo; });
  std::span<Candidate> best(candidates_.data(), std::size_t(last - candidates_.begin()));
  std::stable_sort(best.begin(), best.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
  return best;
}

void PhotoMatcher::match(std::span<const HashedRecord> queries, std::string& lines,
                         MatchCounts& counts) {
  // Every query photo (and each of its dihedral variants) is one probe; all probes of the batch
  // go through the reference set together.
  probes_.clear();
  probe_hashes_.clear();
  for (std::size_t q = 0; q < queries.size(); ++q) {
    for (std::size_t p = 0; p < queries[q].photos.size(); ++p) {
      const HashedPhoto& photo = queries[q].photos[p];
      if (photo.quality < options_.min_quality) {
        ++counts.low_quality;
        continue;
      }
      ++counts.query_photos;
      const int variants = photo.dihedral ? kDihedralCount : 1;
      for (int t = 0; t < variants; ++t) {
        probes_.push_back(Probe{std::uint32_t(q), std::uint32_t(p), Dihedral(t)});
        probe_hashes_.push_back(t == 0 ? photo.pdq : (*photo.dihedral)[std::size_t(t)]);
      }
    }
  }
  search_probes(0);

  // The probes of one query photo are consecutive; photos that were not probed (low quality)
  // are written as skipped in their place.
  std::size_t begin = 0;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    for (std::size_t p = 0; p < queries[q].photos.size(); ++p) {
      const HashedPhoto& photo = queries[q].photos[p];
      const QueryPhoto query{queries[q].id_json, photo.path, photo.quality};
      if (photo.quality < options_.min_quality) {
        write_skipped(query.id_json, query.path, query.quality, lines);
        continue;
      }
      std::size_t end = begin + 1;
      while (end < probes_.size() && probes_[end].query == q && probes_[end].photo == p) ++end;
      counts.matches += write_matches(query, best_candidates(begin, end, 0), lines);
      begin = end;
    }
  }
}

void PhotoMatcher::match_self(std::uint32_t begin, std::uint32_t end, std::string& lines,
                              MatchCounts& counts) {
  // The probes are the stored hashes of the photos themselves; each finds only later photos,
  // and the index skips the entries before the batch's first possible partner.
  probes_.clear();
  probe_hashes_.clear();
  for (std::uint32_t photo = begin; photo < end; ++photo) {
    if (!references_.photos_[photo].searched) continue;
    for (std::uint32_t e = references_.photos_[photo].first_entry;
         e < references_.entries_end(photo); ++e) {
      probes_.push_back(Probe{0, photo, references_.entries_[e].transform});
      probe_hashes_.push_back(references_.hashes_[e]);
    }
  }
  search_probes(references_.entries_end(begin));

  std::size_t probe = 0;
  for (std::uint32_t photo = begin; photo < end; ++photo) {
    std::optional<QueryPhoto> query = stored_query(photo, lines, counts);
    if (!query) continue;
    std::size_t probe_end = probe + 1;
    while (probe_end < probes_.size() && probes_[probe_end].photo == photo) ++probe_end;
    counts.matches += write_matches(*query, best_candidates(probe, probe_end, photo + 1), lines);
    probe = probe_end;
  }
}

std::optional<PhotoMatcher::QueryPhoto> PhotoMatcher::stored_query(std::uint32_t photo,
                                                                   std::string& lines,
                                                                   MatchCounts& counts) const {
  // A stored photo below --min-quality is written as skipped in its place, never searched.
  const ReferenceSet::Photo& stored = references_.photos_[photo];
  const QueryPhoto query{references_.record_id(stored.record), references_.path(stored),
                         stored.quality};
  if (!stored.searched) {
    ++counts.low_quality;
    write_skipped(query.id_json, query.path, query.quality, lines);
    return std::nullopt;
  }
  ++counts.query_photos;
  return query;
}

void PhotoMatcher::write_self(std::uint32_t photo, std::span<const SelfMatch> matches,
                              std::string& lines, MatchCounts& counts) {
  std::optional<QueryPhoto> query = stored_query(photo, lines, counts);
  if (!query) return;
  candidates_.clear();
  for (const SelfMatch& match : matches)
    candidates_.push_back(Candidate{match.reference, match.distance, match.transform});
  counts.matches += write_matches(*query, candidates_, lines);
}

std::size_t PhotoMatcher::write_matches(const QueryPhoto& query, std::span<Candidate> candidates,
                                        std::string& lines) {
  if (options_.top >= 0 && candidates.size() > std::size_t(options_.top)) {
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
    candidates = candidates.first(std::size_t(options_.top));
  }
  for (const Candidate& c : candidates) {
    const ReferenceSet::Photo& reference = references_.photos_[c.photo];
    JsonWriter json(lines);
    json.begin_object();
    json.field("kind", "photo_match");
    json.key("query");
    json.raw(query.id_json);
    if (query.path) json.field("query_path", *query.path);
    json.key("reference");
    json.raw(references_.record_id(reference.record));
    if (auto path = references_.path(reference)) json.field("reference_path", *path);
    json.field("distance", c.distance);
    json.field("dihedral", dihedral_name(c.transform));
    json.field("query_quality", query.quality);
    json.field("reference_quality", reference.quality);
    json.end_object();
    lines += '\n';
  }
  return candidates.size();
}

}  // namespace reunite::photo
