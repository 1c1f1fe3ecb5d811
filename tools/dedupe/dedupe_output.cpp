#include "dedupe_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>

#include "comparison.h"
#include "reunite/json.h"

namespace reunite::dedupe {

namespace {

// Rounded so that output stays short and the same across compilers' last-bit differences.
double rounded(double value, double scale) {
  return std::round(value * scale) / scale;
}

constexpr std::uint32_t kNone = UINT32_MAX;

// Members of each cluster, grouped by component root and in record order.
std::vector<std::vector<std::uint32_t>> members_by_root(
    const std::vector<std::uint32_t>& component) {
  std::vector<std::vector<std::uint32_t>> members(component.size());
  for (std::uint32_t r = 0; r < component.size(); ++r) members[component[r]].push_back(r);
  return members;
}

// The most frequent value among the members (the first seen among equals); "" if none has one.
std::string_view best_value(const FieldColumn& column, const std::vector<std::uint32_t>& members) {
  std::string_view best;
  std::size_t best_count = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::string_view value = column.values[members[i]];
    if (value.empty()) continue;
    std::size_t count = 0;
    for (std::uint32_t other : members) count += column.values[other] == value;
    if (count > best_count) {
      best = value;
      best_count = count;
    }
  }
  return best;
}

double f1(double precision, double recall) {
  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}

std::uint64_t pairs_in(std::uint64_t size) {
  return size * (size - 1) / 2;
}

}  // namespace

double Scoring::probability_of(std::uint32_t a, std::uint32_t b) const {
  if (a > b) std::swap(a, b);
  std::vector<Level> levels(model.fields.size());
  for (std::size_t f = 0; f < levels.size(); ++f)
    levels[f] = compare_records(table.columns[f], a, b);
  return score_pair(model, frequencies, table.columns, levels.data(), a).probability;
}

ClusterIds name_clusters(const RecordTable& table, const std::vector<std::uint32_t>& component) {
  ClusterIds ids;
  ids.representative.assign(component.size(), kNone);
  ids.size.assign(component.size(), 0);
  for (std::uint32_t r = 0; r < component.size(); ++r) {
    std::uint32_t root = component[r];
    std::uint32_t& best = ids.representative[root];
    if (best == kNone) ++ids.count;
    if (best == kNone || table.ids[r] < table.ids[best]) best = r;
    ++ids.size[root];
  }
  return ids;
}

void write_records(RecordWriter& writer, const RecordTable& table,
                   const std::vector<std::uint32_t>& component, const ClusterIds& ids) {
  std::string line;
  for (std::uint32_t r = 0; r < component.size(); ++r) {
    std::string_view text = table.texts[r];
    line.assign(text.substr(0, text.size() - 1));            // without the closing brace
    if (line.find_last_not_of(" \t\r\n") != 0) line += ',';  // not an empty object
    line += "\"cluster\":";
    append_json_string(line, table.ids[ids.representative[component[r]]]);
    line += ",\"cluster_size\":";
    line += std::to_string(ids.size[component[r]]);
    line += '}';
    writer.write(line);
  }
}

void write_links(RecordWriter& writer, const Scoring& scoring, double min_probability) {
  std::string line;
  std::vector<double> weights;
  for (std::size_t p = 0; p < scoring.pairs.size(); ++p) {
    if (scoring.probabilities[p] < min_probability) continue;
    const CandidatePair& pair = scoring.pairs[p];
    const Level* levels = scoring.matrix.row(p);
    PairScore score = score_pair(scoring.model, scoring.frequencies, scoring.table.columns, levels,
                                 pair.a, &weights);
    line.clear();
    JsonWriter w(line);
    w.begin_object();
    w.field("kind", "link");
    w.field("a", scoring.table.ids[pair.a]);
    w.field("b", scoring.table.ids[pair.b]);
    w.field("probability", rounded(score.probability, 1e6));
    w.field("weight", rounded(score.weight, 1e3));
    w.key("fields");
    w.begin_object();
    for (std::size_t f = 0; f < scoring.model.fields.size(); ++f) {
      const FieldModel& field = scoring.model.fields[f];
      w.key(field.spec.field);
      w.begin_object();
      w.field("level", levels[f] == kMissing ? std::string("missing")
                                             : level_names(field.spec.type)[levels[f] - 1]);
      w.field("weight", rounded(weights[f], 1e3));
      w.end_object();
    }
    w.end_object();
    w.end_object();
    writer.write(line);
  }
}

void write_cluster_records(RecordWriter& writer, const RecordTable& table,
                           const std::vector<std::uint32_t>& component, const ClusterIds& ids) {
  std::vector<std::vector<std::uint32_t>> members = members_by_root(component);
  std::string line;
  for (std::uint32_t root = 0; root < component.size(); ++root) {
    if (members[root].empty()) continue;
    line.clear();
    JsonWriter w(line);
    w.begin_object();
    w.field("kind", "cluster");
    w.field("id", table.ids[ids.representative[root]]);
    w.field("size", static_cast<std::uint64_t>(members[root].size()));
    w.key("members");
    w.begin_array();
    for (std::uint32_t member : members[root]) w.string(table.ids[member]);
    w.end_array();
    w.key("values");
    w.begin_object();
    for (const FieldColumn& column : table.columns) {
      std::string_view value = best_value(column, members[root]);
      if (!value.empty()) w.field(column.spec.field, value);
    }
    w.end_object();
    w.end_object();
    writer.write(line);
  }
}

void print_truth_figures(const RecordTable& table, const std::vector<CandidatePair>& pairs,
                         const std::vector<double>& probabilities, double threshold,
                         const std::vector<std::uint32_t>& component) {
  const std::size_t records = table.ids.size();
  // Entities: records with the same truth value; a record without one is its own.
  std::unordered_map<std::string_view, std::uint32_t> entity_of_value;
  std::vector<std::uint32_t> entity(records);
  for (std::uint32_t r = 0; r < records; ++r) {
    std::string_view value = table.truth[r];
    entity[r] =
        value.empty()
            ? static_cast<std::uint32_t>(entity_of_value.size() + records + r)
            : entity_of_value.emplace(value, static_cast<std::uint32_t>(entity_of_value.size()))
                  .first->second;
  }
  std::map<std::uint32_t, std::uint64_t> entity_sizes;
  for (std::uint32_t e : entity) ++entity_sizes[e];
  std::uint64_t true_pairs = 0;
  for (const auto& entry : entity_sizes) true_pairs += pairs_in(entry.second);

  std::uint64_t candidate_hits = 0, links = 0, link_hits = 0;
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    bool same = entity[pairs[p].a] == entity[pairs[p].b];
    candidate_hits += same;
    if (probabilities[p] >= threshold) {
      ++links;
      link_hits += same;
    }
  }
  std::map<std::uint32_t, std::uint64_t> cluster_sizes;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> overlaps;
  for (std::uint32_t r = 0; r < records; ++r) {
    ++cluster_sizes[component[r]];
    ++overlaps[{component[r], entity[r]}];
  }
  std::uint64_t cluster_pairs = 0, cluster_hits = 0, exact_clusters = 0;
  for (const auto& entry : cluster_sizes) cluster_pairs += pairs_in(entry.second);
  for (const auto& [key, count] : overlaps) {
    cluster_hits += pairs_in(count);
    exact_clusters += count == cluster_sizes[key.first] && count == entity_sizes[key.second];
  }
  auto ratio = [](std::uint64_t part, std::uint64_t whole) {
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : 1.0;
  };
  double all_pairs = static_cast<double>(records) * (static_cast<double>(records) - 1) / 2;
  std::string line;
  JsonWriter w(line);
  w.begin_object();
  w.key("truth");
  w.begin_object();
  w.field("records", static_cast<std::uint64_t>(records));
  w.field("entities", static_cast<std::uint64_t>(entity_sizes.size()));
  w.field("true_pairs", true_pairs);
  w.field("candidates", static_cast<std::uint64_t>(pairs.size()));
  w.field("pairs_completeness", rounded(ratio(candidate_hits, true_pairs), 1e4));
  w.field("reduction_ratio",
          rounded(all_pairs > 0 ? 1 - static_cast<double>(pairs.size()) / all_pairs : 1, 1e6));
  double precision = ratio(link_hits, links), recall = ratio(link_hits, true_pairs);
  w.key("links");
  w.begin_object();
  w.field("count", links);
  w.field("precision", rounded(precision, 1e4));
  w.field("recall", rounded(recall, 1e4));
  w.field("f1", rounded(f1(precision, recall), 1e4));
  w.end_object();
  precision = ratio(cluster_hits, cluster_pairs);
  recall = ratio(cluster_hits, true_pairs);
  w.key("clusters");
  w.begin_object();
  w.field("count", static_cast<std::uint64_t>(cluster_sizes.size()));
  w.field("precision", rounded(precision, 1e4));
  w.field("recall", rounded(recall, 1e4));
  w.field("f1", rounded(f1(precision, recall), 1e4));
  w.field("exact", rounded(ratio(exact_clusters, entity_sizes.size()), 1e4));
  w.end_object();
  w.end_object();
  w.end_object();
  line += '\n';
  std::fputs(line.c_str(), stderr);
}

}  // namespace reunite::dedupe
