// simulate-dna-profiles: synthetic STR profiles for the dna-match benchmark and tests (no real
// persons).  Alleles are drawn from a built-in frequency table (default China_StdAppD59) at the
// loci of a kit (default AGCU EX22, 21 STRs).  Planted families: a father and a mother in the
// references (one case, roles father/mother; some families have only one parent typed), their
// child among the queries, inheriting one allele from each parent, with one or more loci
// mutated by a +-1 step in some children; a share of all profiles is partial (loci dropped).
// The other references are unrelated couples, the other queries unrelated children.
//
//   simulate-dna-profiles --references 1000000 --queries 100000 --families 1000 --out DIR
// writes DIR/references.jsonl, DIR/queries.jsonl and DIR/truth.tsv (child, father, mother,
// mutated loci, loci typed in both child and father).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "allele_frequencies.h"
#include "reunite/str_loci.h"

namespace {

using namespace reunite;
using namespace reunite::kinship;

struct LocusSampler {
  std::string name;
  std::vector<Allele> alleles;
  std::discrete_distribution<int> draw;
};

using Person = std::vector<std::pair<int, int>>;  // allele indices per locus; -1: untyped

class Simulator {
 public:
  Simulator(const PopulationFrequencies& population, const std::vector<std::string_view>& loci,
            std::uint64_t seed)
      : random_(seed) {
    for (auto locus : loci) {
      const LocusFrequencyTable* table = population.locus(locus);
      if (!table) continue;
      loci_.push_back(
          {std::string(locus), table->alleles,
           std::discrete_distribution<int>(table->frequencies.begin(), table->frequencies.end())});
    }
  }
  int locus_count() const { return static_cast<int>(loci_.size()); }

  Person random_person() {
    Person person;
    for (auto& locus : loci_) person.emplace_back(locus.draw(random_), locus.draw(random_));
    return person;
  }
  // One allele from each parent; `mutated` loci get the father's allele moved one step.
  Person child_of(const Person& father, const Person& mother, int mutated) {
    Person child;
    for (std::size_t l = 0; l < loci_.size(); ++l) {
      auto pick = [&](std::pair<int, int> g) { return coin() ? g.first : g.second; };
      child.emplace_back(pick(father[l]), pick(mother[l]));
    }
    std::vector<int> order(loci_.size());
    for (std::size_t l = 0; l < order.size(); ++l) order[l] = static_cast<int>(l);
    std::shuffle(order.begin(), order.end(), random_);
    for (int m = 0, k = 0; m < mutated && k < static_cast<int>(order.size()); ++k) {
      int l = order[k];
      int moved = step(l, child[l].first, father[l]);
      if (moved < 0) continue;
      child[l].first = moved;
      ++m;
    }
    return child;
  }
  // Drops 1..max_missing loci from a share of profiles.
  void maybe_partial(Person& person, double share, int max_missing) {
    if (std::uniform_real_distribution<>(0, 1)(random_) >= share) return;
    int missing = std::uniform_int_distribution<>(1, max_missing)(random_);
    for (int m = 0; m < missing; ++m)
      person[std::uniform_int_distribution<>(0, locus_count() - 1)(random_)] = {-1, -1};
  }
  bool chance(double p) { return std::uniform_real_distribution<>(0, 1)(random_) < p; }

  std::string record(const std::string& id, const std::string& case_id, const char* role,
                     const Person& person) const {
    std::string json = "{\"kind\":\"sample\",\"id\":\"" + id + "\",\"sample_id\":\"" + id + "\"";
    if (!case_id.empty()) json += ",\"case\":\"" + case_id + "\"";
    json += ",\"role\":\"" + std::string(role) + "\",\"loci\":{";
    bool first = true;
    for (std::size_t l = 0; l < loci_.size(); ++l) {
      if (person[l].first < 0) continue;
      auto [a, b] = person[l];
      const auto& alleles = loci_[l].alleles;
      if (alleles[b] < alleles[a]) std::swap(a, b);
      json += (first ? "\"" : ",\"") + loci_[l].name + "\":[\"" + alleles[a].text() + "\",\"" +
              alleles[b].text() + "\"]";
      first = false;
    }
    return json + "}}\n";
  }
  // Loci typed in both and not sharing an allele.
  int inconsistent(const Person& a, const Person& b) const {
    int count = 0;
    for (std::size_t l = 0; l < a.size(); ++l)
      if (a[l].first >= 0 && b[l].first >= 0 && a[l].first != b[l].first &&
          a[l].first != b[l].second && a[l].second != b[l].first && a[l].second != b[l].second)
        ++count;
    return count;
  }
  int shared_loci(const Person& a, const Person& b) const {
    int count = 0;
    for (std::size_t l = 0; l < a.size(); ++l) count += a[l].first >= 0 && b[l].first >= 0;
    return count;
  }

 private:
  bool coin() { return random_() & 1; }
  // The allele one repeat up or down from `allele` (index), if the table has it; -1 if not,
  // or if it would still be shared with the father (then it is no inconsistency).
  int step(int l, int allele, std::pair<int, int> father) {
    const auto& alleles = loci_[l].alleles;
    auto repeats = alleles[allele].repeats();
    if (!repeats) return -1;
    double target = *repeats + (coin() ? 1 : -1);
    for (int i = 0; i < static_cast<int>(alleles.size()); ++i)
      if (alleles[i].repeats() && *alleles[i].repeats() == target && i != father.first &&
          i != father.second)
        return i;
    return -1;
  }

  std::mt19937_64 random_;
  std::vector<LocusSampler> loci_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Synthetic STR profiles with planted families, for the dna-match benchmark.",
               "simulate-dna-profiles");
  long references = 1000000, queries = 100000, families = 1000;
  std::uint64_t seed = 1;
  std::string out = ".", population_name(kDefaultPopulation), kit = "AGCU EX22";
  double partial = 0.1, mutated_share = 0.2;
  app.add_option("--references", references, "Reference profiles (parents)");
  app.add_option("--queries", queries, "Query profiles (children)");
  app.add_option("--families", families, "Planted families (child among the queries)");
  app.add_option("--seed", seed, "Random seed");
  app.add_option("--population", population_name, "Built-in frequency table");
  app.add_option("--kit", kit, "Kit whose loci are typed");
  app.add_option("--partial", partial, "Share of profiles missing 1-4 loci");
  app.add_option("--mutated", mutated_share,
                 "Share of planted children with mutated loci (1, 2 or 3 loci: 70/20/10%)");
  app.add_option("--out", out, "Output directory");
  CLI11_PARSE(app, argc, argv);

  const PopulationFrequencies* population = builtin_frequencies().population(population_name);
  auto kit_id = kit_from_name(kit);
  if (!population || !kit_id) {
    std::fprintf(stderr, "simulate-dna-profiles: unknown population or kit\n");
    return 2;
  }
  Simulator sim(*population, kit_loci(*kit_id), seed);
  families = std::min({families, queries, references / 2});

  // References: planted parents and unrelated couples, in a shuffled order.
  std::vector<std::string> reference_lines(references);
  std::vector<std::string> query_lines;
  std::ofstream truth(out + "/truth.tsv");
  truth << "child\tfather\tmother\tmutated_loci\tfather_inconsistent\tloci_shared_with_father\n";
  std::vector<long> slots(references);
  for (long i = 0; i < references; ++i) slots[i] = i;
  std::shuffle(slots.begin(), slots.end(), std::mt19937_64(seed + 1));
  long next = 0;
  for (long f = 0; f < families; ++f) {
    Person father = sim.random_person(), mother = sim.random_person();
    int mutated = 0;
    if (sim.chance(mutated_share)) mutated = sim.chance(0.7) ? 1 : sim.chance(2.0 / 3) ? 2 : 3;
    Person child = sim.child_of(father, mother, mutated);
    sim.maybe_partial(father, partial, 4);
    sim.maybe_partial(mother, partial, 4);
    sim.maybe_partial(child, partial, 4);
    std::string case_id = "CASE-" + std::to_string(f + 1);
    std::string father_id = case_id + "-F", mother_id = case_id + "-M";
    bool has_mother = f % 10 != 9;  // every tenth family: the father alone
    reference_lines[slots[next++]] = sim.record(father_id, case_id, "father", father);
    if (has_mother)
      reference_lines[slots[next++]] = sim.record(mother_id, case_id, "mother", mother);
    std::string child_id = "CHILD-" + std::to_string(f + 1);
    query_lines.push_back(sim.record(child_id, "", "child", child));
    truth << child_id << '\t' << father_id << '\t' << (has_mother ? mother_id : "") << '\t'
          << mutated << '\t' << sim.inconsistent(father, child) << '\t'
          << sim.shared_loci(father, child) << '\n';
  }
  for (long u = 0; next < references; ++u) {
    std::string case_id = "R-" + std::to_string(u + 1);
    Person father = sim.random_person();
    sim.maybe_partial(father, partial, 4);
    reference_lines[slots[next++]] = sim.record(case_id + "-F", case_id, "father", father);
    if (next == references) break;
    Person mother = sim.random_person();
    sim.maybe_partial(mother, partial, 4);
    reference_lines[slots[next++]] = sim.record(case_id + "-M", case_id, "mother", mother);
  }
  for (long q = families; q < queries; ++q) {
    Person child = sim.random_person();
    sim.maybe_partial(child, partial, 4);
    query_lines.push_back(sim.record("U-" + std::to_string(q + 1), "", "unknown", child));
  }
  std::shuffle(query_lines.begin(), query_lines.end(), std::mt19937_64(seed + 2));
  std::ofstream reference_file(out + "/references.jsonl"), query_file(out + "/queries.jsonl");
  for (const auto& line : reference_lines) reference_file << line;
  for (const auto& line : query_lines) query_file << line;
  return reference_file && query_file && truth ? 0 : 1;
}
