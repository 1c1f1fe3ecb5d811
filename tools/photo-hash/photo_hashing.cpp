#include "photo_hashing.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace reunite::photo {

namespace {

// A batch is what one pass of the worker threads hashes: large enough that every thread stays
// busy, small enough that memory does not depend on the input's length.
constexpr std::size_t kPhotosPerThread = 32;
constexpr std::size_t kMaxRecordsPerBatch = 4096;

std::size_t batch_photos(const PhotoHashOptions& options) {
  return kPhotosPerThread * std::size_t(std::max(1, options.threads));
}

// One thread's reusable state: the decoded image's memory and the hasher.
struct Workspace {
  Image image;
  PdqHasher hasher;
};

PhotoOutcome hash_one(const std::string& path, const PhotoHashOptions& options, Workspace& w) {
  PhotoOutcome outcome;
  auto bytes = read_file_bytes(resolve_photo_path(options.photo_root, path));
  if (!bytes) {
    outcome.error = bytes.error();
    return outcome;
  }
  if (auto error =
          decode_image_into(*bytes, decode_options_for(options.mode, options.decode), w.image)) {
    outcome.error = std::move(error);
    return outcome;
  }
  outcome.width = w.image.stored_width;
  outcome.height = w.image.stored_height;
  if (options.dihedral) {
    PdqDihedralResult all = w.hasher.hash_dihedral(w.image, options.mode);
    outcome.pdq = PdqResult{all[Dihedral::original], all.quality};
    outcome.dihedral = all.hashes;
  } else {
    outcome.pdq = w.hasher.hash(w.image, options.mode);
  }
  return outcome;
}

}  // namespace

std::string resolve_photo_path(const std::string& root, const std::string& path) {
  if (root.empty() || root == "." || path.empty() || path.front() == '/') return path;
  return root.back() == '/' ? root + path : root + "/" + path;
}

void hash_photo_jobs(std::span<PhotoJob> jobs, const PhotoHashOptions& options) {
  const std::size_t threads = std::min<std::size_t>(std::max(1, options.threads), jobs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    Workspace workspace;
    for (std::size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      jobs[i].outcome = hash_one(jobs[i].path, options, workspace);
    }
  };
  if (threads <= 1) {
    work();
    return;
  }
  std::vector<std::jthread> workers;
  for (std::size_t t = 0; t < threads; ++t) workers.emplace_back(work);
}

void write_photo_fields(JsonWriter& json, const PhotoOutcome& outcome) {
  if (outcome.error) {
    json.field("error", outcome.error->message());
    return;
  }
  json.field("pdq", outcome.pdq.hash.to_hex());
  json.field("quality", outcome.pdq.quality);
  json.field("width", outcome.width);
  json.field("height", outcome.height);
  if (outcome.dihedral) {
    json.key("pdq_dihedral");
    json.begin_array();
    for (const Pdq256& hash : *outcome.dihedral) json.string(hash.to_hex());
    json.end_array();
  }
}

namespace {

// The `photos` of a record: nullopt without the field; an error text when it is not an array of
// strings.
struct PhotoList {
  bool present = false;
  std::vector<std::string> paths;
  std::string error;
};

PhotoList photo_list(Record& record) {
  PhotoList list;
  if (!record.has_field("photos")) return list;
  list.present = true;
  simdjson::ondemand::array array;
  if (record.document().find_field_unordered("photos").get_array().get(array)) {
    list.error = "photos: not an array of paths";
    return list;
  }
  for (auto element : array) {
    std::string_view path;
    if (element.get_string().get(path)) {
      list.error = "photos: not an array of paths";
      return list;
    }
    list.paths.emplace_back(path);
  }
  return list;
}

// A record waiting for its photos' hashes: its text without photo_hashes and without the
// closing brace, to which the new field is appended.
struct PendingRecord {
  std::string head;
  std::size_t first_job = 0;
  std::size_t job_count = 0;
  bool has_photos = false;
};

PendingRecord pending_record(const Record& record, const PhotoList& photos, std::size_t first) {
  PendingRecord pending{std::string(record.json), first, photos.paths.size(), photos.present};
  if (!photos.present) return pending;
  RecordEditor editor(record);
  editor.remove("photo_hashes");  // a second run replaces its own field
  pending.head = std::string(editor.result());
  pending.head.pop_back();  // the closing '}'
  return pending;
}

void write_pending(const PendingRecord& pending, std::span<const PhotoJob> jobs,
                   RecordWriter& writer, Stats& stats, std::string& line) {
  if (!pending.has_photos) {
    writer.write(pending.head);
    return;
  }
  line = pending.head;
  auto last = line.find_last_not_of(" \t\r\n");
  if (last != std::string::npos && line[last] != '{') line += ',';
  JsonWriter json(line);
  json.key("photo_hashes");
  json.begin_array();
  for (std::size_t i = 0; i < pending.job_count; ++i) {
    const PhotoJob& job = jobs[pending.first_job + i];
    json.begin_object();
    json.field("path", job.path);
    write_photo_fields(json, job.outcome);
    json.end_object();
    stats.add("photos");
    if (job.outcome.error) stats.add("photos_failed");
  }
  json.end_array();
  line += '}';
  writer.write(line);
}

}  // namespace

void hash_record_photos(RecordReader& reader, RecordWriter& writer, Stats& stats,
                        const PhotoHashOptions& options) {
  std::vector<PendingRecord> pending;
  std::vector<PhotoJob> jobs;
  std::string line;
  bool more = true;
  while (more) {
    pending.clear();
    jobs.clear();
    Record record;
    while (jobs.size() < batch_photos(options) && pending.size() < kMaxRecordsPerBatch &&
           (more = reader.next(record))) {
      PhotoList photos = photo_list(record);
      if (!photos.error.empty()) {
        reader.reject(record, photos.error);
        continue;
      }
      pending.push_back(pending_record(record, photos, jobs.size()));
      for (std::string& path : photos.paths) jobs.push_back(PhotoJob{std::move(path), {}});
    }
    hash_photo_jobs(jobs, options);
    for (const PendingRecord& p : pending) write_pending(p, jobs, writer, stats, line);
  }
}

void hash_path_list(PathSource& source, RecordWriter& writer, Rejects& rejects, Stats& stats,
                    const PhotoHashOptions& options) {
  std::vector<PhotoJob> jobs;
  std::string line;
  std::uint64_t number = 0;
  bool more = true;
  while (more) {
    jobs.clear();
    std::string path;
    while (jobs.size() < batch_photos(options) && (more = source.next_path(path))) {
      jobs.push_back(PhotoJob{std::move(path), {}});
      ++stats.read;
    }
    hash_photo_jobs(jobs, options);
    for (const PhotoJob& job : jobs) {
      ++number;
      if (job.outcome.error) {
        rejects.reject(source.name, number, job.outcome.error->message(), job.path);
        continue;
      }
      line.clear();
      JsonWriter json(line);
      json.begin_object();
      json.field("kind", "photo");
      json.field("id", job.path);
      json.field("path", job.path);
      write_photo_fields(json, job.outcome);
      json.end_object();
      writer.write(line);
    }
  }
}

}  // namespace reunite::photo
