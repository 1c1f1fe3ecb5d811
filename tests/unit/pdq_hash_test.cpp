// PDQ against the reference's vectors (tests/data/pdq, copied from the reference project, its
// Python library's tests and edge cases): every image, both flavours, bit for bit.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "image.h"
#include "pdq.h"
#include "pdq_steps.h"

using namespace reunite::photo;

namespace {

const std::string kDataDir = std::string(REUNITE_TEST_DATA) + "/pdq";

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream fields_in(line);
    std::string field;
    while (std::getline(fields_in, field, '\t')) fields.push_back(field);
    if (!line.empty() && line.back() == '\t') fields.push_back("");
    rows.push_back(fields);
  }
  return rows;
}

Image load(const std::string& name) {
  auto image = decode_image_file(kDataDir + "/images/" + name);
  REQUIRE_MESSAGE(image.ok(), name << ": " << image.error().message());
  return std::move(*image);
}

}  // namespace

TEST_CASE("pdq: every vector in expected.tsv, modes exact and cli") {
  auto rows = read_tsv(kDataDir + "/expected.tsv");
  REQUIRE(rows.size() >= 40);
  PdqHasher hasher;
  int exact_checked = 0, exact_passed = 0, cli_checked = 0, cli_passed = 0;
  for (const auto& row : rows) {
    REQUIRE(row.size() >= 3);
    const std::string& name = row[0];
    CAPTURE(name);
    Image image = load(name);

    PdqResult exact = hasher.hash(image, PdqMode::exact);
    ++exact_checked;
    CHECK(exact.hash.to_hex() == row[1]);
    CHECK(exact.quality == std::stoi(row[2]));
    exact_passed += exact.hash.to_hex() == row[1] && exact.quality == std::stoi(row[2]);

    if (row.size() >= 5 && !row[3].empty()) {
      PdqResult cli = hasher.hash(image, PdqMode::cli);
      ++cli_checked;
      CHECK(cli.hash.to_hex() == row[3]);
      CHECK(cli.quality == std::stoi(row[4]));
      cli_passed += cli.hash.to_hex() == row[3] && cli.quality == std::stoi(row[4]);
    }
  }
  MESSAGE("exact: " << exact_passed << "/" << exact_checked
                    << " vectors bit-exact; cli: " << cli_passed << "/" << cli_checked);
  CHECK(exact_passed == exact_checked);
  CHECK(cli_passed == cli_checked);
}

TEST_CASE("pdq: fast mode stays near exact on every test image") {
  auto rows = read_tsv(kDataDir + "/expected.tsv");
  PdqHasher hasher;
  int total = 0, worst = 0, moved = 0;
  for (const auto& row : rows) {
    CAPTURE(row[0]);
    auto image =
        decode_image_file(kDataDir + "/images/" + row[0], decode_options_for(PdqMode::fast));
    REQUIRE(image.ok());
    int distance =
        hamming_distance(hasher.hash(*image, PdqMode::fast).hash, *Pdq256::from_hex(row[1]));
    if (std::stoi(row[2]) >= 50) CHECK(distance <= 31);  // still a match
    total += distance;
    worst = std::max(worst, distance);
    moved += distance > 0;
  }
  MESSAGE("fast vs exact over " << rows.size() << " images: mean "
                                << double(total) / double(rows.size()) << " bits, max " << worst
                                << ", " << moved << " moved at all");
}

TEST_CASE("pdq: every vector in expected-dihedral.tsv") {
  auto rows = read_tsv(kDataDir + "/expected-dihedral.tsv");
  REQUIRE(rows.size() >= 5);
  PdqHasher hasher;
  int checked = 0, passed = 0;
  for (const auto& row : rows) {
    REQUIRE(row.size() == 1 + kDihedralCount);
    CAPTURE(row[0]);
    PdqDihedralResult result = hasher.hash_dihedral(load(row[0]), PdqMode::exact);
    for (int d = 0; d < kDihedralCount; ++d) {
      CAPTURE(dihedral_name(static_cast<Dihedral>(d)));
      ++checked;
      CHECK(result.hashes[d].to_hex() == row[1 + d]);
      passed += result.hashes[d].to_hex() == row[1 + d];
    }
  }
  MESSAGE("dihedral: " << passed << "/" << checked << " hashes bit-exact");
  CHECK(passed == checked);
}

TEST_CASE("pdq: the dihedral original is the plain hash, in every mode") {
  Image image = load("q0122.jpg");
  for (PdqMode mode : {PdqMode::exact, PdqMode::cli}) {
    PdqResult plain = pdq_hash(image, mode);
    PdqDihedralResult all = pdq_hash_dihedral(image, mode);
    CHECK(all[Dihedral::original] == plain.hash);
    CHECK(all.quality == plain.quality);
  }
}

TEST_CASE("pdq: rotated and mirrored copies are found through the dihedral hashes") {
  // bridge-2..8 are the original turned and mirrored; each plain hash must lie near the matching
  // dihedral hash of the original and far from its plain hash.
  const char* files[] = {"bridge-2-rotate-90.jpg",   "bridge-3-rotate-180.jpg",
                         "bridge-4-rotate-270.jpg",  "bridge-5-flipx.jpg",
                         "bridge-6-flipy.jpg",       "bridge-7-flip-plus-1.jpg",
                         "bridge-8-flip-minus-1.jpg"};
  PdqDihedralResult original = pdq_hash_dihedral(load("bridge-1-original.jpg"));
  for (int d = 1; d < kDihedralCount; ++d) {
    CAPTURE(files[d - 1]);
    Pdq256 copy = pdq_hash(load(files[d - 1])).hash;
    CHECK(hamming_distance(copy, original.hashes[d]) <= 31);
    CHECK(hamming_distance(copy, original[Dihedral::original]) > 31);
  }
}

TEST_CASE("pdq: hashing a luma plane equals hashing the image") {
  Image image = load("mode-L.png");  // grey: luma is the pixel value (PDQ.md step 3)
  std::vector<float> luma(image.pixels.begin(), image.pixels.end());
  PdqHasher hasher;
  CHECK(hasher.hash_luma(luma, image.height, image.width) == hasher.hash(image));
  PdqDihedralResult from_plane = hasher.hash_luma_dihedral(luma, image.height, image.width);
  PdqDihedralResult from_image = hasher.hash_dihedral(image);
  CHECK(from_plane.hashes == from_image.hashes);
}

TEST_CASE("pdq: images under 5 pixels on a side hash to zero with quality 0") {
  Image tiny;
  tiny.width = 4;
  tiny.height = 100;
  tiny.channels = 1;
  tiny.pixels.assign(400, 200);
  PdqResult result = pdq_hash(tiny);
  CHECK(result.hash.is_zero());
  CHECK(result.quality == 0);
}

TEST_CASE("pdq: a flat image has quality 0") {
  Image flat;
  flat.width = 300;
  flat.height = 200;
  flat.channels = 3;
  flat.pixels.assign(300 * 200 * 3, 77);
  CHECK(pdq_hash(flat).quality == 0);
}

TEST_CASE("pdq: modes by name") {
  CHECK(parse_pdq_mode("exact") == PdqMode::exact);
  CHECK(parse_pdq_mode("cli") == PdqMode::cli);
  CHECK(parse_pdq_mode("fast") == PdqMode::fast);
  CHECK_FALSE(parse_pdq_mode("Exact").has_value());
  CHECK(mode_name(PdqMode::cli) == "cli");
}

TEST_CASE("pdq: Torben's median") {
  using pdq_steps::torben_median;
  const float odd[] = {5, 1, 4, 2, 3};
  CHECK(torben_median(odd) == 3);
  const float even[] = {4, 1, 3, 2};  // lower median
  CHECK(torben_median(even) == 2);
  const float same[] = {7, 7, 7};
  CHECK(torben_median(same) == 7);
}
