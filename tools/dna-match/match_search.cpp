#include "match_search.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <optional>
#include <thread>

#include "exclusion_scan.h"
#include "fast_locus_scorer.h"
#include "match_record.h"

namespace reunite::kinship {

namespace {

// Memo slots: a reference is scored as a father (PC, or the relation of a sibling search) or
// as a mother (MC).
constexpr std::size_t kPrefetch = 16;

int slot_of(Hypothesis hypothesis) {
  return hypothesis == Hypothesis::kMC ? 1 : 0;
}

bool shares_allele(std::pair<int, int> a, std::pair<int, int> b) {
  return a.first == b.first || a.first == b.second || a.second == b.first || a.second == b.second;
}

// Whether the child (x, y) can take one allele from each parent; an untyped parent (-2, -2)
// gives anything.
bool couple_explains(std::pair<int, int> child, std::optional<std::pair<int, int>> father,
                     std::optional<std::pair<int, int>> mother) {
  auto gives = [](const std::optional<std::pair<int, int>>& parent, int allele) {
    return !parent || parent->first == allele || parent->second == allele;
  };
  return (gives(father, child.first) && gives(mother, child.second)) ||
         (gives(father, child.second) && gives(mother, child.first));
}

}  // namespace

struct MatchSearch::LocusScorers {
  std::optional<FastLocusScorer> pair[2];  // per memo slot
  std::optional<FastLocusScorer> couple;   // TRIO_BOTH
};

MatchSearch::MatchSearch(const ReferenceIndex& index, const KinshipSettings& kinship,
                         SearchSettings settings)
    : index_(index), kinship_(kinship), settings_(settings) {
  bool fast = kinship.options().theta == 0;  // FastLocusScorer has no theta
  for (int l = 0; l < index.locus_count(); ++l) {
    const std::string& locus = index.dictionary(l).locus;
    const LocusFrequencyTable& table = *kinship.population().locus(locus);
    const MutationModel& mutation = kinship.mutation_for(locus);
    LocusScorers scorers;
    if (fast) {
      scorers.pair[0] = FastLocusScorer::build(
          settings.parent_mode ? Hypothesis::kPC : settings.relation, table, mutation);
      if (settings.parent_mode) {
        scorers.pair[1] = FastLocusScorer::build(Hypothesis::kMC, table, mutation);
        scorers.couple = FastLocusScorer::build(Hypothesis::kTrioBoth, table, mutation);
      }
    }
    scorers_.push_back(std::move(scorers));
  }
}

MatchSearch::~MatchSearch() = default;

// One thread's state: the encoded queries of a chunk and the LR memo.
class MatchSearch::Worker {
 public:
  Worker(const MatchSearch& search, SearchCounts& counts);
  void run(std::span<const Query> queries, std::span<std::string> out);

 private:
  struct Encoded {
    const Query* query = nullptr;
    std::vector<int> loci;                     // indexed loci the query types
    std::vector<std::pair<int, int>> alleles;  // its dictionary indices there (-1: unknown)
    std::vector<const Genotype*> genotypes;
    std::vector<std::pair<std::string, const Genotype*>> outside;  // loci no reference types
    std::vector<int> candidates;  // references that passed the filter, ascending
  };

  void encode(const Query& query, Encoded& encoded) const;
  void scan(std::vector<Encoded>& chunk) const;
  void scan_pairwise(Encoded& query) const;
  std::vector<Match> score(Encoded& query);
  std::optional<Match> score_pair(Encoded& query, int reference);
  std::optional<Match> score_couple(Encoded& query, int father, int mother);
  double pair_factor(const Encoded& query, int k, Hypothesis hypothesis, GenotypeCode code) {
    // Inline: nine in ten calls are memo hits, and the call itself was measurable.
    int l = query.loci[k];
    std::size_t at = code == kUntyped ? untyped_at_[l] : offset_[l] + code;
    const MemoEntry& entry = memo_[slot_of(hypothesis)][at];
    return entry.stamp == current_ ? entry.lr : compute_pair_factor(query, k, hypothesis, code, at);
  }
  double compute_pair_factor(const Encoded& query, int k, Hypothesis hypothesis, GenotypeCode code,
                             std::size_t at);
  double couple_factor(const Encoded& query, int k, GenotypeCode father, GenotypeCode mother);
  double general(Hypothesis hypothesis, const std::string& locus, const Genotype* a,
                 const Genotype* b, const Genotype* c) const;
  Genotype genotype_of(int locus, GenotypeCode code) const;

  const MatchSearch& search_;
  const ReferenceIndex& index_;
  const SearchSettings& settings_;
  SearchCounts& counts_;
  // LR memo per slot: memo_[slot][offset_[l] + code] (code kUntyped at code_count), valid when
  // its stamp is the current query's.  The stamp beside the value: one cache line per lookup.
  struct MemoEntry {
    double lr = 0;
    std::uint32_t stamp = 0;
  };
  std::vector<std::size_t> offset_, untyped_at_;
  std::vector<MemoEntry> memo_[2];
  std::uint32_t current_ = 0;
};

MatchSearch::Worker::Worker(const MatchSearch& search, SearchCounts& counts)
    : search_(search), index_(search.index_), settings_(search.settings_), counts_(counts) {
  std::size_t total = 0;
  for (int l = 0; l < index_.locus_count(); ++l) {
    offset_.push_back(total);
    total += index_.dictionary(l).code_count();
    untyped_at_.push_back(total++);
  }
  for (auto& memo : memo_) memo.assign(total, MemoEntry{});
}

void MatchSearch::Worker::encode(const Query& query, Encoded& encoded) const {
  encoded.query = &query;
  for (const auto& [locus, genotype] : query.loci) {
    int l = index_.locus_number(locus);
    if (l < 0) {
      encoded.outside.emplace_back(locus, &genotype);
      continue;
    }
    const LocusDictionary& dictionary = index_.dictionary(l);
    encoded.loci.push_back(l);
    encoded.alleles.emplace_back(dictionary.index_of(genotype.first),
                                 dictionary.index_of(genotype.second));
    encoded.genotypes.push_back(&genotype);
  }
}

void MatchSearch::Worker::scan(std::vector<Encoded>& chunk) const {
  int max_excluded = settings_.max_inconsistent;
  std::vector<const std::uint64_t*> first, second;
  std::vector<std::uint64_t> alive(ReferenceIndex::kBlockWords);
  std::vector<Encoded*> scanned;
  for (Encoded& query : chunk) {
    int loci = static_cast<int>(query.loci.size());
    if (max_excluded < 0 || max_excluded >= kMaxScanExclusions || max_excluded >= loci) {
      query.candidates.resize(index_.size());  // nothing can be excluded: everyone passes
      for (int r = 0; r < index_.size(); ++r) query.candidates[r] = r;
    } else {
      scanned.push_back(&query);
    }
  }
  for (int block = 0; block < index_.block_count(); ++block) {
    int begin = block * ReferenceIndex::kBlockReferences;
    int end = std::min(index_.size(), begin + ReferenceIndex::kBlockReferences);
    for (Encoded* query : scanned) {
      first.clear();
      second.clear();
      for (std::size_t k = 0; k < query->loci.size(); ++k) {
        int l = query->loci[k];
        first.push_back(index_.bitmap(block, index_.slot(l, query->alleles[k].first)));
        second.push_back(index_.bitmap(block, index_.slot(l, query->alleles[k].second)));
      }
      scan_block(first.data(), second.data(), static_cast<int>(first.size()), max_excluded,
                 alive.data());
      for (int w = 0; w * 64 < end - begin; ++w) {
        std::uint64_t bits = alive[w];
        int valid = end - begin - w * 64;
        if (valid < 64) bits &= (std::uint64_t{1} << valid) - 1;
        for (; bits; bits &= bits - 1)
          query->candidates.push_back(begin + w * 64 + __builtin_ctzll(bits));
      }
    }
  }
}

// The plain loop the index replaces: every reference, every locus, compared one by one.
void MatchSearch::Worker::scan_pairwise(Encoded& query) const {
  int max_excluded = settings_.max_inconsistent < 0 ? 1 << 30 : settings_.max_inconsistent;
  for (int r = 0; r < index_.size(); ++r) {
    const GenotypeCode* codes = index_.codes(r);
    int excluded = 0;
    for (std::size_t k = 0; k < query.loci.size() && excluded <= max_excluded; ++k) {
      GenotypeCode code = codes[query.loci[k]];
      if (code == kUntyped) continue;
      excluded +=
          !shares_allele(index_.dictionary(query.loci[k]).alleles_of(code), query.alleles[k]);
    }
    if (excluded <= max_excluded) query.candidates.push_back(r);
  }
}

double MatchSearch::Worker::general(Hypothesis hypothesis, const std::string& locus,
                                    const Genotype* a, const Genotype* b, const Genotype* c) const {
  LocusLr lr = locus_lr(hypothesis, locus, a, b, c, search_.kinship_.options());
  return lr.status == LocusStatus::kOk ? lr.lr : -1;  // -1: the locus cannot be used
}

Genotype MatchSearch::Worker::genotype_of(int locus, GenotypeCode code) const {
  const LocusDictionary& dictionary = index_.dictionary(locus);
  auto [i, j] = dictionary.alleles_of(code);
  return make_genotype(dictionary.alleles[i], dictionary.alleles[j]);
}

// The LR at the query's k-th locus against a reference genotype (kUntyped: only the child is
// typed, which is not exactly 1 under a non-stationary mutation model), memoised.
double MatchSearch::Worker::compute_pair_factor(const Encoded& query, int k, Hypothesis hypothesis,
                                                GenotypeCode code, std::size_t at) {
  int l = query.loci[k], slot = slot_of(hypothesis);
  const LocusDictionary& dictionary = index_.dictionary(l);
  double lr;
  auto [b1, b2] = query.alleles[k];
  const auto& scorer = search_.scorers_[l].pair[slot];
  bool query_in_table =
      b1 >= 0 && b2 >= 0 && b1 < dictionary.table_size && b2 < dictionary.table_size;
  if (code == kUntyped && scorer && query_in_table) {
    lr = scorer->lr_child_only({b1, b2});
  } else if (code == kUntyped) {
    lr = general(hypothesis, dictionary.locus, nullptr, query.genotypes[k], nullptr);
  } else if (auto [a1, a2] = dictionary.alleles_of(code);
             scorer && query_in_table && a1 < dictionary.table_size && a2 < dictionary.table_size) {
    lr = scorer->lr({a1, a2}, {b1, b2});
  } else {
    Genotype a = genotype_of(l, code);
    lr = general(hypothesis, dictionary.locus, &a, query.genotypes[k], nullptr);
  }
  memo_[slot][at] = MemoEntry{lr, current_};
  return lr;
}

double MatchSearch::Worker::couple_factor(const Encoded& query, int k, GenotypeCode father,
                                          GenotypeCode mother) {
  int l = query.loci[k];
  const LocusDictionary& dictionary = index_.dictionary(l);
  const auto& scorer = search_.scorers_[l].couple;
  auto in_table = [&](int allele) { return allele >= 0 && allele < dictionary.table_size; };
  auto [b1, b2] = query.alleles[k];
  if (scorer && father == kUntyped && mother == kUntyped && in_table(b1) && in_table(b2))
    return scorer->lr_child_only({b1, b2});
  if (scorer && father != kUntyped && mother != kUntyped && in_table(b1) && in_table(b2)) {
    auto [f1, f2] = dictionary.alleles_of(father);
    auto [m1, m2] = dictionary.alleles_of(mother);
    if (in_table(f1) && in_table(f2) && in_table(m1) && in_table(m2))
      return scorer->lr({f1, f2}, {b1, b2}, {m1, m2});
  }
  std::optional<Genotype> a, c;
  if (father != kUntyped) a = genotype_of(l, father);
  if (mother != kUntyped) c = genotype_of(l, mother);
  return general(Hypothesis::kTrioBoth, dictionary.locus, a ? &*a : nullptr, query.genotypes[k],
                 c ? &*c : nullptr);
}

std::optional<Match> MatchSearch::Worker::score_pair(Encoded& query, int reference) {
  const GenotypeCode* codes = index_.codes(reference);
  int compared = 0;
  for (int l : query.loci) compared += codes[l] != kUntyped;
  if (compared < settings_.min_loci) {
    ++counts_.below_min_loci;
    return std::nullopt;
  }
  ++counts_.scored;
  Hypothesis hypothesis =
      settings_.parent_mode
          ? (index_.hypothesis_slot(reference) ? Hypothesis::kMC : Hypothesis::kPC)
          : settings_.relation;
  double lr = 1;
  for (std::size_t k = 0; k < query.loci.size() && lr > 0; ++k) {
    double factor = pair_factor(query, static_cast<int>(k), hypothesis, codes[query.loci[k]]);
    if (factor >= 0) lr *= factor;
  }
  for (const auto& [locus, genotype] : query.outside) {
    double factor = general(hypothesis, locus, nullptr, genotype, nullptr);
    if (factor >= 0) lr *= factor;
  }
  if (!(lr >= settings_.min_lr)) return std::nullopt;
  Match match;
  match.reference = reference;
  match.hypothesis = hypothesis;
  match.lr = lr;
  match.loci_compared = compared;
  return match;
}

std::optional<Match> MatchSearch::Worker::score_couple(Encoded& query, int father, int mother) {
  const GenotypeCode* f = index_.codes(father);
  const GenotypeCode* m = index_.codes(mother);
  int compared = 0;
  for (int l : query.loci) compared += f[l] != kUntyped || m[l] != kUntyped;
  if (compared < settings_.min_loci) return std::nullopt;
  ++counts_.scored;
  double lr = 1;
  for (std::size_t k = 0; k < query.loci.size() && lr > 0; ++k) {
    int l = query.loci[k];
    double factor = couple_factor(query, static_cast<int>(k), f[l], m[l]);
    if (factor >= 0) lr *= factor;
  }
  for (const auto& [locus, genotype] : query.outside) {
    double factor = general(Hypothesis::kTrioBoth, locus, nullptr, genotype, nullptr);
    if (factor >= 0) lr *= factor;
  }
  if (!(lr >= settings_.min_lr)) return std::nullopt;
  Match match;
  match.reference = father;
  match.co_reference = mother;
  match.hypothesis = Hypothesis::kTrioBoth;
  match.lr = lr;
  match.loci_compared = compared;
  return match;
}

std::vector<Match> MatchSearch::Worker::score(Encoded& query) {
  ++current_;
  std::vector<Match> matches;
  counts_.candidates += query.candidates.size();
  const std::string& case_id = query.query->case_id;
  std::uint64_t id_hash = std::hash<std::string>{}(query.query->id);
  const std::vector<int>& candidates = query.candidates;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    // Candidates are about a thousand references apart: each would miss the cache on every
    // array it touches, so fetch a few candidates ahead (measured: search time halved,
    // 2,000 queries against 10^6 references).
    if (i + kPrefetch < candidates.size()) index_.prefetch(candidates[i + kPrefetch]);
    int r = candidates[i];
    if (index_.id_hash(r) == id_hash && index_.reference(r).id == query.query->id)
      continue;  // the same sample
    if (settings_.skip_same_case && !case_id.empty() && index_.reference(r).case_id == case_id)
      continue;
    if (auto match = score_pair(query, r)) matches.push_back(*match);
    int partner = index_.partner(r);
    if (settings_.parent_mode && partner >= 0 && index_.hypothesis_slot(r) == 0 &&
        std::binary_search(query.candidates.begin(), query.candidates.end(), partner))
      if (auto match = score_couple(query, r, partner)) matches.push_back(*match);
  }
  std::sort(matches.begin(), matches.end(), [](const Match& x, const Match& y) {
    if (x.lr != y.lr) return x.lr > y.lr;
    if (x.reference != y.reference) return x.reference < y.reference;
    return x.co_reference < y.co_reference;
  });
  if (settings_.top >= 0 && matches.size() > std::size_t(settings_.top))
    matches.resize(settings_.top);
  counts_.matches += matches.size();
  return matches;
}

void MatchSearch::Worker::run(std::span<const Query> queries, std::span<std::string> out) {
  std::vector<Encoded> chunk(queries.size());
  for (std::size_t q = 0; q < queries.size(); ++q) encode(queries[q], chunk[q]);
  if (settings_.pairwise) {
    for (Encoded& query : chunk) scan_pairwise(query);
  } else {
    scan(chunk);
  }
  for (std::size_t q = 0; q < queries.size(); ++q) {
    Encoded& query = chunk[q];
    std::vector<Match> matches = score(query);
    MatchDetails details{index_, search_.kinship_, settings_.database_size, settings_.explain};
    for (const Match& match : matches) {
      // Per-locus LRs again (memo hits) for the record: each locus's factor and whether it is
      // consistent.
      std::vector<LocusFactor> factors;
      const GenotypeCode* a = index_.codes(match.reference);
      const GenotypeCode* c = match.co_reference >= 0 ? index_.codes(match.co_reference) : nullptr;
      for (std::size_t k = 0; k < query.loci.size(); ++k) {
        int l = query.loci[k];
        LocusFactor factor;
        factor.locus = &index_.dictionary(l).locus;
        factor.query = query.genotypes[k];
        std::optional<std::pair<int, int>> father, mother;
        if (a[l] != kUntyped) father = index_.dictionary(l).alleles_of(a[l]);
        if (c && c[l] != kUntyped) mother = index_.dictionary(l).alleles_of(c[l]);
        if (c) {
          factor.lr = couple_factor(query, static_cast<int>(k), a[l], c[l]);
          factor.consistent = couple_explains(query.alleles[k], father, mother);
        } else {
          factor.lr = pair_factor(query, static_cast<int>(k), match.hypothesis, a[l]);
          factor.consistent = !father || shares_allele(*father, query.alleles[k]);
          if (father) factor.reference = genotype_of(l, a[l]);
        }
        factors.push_back(std::move(factor));
      }
      for (const auto& [locus, genotype] : query.outside) {
        LocusFactor factor;
        factor.locus = &locus;
        factor.query = genotype;
        factor.lr = general(match.hypothesis, locus, nullptr, genotype, nullptr);
        factors.push_back(std::move(factor));
      }
      append_match_record(out[q], *query.query, match, factors, details);
    }
  }
}

std::vector<std::string> MatchSearch::search(std::span<const Query> queries) {
  constexpr std::size_t kChunk = 64;  // queries that scan a cached block one after another
  std::vector<std::string> out(queries.size());
  std::size_t chunks = (queries.size() + kChunk - 1) / kChunk;
  int threads = static_cast<int>(
      std::clamp<std::size_t>(settings_.threads, 1, std::max<std::size_t>(chunks, 1)));
  std::vector<SearchCounts> counts(threads);
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](int t) {
    try {
      Worker worker(*this, counts[t]);
      for (std::size_t c; (c = next++) < chunks;) {
        std::size_t begin = c * kChunk, size = std::min(kChunk, queries.size() - begin);
        worker.run(queries.subspan(begin, size), std::span(out).subspan(begin, size));
      }
    } catch (...) {
      errors[t] = std::current_exception();
      next = chunks;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& thread : pool) thread.join();
  for (auto& error : errors)
    if (error) std::rethrow_exception(error);
  for (const auto& c : counts) {
    counts_.candidates += c.candidates;
    counts_.below_min_loci += c.below_min_loci;
    counts_.scored += c.scored;
    counts_.matches += c.matches;
  }
  return out;
}

}  // namespace reunite::kinship
