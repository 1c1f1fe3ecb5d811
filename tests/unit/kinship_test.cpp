// The kinship library against the closed forms of KINSHIP.md, the mutation models' defining
// properties, and the fast path against the general method (its oracle).
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "fast_locus_scorer.h"
#include "kinship_lr.h"

using namespace reunite;
using namespace reunite::kinship;

namespace {

// A toy population: locus L1 alleles 9..12 (+9.3), frequencies that sum to 1.
constexpr const char* kToyTable =
    "population\tlocus\tallele\tfrequency\tn_alleles\n"
    "Toy\tTH01\t9\t0.1\t\nToy\tTH01\t9.3\t0.2\t\nToy\tTH01\t10\t0.3\t\n"
    "Toy\tTH01\t11\t0.25\t\nToy\tTH01\t12\t0.15\t\n"
    "Toy\tTPOX\t8\t0.5\t\nToy\tTPOX\t9\t0.2\t\nToy\tTPOX\t10\t0.2\t\nToy\tTPOX\t11\t0.1\t\n";

const PopulationFrequencies& toy() {
  static const FrequencyDatabase database = *parse_frequency_table(kToyTable).database;
  return *database.population("Toy");
}

Genotype g(const char* text) {
  return *parse_genotype(text).genotype;
}

double lr_of(Hypothesis h, const char* a, const char* b, const char* c = nullptr,
             KinshipOptions options = {}, const char* locus = "TH01") {
  if (options.population == nullptr) options.population = &toy();
  std::optional<Genotype> ga, gb, gc;
  if (a) ga = g(a);
  if (b) gb = g(b);
  if (c) gc = g(c);
  auto result =
      locus_lr(h, locus, ga ? &*ga : nullptr, gb ? &*gb : nullptr, gc ? &*gc : nullptr, options);
  REQUIRE(result.status == LocusStatus::kOk);
  return result.lr;
}

constexpr double p9 = 0.1, p93 = 0.2, p10 = 0.3, p11 = 0.25;

}  // namespace

TEST_CASE("pairwise closed forms without mutation (KINSHIP.md 1-2)") {
  using doctest::Approx;
  CHECK(lr_of(Hypothesis::kPC, "9/9", "9/9") == Approx(1 / p9).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kPC, "9/9", "9/10") == Approx(1 / (2 * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kPC, "9/10", "9/10") ==
        Approx((p9 + p10) / (4 * p9 * p10)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kPC, "9/10", "9/11") == Approx(1 / (4 * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kPC, "9/10", "11/12") == 0);
  CHECK(lr_of(Hypothesis::kMC, "9/10", "9/11") == Approx(1 / (4 * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kFS, "9/9", "9/9") ==
        Approx((1 + p9) * (1 + p9) / (4 * p9 * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kFS, "9/10", "11/12") == Approx(0.25).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kHS, "9/10", "9/11") == Approx(0.5 + 1 / (8 * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kGP, "9/10", "9/11") == Approx(0.5 + 1 / (8 * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kAV, "9/10", "9/11") == Approx(0.5 + 1 / (8 * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kFC, "9/10", "9/11") == Approx(0.75 + 1 / (16 * p9)).epsilon(1e-12));
}

TEST_CASE("trio and couple closed forms (KINSHIP.md 3)") {
  using doctest::Approx;
  // Obligate paternal allele 11: PI = tau_A(11) / p11.
  CHECK(lr_of(Hypothesis::kTrio, "11/12", "9/11", "9/10") == Approx(0.5 / p11).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kTrio, "11/11", "9/11", "9/10") == Approx(1 / p11).epsilon(1e-12));
  // Child = mother = ab: PI = (tau_A(a) + tau_A(b)) / (p_a + p_b).
  CHECK(lr_of(Hypothesis::kTrio, "9/12", "9/10", "9/10") ==
        Approx(0.5 / (p9 + p10)).epsilon(1e-12));
  // Mother untyped: the trio is a duo.
  CHECK(lr_of(Hypothesis::kTrio, "9/12", "9/10", nullptr) ==
        Approx(lr_of(Hypothesis::kPC, "9/12", "9/10")).epsilon(1e-12));
  // Couple: Mendel(B | A, C) / P(B).
  CHECK(lr_of(Hypothesis::kTrioBoth, "9/12", "9/10", "10/11") ==
        Approx(0.25 / (2 * p9 * p10)).epsilon(1e-12));
}

TEST_CASE("theta correction (KINSHIP.md 5, NRC II 4.10)") {
  using doctest::Approx;
  KinshipOptions options;
  options.theta = 0.03;
  double t = options.theta;
  CHECK(lr_of(Hypothesis::kPC, "9/9", "9/9", nullptr, options) ==
        Approx((1 + 2 * t) / (3 * t + (1 - t) * p9)).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kPC, "9/10", "9/11", nullptr, options) ==
        Approx((1 + 2 * t) / (4 * (t + (1 - t) * p9))).epsilon(1e-12));
  CHECK(lr_of(Hypothesis::kPC, "9/10", "9/10", nullptr, options) ==
        Approx((1 + 2 * t) * (2 * t + (1 - t) * (p9 + p10)) /
               (4 * (t + (1 - t) * p9) * (t + (1 - t) * p10)))
            .epsilon(1e-12));
}

TEST_CASE("mutation matrices are pedmut's") {
  KinshipOptions options;
  auto frequencies = case_allele_frequencies(*toy().locus("TH01"), {}, 0.001);
  for (auto kind : {MutationKind::kEqual, MutationKind::kProportional, MutationKind::kStepwise}) {
    auto built = build_mutation_matrix(kind, 0.01, 0.001, 0.5, frequencies);
    REQUIRE(built.matrix);
    for (int i = 0; i < frequencies.size(); ++i) {
      double row = 0;
      for (int j = 0; j < frequencies.size(); ++j) row += (*built.matrix)(i, j);
      CHECK(row == doctest::Approx(1).epsilon(1e-14));
    }
  }
  auto proportional =
      *build_mutation_matrix(MutationKind::kProportional, 0.01, 0, 0, frequencies).matrix;
  for (int x = 0; x < frequencies.size(); ++x) {  // stationary: p M = p
    double q = 0;
    for (int i = 0; i < frequencies.size(); ++i) q += frequencies.p[i] * proportional(i, x);
    CHECK(q == doctest::Approx(frequencies.p[x]).epsilon(1e-14));
  }
  // Stepwise: 9 -> 9.3 crosses microvariant groups (rate2 shared by the 1 other-group allele);
  // within the integer group 9 -> 10 : 9 -> 11 = 1 : range.
  auto stepwise =
      *build_mutation_matrix(MutationKind::kStepwise, 0.01, 0.001, 0.5, frequencies).matrix;
  int i9 = frequencies.index_of(*Allele::parse("9")),
      i93 = frequencies.index_of(*Allele::parse("9.3"));
  int i10 = frequencies.index_of(*Allele::parse("10")),
      i11 = frequencies.index_of(*Allele::parse("11"));
  CHECK(stepwise(i9, i93) == doctest::Approx(0.001));
  CHECK(stepwise(i9, i11) / stepwise(i9, i10) == doctest::Approx(0.5));
  CHECK(stepwise(i9, i9) == doctest::Approx(1 - 0.01 - 0.001));
  CHECK(stepwise(i93, i93) == doctest::Approx(1 - 0.001));  // alone in its group
  CHECK_FALSE(build_mutation_matrix(MutationKind::kOneStep, 0.01, 0, 0, frequencies).matrix);
  auto tpox = case_allele_frequencies(*toy().locus("TPOX"), {}, 0.001);
  auto onestep = *build_mutation_matrix(MutationKind::kOneStep, 0.01, 0, 0, tpox).matrix;
  CHECK(onestep(0, 1) == doctest::Approx(0.01));   // 8 -> 9, its only neighbour
  CHECK(onestep(1, 0) == doctest::Approx(0.005));  // 9 -> 8 and 9 -> 10
  CHECK(onestep(0, 2) == 0);
  Allele ol = *Allele::parse("OL");
  auto with_ol = case_allele_frequencies(*toy().locus("TH01"), {&ol, 1}, 0.001);
  CHECK_FALSE(build_mutation_matrix(MutationKind::kStepwise, 0.01, 0, 0.5, with_ol).matrix);
}

TEST_CASE("mutation: one-step paternal inconsistency and the untyped-parent caveat") {
  KinshipOptions options;
  options.mutation = {MutationKind::kEqual, 0.002, 0.0005, 0, 0.5};
  // A = 11/12, B = 9/10: no shared allele, LR small but not 0.
  double lr = lr_of(Hypothesis::kPC, "11/12", "9/10", nullptr, options);
  CHECK(lr > 0);
  CHECK(lr < 0.01);
  // Only the child typed: forrel gives LR != 1 for a non-stationary model...
  double child_only = lr_of(Hypothesis::kPC, nullptr, "9/10", nullptr, options);
  CHECK(child_only != doctest::Approx(1).epsilon(1e-9));
  CHECK(child_only == doctest::Approx(1).epsilon(1e-2));
  // ...and exactly 1 for the stationary proportional model.
  options.mutation.kind = MutationKind::kProportional;
  CHECK(lr_of(Hypothesis::kPC, nullptr, "9/10", nullptr, options) ==
        doctest::Approx(1).epsilon(1e-12));
}

TEST_CASE("rare alleles get rare_freq and the locus is renormalised") {
  Allele unseen = *Allele::parse("15");
  auto frequencies = case_allele_frequencies(*toy().locus("TH01"), {&unseen, 1}, 0.01);
  CHECK(frequencies.size() == 6);
  CHECK(frequencies.unseen == 1);
  CHECK(frequencies.p[frequencies.index_of(unseen)] == doctest::Approx(0.01));
  CHECK(frequencies.p[0] == doctest::Approx(0.1 * 0.99));
  KinshipOptions options;
  options.rare_freq = 0.01;
  CHECK(lr_of(Hypothesis::kPC, "15/15", "15/15", nullptr, options) == doctest::Approx(100));
}

TEST_CASE("whole cases: totals, skipped loci, untyped loci") {
  KinshipCase kinship_case;
  kinship_case.hypothesis = Hypothesis::kPC;
  kinship_case.a = {
      {"TH01", g("9/10")}, {"TPOX", g("8/9")}, {"AMEL", g("X/Y")}, {"D99S1", g("10/11")}};
  kinship_case.b = {{"TH01", g("9/11")}, {"TPOX", g("8/8")}, {"AMEL", g("X/X")}};
  KinshipOptions options;
  options.population = &toy();
  auto result = kinship_lr(kinship_case, options);
  REQUIRE(result.loci.size() == 4);
  CHECK(result.loci_used == 2);
  CHECK(result.loci[0].locus == "AMEL");
  CHECK(result.loci[0].status == LocusStatus::kSexMarker);
  CHECK(result.loci[1].status == LocusStatus::kNotInTable);
  CHECK(result.lr == doctest::Approx(1 / (4 * p9) * 1 / (2 * 0.5)).epsilon(1e-12));
  CHECK(result.log10_lr == doctest::Approx(std::log10(result.lr)));
  // One side untyped, no mutation: no information.
  CHECK(lr_of(Hypothesis::kFS, "9/10", nullptr) == doctest::Approx(1).epsilon(1e-12));
}

TEST_CASE("frequency tables: built-ins and errors with line numbers") {
  const auto& builtin = builtin_frequencies();
  for (const char* name :
       {"China_StdAppD59", "China_CNAS_AF39", "NIST1036_Asian", "UKDNA17_Chinese_EA5",
        "norSTR_EastAsia", "Norway_Dupuy2013", "FBI2015_Caucasian"})
    CHECK(builtin.population(name) != nullptr);
  CHECK(builtin.population(std::string(kDefaultPopulation)) != nullptr);
  CHECK(builtin.population("China_StdAppD59")->locus("PENTA_D") != nullptr);
  auto bad = parse_frequency_table("population\tlocus\tallele\tfrequency\nP\tTH01\t9\tx\n");
  CHECK_FALSE(bad.database);
  CHECK(bad.error == "line 2: invalid frequency 'x'");
}

TEST_CASE("the fast path agrees with the general method") {
  const auto& population = *builtin_frequencies().population("China_StdAppD59");
  std::mt19937 random(12345);
  std::vector<MutationModel> models = {{MutationKind::kNone, 0, 0, 0, 0.5},
                                       {MutationKind::kEqual, 0.002, 0.0005, 0, 0.5},
                                       {MutationKind::kProportional, 0.002, 0.0005, 0, 0.5},
                                       {MutationKind::kStepwise, 0.002, 0.0005, 1e-5, 0.5},
                                       {MutationKind::kOneStep, 0.002, 0.0005, 0, 0.5}};
  int compared = 0;
  for (const char* locus : {"D21S11", "TH01", "TPOX", "FGA"}) {
    const auto& table = *population.locus(locus);
    std::uniform_int_distribution<int> pick(0, static_cast<int>(table.alleles.size()) - 1);
    auto random_genotype = [&] {
      return make_genotype(table.alleles[pick(random)], table.alleles[pick(random)]);
    };
    for (auto hypothesis :
         {Hypothesis::kPC, Hypothesis::kMC, Hypothesis::kTrio, Hypothesis::kTrioBoth,
          Hypothesis::kFS, Hypothesis::kHS, Hypothesis::kGP, Hypothesis::kAV, Hypothesis::kFC}) {
      for (const auto& model : models) {
        auto scorer = FastLocusScorer::build(hypothesis, table, model);
        if (!scorer) continue;
        KinshipOptions options;
        options.population = &population;
        options.mutation = model;
        for (int trial = 0; trial < 40; ++trial) {
          Genotype a = random_genotype(), b = random_genotype(), c = random_genotype();
          double general = locus_lr(hypothesis, locus, &a, &b, &c, options).lr;
          double fast =
              scorer->lr(*scorer->index_of(a), *scorer->index_of(b), *scorer->index_of(c));
          INFO(hypothesis_name(hypothesis), " ", mutation_kind_name(model.kind), " ", locus, " ",
               a.text(), " ", b.text(), " ", c.text());
          if (std::isnan(general)) {
            CHECK(std::isnan(fast));  // TRIO with an excluded mother: 0/0 either way
          } else {
            CHECK(fast == doctest::Approx(general).epsilon(1e-12));
          }
          ++compared;
        }
      }
    }
  }
  CHECK(compared > 1000);
}
