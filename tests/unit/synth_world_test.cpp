// reunite-synth: whole worlds.  The same seed gives the same bytes; the noise planted in the
// exports comes at the asked rates; the answer file and the exports agree.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "allele_frequencies.h"
#include "person_text.h"
#include "str_genetics.h"
#include "world.h"

using namespace reunite;
using namespace reunite::synth;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "synth-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::map<std::string, std::string> tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), root).string()] = slurp(entry.path());
  return files;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> csv_cells(const std::string& line) {  // no quoted commas in these cells
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the same seed gives the same bytes, another seed another world") {
  TempDir a, b, c;
  WorldSettings settings;
  settings.families = 12;
  settings.photo_width = 64;
  settings.photo_height = 48;
  settings.seed = 17;
  settings.out_dir = a.path.string();
  WorldCounts counts = generate_world(settings);
  settings.out_dir = b.path.string();
  generate_world(settings);
  settings.seed = 18;
  settings.out_dir = c.path.string();
  generate_world(settings);
  auto first = tree(a.path), second = tree(b.path), other = tree(c.path);
  CHECK(first.size() > 10);
  CHECK(first == second);
  CHECK(first.at("answers.jsonl") != other.at("answers.jsonl"));
  CHECK(counts.families == 12);
  CHECK(first.count("exports/police-cases.gb18030.csv"));
  CHECK(first.count("exports/unidentified-children.genemapper.txt"));
  CHECK(count(first.at("answers.jsonl"), "\"kind\":\"family\"") == 12);
}

TEST_CASE("noise rates in the exports are the asked ones") {
  TempDir dir;
  WorldSettings settings;
  settings.families = 3000;
  settings.photo_share = 0;
  settings.broken_rows = 0;
  settings.site_share = 1.0;
  settings.noise.id_number_share = 0.5;
  settings.noise.bad_id_rate = 0.2;
  settings.noise.pinyin_share = 0.4;
  settings.noise.traditional_share = 0.1;
  settings.noise.partial_date_share = 0.25;
  settings.noise.typo_rate = 0.2;
  settings.out_dir = dir.path.string();
  WorldCounts counts = generate_world(settings);
  CHECK(counts.site_reports == 3000);

  // ID numbers in the UTF-8 family-search export: given at id_number_share, wrong at bad_id_rate.
  auto site = lines_of(slurp(dir.path / "exports" / "family-search.csv"));
  REQUIRE(site.size() == 3001);
  int given = 0, bad = 0;
  for (std::size_t i = 1; i < site.size(); ++i) {
    auto cells = csv_cells(site[i]);
    REQUIRE(cells.size() == 10);
    if (cells[6].empty()) continue;
    ++given;
    bad += !resident_id_checksum_valid(cells[6]);
  }
  auto near = [](double observed, double p, double n) {
    return std::abs(observed - p) <= 5 * std::sqrt(p * (1 - p) / n);
  };
  CHECK(near(given / 3000.0, 0.5, 3000));
  CHECK(near(static_cast<double>(bad) / given, 0.2, given));

  // Name scripts and partial dates of the volunteer reports, from the answer file's noise.
  std::string answers = slurp(dir.path / "answers.jsonl");
  double volunteer = static_cast<double>(counts.volunteer_reports);
  std::size_t pinyin_volunteer = 0, traditional = 0, partial = 0, lunar = 0, pinyin_typos = 0;
  for (const std::string& line : lines_of(answers)) {
    if (std::size_t police = line.find("\"source\":\"police\""); police != std::string::npos)
      lunar += count(line.substr(police, line.find(']', police) - police), "\"lunar_date\"");
    std::size_t at = line.find("\"source\":\"volunteer\"");
    if (at == std::string::npos) continue;
    std::string noise = line.substr(at, line.find(']', at) - at);
    pinyin_volunteer += count(noise, "\"pinyin\"");
    // A pinyin name always can have a typo (a letter); characters need a homophone.
    pinyin_typos += count(noise, "\"pinyin\"") && count(noise, "\"name_typo\"");
    traditional += count(noise, "\"traditional\"");
    partial += count(noise, "\"partial_date\"") > 0;
  }
  CHECK(near(pinyin_volunteer / volunteer, 0.4, volunteer));
  CHECK(near(static_cast<double>(pinyin_typos) / pinyin_volunteer, 0.2, pinyin_volunteer));
  CHECK(near(traditional / volunteer, 0.1, volunteer));
  CHECK(near(partial / volunteer, 1 - 0.75 * 0.75, volunteer));  // two dates, either partial
  double police = static_cast<double>(counts.police_reports);
  CHECK(near(lunar / police, 0.05, police));
}

TEST_CASE("a world's children carry mutations at the asked rates") {
  TempDir dir;
  WorldSettings settings;
  settings.families = 4000;
  settings.photo_share = 0;
  settings.mutation.scale = 5;
  settings.out_dir = dir.path.string();
  generate_world(settings);
  std::string answers = slurp(dir.path / "answers.jsonl");
  // Expected: per child, the sum over loci of the paternal and maternal rates.
  const kinship::PopulationFrequencies& population =
      *kinship::builtin_frequencies().population("China_StdAppD59");
  const Kit kits[] = {Kit::kGoldeneye20A, Kit::kPowerPlex21, Kit::kIdentifiler};
  StrSimulator simulator(population, kits, settings.mutation);
  double paternal = 0, maternal = 0;
  for (const SimulatedLocus& locus : simulator.loci()) {
    paternal += locus.rate_male;
    maternal += locus.rate_female;
  }
  auto within = [](double observed, double expected) {
    return std::abs(observed - expected) <= 5 * std::sqrt(expected);  // Poisson
  };
  double from_fathers = static_cast<double>(count(answers, "\"parent\":\"father\""));
  double from_mothers = static_cast<double>(count(answers, "\"parent\":\"mother\""));
  CHECK(within(from_fathers, paternal * 4000));
  CHECK(within(from_mothers, maternal * 4000));
  CHECK(from_fathers > 2 * from_mothers);
}
