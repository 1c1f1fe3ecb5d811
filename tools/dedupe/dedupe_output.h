// What dedupe writes: the input records with their cluster, link records, cluster records, and
// (with --truth) precision and recall against known entity ids.
#pragma once

#include <cstdint>
#include <vector>

#include "blocking.h"
#include "fellegi_sunter.h"
#include "record_fields.h"
#include "reunite/record_stream.h"

namespace reunite::dedupe {

// The records held in memory: ids, their text (to write back), truth labels, field columns.
struct RecordTable {
  StringColumn ids;
  StringColumn texts;
  StringColumn truth;  // with --truth only
  std::vector<FieldColumn> columns;
};

// A trained model applied to the candidates.
struct Scoring {
  const Model& model;
  TermFrequencies frequencies;
  const RecordTable& table;
  const std::vector<CandidatePair>& pairs;
  const ComparisonMatrix& matrix;
  std::vector<double> probabilities;  // per candidate pair

  // Any pair, candidate or not (for the cluster guard).
  double probability_of(std::uint32_t a, std::uint32_t b) const;
};

// The id of each cluster: the smallest record id (bytewise) of its members.
struct ClusterIds {
  std::vector<std::uint32_t> representative;  // by component root: the record whose id names it
  std::vector<std::uint32_t> size;            // by component root
  std::uint64_t count = 0;
};

ClusterIds name_clusters(const RecordTable& table, const std::vector<std::uint32_t>& component);

// Each record as read, with "cluster" and "cluster_size" set.
void write_records(RecordWriter& writer, const RecordTable& table,
                   const std::vector<std::uint32_t>& component, const ClusterIds& ids);

// One "link" record per candidate pair with probability ≥ min_probability.
void write_links(RecordWriter& writer, const Scoring& scoring, double min_probability);

// One "cluster" record per cluster (singletons too), in order of first member.
void write_cluster_records(RecordWriter& writer, const RecordTable& table,
                           const std::vector<std::uint32_t>& component, const ClusterIds& ids);

// Pairs completeness, link and cluster precision/recall/F1 as one JSON line on stderr.
void print_truth_figures(const RecordTable& table, const std::vector<CandidatePair>& pairs,
                         const std::vector<double>& probabilities, double threshold,
                         const std::vector<std::uint32_t>& component);

}  // namespace reunite::dedupe
