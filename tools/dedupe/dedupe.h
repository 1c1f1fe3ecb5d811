// reunite-dedupe's pipeline: read records → extract fields → block → compare → train or load
// a Fellegi–Sunter model → score → cluster → write records, links or cluster records.
//
// Memory grows with the records (their text is kept to write them back with their cluster) and
// the candidate pairs (12 bytes each plus one byte per compared field), not with n².
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "record_fields.h"
#include "reunite/tool.h"

namespace reunite::dedupe {

enum class OutputMode { records, pairs, merge };

struct DedupeOptions {
  std::vector<std::string> compare;  // "FIELD:TYPE"; empty: the model's, else the defaults
  std::vector<std::string> blocks;   // empty: the model's, else the defaults
  std::vector<std::string> term_frequency_fields;  // in addition to name fields
  bool no_term_frequency = false;
  std::string model_path;
  std::string save_model_path;
  double threshold = 0.9;
  double cluster_floor = 0.01;
  std::size_t max_block_size = 2000;
  // Candidate pairs proposed by all rules together; 0: default_max_pairs().
  std::uint64_t max_pairs = 0;
  std::size_t u_samples = 300000;
  OutputMode output = OutputMode::records;
  bool all_pairs = false;  // --pairs: also the candidates below the threshold
  std::string truth_field;
  unsigned threads = 1;  // comparisons and scoring; the output does not depend on it
};

void run_dedupe(Tool& tool, const DedupeOptions& options);

// As many proposed pairs as half the physical memory holds at the blocking step's peak of about
// kBytesPerProposal each (a 24 GiB machine: about 500 million).  Pairs grow faster than records
// (200,000 synthetic case records propose 10 a record, more in a larger file), so a fixed
// number would stop large honest runs on a big machine or let a pathological one exhaust a
// small one.
inline constexpr std::uint64_t kBytesPerProposal = 25;
std::uint64_t default_max_pairs();

}  // namespace reunite::dedupe
