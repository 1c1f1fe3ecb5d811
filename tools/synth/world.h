// A synthetic world of missing-child investigations: families with STR profiles, their cases as
// police, volunteer sites and a family-search site report them (with the noise of real
// reports), reference samples of the parents, DNA of children of unknown origin (some of them
// the missing children), sightings with photos and reposted copies of them; and, apart, the
// answer file that says what is true.  Deterministic for a seed; written a family at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "str_genetics.h"

namespace reunite::synth {

struct ReportNoise {
  double typo_rate = 0.08;          // a report misspells the child's name
  double id_number_share = 0.6;     // a police or site report gives the child's ID number
  double bad_id_rate = 0.1;         // ... and that number is mistyped (wrong check character)
  double traditional_share = 0.15;  // a volunteer report writes the name in traditional characters
  double pinyin_share = 0.3;        // ... or in pinyin (either order)
  double partial_date_share = 0.3;  // a volunteer report gives a date to the month or year only
  double lunar_date_share = 0.05;   // a police report gives the birth date in the lunar calendar
  double date_error_rate = 0.05;    // a volunteer or site report's birth date is misremembered
};

// The export files of a world, as bits of WorldSettings::exports: a benchmark that needs one
// of them asks for it alone, and the world skips the work of the others (no DNA is drawn when
// neither DNA export is written).
enum Export : unsigned {
  kPoliceExport = 1,      // exports/police-cases.gb18030.csv
  kVolunteerExport = 2,   // exports/volunteer-reports.jsonl
  kSiteExport = 4,        // exports/family-search.csv
  kReferenceExport = 8,   // exports/reference-samples.csv
  kChildrenExport = 16,   // exports/unidentified-children.genemapper.txt
  kSightingsExport = 32,  // exports/sightings.jsonl
  kAllExports = 63
};
// "police", "volunteer", "site", "references", "children", "sightings"; "all"; "none".
std::optional<unsigned> export_from_name(std::string_view name);

struct WorldSettings {
  std::uint64_t seed = 1;
  std::uint64_t families = 100;
  std::string out_dir;
  bool replace = false;  // replace a world written into out_dir before
  std::string population = "China_StdAppD59";

  double found_share = 0.5;         // missing children later typed as children of unknown origin
  double unrelated_children = 0.5;  // other children of unknown origin, per family
  double couple_share = 0.6;        // both parents gave reference samples
  double father_only_share = 0.2;   // (the rest: the mother only)
  double police_share = 0.8;        // cases reported to the police (GB18030 export)
  double volunteer_share = 0.6;     // ... to the volunteer site (JSON Lines)
  double site_share = 0.4;          // ... to the family-search site (UTF-8 CSV)
  ReportNoise noise;
  MutationSettings mutation;
  TypingSettings typing;

  double photo_share = 0.5;        // cases with a photo of the child on the volunteer site
  double reposts_per_photo = 1.5;  // mean reposted copies of a case photo, in sightings
  double unrelated_photos = 0.3;   // sightings with a picture of someone else, per family
  int photo_width = 320;
  int photo_height = 240;

  double notes_share = 0;  // police and site rows with a free-text note (0: no notes column)
  unsigned exports = kAllExports;      // which export files to write (photos: see photo_share)
  int broken_rows = 3;                 // damaged rows planted in the exports (ingest rejects them)
  Kit child_kit = Kit::kGoldeneye20A;  // the kit of the lab typing children of unknown origin
  std::optional<Kit> reference_kit;    // every reference sample's kit (default: a mix of three)
  int run_size = 48;                   // samples per GeneMapper run
};

struct WorldCounts {
  std::uint64_t families = 0, police_reports = 0, volunteer_reports = 0, site_reports = 0;
  std::uint64_t reference_samples = 0, child_samples = 0, found_children = 0;
  std::uint64_t sightings = 0, photos = 0, reposts = 0, broken_rows = 0, mutations = 0;
  std::uint64_t controls = 0;
  // Records (rows, lines, samples) written into the export files, by file name.
  std::vector<std::pair<std::string, std::uint64_t>> export_records;
};

// Writes the world into settings.out_dir: exports/, photos/ and answers.jsonl.  `on_family`
// is called after each family (for progress).
WorldCounts generate_world(const WorldSettings& settings,
                           const std::function<void()>& on_family = {});

// Makes `dir` ready to write into: a new or empty directory is used as it is; one that holds an
// earlier output (answers.jsonl) only with `replace`, and then `entries` (files or directories
// under it) are removed first.  Anything else is never touched (a UsageError).
void prepare_output_directory(const std::filesystem::path& dir, bool replace,
                              std::initializer_list<const char*> entries);

}  // namespace reunite::synth
