// reunite-dedupe: finds the records that describe the same person (record linkage).
// Options -> DedupeOptions -> run_dedupe().
#include <CLI/CLI.hpp>

#include "dedupe.h"
#include "reunite/ordered_parallel.h"
#include "reunite/tool.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-normalize cases.jsonl | reunite-dedupe > clustered.jsonl
      reunite's case/sighting records with the default fields and blocks; each record gets
      "cluster" (the smallest id in it) and "cluster_size"
  reunite-dedupe --pairs --threshold 0.99 normalized.jsonl | jq -c 'select(.probability < 1)'
      the scored links, with each field's level and weight
  reunite-dedupe --compare given_name:name --compare surname:name --compare birth_date:date \
      --block 'soundex(surname)+year(birth_date)' --block soc_sec_id --stats people.jsonl
      any other record shape: say what to compare and how to block
  reunite-dedupe --save-model model.json old.jsonl >/dev/null; reunite-dedupe --model model.json new.jsonl
      train once, review model.json, reuse it)";

}  // namespace

int main(int argc, char** argv) {
  reunite::Tool tool("reunite-dedupe",
                     "Links records that describe the same person: blocking, Fellegi-Sunter "
                     "scoring trained without labels, clusters.",
                     kExamples);
  CLI::App& app = tool.app();
  reunite::dedupe::DedupeOptions options;
  bool pairs = false, merge = false;
  app.add_option("--compare,-c", options.compare,
                 "Compare FIELD as TYPE: name, text, exact, date, number, phone, id, place "
                 "(repeatable; default: reunite's case, sighting and sample fields)")
      ->allow_extra_args(false)
      ->type_name("FIELD:TYPE");
  app.add_option(
         "--block,-b", options.blocks,
         "Blocking rule: fields or transforms joined by '+': prefix(F,N), year(F), month(F), "
         "soundex(F), pinyin(F), surname(F), initials(F), region(F,province|city|county) "
         "(repeatable; a pair is a candidate if any rule puts it in one block)")
      ->allow_extra_args(false)
      ->type_name("RULE");
  app.add_option("--threshold,-t", options.threshold,
                 "Match probability at which a pair is linked (default 0.9)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_flag("--pairs", pairs, "Write link records (scored pairs) instead of the records");
  app.add_flag("--all-pairs", options.all_pairs,
               "With --pairs: every candidate pair, linked or not");
  app.add_flag("--merge", merge, "Write one cluster record per cluster instead of the records");
  app.add_option("--truth", options.truth_field,
                 "Field holding a known entity id: --stats adds precision, recall and F1")
      ->type_name("FIELD");
  app.add_option("--model", options.model_path, "Use this saved model instead of training")
      ->check(CLI::ExistingFile)
      ->type_name("FILE");
  app.add_option("--save-model", options.save_model_path, "Write the trained model (JSON)")
      ->type_name("FILE");
  app.add_option("--tf", options.term_frequency_fields,
                 "Weigh exact agreement on FIELD by how common the value is (name fields: on)")
      ->allow_extra_args(false)
      ->type_name("FIELD");
  app.add_flag("--no-tf", options.no_term_frequency, "No term-frequency adjustment at all");
  app.add_option("--cluster-floor", options.cluster_floor,
                 "Split a cluster holding two members whose match probability is below this "
                 "(default 0.01)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--max-block-size", options.max_block_size,
                 "Skip blocks larger than this (counted in --stats; default 2000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-pairs", options.max_pairs,
                 "Stop with an error when the blocks propose more candidate pairs than this in all "
                 "(a bound on memory, about 25 bytes a pair; default: what half the physical "
                 "memory holds)")
      ->check(CLI::PositiveNumber);
  app.add_option("--u-samples", options.u_samples,
                 "Random pairs for the non-match probabilities (default 300000)")
      ->check(CLI::PositiveNumber);
  app.add_option(
      "-j,--threads", options.threads,
      "Extract fields, compare and score pairs on N threads (0: one per core; default 1); "
      "the output is the same whatever N");
  app.get_option("--pairs")->excludes("--merge");
  app.get_option("--all-pairs")->needs("--pairs");

  return tool.run(argc, argv, [&](reunite::Tool& t) {
    if (pairs) options.output = reunite::dedupe::OutputMode::pairs;
    if (merge) options.output = reunite::dedupe::OutputMode::merge;
    if (options.threads == 0) options.threads = reunite::available_cores();
    reunite::dedupe::run_dedupe(t, options);
  });
}
