// reunite-dna-match: kinship likelihood ratios of STR profiles.  `eval` recomputes cases that
// name their hypothesis; the default mode searches query samples against a reference database
// (--against) through the exclusion index.  Options -> settings -> library calls.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "eval_mode.h"
#include "kinship_settings.h"
#include "match_search.h"
#include "reunite/error.h"
#include "reunite/tool.h"
#include "search_input.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-dna-match --against parents.jsonl children.jsonl > matches.jsonl
      every child against every parent (and couple), LR >= 10000, best 10 per child
  reunite-dna-match --against parents.jsonl --min-lr 1e8 --explain -j 2 child.jsonl
      one child, only matches an analyst could report (posterior >= 0.99 at N = 10^6)
  reunite-dna-match --against children.jsonl --hypothesis FS children.jsonl
      siblings among the children of other cases
  reunite-dna-match eval --mutation stepwise cases.jsonl
      recompute cases {"hypothesis":"TRIO","a":{"loci":...},"b":...,"c":...})";

using namespace reunite;
using namespace reunite::kinship;

struct SearchOptions {
  std::string against;
  std::string hypothesis = "parent";
  std::optional<int> max_inconsistent;
  std::string shard;
  bool timings = false;
  SearchSettings settings;
};

void add_search_options(CLI::App& app, SearchOptions& options) {
  SearchSettings& s = options.settings;
  app.add_option("--against", options.against,
                 "Reference samples to search (parents; children for --hypothesis FS)")
      ->check(kInputFile)
      ->type_name("FILE");
  app.add_option("--hypothesis", options.hypothesis,
                 "parent: fathers (PC), mothers (MC) and couples (TRIO_BOTH) by role; or one "
                 "of PC, MC, FS, HS, GP, AV, FC for every pair")
      ->check(CLI::IsMember({"parent", "PC", "MC", "FS", "HS", "GP", "AV", "FC"}))
      ->default_str("parent");
  app.add_option("--max-inconsistent", options.max_inconsistent,
                 "Loci without a shared allele a pair may have and still be scored (default 2 "
                 "for parents, no filter for other relatives)")
      ->check(CLI::Range(0, 1000))
      ->type_name("N");
  app.add_option("--min-loci", s.min_loci, "Loci typed on both sides before a pair is scored")
      ->check(CLI::Range(1, 1000))
      ->default_str("10");
  app.add_option("--min-lr", s.min_lr, "Keep matches with a likelihood ratio at least this")
      ->check(CLI::NonNegativeNumber)
      ->default_str("10000");
  app.add_option("--top", s.top, "At most this many matches per query, best first")
      ->check(CLI::Range(1, 1 << 30))
      ->default_str("10")
      ->type_name("K");
  app.add_flag("--explain", s.explain, "Add the LR of every locus (lr_loci) to each match");
  app.add_option("-j,--threads", s.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");
  app.add_option("--shard", options.shard,
                 "Search only shard K of N of the references (by case), e.g. 3/8")
      ->type_name("K/N");
  app.add_flag("--pairwise", s.pairwise, "Compare every pair without the index (benchmark)")
      ->group("");
  app.add_flag("--timings", options.timings, "Print load and search times on stderr")->group("");
}

void run_search(Tool& t, const StatisticsSettings& statistics, SearchOptions& options) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  SearchSettings& settings = options.settings;
  if (options.against.empty()) throw UsageError("search needs --against FILE (or use eval)");
  std::optional<Shard> shard = Shard{};
  if (!options.shard.empty() && !(shard = parse_shard(options.shard)))
    throw UsageError("--shard " + options.shard + ": expected K/N with 1 <= K <= N");
  settings.parent_mode = options.hypothesis == "parent";
  if (!settings.parent_mode) settings.relation = *hypothesis_from_name(options.hypothesis);
  bool parent_child = settings.parent_mode || settings.relation == Hypothesis::kPC ||
                      settings.relation == Hypothesis::kMC;
  settings.skip_same_case = !parent_child;
  settings.max_inconsistent = options.max_inconsistent.value_or(parent_child ? 2 : -1);
  if (settings.threads <= 0)
    settings.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  KinshipSettings kinship(statistics, parent_child ? MutationKind::kStepwise : MutationKind::kNone);

  ReferenceIndex index(kinship.population());
  RecordReaderOptions reader_options;
  reader_options.max_line_bytes = t.options().max_line_bytes;
  RecordReader references({options.against}, reader_options, t.rejects(), t.stats());
  ReferenceLoad load = load_references(references, index, kinship.population(), settings, *shard);
  settings.database_size = load.valid;
  t.stats().set("references", load.held);
  MatchSearch search(index, kinship, settings);  // builds the per-locus LR tables
  auto loaded = Clock::now();

  constexpr std::size_t kBatch = 4096;  // queries in memory at once
  std::vector<Query> batch;
  std::uint64_t queries = 0;
  auto flush = [&] {
    for (const std::string& lines : search.search(batch)) {
      std::string_view rest = lines;
      for (auto end = rest.find('\n'); end != std::string_view::npos; end = rest.find('\n')) {
        t.writer().write(rest.substr(0, end));
        rest.remove_prefix(end + 1);
      }
    }
    batch.clear();
  };
  auto reader = t.records();
  for (Record record; reader.next(record);) {
    Query query;
    std::string error = read_query(record, kinship.population(), settings.min_loci, query);
    if (!error.empty()) {
      reader.reject(record, error);
      continue;
    }
    ++queries;
    batch.push_back(std::move(query));
    if (batch.size() == kBatch) flush();
  }
  flush();
  const SearchCounts& counts = search.counts();
  t.stats().set("queries", queries);
  t.stats().set("candidates", counts.candidates);
  t.stats().set("below_min_loci", counts.below_min_loci);
  t.stats().set("scored", counts.scored);
  t.stats().set("matches", counts.matches);
  if (options.timings) {
    auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    std::string text = t.name() + ": load " + std::to_string(seconds(loaded - started)) + " s (" +
                       std::to_string(index.memory_bytes() >> 20) + " MiB index), search " +
                       std::to_string(seconds(Clock::now() - loaded)) + " s\n";
    std::fputs(text.c_str(), stderr);  // asked for: printed even with --quiet
  }
}

}  // namespace

int main(int argc, char** argv) {
  Tool tool("reunite-dna-match",
            "Kinship likelihood ratios of STR profiles: searches children against parents "
            "(and couples, or siblings), or evaluates named cases (eval).",
            kExamples);
  CLI::App& app = tool.app();
  StatisticsSettings search_settings, eval_settings;
  add_statistics_options(app, search_settings);
  SearchOptions search_options;
  add_search_options(app, search_options);

  CLI::App* eval = app.add_subcommand(
      "eval", "Compute the LR of each record's hypothesis: {\"hypothesis\",\"a\",\"b\",\"c\"}");
  tool.add_common_options(*eval);
  add_statistics_options(*eval, eval_settings);

  return tool.run(argc, argv, [&](Tool& t) {
    if (eval->parsed()) {
      KinshipSettings settings(eval_settings, MutationKind::kNone);
      auto reader = t.records();
      for (Record record; reader.next(record);) {
        EvalOutcome outcome = evaluate_record(record, settings);
        if (outcome.error.empty()) {
          t.writer().write(outcome.json);
        } else {
          reader.reject(record, outcome.error);
        }
      }
      return;
    }
    run_search(t, search_settings, search_options);
  });
}
