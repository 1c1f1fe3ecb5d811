// Every row of tests/data/kinship/forrel_vectors.tsv (computed with forrel 1.9.0 / pedprobr
// 1.1.0 / pedmut 0.9.1): the per-locus LR to a relative error of 1e-9 (exactly 0 where forrel
// says 0), the per-case total, and the allele list size and frequencies the model ran over.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "kinship_lr.h"

using namespace reunite;
using namespace reunite::kinship;

namespace {

struct VectorRow {
  std::map<std::string, std::string> cells;
  const std::string& operator[](const std::string& column) const { return cells.at(column); }
  double number(const std::string& column) const { return std::stod(cells.at(column)); }
};

std::vector<VectorRow> read_vectors() {
  std::ifstream in(std::string(REUNITE_TEST_DATA) + "/kinship/forrel_vectors.tsv");
  REQUIRE(in.good());
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, '\t');) cells.push_back(cell);
    if (!line.empty() && line.back() == '\t') cells.emplace_back();
    return cells;
  };
  std::string line;
  std::getline(in, line);
  auto header = split(line);
  std::vector<VectorRow> rows;
  while (std::getline(in, line)) {
    auto cells = split(line);
    VectorRow row;
    for (std::size_t i = 0; i < header.size(); ++i)
      row.cells[header[i]] = i < cells.size() ? cells[i] : "";
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<Genotype> genotype_cell(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parse_genotype(text).genotype.value();
}

KinshipOptions options_of(const VectorRow& row) {
  KinshipOptions options;
  options.population = builtin_frequencies().population(row["population"]);
  REQUIRE(options.population != nullptr);
  options.theta = row.number("theta");
  options.rare_freq = row.number("rare_freq");
  options.mutation.kind = mutation_kind_from_name(row["mut_model"]).value();
  options.mutation.rate_male = row.number("mut_rate_m");
  options.mutation.rate_female = row.number("mut_rate_f");
  options.mutation.rate2 = row.number("mut_rate2");
  options.mutation.range = row.number("mut_range");
  return options;
}

double relative_error(double ours, double theirs) {
  if (theirs == 0) return ours == 0 ? 0 : INFINITY;
  return std::fabs(ours - theirs) / std::fabs(theirs);
}

}  // namespace

TEST_CASE("forrel vectors: every locus LR and every case total") {
  auto rows = read_vectors();
  REQUIRE(rows.size() == 580);
  std::map<std::string, double> case_totals, expected_totals;
  double worst = 0;
  int passed = 0;
  for (const auto& row : rows) {
    auto a = genotype_cell(row["gA"]), b = genotype_cell(row["gB"]), c = genotype_cell(row["gC"]);
    auto hypothesis = hypothesis_from_name(row["hypothesis"]).value();
    LocusLr lr = locus_lr(hypothesis, row["locus"], a ? &*a : nullptr, b ? &*b : nullptr,
                          c ? &*c : nullptr, options_of(row));
    INFO(row["case_id"], " ", row["hypothesis"], " ", row["locus"], " ", row["gA"], " ", row["gB"],
         " ", row["gC"], " ", row["mut_model"], " ours ", lr.lr, " forrel ", row["lr_locus"]);
    REQUIRE(lr.status == LocusStatus::kOk);
    double error = relative_error(lr.lr, row.number("lr_locus"));
    CHECK(error <= 1e-9);
    // The likelihoods themselves are forrel's too (same genotype-probability conventions).
    CHECK(relative_error(lr.likelihood_h1, row.number("lik_H1")) <= 1e-9);
    CHECK(relative_error(lr.likelihood_h2, row.number("lik_H2")) <= 1e-9);
    passed += error <= 1e-9;
    worst = std::max(worst, error);
    auto [it, fresh] = case_totals.try_emplace(row["case_id"], 1.0);
    it->second *= lr.lr;
    expected_totals[row["case_id"]] = row.number("lr_total");
  }
  for (const auto& [case_id, total] : case_totals) {
    INFO(case_id, " ours ", total, " forrel ", expected_totals[case_id]);
    CHECK(relative_error(total, expected_totals[case_id]) <= 1e-8);
  }
  MESSAGE("forrel vectors: ", passed, "/", rows.size(), " rows within 1e-9, worst relative error ",
          worst);
}

TEST_CASE("forrel vectors: allele list and frequencies after the rare-allele policy") {
  for (const auto& row : read_vectors()) {
    auto population = builtin_frequencies().population(row["population"]);
    const auto* table = population->locus(row["locus"]);
    REQUIRE(table != nullptr);
    std::vector<Allele> observed;
    for (const char* column : {"gA", "gB", "gC"})
      if (auto g = genotype_cell(row[column]))
        observed.insert(observed.end(), {g->first, g->second});
    auto frequencies = case_allele_frequencies(*table, observed, row.number("rare_freq"));
    INFO(row["case_id"], " ", row["locus"]);
    CHECK(frequencies.size() == std::stoi(row["n_alleles_model"]));
    std::stringstream used(row["freqs_used"]);
    for (std::string item; std::getline(used, item, ',');) {
      auto colon = item.find(':');
      int index = frequencies.index_of(*Allele::parse(item.substr(0, colon)));
      REQUIRE(index >= 0);
      double expected = std::stod(item.substr(colon + 1));
      CHECK(frequencies.p[index] == doctest::Approx(expected).epsilon(1e-5));
    }
  }
}
