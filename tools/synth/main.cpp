// reunite-synth: synthetic investigations for demos, tests and benchmarks (world), and the
// scoring of the toolkit's results against the world's answer file (check).
// Options → WorldSettings / CheckThresholds → generate_world() / AnswerCheck.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "answer_check.h"
#include "hash_set.h"
#include "reunite/error.h"
#include "reunite/tool.h"
#include "world.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-synth world --seed 7 --families 60 --out world
      a demo world: exports/ (GB18030 and UTF-8 CSV, JSON Lines, GeneMapper, wide genotypes),
      photos/ (JPEG, with reposted copies) and answers.jsonl (the truth, for check only)
  reunite-synth world --seed 1 --families 1000000 --photo-share 0 --out big
      a benchmark world of a million cases, without photos
  reunite-synth world --seed 2 --families 3000000 --exports site --site-share 1 --photo-share 0 --out csv
      only the family-search CSV export (no DNA drawn): a benchmark input for reunite-ingest
  reunite-synth hashes --references 10000000 --queries 1000 --out hashes
      photo_hash records of 10 M pictures and 1000 queries, half of them planted near copies
  reunite-synth check --answers world/answers.jsonl dna.jsonl photos.jsonl clusters.jsonl
      how many planted families, reposts and duplicate reports the pipeline found
  reunite-synth check --answers world/answers.jsonl --min-dna-recall 0.9 --max-dna-false 0 dna.jsonl
      exit 3 unless 90% of the planted children were found with no false match)";

// The options of check belong to check; -o stays on the main command too (where every reunite
// tool has it), and means the same: where check writes its scores.
void remove_common_options(CLI::App& app) {
  for (const char* name : {"FILE", "--rejects", "--stats", "--quiet", "--max-line-bytes"})
    app.remove_option(app.get_option(name));
}

void add_world_options(CLI::App& world, reunite::synth::WorldSettings& s, std::string& photo_size,
                       std::string& child_kit, std::string& reference_kit, std::string& exports,
                       reunite::CommonOptions& common) {
  using CLI::Range;
  world.add_option("--seed", s.seed, "The world's seed: the same seed gives the same bytes")
      ->default_str("1");
  world.add_option("--families", s.families, "Missing-child cases (one family each)")
      ->check(Range(std::uint64_t{1}, std::uint64_t{100000000}))
      ->default_str("100");
  world.add_flag("--force", s.replace,
                 "Replace the world in a --out DIR written before (its exports, photos, answers)");
  world.add_option("--out", s.out_dir, "Directory to write: new or empty, or see --force")
      ->required()
      ->type_name("DIR");
  world.add_option("--population", s.population, "Built-in allele-frequency table of the founders")
      ->default_str("China_StdAppD59");
  world
      .add_option("--found-share", s.found_share,
                  "Share of missing children typed among the children of unknown origin")
      ->check(Range(0.0, 1.0))
      ->default_str("0.5");
  world
      .add_option("--unrelated-children", s.unrelated_children,
                  "Other children of unknown origin, per family")
      ->check(Range(0.0, 1000.0))
      ->default_str("0.5");
  world.add_option("--couple-share", s.couple_share, "Share of cases where both parents gave DNA")
      ->check(Range(0.0, 1.0))
      ->default_str("0.6");
  world
      .add_option("--father-only-share", s.father_only_share,
                  "Share where only the father did (the rest: only the mother)")
      ->check(Range(0.0, 1.0))
      ->default_str("0.2");
  world.add_option("--police-share", s.police_share, "Share of cases in the police export")
      ->check(Range(0.0, 1.0))
      ->default_str("0.8");
  world.add_option("--volunteer-share", s.volunteer_share, "Share of cases on the volunteer site")
      ->check(Range(0.0, 1.0))
      ->default_str("0.6");
  world.add_option("--site-share", s.site_share, "Share of cases on the family-search site")
      ->check(Range(0.0, 1.0))
      ->default_str("0.4");
  world
      .add_option("--typo-rate", s.noise.typo_rate,
                  "Share of reports that misspell the child's name")
      ->check(Range(0.0, 1.0))
      ->default_str("0.08");
  world
      .add_option("--id-number-share", s.noise.id_number_share,
                  "Share of police and site reports giving the child's ID number")
      ->check(Range(0.0, 1.0))
      ->default_str("0.6");
  world
      .add_option("--bad-id-rate", s.noise.bad_id_rate,
                  "Share of given ID numbers that are mistyped (check character wrong)")
      ->check(Range(0.0, 1.0))
      ->default_str("0.1");
  world
      .add_option("--pinyin-share", s.noise.pinyin_share,
                  "Volunteer reports writing names in pinyin")
      ->check(Range(0.0, 1.0))
      ->default_str("0.3");
  world
      .add_option("--traditional-share", s.noise.traditional_share,
                  "Volunteer reports writing names in traditional characters")
      ->check(Range(0.0, 1.0))
      ->default_str("0.15");
  world
      .add_option("--partial-date-share", s.noise.partial_date_share,
                  "Volunteer report dates given to the month or year only")
      ->check(Range(0.0, 1.0))
      ->default_str("0.3");
  world
      .add_option("--lunar-date-share", s.noise.lunar_date_share,
                  "Police reports giving the birth date in the lunar calendar (农历)")
      ->check(Range(0.0, 1.0))
      ->default_str("0.05");
  world
      .add_option("--date-error-rate", s.noise.date_error_rate,
                  "Volunteer and site reports with the birth date misremembered (day/month "
                  "swapped, days off, year off by one)")
      ->check(Range(0.0, 1.0))
      ->default_str("0.05");
  world
      .add_option("--mutation-scale", s.mutation.scale,
                  "Multiply every locus's mutation rate (0: no mutations)")
      ->check(Range(0.0, 1000.0))
      ->default_str("1");
  world
      .add_option("--mutation-rate-male", s.mutation.rate_male,
                  "Paternal rate of every locus (default: 1.6 x the locus table's rate)")
      ->check(Range(0.0, 1.0))
      ->type_name("RATE");
  world
      .add_option("--mutation-rate-female", s.mutation.rate_female,
                  "Maternal rate of every locus (default: 0.4 x the locus table's rate)")
      ->check(Range(0.0, 1.0))
      ->type_name("RATE");
  world
      .add_option("--partial-share", s.typing.partial_share,
                  "Share of degraded samples that lose several loci")
      ->check(Range(0.0, 1.0))
      ->default_str("0.1");
  world.add_option("--min-loci", s.typing.min_loci, "Loci a partial profile keeps at least")
      ->check(Range(1, 30))
      ->default_str("12");
  world.add_option("--gap-rate", s.typing.gap_rate, "Chance that any one locus fails to type")
      ->check(Range(0.0, 1.0))
      ->default_str("0.01");
  world
      .add_option("--photo-share", s.photo_share, "Cases with a photo of the child (0: no photos)")
      ->check(Range(0.0, 1.0))
      ->default_str("0.5");
  world
      .add_option(
          "--reposts-per-photo", s.reposts_per_photo,
          "Mean reposted copies of a case photo (resized, re-encoded, cropped, mirrored, rotated)")
      ->check(Range(0.0, 20.0))
      ->default_str("1.5");
  world
      .add_option("--unrelated-photos", s.unrelated_photos,
                  "Sightings with a picture of someone else, per family")
      ->check(Range(0.0, 100.0))
      ->default_str("0.3");
  world.add_option("--photo-size", photo_size, "Size of the original photos")
      ->default_str("320x240")
      ->type_name("WxH");
  world
      .add_option("--broken-rows", s.broken_rows,
                  "Damaged rows to plant in the exports, for reunite-ingest to reject")
      ->check(Range(0, 1000))
      ->default_str("3");
  world
      .add_option(
          "--child-kit", child_kit,
          "Kit of the children of unknown origin: Goldeneye 20A, PowerPlex 21 or Identifiler")
      ->check(CLI::IsMember({"Goldeneye 20A", "PowerPlex 21", "Identifiler"}))
      ->default_str("Goldeneye 20A");
  world
      .add_option("--notes-share", s.notes_share,
                  "Police and family-search rows with a free-text note (commas, quotes, line "
                  "breaks; 0: no notes column)")
      ->check(Range(0.0, 1.0))
      ->default_str("0");
  world
      .add_option("--exports", exports,
                  "Export files to write, comma-separated: police, volunteer, site, references, "
                  "children, sightings; all; none (photos: see --photo-share)")
      ->default_str("all")
      ->type_name("LIST");
  world
      .add_option("--reference-kit", reference_kit,
                  "Kit of every reference sample (default: Goldeneye 20A, PowerPlex 21 or "
                  "Identifiler, a third each)")
      ->check(CLI::IsMember({"Goldeneye 20A", "PowerPlex 21", "Identifiler"}))
      ->type_name("KIT");
  world.add_flag("--stats", common.stats,
                 "Print the world's counts (records written, per export file) as JSON on stderr");
  world.add_flag("-q,--quiet", common.quiet, "No summary on stderr");
}

void add_check_options(CLI::App& check, std::string& answers, reunite::synth::CheckThresholds& t,
                       bool& json) {
  using CLI::Range;
  check.add_option("--answers", answers, "The world's answers.jsonl")
      ->required()
      ->check(CLI::ExistingFile)
      ->type_name("FILE");
  check.add_option("--min-lr", t.min_dna_lr, "Count DNA matches (true and false) from this LR on")
      ->type_name("X");
  check
      .add_option("--min-dna-recall", t.min_dna_recall,
                  "Fail below this share of planted children found")
      ->check(Range(0.0, 1.0))
      ->type_name("SHARE");
  check.add_option("--max-dna-false", t.max_dna_false, "Fail above this many false DNA matches")
      ->type_name("N");
  check
      .add_option("--min-photo-recall", t.min_photo_recall,
                  "Fail below this share of reposts found")
      ->check(Range(0.0, 1.0))
      ->type_name("SHARE");
  check
      .add_option("--max-photo-false", t.max_photo_false,
                  "Fail above this many false photo matches")
      ->type_name("N");
  check
      .add_option("--min-dedupe-precision", t.min_dedupe_precision,
                  "Fail below this pairwise precision of the report clusters")
      ->check(Range(0.0, 1.0))
      ->type_name("SHARE");
  check
      .add_option("--min-dedupe-recall", t.min_dedupe_recall,
                  "Fail below this pairwise recall of the report clusters")
      ->check(Range(0.0, 1.0))
      ->type_name("SHARE");
  check.add_flag("--json", json, "Write the scores as one JSON object instead of text");
}

void add_hashes_options(CLI::App& hashes, reunite::synth::HashSetSettings& s,
                        std::string& photo_size, reunite::CommonOptions& common) {
  using CLI::Range;
  hashes.add_option("--seed", s.seed, "The set's seed: the same seed gives the same bytes")
      ->default_str("1");
  hashes.add_option("--references", s.references, "Reference hash records to write")
      ->check(Range(std::uint64_t{1}, std::uint64_t{1000000000}))
      ->default_str("1000000");
  hashes.add_option("--queries", s.queries, "Query hash records to write (0: none)")
      ->check(Range(std::uint64_t{0}, std::uint64_t{1000000000}))
      ->default_str("0");
  hashes
      .add_option("--copy-share", s.copy_share,
                  "Share of queries that are near copies of a reference (the rest: random)")
      ->check(Range(0.0, 1.0))
      ->default_str("0.5");
  hashes
      .add_option("--self-copy-share", s.self_copy_share,
                  "Share of references that are near copies of an earlier reference")
      ->check(Range(0.0, 1.0))
      ->default_str("0.01");
  hashes
      .add_option("--max-distance", s.max_distance,
                  "A copy differs from its original in 0 to BITS bits, uniformly")
      ->check(Range(0, 256))
      ->default_str("40")
      ->type_name("BITS");
  hashes.add_option("--photo-size", photo_size, "The picture size the records claim")
      ->default_str("1600x1200")
      ->type_name("WxH");
  hashes.add_option("--out", s.out_dir, "Directory to write: new or empty, or see --force")
      ->required()
      ->type_name("DIR");
  hashes.add_flag("--force", s.replace, "Replace a set (or world) written into --out DIR before");
  hashes.add_flag("--stats", common.stats, "Print the records written as JSON on stderr");
  hashes.add_flag("-q,--quiet", common.quiet, "No summary on stderr");
}

std::pair<int, int> parse_photo_size(const std::string& text) {
  int w = 0, h = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &w, &h, &tail) != 2 || w < 32 || h < 32 || w > 4096 ||
      h > 4096)
    throw reunite::UsageError("--photo-size: expected WxH between 32 and 4096, e.g. 320x240");
  return {w, h};
}

unsigned parse_exports(const std::string& text) {
  unsigned bits = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string name = text.substr(start, comma - start);
    auto which = reunite::synth::export_from_name(name);
    if (!which)
      throw reunite::UsageError(
          "--exports: unknown export '" + name +
          "' (police, volunteer, site, references, children, sightings, all, none)");
    bits |= *which;
    start = comma + 1;
  }
  return bits;
}

}  // namespace

int main(int argc, char** argv) {
  reunite::Tool tool("reunite-synth",
                     "Writes synthetic investigations (exports, photos and an answer file) and "
                     "scores the toolkit's results against the answers.",
                     kExamples);
  CLI::App& app = tool.app();
  remove_common_options(app);
  app.require_subcommand(0, 1);

  reunite::synth::WorldSettings settings;
  std::string photo_size = "320x240";
  CLI::App* world = app.add_subcommand("world", "Write a synthetic world into --out DIR");
  std::string child_kit = "Goldeneye 20A";
  std::string exports = "all";
  std::string reference_kit;
  add_world_options(*world, settings, photo_size, child_kit, reference_kit, exports,
                    tool.options());

  reunite::synth::HashSetSettings hash_settings;
  std::string hash_photo_size = "1600x1200";
  CLI::App* hashes = app.add_subcommand(
      "hashes", "Write photo hash records (random, with planted near copies) into --out DIR");
  add_hashes_options(*hashes, hash_settings, hash_photo_size, tool.options());

  std::string answers;
  reunite::synth::CheckThresholds thresholds;
  bool json = false;
  CLI::App* check = app.add_subcommand(
      "check", "Score dna_match, photo_match, link and cluster records against the answers");
  tool.add_common_options(*check);
  add_check_options(*check, answers, thresholds, json);

  bool failed = false;
  int code = tool.run(argc, argv, [&](reunite::Tool& t) {
    if (world->parsed()) {
      if (t.options().output != "-")
        throw reunite::UsageError("-o is where check writes; world writes into --out DIR");
      auto [w, h] = parse_photo_size(photo_size);
      settings.child_kit = *reunite::kit_from_name(child_kit);
      if (!reference_kit.empty()) settings.reference_kit = reunite::kit_from_name(reference_kit);
      settings.photo_width = w;
      settings.photo_height = h;
      settings.exports = parse_exports(exports);
      reunite::synth::WorldCounts counts =
          reunite::synth::generate_world(settings, [&] { t.progress().tick(); });
      t.progress().finish();
      t.stats().set("families", counts.families);
      t.stats().set("police_reports", counts.police_reports);
      t.stats().set("volunteer_reports", counts.volunteer_reports);
      t.stats().set("site_reports", counts.site_reports);
      t.stats().set("reference_samples", counts.reference_samples);
      t.stats().set("child_samples", counts.child_samples);
      t.stats().set("sightings", counts.sightings);
      t.stats().set("photos", counts.photos);
      t.stats().set("broken_rows", counts.broken_rows);
      // "read" stays 0 (a world is made, not read); "written" counts the records of the
      // exports (rows, lines, samples; the planted broken rows too), then each file's.
      for (const auto& [file, records] : counts.export_records) {
        t.stats().written += records;
        t.stats().set("exports/" + file, records);
      }
      t.note(fmt::format(
          "{} families, {} reports, {} samples, {} photos in {} (truth: {}/answers.jsonl)",
          counts.families, counts.police_reports + counts.volunteer_reports + counts.site_reports,
          counts.reference_samples + counts.child_samples, counts.photos, settings.out_dir,
          settings.out_dir));
      return;
    }
    if (hashes->parsed()) {
      if (t.options().output != "-")
        throw reunite::UsageError("-o is where check writes; hashes writes into --out DIR");
      auto [w, h] = parse_photo_size(hash_photo_size);
      hash_settings.width = w;
      hash_settings.height = h;
      reunite::synth::HashSetCounts counts =
          reunite::synth::generate_hash_set(hash_settings, [&] { t.progress().tick(); });
      t.progress().finish();
      t.stats().written = counts.references + counts.queries;
      t.stats().set("references", counts.references);
      t.stats().set("queries", counts.queries);
      t.stats().set("reference_copies", counts.reference_copies);
      t.stats().set("query_copies", counts.query_copies);
      t.note(
          fmt::format("{} reference and {} query hashes ({} and {} planted copies) in {} (truth: "
                      "{}/answers.jsonl)",
                      counts.references, counts.queries, counts.reference_copies,
                      counts.query_copies, hash_settings.out_dir, hash_settings.out_dir));
      return;
    }
    if (!check->parsed())
      throw reunite::UsageError("name a subcommand: world, hashes or check (see --help)");
    reunite::synth::AnswerCheck checker(answers);
    auto reader = t.records();
    for (reunite::Record record; reader.next(record);) checker.add(record);
    reunite::synth::CheckReport report = checker.report(thresholds);
    std::string text = json ? reunite::synth::check_report_json(report) + "\n"
                            : reunite::synth::format_check_report(report);
    t.output().write(text);
    failed = !report.failures.empty();
  });
  if (code == 2) return 2;
  return failed ? 3 : code;
}
