#include "dedupe.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "blocking.h"
#include "clustering.h"
#include "dedupe_output.h"
#include "fellegi_sunter.h"
#include "parallel_ranges.h"
#include "reunite/error.h"
#include "reunite/io.h"

namespace reunite::dedupe {

namespace {

Model load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FatalError("--model " + path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return model_from_json(text.str(), "--model " + path);
}

void save_model(const Model& model, const std::string& path) {
  OutputFile out(path);
  out.write(model_to_json(model));
  out.commit();
}

// What to compare and how to block, from the options, a saved model, or the defaults.
struct Plan {
  std::vector<FieldSpec> specs;
  bool default_fields = false;
  std::vector<BlockRule> rules;
  bool default_blocks = false;
};

Plan make_plan(const DedupeOptions& options, const Model* saved) {
  Plan plan;
  if (!options.compare.empty() && saved)
    throw UsageError("--compare with --model: the model fixes the compared fields");
  if (saved) {
    for (const FieldModel& field : saved->fields) plan.specs.push_back(field.spec);
  } else if (!options.compare.empty()) {
    for (const std::string& text : options.compare) plan.specs.push_back(parse_field_spec(text));
  } else {
    plan.specs = default_field_specs();
    plan.default_fields = true;
  }
  std::vector<std::string> blocks = options.blocks;
  if (blocks.empty() && saved) blocks = saved->blocks;
  if (blocks.empty()) {
    blocks = default_block_rules();
    plan.default_blocks = true;
  }
  for (const std::string& text : blocks) plan.rules.push_back(parse_block_rule(text));
  return plan;
}

// Columns: the compared fields first (column f is model field f), then fields only blocked on.
std::vector<FieldColumn> make_columns(const Plan& plan) {
  std::vector<FieldColumn> columns;
  for (const FieldSpec& spec : plan.specs) columns.push_back({spec, {}, {}, {}});
  for (const BlockRule& rule : plan.rules)
    for (const BlockTerm& term : rule.terms)
      if (!find_column(columns, term.field))
        columns.push_back({{term.field, implied_type(term)}, {}, {}, {}});
  return columns;
}

bool column_has_values(const FieldColumn& column) {
  for (std::size_t row = 0; row < column.values.size(); ++row)
    if (!column.values[row].empty()) return true;
  return false;
}

// Default fields and rules that no record has are left out, so links and the model show only
// what the data holds.
void drop_absent_defaults(Plan& plan, std::vector<FieldColumn>& columns) {
  if (plan.default_blocks) {
    std::erase_if(plan.rules, [&](const BlockRule& rule) {
      return std::any_of(rule.terms.begin(), rule.terms.end(), [&](const BlockTerm& term) {
        return !column_has_values(*find_column(columns, term.field));
      });
    });
  }
  if (plan.default_fields) {
    auto compared_end = columns.begin() + static_cast<std::ptrdiff_t>(plan.specs.size());
    auto valued_end = std::stable_partition(columns.begin(), compared_end, column_has_values);
    plan.specs.clear();
    for (auto column = columns.begin(); column != valued_end; ++column)
      plan.specs.push_back(column->spec);
  }
}

// Reads, checks and keeps the records on this thread (rejects are reported in input order),
// then extracts the compared fields on `threads` threads.
RecordTable read_records(Tool& tool, std::vector<FieldColumn> columns,
                         const std::string& truth_field, unsigned threads) {
  RecordTable table;
  table.columns = std::move(columns);
  std::unordered_set<std::string> seen_ids;
  RecordReader reader = tool.records();
  for (Record record; reader.next(record);) {
    std::optional<std::string> id = record.string_field("id");
    if (!id || id->empty()) {
      reader.reject(record, "no \"id\" string: dedupe refers to records by id");
      continue;
    }
    if (!seen_ids.insert(*id).second) {
      reader.reject(record, "duplicate id");
      continue;
    }
    if (table.ids.size() >= UINT32_MAX - 1) throw FatalError("more than 4 billion records");
    table.ids.push_back(*id);
    if (record.has_field("cluster") || record.has_field("cluster_size")) {
      RecordEditor edit(record);
      edit.remove("cluster");
      edit.remove("cluster_size");
      table.texts.push_back(edit.result());
    } else {
      table.texts.push_back(record.json);
    }
    if (!truth_field.empty()) {
      std::optional<std::string> truth = record.string_field(truth_field);
      if (!truth) truth = std::string(record.raw_field(truth_field).value_or(""));
      table.truth.push_back(*truth);
    }
  }
  extract_all_fields(table.texts, table.columns, threads);
  return table;
}

void set_term_frequency(Model& model, const DedupeOptions& options) {
  for (FieldModel& field : model.fields) {
    if (options.no_term_frequency) field.term_frequency = false;
    for (const std::string& name : options.term_frequency_fields)
      if (field.spec.field == name) field.term_frequency = true;
  }
  for (const std::string& name : options.term_frequency_fields)
    if (std::none_of(model.fields.begin(), model.fields.end(),
                     [&](const FieldModel& f) { return f.spec.field == name; }))
      throw UsageError("--tf " + name + ": not a compared field");
}

double pairs_among(std::size_t records) {
  return static_cast<double>(records) * static_cast<double>(records > 0 ? records - 1 : 0) / 2;
}

// A saved prior is P(match) for a pair of the file it was trained on.  A child has about as
// many duplicates in a file twice the size, spread over twice as many pairs per record, so the
// prior scales with (n_trained - 1) / (n - 1).
void rescale_prior(Model& model, std::size_t records) {
  if (model.records < 2 || records < 2) return;
  double odds = model.prior / (1 - model.prior) * (static_cast<double>(model.records) - 1) /
                (static_cast<double>(records) - 1);
  model.prior = std::clamp(odds / (1 + odds), 1e-15, 1 - 1e-9);
  model.records = records;
}

// EM needs pairs enough under a rule to tell matches from the rest; on a small file the fields
// keep their default m, and --stats says so.
void report_training(Tool& tool, const TrainingReport& training, std::size_t fields) {
  Stats& stats = tool.stats();
  stats.set("em_rules_trained", training.rules_trained);
  stats.set("fields_with_default_m", training.fields_with_default_m);
  if (!tool.options().stats || training.fields_with_default_m == 0) return;
  std::string text = std::to_string(training.fields_with_default_m) + " of " +
                     std::to_string(fields) + " fields keep the default m (";
  if (training.rules_trained == 0)
    text += "no blocking rule has the " + std::to_string(kMinTrainingPairs) +
            " candidate pairs EM needs";
  else
    text += "no trained rule leaves them free";
  tool.note(text + ")");
}

}  // namespace

std::uint64_t default_max_pairs() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 100'000'000;  // unknown: about 2.5 GB
  return std::uint64_t(pages) * std::uint64_t(page_size) / 2 / kBytesPerProposal;
}

void run_dedupe(Tool& tool, const DedupeOptions& options) {
  std::optional<Model> saved;
  if (!options.model_path.empty()) saved = load_model(options.model_path);
  Plan plan = make_plan(options, saved ? &*saved : nullptr);
  const unsigned threads = std::max(1u, options.threads);
  RecordTable table = read_records(tool, make_columns(plan), options.truth_field, threads);
  drop_absent_defaults(plan, table.columns);
  if (plan.rules.size() > 32) throw UsageError("--block: at most 32 rules");
  const std::size_t records = table.ids.size();
  Stats& stats = tool.stats();

  BlockingResult blocking =
      find_candidates(plan.rules, table.columns, records, options.max_block_size,
                      options.max_pairs != 0 ? options.max_pairs : default_max_pairs());
  stats.set("candidates", blocking.pairs.size());
  for (std::size_t r = 0; r < plan.rules.size(); ++r) {
    stats.set("candidates " + plan.rules[r].text, blocking.pairs_per_rule[r]);
    if (blocking.skipped_blocks_per_rule[r] == 0) continue;
    stats.set("oversized_blocks " + plan.rules[r].text, blocking.skipped_blocks_per_rule[r]);
    // Not silent: pairs only an oversized block proposes are never compared.
    tool.note(fmt::format("--block {}: {} block(s) over --max-block-size {} not compared",
                          plan.rules[r].text, blocking.skipped_blocks_per_rule[r],
                          options.max_block_size));
  }

  Model model = saved ? *saved : initial_model(plan.specs);
  set_term_frequency(model, options);
  ComparisonMatrix matrix =
      compare_pairs(blocking.pairs, table.columns, model.fields.size(), threads);
  if (!saved) {
    estimate_u(model, table.columns, records, options.u_samples, threads);
    TrainingReport training = estimate_m(model, plan.rules, blocking.pairs, matrix);
    report_training(tool, training, model.fields.size());
    estimate_prior(model, matrix, pairs_among(records));
    model.records = records;
    for (const BlockRule& rule : plan.rules) model.blocks.push_back(rule.text);
  } else {
    rescale_prior(model, records);
  }
  if (!options.save_model_path.empty()) save_model(model, options.save_model_path);

  Scoring scoring{model, TermFrequencies(model, table.columns), table, blocking.pairs, matrix, {}};
  scoring.probabilities.resize(blocking.pairs.size());
  for_each_range(blocking.pairs.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
    for (std::size_t p = begin; p < end; ++p)
      scoring.probabilities[p] =
          score_pair(model, scoring.frequencies, table.columns, matrix.row(p), blocking.pairs[p].a)
              .probability;
  });

  std::vector<Link> accepted;
  for (std::size_t p = 0; p < blocking.pairs.size(); ++p)
    if (scoring.probabilities[p] >= options.threshold)
      accepted.push_back({blocking.pairs[p].a, blocking.pairs[p].b, scoring.probabilities[p]});
  stats.set("links", accepted.size());

  ClusteringResult clusters = cluster_records(
      records, accepted,
      [&](std::uint32_t a, std::uint32_t b) { return scoring.probability_of(a, b); },
      {options.cluster_floor, 1000});
  stats.set("links_cut", clusters.links_cut);
  ClusterIds ids = name_clusters(table, clusters.component);
  stats.set("clusters", ids.count);

  switch (options.output) {
    case OutputMode::records:
      write_records(tool.writer(), table, clusters.component, ids);
      break;
    case OutputMode::pairs:
      write_links(tool.writer(), scoring, options.all_pairs ? 0.0 : options.threshold);
      break;
    case OutputMode::merge:
      write_cluster_records(tool.writer(), table, clusters.component, ids);
      break;
  }
  if (!options.truth_field.empty() && tool.options().stats)
    print_truth_figures(table, blocking.pairs, scoring.probabilities, options.threshold,
                        clusters.component);
}

}  // namespace reunite::dedupe
