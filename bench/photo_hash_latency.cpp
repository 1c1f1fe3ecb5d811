// One query at a time against a set of PDQ hashes held in memory as reunite-photo-hash holds
// them, with the tool's own search code (photo_hash_index.cpp, linked, not copied): the
// latency of a single query by the popcount scan and by the multi-index table, percentiles,
// the table's build time and the peak memory.  The command line cannot show this: match reads
// its queries in batches of 256 and has no timer of its own.  No data is made here: the
// references and queries are a set written by `reunite-synth hashes` (their "pdq" fields).
//
//   photo_hash_latency REFERENCES.jsonl QUERIES.jsonl [MAX_DISTANCE]      (default 31)
//
// Build (bench/run-photo-hash does it): c++ -O2 -std=c++20 -Itools/photo-hash
//   bench/photo_hash_latency.cpp tools/photo-hash/photo_hash_index.cpp tools/photo-hash/pdq256.cpp
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "photo_hash_index.h"

namespace {

using reunite::photo::HashHit;
using reunite::photo::Pdq256;

std::vector<Pdq256> read_hashes(const char* path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::vector<Pdq256> hashes;
  std::string line;
  constexpr std::string_view kKey = "\"pdq\":\"";
  for (long number = 1; std::getline(in, line); ++number) {
    std::size_t at = line.find(kKey);
    auto hash = at == std::string::npos
                    ? std::nullopt
                    : Pdq256::from_hex(std::string_view(line).substr(at + kKey.size(), 64));
    if (!hash)
      throw std::runtime_error(std::string(path) + ":" + std::to_string(number) + ": no pdq hash");
    hashes.push_back(*hash);
  }
  return hashes;
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

void print_percentiles(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) {
    return ms[std::min(ms.size() - 1, std::size_t(p * double(ms.size())))];
  };
  std::printf("| %s | %.3f | %.3f | %.3f | %.3f |\n", what, at(0.5), at(0.9), at(0.99), ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fputs("usage: photo_hash_latency REFERENCES.jsonl QUERIES.jsonl [MAX_DISTANCE]\n", stderr);
    return 2;
  }
  try {
    const int max_distance = argc == 4 ? std::atoi(argv[3]) : 31;
    std::vector<Pdq256> stored = read_hashes(argv[1]);
    std::vector<Pdq256> probes = read_hashes(argv[2]);
    auto start = std::chrono::steady_clock::now();
    reunite::photo::MultiIndexHashTable table(stored);
    double build = milliseconds_since(start);
    std::vector<double> scan_ms, index_ms;
    std::size_t hits_total = 0;
    std::vector<HashHit> scanned, indexed;
    for (const Pdq256& query : probes) {
      scanned.clear();
      indexed.clear();
      start = std::chrono::steady_clock::now();
      reunite::photo::scan_within(stored, query, max_distance, scanned);
      scan_ms.push_back(milliseconds_since(start));
      start = std::chrono::steady_clock::now();
      table.find_within(query, max_distance, indexed);
      index_ms.push_back(milliseconds_since(start));
      std::sort(indexed.begin(), indexed.end(),
                [](const HashHit& a, const HashHit& b) { return a.entry < b.entry; });
      if (indexed != scanned) throw std::runtime_error("scan and index disagree");
      hits_total += scanned.size();
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("latency: %zu single queries against %zu hashes, --max-distance %d, %zu hits\n",
                probes.size(), stored.size(), max_distance, hits_total);
    std::printf("index build: %.0f ms; peak memory (hashes + table): %ld MB\n\n", build,
                usage.ru_maxrss / 1024);
    std::printf("| one query | median ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
    print_percentiles("scan (popcount over all)", scan_ms);
    print_percentiles("index (16 x 16-bit multi-index)", index_ms);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "photo_hash_latency: %s\n", error.what());
    return 1;
  }
  return 0;
}
