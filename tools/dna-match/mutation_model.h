// Mutation models for STR transmission, defined exactly as R's pedmut (mutationMatrix()):
// equal, proportional, stepwise (Familias "extended stepwise", with rate2 and range) and
// onestep.  A matrix row i gives P(parent allele i is transmitted as allele j).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "allele_frequencies.h"

namespace reunite::kinship {

enum class MutationKind { kNone, kEqual, kProportional, kStepwise, kOneStep };

std::optional<MutationKind> mutation_kind_from_name(std::string_view name);  // "stepwise", ...
std::string_view mutation_kind_name(MutationKind kind);

// The model of one locus: sex-specific rates (the father's meioses use rate_male), plus
// pedmut's rate2 (integer <-> microvariant) and range (relative odds of one more step) that
// only the stepwise model reads.
struct MutationModel {
  MutationKind kind = MutationKind::kNone;
  double rate_male = 0;
  double rate_female = 0;
  double rate2 = 0;
  double range = 0.5;
};

class MutationMatrix {
 public:
  static MutationMatrix identity(int n) { return MutationMatrix(n, true); }
  static MutationMatrix dense(int n) { return MutationMatrix(n, false); }

  int size() const { return n_; }
  bool is_identity() const { return identity_; }
  double operator()(int from, int to) const {
    return identity_ ? (from == to ? 1.0 : 0.0) : values_[from * n_ + to];
  }
  double& at(int from, int to) { return values_[from * n_ + to]; }
  const double* row(int from) const { return &values_[from * n_]; }

 private:
  MutationMatrix(int n, bool identity)
      : n_(n), identity_(identity), values_(identity ? 0 : n * n, 0.0) {}
  int n_;
  bool identity_;
  std::vector<double> values_;
};

struct MutationMatrixBuild {
  std::optional<MutationMatrix> matrix;
  std::string error;  // e.g. stepwise with a non-numeric allele such as OL
};

// The matrix of one sex: `rate` is that sex's rate.  A zero rate (or kNone) gives the identity.
MutationMatrixBuild build_mutation_matrix(MutationKind kind, double rate, double rate2,
                                          double range, const AlleleFrequencies& frequencies);

}  // namespace reunite::kinship
