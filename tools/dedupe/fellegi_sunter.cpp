#include "fellegi_sunter.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>

#include "parallel_ranges.h"
#include "reunite/error.h"
#include "reunite/json.h"

namespace reunite::dedupe {

namespace {

constexpr int kMaxIterations = 100;
constexpr double kConvergence = 1e-7;
// Keeps a level never seen under matches (or non-matches) from weighing infinitely.
constexpr double kProbabilityFloor = 1e-6;
// Pseudo-pairs of default_u() mixed into the sampled u.  Nothing next to the 300,000 samples of
// a real file; on a file of a few records, where the "random" pairs are all the pairs (its
// duplicates included) and a level may never occur, it keeps u near what agreement means
// between strangers.
constexpr double kDefaultUPseudoPairs = 20;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void normalize_distribution(std::vector<double>& probabilities) {
  double total = 0;
  for (std::size_t l = 1; l < probabilities.size(); ++l) {
    probabilities[l] = std::max(probabilities[l], kProbabilityFloor);
    total += probabilities[l];
  }
  for (std::size_t l = 1; l < probabilities.size(); ++l) probabilities[l] /= total;
}

// The match share of `total` pairs of which `matches` (expected) are matches, by Laplace's rule
// of succession: on thousands of pairs it is the plain share, and on three pairs that all agree
// it is 0.8, not 0.999999999 (which would link any candidate whatever its fields say).
double smoothed_share(double matches, double total) {
  return (matches + 1) / (total + 2);
}

// Distinct comparison vectors with their counts: EM runs over patterns, not pairs.
using Patterns = std::map<std::string, double>;

double log_likelihood_ratio(const Model& model, const std::string& pattern,
                            const std::vector<char>& free_fields) {
  double ratio = 0;
  for (std::size_t f = 0; f < pattern.size(); ++f) {
    auto level = static_cast<Level>(pattern[f]);
    if (level == kMissing || !free_fields[f]) continue;
    ratio += std::log(model.fields[f].m[level]) - std::log(model.fields[f].u[level]);
  }
  return ratio;
}

double match_posterior(double prior, double log_ratio) {
  double log_odds = std::log(prior) - std::log1p(-prior) + log_ratio;
  return 1.0 / (1.0 + std::exp(-log_odds));
}

// EM for m of the free fields and the prior, u fixed.  Returns the iterations run.
int run_em(Model& model, const Patterns& patterns, const std::vector<char>& free_fields,
           double& prior) {
  const std::size_t field_count = model.fields.size();
  for (int iteration = 1; iteration <= kMaxIterations; ++iteration) {
    std::vector<std::vector<double>> m_counts(field_count);
    for (std::size_t f = 0; f < field_count; ++f) m_counts[f].assign(model.fields[f].m.size(), 0.0);
    double matches = 0, total = 0;
    for (const auto& [pattern, count] : patterns) {
      double p = match_posterior(prior, log_likelihood_ratio(model, pattern, free_fields));
      matches += p * count;
      total += count;
      for (std::size_t f = 0; f < field_count; ++f)
        m_counts[f][static_cast<Level>(pattern[f])] += p * count;
    }
    double change = 0;
    for (std::size_t f = 0; f < field_count; ++f) {
      if (!free_fields[f]) continue;
      std::vector<double> m = m_counts[f];
      m[kMissing] = 0;
      double observed = 0;
      for (double c : m) observed += c;
      if (observed <= 0) continue;
      for (double& c : m) c /= observed;
      normalize_distribution(m);
      for (std::size_t l = 1; l < m.size(); ++l)
        change = std::max(change, std::abs(m[l] - model.fields[f].m[l]));
      model.fields[f].m = m;
    }
    double new_prior = smoothed_share(matches, total);
    change = std::max(change, std::abs(new_prior - prior));
    prior = new_prior;
    if (change < kConvergence) return iteration;
  }
  return kMaxIterations;
}

// The distinct comparison vectors of all candidates.  A hash map with the vector as the key:
// a tree keyed by strings cost a second per pass at 8 million candidates.
Patterns count_patterns(const ComparisonMatrix& matrix) {
  std::unordered_map<std::string, double> counts;
  std::string key(matrix.fields, '\0');
  for (std::size_t row = 0; row < matrix.rows(); ++row) {
    const Level* levels = matrix.row(row);
    for (std::size_t f = 0; f < matrix.fields; ++f) key[f] = static_cast<char>(levels[f]);
    counts[key] += 1;
  }
  // Whole counts, so the sums are exact in any order; the tree gives EM a fixed order.
  return Patterns(counts.begin(), counts.end());
}

// The distinct comparison vectors of the candidates of each rule, in one pass over the pairs:
// (vector, rules) is counted once, then each rule takes the entries holding its bit.
std::vector<Patterns> count_patterns_per_rule(const ComparisonMatrix& matrix,
                                              const std::vector<CandidatePair>& pairs,
                                              std::size_t rules) {
  std::unordered_map<std::string, double> counts;
  std::string key(matrix.fields + sizeof(std::uint32_t), '\0');
  for (std::size_t row = 0; row < matrix.rows(); ++row) {
    const Level* levels = matrix.row(row);
    for (std::size_t f = 0; f < matrix.fields; ++f) key[f] = static_cast<char>(levels[f]);
    std::memcpy(key.data() + matrix.fields, &pairs[row].rules, sizeof(std::uint32_t));
    counts[key] += 1;
  }
  std::vector<Patterns> per_rule(rules);
  for (const auto& [entry, count] : counts) {
    std::uint32_t mask = 0;
    std::memcpy(&mask, entry.data() + matrix.fields, sizeof(std::uint32_t));
    for (std::size_t r = 0; r < rules; ++r)
      if (mask & (std::uint32_t{1} << r)) per_rule[r][entry.substr(0, matrix.fields)] += count;
  }
  return per_rule;
}

}  // namespace

ComparisonMatrix compare_pairs(const std::vector<CandidatePair>& pairs,
                               const std::vector<FieldColumn>& columns, std::size_t model_fields,
                               unsigned threads) {
  ComparisonMatrix matrix;
  matrix.fields = model_fields;
  matrix.levels.resize(pairs.size() * model_fields);
  for_each_range(pairs.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
    for (std::size_t row = begin; row < end; ++row)
      for (std::size_t f = 0; f < model_fields; ++f)
        matrix.levels[row * model_fields + f] =
            compare_records(columns[f], pairs[row].a, pairs[row].b);
  });
  return matrix;
}

std::vector<double> default_u(CompareType type) {
  // Rough shares of unrelated pairs at each level, for files too small to count them: names
  // and dates rarely agree by chance, IDs and phones almost never, places and categories often.
  switch (type) {
    case CompareType::name:
      return {0, 0.002, 0.001, 0.01, 0.05, 0.937};
    case CompareType::text:
      return {0, 0.01, 0.01, 0.05, 0.93};
    case CompareType::exact:
      return {0, 0.3, 0.7};
    case CompareType::date:
      return {0, 0.002, 0.01, 0.005, 0.05, 0.933};
    case CompareType::number:
      return {0, 0.05, 0.15, 0.8};
    case CompareType::phone:
      return {0, 0.0001, 0.0002, 0.9997};
    case CompareType::id:
      return {0, 0.00001, 0.00002, 0.99997};
    case CompareType::place:
      return {0, 0.01, 0.05, 0.2, 0.74};
  }
  return {};
}

std::vector<double> default_m(CompareType type) {
  // What the same child's two reports usually look like: mostly the same value, often a
  // coarser date or place, the odd typo, rarely nothing alike.
  switch (type) {
    case CompareType::name:
      return {0, 0.75, 0.1, 0.08, 0.04, 0.03};
    case CompareType::text:
      return {0, 0.8, 0.1, 0.05, 0.05};
    case CompareType::exact:
      return {0, 0.95, 0.05};
    case CompareType::date:
      return {0, 0.7, 0.15, 0.07, 0.04, 0.04};
    case CompareType::number:
      return {0, 0.8, 0.15, 0.05};
    case CompareType::phone:
      return {0, 0.9, 0.05, 0.05};
    case CompareType::id:
      return {0, 0.95, 0.03, 0.02};
    case CompareType::place:
      return {0, 0.7, 0.2, 0.05, 0.05};
  }
  return {};
}

Model initial_model(const std::vector<FieldSpec>& specs) {
  Model model;
  for (const FieldSpec& spec : specs) {
    FieldModel field{spec, spec.type == CompareType::name, default_m(spec.type),
                     default_u(spec.type)};
    model.fields.push_back(std::move(field));
  }
  return model;
}

void estimate_u(Model& model, const std::vector<FieldColumn>& columns, std::size_t records,
                std::size_t samples, unsigned threads) {
  if (records < 2) return;
  // The pairs are drawn first, on one thread, so that they do not depend on -j; the counts are
  // whole numbers, so their sum does not depend on the order of adding either.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> drawn;
  const double all_pairs = static_cast<double>(records) * static_cast<double>(records - 1) / 2;
  if (all_pairs <= static_cast<double>(samples)) {
    for (std::size_t a = 0; a < records; ++a)
      for (std::size_t b = a + 1; b < records; ++b)
        drawn.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
  } else {
    std::uint64_t state = 0x5EED0F0DED0FE5ULL;
    drawn.reserve(samples);
    while (drawn.size() < samples) {
      std::size_t a = splitmix64(state) % records, b = splitmix64(state) % records;
      if (a != b) drawn.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
    }
  }
  const std::size_t field_count = model.fields.size();
  std::vector<std::vector<std::vector<std::uint64_t>>> per_thread(std::max(1u, threads));
  for_each_range(drawn.size(), threads, [&](std::size_t begin, std::size_t end, unsigned thread) {
    std::vector<std::vector<std::uint64_t>>& mine = per_thread[thread];
    mine.resize(field_count);
    for (std::size_t f = 0; f < field_count; ++f) mine[f].assign(model.fields[f].u.size(), 0);
    for (std::size_t i = begin; i < end; ++i)
      for (std::size_t f = 0; f < field_count; ++f)
        ++mine[f][compare_records(columns[f], drawn[i].first, drawn[i].second)];
  });
  std::vector<std::vector<double>> counts(field_count);
  for (std::size_t f = 0; f < field_count; ++f) {
    counts[f].assign(model.fields[f].u.size(), 0.0);
    for (const auto& mine : per_thread)
      if (!mine.empty())
        for (std::size_t l = 0; l < counts[f].size(); ++l)
          counts[f][l] += static_cast<double>(mine[f][l]);
  }
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    std::vector<double>& u = model.fields[f].u;
    double observed = 0;
    for (std::size_t l = 1; l < u.size(); ++l) observed += counts[f][l];
    const std::vector<double> fallback = default_u(model.fields[f].spec.type);
    for (std::size_t l = 1; l < u.size(); ++l)
      u[l] =
          (counts[f][l] + kDefaultUPseudoPairs * fallback[l]) / (observed + kDefaultUPseudoPairs);
    normalize_distribution(u);
  }
}

TrainingReport estimate_m(Model& model, const std::vector<BlockRule>& rules,
                          const std::vector<CandidatePair>& pairs, const ComparisonMatrix& matrix) {
  TrainingReport report;
  const std::size_t field_count = model.fields.size();
  std::vector<std::vector<double>> m_sums(field_count);
  std::vector<int> estimates(field_count, 0);
  for (std::size_t f = 0; f < field_count; ++f) m_sums[f].assign(model.fields[f].m.size(), 0.0);
  const std::vector<Patterns> per_rule = count_patterns_per_rule(matrix, pairs, rules.size());
  for (std::size_t r = 0; r < rules.size(); ++r) {
    std::vector<char> free_fields(field_count, 1);
    for (const BlockTerm& term : rules[r].terms)
      for (std::size_t f = 0; f < field_count; ++f)
        if (model.fields[f].spec.field == term.field) free_fields[f] = 0;
    const Patterns& patterns = per_rule[r];
    double pair_count = 0;
    for (const auto& entry : patterns) pair_count += entry.second;
    report.pairs_per_rule.push_back(static_cast<std::uint64_t>(pair_count));
    if (pair_count < static_cast<double>(kMinTrainingPairs)) {
      report.match_share_per_rule.push_back(0);
      report.iterations_per_rule.push_back(0);
      continue;
    }
    ++report.rules_trained;
    Model trained = model;
    double prior = 0.3;
    report.iterations_per_rule.push_back(run_em(trained, patterns, free_fields, prior));
    report.match_share_per_rule.push_back(prior);
    for (std::size_t f = 0; f < field_count; ++f) {
      if (!free_fields[f]) continue;
      for (std::size_t l = 1; l < m_sums[f].size(); ++l) m_sums[f][l] += trained.fields[f].m[l];
      ++estimates[f];
    }
  }
  for (std::size_t f = 0; f < field_count; ++f) {
    if (estimates[f] == 0) {  // blocked on by every rule, or no rule had pairs enough
      ++report.fields_with_default_m;
      continue;
    }
    for (std::size_t l = 1; l < m_sums[f].size(); ++l)
      model.fields[f].m[l] = m_sums[f][l] / estimates[f];
    normalize_distribution(model.fields[f].m);
  }
  return report;
}

void estimate_prior(Model& model, const ComparisonMatrix& matrix, double population_pairs) {
  Patterns patterns = count_patterns(matrix);
  if (patterns.empty()) return;
  std::vector<char> all_fields(model.fields.size(), 1);
  std::vector<double> log_ratios;
  double candidates = 0;
  for (const auto& entry : patterns) {
    log_ratios.push_back(log_likelihood_ratio(model, entry.first, all_fields));
    candidates += entry.second;
  }
  // The pairs blocking left out count as non-matches: they are the population's remainder.
  const double population = std::max(population_pairs, candidates);
  double prior = std::clamp(0.5 * candidates / population, 1e-12, 0.5);
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    double matches = 0;
    std::size_t i = 0;
    for (const auto& entry : patterns)
      matches += match_posterior(prior, log_ratios[i++]) * entry.second;
    double next = smoothed_share(matches, population);
    bool done = std::abs(next - prior) < kConvergence * prior;
    prior = next;
    if (done) break;
  }
  model.prior = prior;
}

TermFrequencies::TermFrequencies(const Model& model, const std::vector<FieldColumn>& columns)
    : counts_(model.fields.size()), totals_(model.fields.size(), 0) {
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    if (!model.fields[f].term_frequency) continue;
    const StringColumn& values = columns[f].values;
    for (std::size_t row = 0; row < values.size(); ++row) {
      if (values[row].empty()) continue;
      ++counts_[f][values[row]];
      ++totals_[f];
    }
  }
}

double TermFrequencies::frequency(std::size_t field, std::string_view value) const {
  if (totals_[field] == 0) return 0;
  auto found = counts_[field].find(value);
  if (found == counts_[field].end()) return 0;
  return static_cast<double>(found->second) / static_cast<double>(totals_[field]);
}

double TermFrequencies::records(std::size_t field) const {
  return static_cast<double>(totals_[field]);
}

PairScore score_pair(const Model& model, const TermFrequencies& frequencies,
                     const std::vector<FieldColumn>& columns, const Level* levels, std::size_t a,
                     std::vector<double>* field_weights) {
  PairScore score;
  score.weight = std::log2(model.prior) - std::log2(1 - model.prior);
  if (field_weights) field_weights->assign(model.fields.size(), 0.0);
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    Level level = levels[f];
    if (level == kMissing) continue;
    const FieldModel& field = model.fields[f];
    double u = field.u[level];
    if (level == kExact && field.term_frequency) {
      double frequency = frequencies.frequency(f, columns[f].values[a]);
      // Mixed with the field's u as a few pseudo-records: in a file of two records that share a
      // name, the name is not "held by everyone".
      double records = frequencies.records(f);
      if (frequency > 0)
        u = std::max(
            (frequency * records + kDefaultUPseudoPairs * u) / (records + kDefaultUPseudoPairs),
            kProbabilityFloor);
    }
    double weight = std::log2(field.m[level]) - std::log2(u);
    score.weight += weight;
    if (field_weights) (*field_weights)[f] = weight;
  }
  score.probability = 1.0 / (1.0 + std::exp2(-score.weight));
  return score;
}

std::string model_to_json(const Model& model) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("reunite_dedupe_model", 1);
  w.field("prior", model.prior);
  w.field("records", model.records);
  w.key("blocks");
  w.begin_array();
  for (const std::string& block : model.blocks) w.string(block);
  w.end_array();
  w.key("fields");
  w.begin_array();
  for (const FieldModel& field : model.fields) {
    w.begin_object();
    w.field("field", field.spec.field);
    w.field("type", compare_type_name(field.spec.type));
    w.field("term_frequency", field.term_frequency);
    w.key("levels");
    w.begin_array();
    const auto& names = level_names(field.spec.type);
    for (std::size_t l = 1; l < field.m.size(); ++l) {
      w.begin_object();
      w.field("level", names[l - 1]);
      w.field("m", field.m[l]);
      w.field("u", field.u[l]);
      w.field("weight", std::log2(field.m[l] / field.u[l]));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

Model model_from_json(std::string_view json, const std::string& source) {
  auto fail = [&](const std::string& why) -> Model {
    throw FatalError(source + ": not a dedupe model: " + why);
  };
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root)) return fail("invalid JSON");
  Model model;
  std::int64_t version = 0;
  if (root["reunite_dedupe_model"].get(version) || version != 1)
    return fail("no \"reunite_dedupe_model\": 1");
  if (root["prior"].get(model.prior) || !(model.prior > 0 && model.prior < 1))
    return fail("bad prior");
  std::uint64_t records = 0;
  if (!root["records"].get(records)) model.records = records;
  simdjson::dom::array blocks, fields;
  if (!root["blocks"].get(blocks))
    for (auto block : blocks) {
      std::string_view text;
      if (block.get(text)) return fail("a block is not a string");
      model.blocks.emplace_back(text);
    }
  if (root["fields"].get(fields)) return fail("no fields");
  for (auto entry : fields) {
    std::string_view name, type_text;
    if (entry["field"].get(name) || entry["type"].get(type_text))
      return fail("a field without field/type");
    auto type = parse_compare_type(type_text);
    if (!type) return fail("unknown type " + std::string(type_text));
    FieldModel field{{std::string(name), *type}, false, {0.0}, {0.0}};
    bool tf = false;
    if (!entry["term_frequency"].get(tf)) field.term_frequency = tf;
    simdjson::dom::array levels;
    if (entry["levels"].get(levels)) return fail("field " + std::string(name) + " has no levels");
    for (auto level : levels) {
      double m = 0, u = 0;
      if (level["m"].get(m) || level["u"].get(u) || !(m > 0 && m <= 1) || !(u > 0 && u <= 1))
        return fail("field " + std::string(name) + ": m and u must be in (0, 1]");
      field.m.push_back(m);
      field.u.push_back(u);
    }
    if (field.m.size() != level_count(*type))
      return fail("field " + std::string(name) + " needs " +
                  std::to_string(level_count(*type) - 1) + " levels");
    model.fields.push_back(std::move(field));
  }
  return model;
}

}  // namespace reunite::dedupe
