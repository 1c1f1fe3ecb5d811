// `reunite-photo-hash match`: every reference photo whose PDQ hash is within a Hamming distance
// of a query photo's, as `photo_match` records.
//
// Both the queries and the reference set (--against) are what hashing writes: `photo` records
// ({"id","path","pdq","quality"[,"pdq_dihedral"]}) or records with `photo_hashes`.  Hashes below
// the minimum quality are not compared (PDQ says they are unreliable); they are counted in the
// stats, and the tool notes them on stderr.
//
// Dihedral hashes: a photo hashed with --dihedral carries the hashes of its 3 rotations and 4
// mirrors.  A query photo's rotations are compared with the reference originals, and a query
// original with the reference rotations, so a mirrored or rotated repost is found when either
// side was hashed with --dihedral.  `dihedral` in the output names the transform of the query
// photo that lands on the reference photo ("original" when none).
//
// Output order is deterministic whatever -j and method: query records in input order, their
// photos in order, then matches by distance and the reference's position in the --against file.
// Memory grows with the reference set: about 100 bytes per reference hash (8 hashes for a
// photo with dihedral hashes) plus its ids and paths.
//
// Self-match (--self): one set is both sides.  Every unordered pair of distinct photos within
// the distance is reported once, the earlier photo (in input order) as the query and the later
// as the reference; a photo is never paired with itself (two photos of one record are
// paired).  Order: query photos in input order, then distance, then reference position.
// With the table, the pairs come from a bucket-by-bucket join of it (ReferenceSet::
// self_matches); with the scan, each batch of photos is searched against the later ones.
//
// Photos below the minimum quality on the query side (in --self, every photo) are not silently
// dropped: each gets a `photo_match_skipped` record with its quality, so "no match" and "not
// searched" read differently.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pdq256.h"
#include "photo_hash_index.h"
#include "reunite/record_stream.h"

namespace reunite::photo {

enum class MatchMethod {
  automatic,  // the index on large sets where the distance allows it, else the scan
  scan,       // popcount over every reference hash, batched over queries
  index,      // multi-index hash table (exact; distances up to 47)
};

// --max-pairs: the pairs match --self may hold in memory (about 20 bytes each).
inline constexpr std::uint64_t kDefaultMaxPairs = 50'000'000;

struct MatchOptions {
  std::string against;
  int max_distance = 31;
  int min_quality = 50;
  MatchMethod method = MatchMethod::automatic;
  int threads = 1;
  bool self = false;  // the input set against itself; `against` unused
  int top = -1;       // at most this many matches per query photo, nearest first (-1: all)
  std::uint64_t max_pairs = kDefaultMaxPairs;  // --self: pairs held at once, see self_matches
};

// One hashed photo of a record.
struct HashedPhoto {
  std::optional<std::string> path;
  Pdq256 pdq;
  int quality = 0;
  std::optional<std::array<Pdq256, kDihedralCount>> dihedral;
};

// The hashes a record carries; `id_json` is its id as written (a JSON string or number).
struct HashedRecord {
  std::string id_json;
  std::vector<HashedPhoto> photos;
  int unhashed = 0;  // photo_hashes entries with an error instead of a hash
};

// What read_hashed_record found.
enum class HashedRecordStatus { ok, no_hashes, invalid };
struct HashedRecordRead {
  HashedRecordStatus status = HashedRecordStatus::ok;
  std::string error;  // for invalid
};
HashedRecordRead read_hashed_record(Record& record, HashedRecord& out);

// A near-duplicate pair of a self-match: photos (positions in the set) query < reference.
struct SelfMatch {
  std::uint32_t query = 0;
  std::uint32_t reference = 0;
  int distance = 0;
  Dihedral transform = Dihedral::original;  // of the query photo
};

// The --against set, held in memory and indexed.
class ReferenceSet {
 public:
  // Adds a record's photos; those under `min_quality` are left out and counted.
  void add(const HashedRecord& record, int min_quality);
  // Builds the index the method calls for; call once, after the last add().
  void finish(MatchMethod method, int max_distance);

  std::size_t photo_count() const { return photos_.size(); }
  std::size_t hash_count() const { return hashes_.size(); }
  std::uint64_t low_quality() const { return low_quality_; }
  bool indexed() const { return table_.has_value(); }
  // Every pair of photos within max_distance, best transform per pair, in output order (query,
  // distance, reference), by a bucket-by-bucket join of the multi-index table (indexed() must
  // hold) on `threads` threads.  They are all held in memory (16 bytes each) to be ordered, so
  // more than max_pairs pairs of hashes (a photo has up to 8 with dihedral hashes) stop the
  // join with a FatalError.
  std::vector<SelfMatch> self_matches(int max_distance, int threads,
                                      std::uint64_t max_pairs = kDefaultMaxPairs) const;

  // Whether to keep the photos below min_quality (not searched) so that a self-match can
  // report them; off by default.
  void keep_low_quality(bool keep) { keep_low_quality_ = keep; }

 private:
  friend class PhotoMatcher;
  struct Photo {
    std::uint32_t record = 0;
    bool has_path = false;
    bool searched = true;  // false: below min_quality, kept only to be reported
    int quality = 0;
    std::uint32_t first_entry = 0;  // its hashes are entries first_entry.. up to the next photo's
    std::uint64_t path_begin = 0;   // in text_
    std::uint64_t path_length = 0;
  };
  struct Entry {
    std::uint32_t photo = 0;
    Dihedral transform = Dihedral::original;
  };
  std::string_view text(std::uint64_t begin, std::uint64_t length) const {
    return std::string_view(text_).substr(begin, length);
  }
  std::string_view record_id(std::uint32_t record) const {
    return text(ids_[record].first, ids_[record].second);
  }
  std::optional<std::string_view> path(const Photo& photo) const {
    if (!photo.has_path) return std::nullopt;
    return text(photo.path_begin, photo.path_length);
  }
  std::uint32_t entries_end(std::uint32_t photo) const {
    return photo + 1 < photos_.size() ? photos_[photo + 1].first_entry
                                      : std::uint32_t(entries_.size());
  }

  std::vector<Pdq256> hashes_;  // one per entry
  std::vector<Entry> entries_;
  std::vector<Photo> photos_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ids_;  // (begin, length) in text_
  std::string text_;                                          // ids and paths, one after another
  std::optional<MultiIndexHashTable> table_;
  std::uint64_t low_quality_ = 0;
  bool keep_low_quality_ = false;
};

// Counts a batch of queries adds to the stats.
struct MatchCounts {
  std::uint64_t query_photos = 0;
  std::uint64_t low_quality = 0;
  std::uint64_t matches = 0;
};

// Searches query records against a finished ReferenceSet.  One per thread (it keeps scratch
// buffers); the set is shared read-only.
class PhotoMatcher {
 public:
  PhotoMatcher(const ReferenceSet& references, const MatchOptions& options)
      : references_(references), options_(options) {}

  // Appends the photo_match records of these queries to `lines`, each followed by '\n'.
  void match(std::span<const HashedRecord> queries, std::string& lines, MatchCounts& counts);
  // The same for the set's own photos [begin, end) against every later photo of the set.
  void match_self(std::uint32_t begin, std::uint32_t end, std::string& lines, MatchCounts& counts);
  // Writes the self-matches of the set's photo `photo` (from ReferenceSet::self_matches), or
  // its skipped record.
  void write_self(std::uint32_t photo, std::span<const SelfMatch> matches, std::string& lines,
                  MatchCounts& counts);

 private:
  // The query side of a photo_match record.
  struct QueryPhoto {
    std::string_view id_json;
    std::optional<std::string_view> path;
    int quality = 0;
  };
  struct Probe {
    std::uint32_t query = 0;  // index into the batch
    std::uint32_t photo = 0;  // index into the query's photos
    Dihedral transform = Dihedral::original;
  };
  struct Candidate {
    std::uint32_t photo;  // reference photo
    int distance;
    Dihedral transform;  // of the query photo
  };
  void search_probes(std::uint32_t first_entry);
  // The best hit per reference photo of probes [begin, end) (one query photo), references at
  // or after `first_photo` only, in output order.
  std::span<Candidate> best_candidates(std::size_t begin, std::size_t end,
                                       std::uint32_t first_photo);
  // Writes the matches of one query photo (the nearest --top of them) and returns how many.
  std::size_t write_matches(const QueryPhoto& query, std::span<Candidate> candidates,
                            std::string& lines);
  // A stored photo as the query side of --self: nothing (and a skipped record written) when it
  // is below --min-quality.
  std::optional<QueryPhoto> stored_query(std::uint32_t photo, std::string& lines,
                                         MatchCounts& counts) const;

  const ReferenceSet& references_;
  const MatchOptions& options_;
  std::vector<Probe> probes_;
  std::vector<Pdq256> probe_hashes_;
  std::vector<std::vector<HashHit>> hits_;
  std::vector<Candidate> candidates_;
};

// The dihedral transform that undoes `d` (rotate90 ↔ rotate270; the others undo themselves).
Dihedral inverse(Dihedral d);

// Reads the reference set, then searches every query record against it on options.threads
// threads, writing photo_match records in query order.  Invalid records of either input are
// rejected.  Stats: reference_photos, reference_hashes, query_photos, and the photos left out.
struct MatchSummary {
  std::uint64_t queries_low_quality = 0;
  std::uint64_t references_low_quality = 0;
  bool indexed = false;  // the multi-index table was used
};
MatchSummary match_photos(RecordReader& references, RecordReader& queries, RecordWriter& writer,
                          Stats& stats, const MatchOptions& options);

// Reads one set and writes every near-duplicate pair within it (see "Self-match" above).
// Stats: photos, hashes, pairs, and the photos left out.
MatchSummary match_photos_self(RecordReader& records, RecordWriter& writer, Stats& stats,
                               const MatchOptions& options);

}  // namespace reunite::photo
