// Fellegi–Sunter scoring (Fellegi & Sunter 1969): a pair's match weight is the prior log-odds
// plus, per field, log2(m/u) of its comparison level, where m = P(level | match) and
// u = P(level | non-match).  Missing values (level 0) weigh nothing.
//
// Training, unsupervised and stable (the approach Splink documents):
//  - u from random record pairs, which are almost all non-matches;
//  - m by EM separately on the candidates of each blocking rule, u held fixed and the fields
//    the rule blocks on left out (every pair agrees on them, so they carry no signal there);
//    each field's m is the mean over the rules that leave it free.  EM over all candidates at
//    once, with u free, drifts towards "everything matches";
//  - then only the prior, by EM with m and u fixed: the share of matches among all pairs of the
//    file, those that blocking left out taken as non-matches (see estimate_prior).
// Small files: u mixes in default_u() as a few pseudo-pairs, a rule with fewer than
// kMinTrainingPairs candidates trains no m (the default m stays), and match shares follow
// Laplace's rule of succession, so three records neither link everything nor nothing.
// Term frequencies: an exact agreement on a value shared by many records (张伟) is weighed with
// u = that value's frequency instead of the field's average u.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "blocking.h"
#include "comparison.h"
#include "record_fields.h"

namespace reunite::dedupe {

struct FieldModel {
  FieldSpec spec;
  bool term_frequency = false;
  std::vector<double> m, u;  // by level; index 0 (missing) unused
};

struct Model {
  double prior = 0.01;        // P(match) for a random pair of `records` records
  std::uint64_t records = 0;  // the size of the file trained on (0: unknown)
  std::vector<FieldModel> fields;
  std::vector<std::string> blocks;
};

// The comparison levels of candidate pairs, one row of `fields` levels per pair.
struct ComparisonMatrix {
  std::size_t fields = 0;
  std::vector<Level> levels;
  const Level* row(std::size_t pair) const { return levels.data() + pair * fields; }
  std::size_t rows() const { return fields ? levels.size() / fields : 0; }
};

// Compares every pair on the first `model_fields` columns, on `threads` threads.
ComparisonMatrix compare_pairs(const std::vector<CandidatePair>& pairs,
                               const std::vector<FieldColumn>& columns, std::size_t model_fields,
                               unsigned threads = 1);

// What u is taken to be before (and mixed into) estimate_u: a rough share of unrelated pairs at
// each level of the type (index 0 unused).
std::vector<double> default_u(CompareType type);

// m before EM, and where EM has too few pairs: what two reports of one child usually look like.
std::vector<double> default_m(CompareType type);

// A model with default_m() and default_u() for these fields.
Model initial_model(const std::vector<FieldSpec>& specs);

// u from `samples` pseudo-random pairs (a fixed seed: the same data gives the same u).
void estimate_u(Model& model, const std::vector<FieldColumn>& columns, std::size_t records,
                std::size_t samples, unsigned threads = 1);

// A rule with fewer candidate pairs than this trains no m: EM fits a handful of pairs with any m
// it likes, so a field no rule trains keeps the default m.
constexpr std::size_t kMinTrainingPairs = 100;

struct TrainingReport {
  std::size_t rules_trained = 0;
  std::size_t fields_with_default_m = 0;
  std::vector<std::uint64_t> pairs_per_rule;
  std::vector<double> match_share_per_rule;
  std::vector<int> iterations_per_rule;
};

TrainingReport estimate_m(Model& model, const std::vector<BlockRule>& rules,
                          const std::vector<CandidatePair>& pairs, const ComparisonMatrix& matrix);

// The prior: P(match) for a pair of records drawn from `population_pairs` (all n(n-1)/2 pairs
// of the file; 0: the candidates only), the candidates outside `matrix` taken as non-matches.
// Taken over all pairs, it pairs with u from random pairs: agreeing on a field a rule blocks
// on is evidence, as it is for a random pair, and not a given.  Over the candidates alone (the
// usual shortcut) the prior is the share of matches among pairs that already agree on a blocked
// field, and counting that agreement again links strangers born on one day.
void estimate_prior(Model& model, const ComparisonMatrix& matrix, double population_pairs = 0);

// Value counts of the fields with term_frequency set (by column index).
class TermFrequencies {
 public:
  TermFrequencies(const Model& model, const std::vector<FieldColumn>& columns);
  // The share of records (with a value) that hold this value; 0 when the field has no table.
  double frequency(std::size_t field, std::string_view value) const;
  // The records with a value in this field (0 when it has no table).
  double records(std::size_t field) const;

 private:
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> counts_;
  std::vector<std::uint64_t> totals_;
};

struct PairScore {
  double weight = 0;       // log2 odds
  double probability = 0;  // P(match | levels)
};

// Fills field_weights (one per model field) when given.
PairScore score_pair(const Model& model, const TermFrequencies& frequencies,
                     const std::vector<FieldColumn>& columns, const Level* levels, std::size_t a,
                     std::vector<double>* field_weights = nullptr);

std::string model_to_json(const Model& model);
// Throws FatalError naming `source` when the text is not a model.
Model model_from_json(std::string_view json, const std::string& source);

}  // namespace reunite::dedupe
