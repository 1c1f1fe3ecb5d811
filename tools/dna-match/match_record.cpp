#include "match_record.h"

#include <algorithm>
#include <cmath>

#include "match_search.h"
#include "reunite/json.h"

namespace reunite::kinship {

std::optional<double> mutation_steps(const Genotype& a, const Genotype& b) {
  std::optional<double> best;
  for (const Allele* x : {&a.first, &a.second})
    for (const Allele* y : {&b.first, &b.second}) {
      if (!x->repeats() || !y->repeats()) return std::nullopt;
      double steps = std::fabs(*x->repeats() - *y->repeats());
      if (!best || steps < *best) best = steps;
    }
  if (best) *best = std::round(*best * 10) / 10;  // 1.3, not 1.2999999999999998
  return best;
}

void append_match_record(std::string& out, const Query& query, const Match& match,
                         const std::vector<LocusFactor>& factors, const MatchDetails& details) {
  const Reference& candidate = details.index.reference(match.reference);
  const Reference* co =
      match.co_reference >= 0 ? &details.index.reference(match.co_reference) : nullptr;
  std::vector<const LocusFactor*> used;
  double log10_lr = 0;
  for (const LocusFactor& factor : factors)
    if (factor.lr >= 0) {
      used.push_back(&factor);
      log10_lr += std::log10(factor.lr);
    }
  std::sort(used.begin(), used.end(),
            [](const LocusFactor* x, const LocusFactor* y) { return *x->locus < *y->locus; });

  JsonWriter w(out);
  w.begin_object();
  w.field("kind", "dna_match");
  std::string id = query.id + "~" + candidate.id + (co ? "~" + co->id : "");
  w.field("id", id);
  w.field("query", query.id);
  if (!query.case_id.empty()) w.field("query_case", query.case_id);
  w.field("candidate", candidate.id);
  if (!candidate.case_id.empty()) w.field("candidate_case", candidate.case_id);
  if (!candidate.role.empty()) w.field("candidate_role", candidate.role);
  if (co) {
    w.field("co_candidate", co->id);
    if (!co->role.empty()) w.field("co_candidate_role", co->role);
  }
  w.field("hypothesis", hypothesis_name(match.hypothesis));
  w.field("lr", match.lr);
  w.key("log10_lr");
  w.number(std::isfinite(log10_lr) ? log10_lr : NAN);
  // P(H1 | data) = LR pi / (LR pi + 1 - pi), pi = 1/N, computed from the log so that a huge LR
  // neither overflows nor rounds the posterior of a weak match to 1.
  double n = static_cast<double>(std::max<std::uint64_t>(details.database_size, 1));
  double prior = 1 / n;
  double log10_odds = log10_lr - std::log10(n - 1);
  double posterior = n <= 1 ? 1.0 : 1 / (1 + std::pow(10.0, -log10_odds));
  w.field("prior", prior);
  w.field("posterior", posterior);
  w.field("loci_compared", match.loci_compared);
  w.key("inconsistent_loci");
  w.begin_array();
  for (const LocusFactor* factor : used) {
    if (factor->consistent) continue;
    w.begin_object();
    w.field("locus", *factor->locus);
    w.field("lr", factor->lr);
    if (factor->reference && factor->query)
      if (auto steps = mutation_steps(*factor->reference, *factor->query)) w.field("steps", *steps);
    w.end_object();
  }
  w.end_array();
  if (details.explain) {
    w.key("lr_loci");
    w.begin_object();
    for (const LocusFactor* factor : used) w.field(*factor->locus, factor->lr);
    w.end_object();
  }
  append_ignored_loci(out, query.ignored);
  w.end_object();
  out += '\n';
}

}  // namespace reunite::kinship
