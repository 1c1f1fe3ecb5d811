// The whole runs of match: reading both sides, batching the queries (or the set's own photos)
// over threads, and writing the records in order.  The search itself is photo_match.cpp.
#include <algorithm>
#include <memory>

#include "photo_match.h"
#include "reunite/ordered_parallel.h"

namespace reunite::photo {

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

void write_lines(RecordWriter& writer, std::string_view lines) {
  for (auto end = lines.find('\n'); end != std::string_view::npos; end = lines.find('\n')) {
    writer.write(lines.substr(0, end));
    lines.remove_prefix(end + 1);
  }
}

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
        write_lines(writer, result.lines);
        stats.add("query_photos", result.counts.query_photos);
        summary.queries_low_quality += result.counts.low_quality;
      });
  stats.set("queries_without_hashes", without_hashes);
  stats.set("query_photos_unhashed", unhashed);
  stats.set("query_photos_low_quality", summary.queries_low_quality);
  stats.set("reference_photos_low_quality", summary.references_low_quality);
  return summary;
}

namespace {

// Photos of a self-match searched together (as kQueriesPerBatch for queries).
constexpr std::uint32_t kSelfPhotosPerBatch = 256;

struct PhotoRange {
  std::uint32_t begin = 0, end = 0;
};

}  // namespace

MatchSummary match_photos_self(RecordReader& records, RecordWriter& writer, Stats& stats,
                               const MatchOptions& options) {
  MatchSummary summary;
  ReferenceSet set;
  set.keep_low_quality(true);
  HashedRecord record_hashes;
  std::uint64_t without_hashes = 0, unhashed = 0;
  for (Record record; records.next(record);) {
    HashedRecordRead read = read_hashed_record(record, record_hashes);
    if (read.status == HashedRecordStatus::invalid) {
      records.reject(record, read.error);
    } else if (read.status == HashedRecordStatus::no_hashes) {
      ++without_hashes;
    } else {
      unhashed += std::uint64_t(record_hashes.unhashed);
      set.add(record_hashes, options.min_quality);
    }
  }
  set.finish(options.method, options.max_distance);
  summary.indexed = set.indexed();

  const auto photos = std::uint32_t(set.photo_count());
  std::uint64_t pairs = 0;
  if (set.indexed()) {
    std::vector<SelfMatch> matches =
        set.self_matches(options.max_distance, options.threads, options.max_pairs);
    PhotoMatcher matcher(set, options);
    BatchResult result;
    auto next_match = matches.begin();
    for (std::uint32_t photo = 0; photo < photos; ++photo) {
      auto end = std::find_if(next_match, matches.end(),
                              [&](const SelfMatch& m) { return m.query != photo; });
      result.lines.clear();
      matcher.write_self(photo, std::span(next_match, end), result.lines, result.counts);
      write_lines(writer, result.lines);
      next_match = end;
    }
    pairs = result.counts.matches;
    summary.queries_low_quality = result.counts.low_quality;
  }
  std::uint32_t next = set.indexed() ? photos : 0;
  OrderedParallelMap<PhotoRange, BatchResult> map(
      {.threads = unsigned(std::max(1, options.threads)), .batch_items = 1});
  map.run(
      [&](PhotoRange& range) {
        range.begin = next;
        range.end = next + std::min(kSelfPhotosPerBatch, photos - next);
        next = range.end;
        return range.begin < range.end;
      },
      [&](unsigned) {
        auto matcher = std::make_shared<PhotoMatcher>(set, options);
        return [matcher](PhotoRange& range, BatchResult& result) {
          result.lines.clear();
          result.counts = {};
          matcher->match_self(range.begin, range.end, result.lines, result.counts);
        };
      },
      [&](PhotoRange&, BatchResult& result) {
        write_lines(writer, result.lines);
        pairs += result.counts.matches;
        summary.queries_low_quality += result.counts.low_quality;
      });
  stats.set("photos", set.photo_count() - set.low_quality());
  stats.set("hashes", set.hash_count());
  stats.set("pairs", pairs);
  stats.set("records_without_hashes", without_hashes);
  stats.set("photos_unhashed", unhashed);
  stats.set("photos_low_quality", summary.queries_low_quality);
  return summary;
}

}  // namespace reunite::photo
