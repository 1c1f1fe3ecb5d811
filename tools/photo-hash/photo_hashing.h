// Hashing the photos of a record stream: files → decode → PDQ, on several threads, with the
// output in input order and memory bounded by one batch (DESIGN.md §3).
//
// Records mode: a record with `photos` (paths, relative to the photo root) gets `photo_hashes`,
// one entry per photo — {"path","pdq","quality","width","height"} (+ "pdq_dihedral": the eight
// hashes in PDQ.md's order), or {"path","error"} for a photo that could not be hashed, so a
// record with one bad photo keeps its good ones.  Paths mode: each path gives one
// {"kind":"photo","id","path",...} record; a path that cannot be hashed is rejected.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "image.h"
#include "pdq.h"
#include "reunite/json.h"
#include "reunite/record_stream.h"

namespace reunite::photo {

struct PhotoHashOptions {
  PdqMode mode = PdqMode::exact;
  bool dihedral = false;
  DecodeOptions decode;          // max_pixels is the decompression-bomb guard
  std::string photo_root = ".";  // relative photo paths are resolved against it
  int threads = 1;
};

// One photo's result.
struct PhotoOutcome {
  std::optional<PhotoError> error;
  PdqResult pdq;
  std::optional<std::array<Pdq256, kDihedralCount>> dihedral;
  int width = 0;  // as stored in the file
  int height = 0;
};

struct PhotoJob {
  std::string path;  // as written in the input
  PhotoOutcome outcome;
};

// `path` resolved against the photo root (absolute paths and an empty root are kept as is).
std::string resolve_photo_path(const std::string& root, const std::string& path);

// Hashes every job's photo, `options.threads` at a time; each outcome lands in its job.
void hash_photo_jobs(std::span<PhotoJob> jobs, const PhotoHashOptions& options);

// The fields of one photo entry after "path": pdq, quality, width, height (and pdq_dihedral),
// or error.
void write_photo_fields(JsonWriter& json, const PhotoOutcome& outcome);

// Records mode: reads every record, adds photo_hashes where there are photos, writes them in
// order.  Counts stats "photos" and "photos_failed".
void hash_record_photos(RecordReader& reader, RecordWriter& writer, Stats& stats,
                        const PhotoHashOptions& options);

// Paths mode: `next_path` yields paths until it returns false; `where` names the source of the
// n-th path (1-based) for rejects.
struct PathSource {
  std::function<bool(std::string& path)> next_path;
  std::string name;  // "<arguments>" or "<stdin>"
};
void hash_path_list(PathSource& source, RecordWriter& writer, Rejects& rejects, Stats& stats,
                    const PhotoHashOptions& options);

}  // namespace reunite::photo
