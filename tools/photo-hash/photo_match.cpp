#include "photo_match.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

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
    if (photo.quality < min_quality) {
      ++low_quality_;
      continue;
    }
    if (photos_.size() >= 0xFFFFFFFFU) throw std::length_error("over 4 billion reference photos");
    Photo stored{record_index, photo.path.has_value(), photo.quality, text_.size(), 0};
    if (photo.path) {
      text_ += *photo.path;
      stored.path_length = photo.path->size();
    }
    const auto photo_index = std::uint32_t(photos_.size());
    photos_.push_back(stored);
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

// ---------------------------------------------------------------------------------------------
// PhotoMatcher

void PhotoMatcher::search_probes() {
  hits_.resize(std::max(hits_.size(), probe_hashes_.size()));
  for (std::size_t p = 0; p < probe_hashes_.size(); ++p) hits_[p].clear();
  std::span<std::vector<HashHit>> hits(hits_.data(), probe_hashes_.size());
  if (references_.table_) {
    for (std::size_t p = 0; p < probe_hashes_.size(); ++p)
      references_.table_->find_within(probe_hashes_[p], options_.max_distance, hits[p]);
  } else {
    scan_within_batch(references_.hashes_, probe_hashes_, options_.max_distance, hits);
  }
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
  search_probes();

  // The probes of one query photo are consecutive: gather their hits, keep each reference
  // photo's best (smallest distance, then first transform), and write them in order.
  for (std::size_t begin = 0; begin < probes_.size();) {
    std::size_t end = begin + 1;
    while (end < probes_.size() && probes_[end].query == probes_[begin].query &&
           probes_[end].photo == probes_[begin].photo)
      ++end;
    candidates_.clear();
    for (std::size_t p = begin; p < end; ++p) {
      const Dihedral probe = probes_[p].transform;
      for (const HashHit& hit : hits_[p]) {
        const ReferenceSet::Entry& entry = references_.entries_[hit.entry];
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
    std::stable_sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
      return a.distance < b.distance;
    });
    const HashedRecord& query = queries[probes_[begin].query];
    write_matches(query, query.photos[probes_[begin].photo], best, lines);
    counts.matches += best.size();
    begin = end;
  }
}

void PhotoMatcher::write_matches(const HashedRecord& query, const HashedPhoto& photo,
                                 std::span<Candidate> candidates, std::string& lines) {
  for (const Candidate& c : candidates) {
    const ReferenceSet::Photo& reference = references_.photos_[c.photo];
    JsonWriter json(lines);
    json.begin_object();
    json.field("kind", "photo_match");
    json.key("query");
    json.raw(query.id_json);
    if (photo.path) json.field("query_path", *photo.path);
    json.key("reference");
    json.raw(references_.record_id(reference.record));
    if (reference.has_path)
      json.field("reference_path", references_.text(reference.path_begin, reference.path_length));
    json.field("distance", c.distance);
    json.field("dihedral", dihedral_name(c.transform));
    json.field("query_quality", photo.quality);
    json.field("reference_quality", reference.quality);
    json.end_object();
    lines += '\n';
  }
}

// ---------------------------------------------------------------------------------------------
// The whole run

namespace {

// Query records searched together: one pass of the scan over the references serves them all.
constexpr std::size_t kQueriesPerBatch = 256;

struct QueryBatch {
  std::vector<HashedRecord> records;
  std::size_t size = 0;
};

struct BatchResult {
  std::string lines;
  MatchCounts counts;
};

}  // namespace

MatchSummary match_photos(RecordReader& references, RecordReader& queries, RecordWriter& writer,
                          Stats& stats, const MatchOptions& options) {
  MatchSummary summary;
  ReferenceSet set;
  HashedRecord record_hashes;
  for (Record record; references.next(record);) {
    HashedRecordRead read = read_hashed_record(record, record_hashes);
    if (read.status == HashedRecordStatus::invalid) {
      references.reject(record, read.error);
    } else if (read.status == HashedRecordStatus::ok) {
      set.add(record_hashes, options.min_quality);
    }
  }
  set.finish(options.method, options.max_distance);
  stats.set("reference_photos", set.photo_count());
  stats.set("reference_hashes", set.hash_count());
  summary.references_low_quality = set.low_quality();
  summary.indexed = set.indexed();

  std::uint64_t without_hashes = 0, unhashed = 0;
  OrderedParallelMap<QueryBatch, BatchResult> map(
      {.threads = unsigned(std::max(1, options.threads)), .batch_items = 1});
  map.run(
      [&](QueryBatch& batch) {  // on this thread: reading and rejects
        batch.size = 0;
        Record record;
        while (batch.size < kQueriesPerBatch && queries.next(record)) {
          if (batch.records.size() == batch.size) batch.records.emplace_back();
          HashedRecord& hashes = batch.records[batch.size];
          HashedRecordRead read = read_hashed_record(record, hashes);
          if (read.status == HashedRecordStatus::invalid) {
            queries.reject(record, read.error);
            continue;
          }
          if (read.status == HashedRecordStatus::no_hashes) {
            ++without_hashes;
            continue;
          }
          unhashed += std::uint64_t(hashes.unhashed);
          ++batch.size;
        }
        return batch.size > 0;
      },
      [&](unsigned) {
        auto matcher = std::make_shared<PhotoMatcher>(set, options);
        return [matcher](QueryBatch& batch, BatchResult& result) {
          result.lines.clear();
          result.counts = {};
          matcher->match(std::span(batch.records).first(batch.size), result.lines, result.counts);
        };
      },
      [&](QueryBatch&, BatchResult& result) {
        std::string_view rest = result.lines;
        for (auto end = rest.find('\n'); end != std::string_view::npos; end = rest.find('\n')) {
          writer.write(rest.substr(0, end));
          rest.remove_prefix(end + 1);
        }
        stats.add("query_photos", result.counts.query_photos);
        summary.queries_low_quality += result.counts.low_quality;
      });
  stats.set("queries_without_hashes", without_hashes);
  stats.set("query_photos_unhashed", unhashed);
  stats.set("query_photos_low_quality", summary.queries_low_quality);
  stats.set("reference_photos_low_quality", summary.references_low_quality);
  return summary;
}

}  // namespace reunite::photo
