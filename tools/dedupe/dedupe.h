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
  std::uint64_t max_pairs = 50'000'000;  // candidate pairs proposed by all rules together
  std::size_t u_samples = 300000;
  OutputMode output = OutputMode::records;
  bool all_pairs = false;  // --pairs: also the candidates below the threshold
  std::string truth_field;
  unsigned threads = 1;  // comparisons and scoring; the output does not depend on it
};

void run_dedupe(Tool& tool, const DedupeOptions& options);

}  // namespace reunite::dedupe
