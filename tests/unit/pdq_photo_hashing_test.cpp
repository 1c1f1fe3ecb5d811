// The record-stream side of reunite-photo-hash: paths, threads keeping order, JSON fields.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "photo_hashing.h"

using namespace reunite::photo;

namespace {

const std::string kImages = std::string(REUNITE_TEST_DATA) + "/pdq/images";

// Every image of expected.tsv with its canonical hash.
std::vector<std::pair<std::string, std::string>> expected_hashes() {
  std::ifstream in(std::string(REUNITE_TEST_DATA) + "/pdq/expected.tsv");
  std::vector<std::pair<std::string, std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string name, pdq;
    std::getline(fields, name, '\t');
    std::getline(fields, pdq, '\t');
    rows.emplace_back(name, pdq);
  }
  return rows;
}

}  // namespace

TEST_CASE("photo hashing: paths resolve against the root") {
  CHECK(resolve_photo_path("/data", "a/b.jpg") == "/data/a/b.jpg");
  CHECK(resolve_photo_path("/data/", "b.jpg") == "/data/b.jpg");
  CHECK(resolve_photo_path("/data", "/abs/b.jpg") == "/abs/b.jpg");
  CHECK(resolve_photo_path(".", "b.jpg") == "b.jpg");
  CHECK(resolve_photo_path("", "b.jpg") == "b.jpg");
}

TEST_CASE("photo hashing: threads keep every outcome with its job") {
  auto expected = expected_hashes();
  REQUIRE(expected.size() >= 40);
  for (int threads : {1, 2, 3}) {
    CAPTURE(threads);
    PhotoHashOptions options;
    options.photo_root = kImages;
    options.threads = threads;
    std::vector<PhotoJob> jobs;
    for (const auto& [name, pdq] : expected) jobs.push_back(PhotoJob{name, {}});
    jobs.push_back(PhotoJob{"no-such-image.jpg", {}});
    hash_photo_jobs(jobs, options);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CAPTURE(jobs[i].path);
      REQUIRE_FALSE(jobs[i].outcome.error.has_value());
      CHECK(jobs[i].outcome.pdq.hash.to_hex() == expected[i].second);
    }
    REQUIRE(jobs.back().outcome.error.has_value());
    CHECK(jobs.back().outcome.error->kind == PhotoErrorKind::unreadable);
  }
}

TEST_CASE("photo hashing: JSON fields of a photo") {
  PhotoHashOptions options;
  options.photo_root = kImages;
  options.dihedral = true;
  std::vector<PhotoJob> jobs{{"wee.jpg", {}}, {"../expected.tsv", {}}};
  hash_photo_jobs(jobs, options);

  std::string line;
  reunite::JsonWriter json(line);
  json.begin_object();
  write_photo_fields(json, jobs[0].outcome);
  json.end_object();
  CHECK(line.starts_with(
      R"({"pdq":"6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d",)"
      R"("quality":100,"width":34,"height":42,"pdq_dihedral":[)"
      R"("6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d",)"
      R"("1d43091e38bdea750e55e2d58e41f01e1daee6a184e19ea57c0701fce1fe18de",)"));
  CHECK(line.ends_with(R"("48165e4bede8bf205b00b780db14a54b48fbb3f4d1b4cbf02b5254a9b4ab4dab"]})"));

  line.clear();
  reunite::JsonWriter error_json(line);
  error_json.begin_object();
  write_photo_fields(error_json, jobs[1].outcome);
  error_json.end_object();
  CHECK(line == R"({"error":"not_an_image: not JPEG, PNG, WebP or GIF"})");
}
