#include "mutation_model.h"

#include <cmath>

namespace reunite::kinship {

namespace {

constexpr std::pair<MutationKind, std::string_view> kKindNames[] = {
    {MutationKind::kNone, "none"},
    {MutationKind::kEqual, "equal"},
    {MutationKind::kProportional, "proportional"},
    {MutationKind::kStepwise, "stepwise"},
    {MutationKind::kOneStep, "onestep"},
};

// pedmut "equal": every other allele rate/(n-1), diagonal 1-rate.
void fill_equal(MutationMatrix& m, double rate) {
  int n = m.size();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) m.at(i, j) = i == j ? 1 - rate : rate / (n - 1);
}

// pedmut "proportional": M = (1-alpha) I + alpha 1 p', alpha = rate / sum p(1-p); stationary.
std::string fill_proportional(MutationMatrix& m, double rate, const std::vector<double>& p) {
  double heterozygosity = 0;
  for (double x : p) heterozygosity += x * (1 - x);
  double alpha = rate / heterozygosity;
  int n = m.size();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      m.at(i, j) = (i == j ? 1 - alpha : 0.0) + alpha * p[j];
      if (m.at(i, j) > 1) return "impossible proportional mutation matrix; reduce the rate";
    }
  return {};
}

std::optional<std::vector<double>> repeat_numbers(const AlleleFrequencies& frequencies) {
  std::vector<double> numbers;
  for (const auto& allele : frequencies.alleles) {
    if (!allele.repeats()) return std::nullopt;
    numbers.push_back(*allele.repeats());
  }
  return numbers;
}

// pedmut "stepwise" (Familias extended stepwise).  Alleles fall into microvariant groups by
// their decimal digit (9, 10 | 9.3, 10.3 | ...).  The digit is rounded: comparing the raw
// (x - round(x)) * 10 (as old pedmut did) splits e.g. 31.2 from 32.2 by floating-point noise,
// and the forrel 1.9 / pedmut 0.9.1 vectors agree only with the rounded grouping.
// Within i's group j gets range^|x_i - x_j| normalised to total `rate`; every allele of the
// other groups gets rate2 / (n - group size); the diagonal takes the rest.
void fill_stepwise(MutationMatrix& m, double rate, double rate2, double range,
                   const std::vector<double>& x) {
  int n = m.size();
  std::vector<double> group(n);
  for (int i = 0; i < n; ++i) group[i] = std::round((x[i] - std::floor(x[i])) * 10);
  for (int i = 0; i < n; ++i) {
    int group_size = 0;
    for (int j = 0; j < n; ++j) group_size += group[j] == group[i];
    double within_total = 0;
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      if (group[j] == group[i]) {
        m.at(i, j) = std::pow(range, std::fabs(x[i] - x[j]));
        within_total += m.at(i, j);
      } else {
        m.at(i, j) = rate2 / (n - group_size);
      }
    }
    for (int j = 0; j < n; ++j)
      if (j != i && group[j] == group[i]) m.at(i, j) = m.at(i, j) / within_total * rate;
    m.at(i, i) = group_size == n ? 1 - rate : group_size == 1 ? 1 - rate2 : 1 - rate - rate2;
  }
}

// pedmut "onestep": only the integer neighbours x +- 1 are reachable, rate split equally.
void fill_onestep(MutationMatrix& m, double rate, const std::vector<double>& x) {
  int n = m.size();
  for (int i = 0; i < n; ++i) {
    int neighbours = 0;
    for (int j = 0; j < n; ++j) neighbours += std::fabs(x[i] - x[j]) == 1;
    for (int j = 0; j < n; ++j) m.at(i, j) = std::fabs(x[i] - x[j]) == 1 ? rate / neighbours : 0.0;
    m.at(i, i) = neighbours > 0 ? 1 - rate : 1.0;
  }
}

bool all_integers(const std::vector<double>& x) {
  for (double v : x)
    if (v != std::round(v)) return false;
  return true;
}

}  // namespace

std::optional<MutationKind> mutation_kind_from_name(std::string_view name) {
  for (const auto& [kind, kind_name] : kKindNames)
    if (name == kind_name) return kind;
  return std::nullopt;
}

std::string_view mutation_kind_name(MutationKind kind) {
  for (const auto& [k, kind_name] : kKindNames)
    if (k == kind) return kind_name;
  return "none";
}

MutationMatrixBuild build_mutation_matrix(MutationKind kind, double rate, double rate2,
                                          double range, const AlleleFrequencies& frequencies) {
  int n = frequencies.size();
  bool stepwise_like = kind == MutationKind::kStepwise || kind == MutationKind::kOneStep;
  bool trivial = kind == MutationKind::kNone || n <= 1 ||
                 (rate == 0 && (kind != MutationKind::kStepwise || rate2 == 0));
  if (trivial) return {MutationMatrix::identity(n), {}};
  if (!(rate >= 0 && rate2 >= 0 && rate + rate2 <= 1))
    return {std::nullopt, "invalid mutation rate"};
  if (kind == MutationKind::kStepwise && !(range > 0)) return {std::nullopt, "range must be > 0"};

  auto matrix = MutationMatrix::dense(n);
  std::optional<std::vector<double>> numbers;
  if (stepwise_like) {
    numbers = repeat_numbers(frequencies);
    if (!numbers)
      return {std::nullopt, std::string(mutation_kind_name(kind)) +
                                " mutation model needs numeric alleles (found e.g. OL)"};
  }
  switch (kind) {
    case MutationKind::kEqual:
      fill_equal(matrix, rate);
      break;
    case MutationKind::kProportional: {
      std::string error = fill_proportional(matrix, rate, frequencies.p);
      if (!error.empty()) return {std::nullopt, error};
      break;
    }
    case MutationKind::kStepwise:
      fill_stepwise(matrix, rate, rate2, range, *numbers);
      break;
    case MutationKind::kOneStep:
      if (!all_integers(*numbers))
        return {std::nullopt, "onestep mutation model needs integer alleles"};
      fill_onestep(matrix, rate, *numbers);
      break;
    case MutationKind::kNone:
      break;
  }
  return {std::move(matrix), {}};
}

}  // namespace reunite::kinship
