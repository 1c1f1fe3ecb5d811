// reunite-photo-hash: PDQ perceptual hashes of the photos in records (or of image paths), and
// the search for near-duplicate photos among them (match).
// Options → PhotoHashOptions / MatchOptions → hash_record_photos() / hash_path_list() /
// match_photos().
#include <CLI/CLI.hpp>
#include <memory>

#include "photo_hashing.h"
#include "photo_match.h"
#include "reunite/error.h"
#include "reunite/line_reader.h"
#include "reunite/tool.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-photo-hash --photo-root /data/photos cases.jsonl > hashed.jsonl
      add photo_hashes (pdq, quality, width, height) to every record with photos
  reunite-photo-hash --paths --dihedral -j 2 a.jpg b.png
      one photo record per image, with the 8 rotation/mirror hashes
  find photos -name '*.jpg' | reunite-photo-hash --paths --mode fast > photos.jsonl
      paths on stdin, hashed quickly (luma-only JPEG decoding; not canonical)
  reunite-photo-hash match --against cases-hashed.jsonl sightings-hashed.jsonl
      every case photo within 31 bits of a sighting photo, as photo_match records
  reunite-photo-hash match --self -j 2 cases-hashed.jsonl
      every pair of near-duplicate photos among the cases, each pair once
Modes: exact = canonical PDQ (Meta's Python library, HMA); cli = the reference C++ tool,
which squashes images over 512 px to 512x512 first; fast = exact hashing of a cheaper decode.)";

using reunite::photo::PathSource;

// Paths from the arguments, or one per line on stdin when there are none (or "-").
PathSource path_source(const std::vector<std::string>& arguments, std::size_t max_line_bytes) {
  if (!arguments.empty() && !(arguments.size() == 1 && arguments[0] == "-")) {
    auto next = std::make_shared<std::size_t>(0);
    return PathSource{[arguments, next](std::string& path) {
                        if (*next >= arguments.size()) return false;
                        path = arguments[(*next)++];
                        return true;
                      },
                      "<arguments>"};
  }
  auto input = std::make_shared<reunite::InputFile>("-");
  auto lines = std::make_shared<reunite::LineReader>(*input, max_line_bytes);
  return PathSource{[input, lines](std::string& path) {
                      for (reunite::Line line; lines->next(line);) {
                        if (line.text.empty()) continue;
                        path.assign(line.text);
                        return true;
                      }
                      return false;
                    },
                    input->name()};
}

void require_input_files(const std::vector<std::string>& inputs) {
  for (std::string input : inputs) {
    if (std::string error = reunite::kInputFile(input); !error.empty())
      throw reunite::UsageError(error);
  }
}

void add_match_options(CLI::App& match, reunite::photo::MatchOptions& options,
                       std::string& method) {
  auto* against =
      match.add_option("--against", options.against, "The reference hashes (JSON Lines)")
          ->check(reunite::kInputFile)
          ->type_name("FILE");
  match
      .add_flag("--self", options.self,
                "Instead of --against: every near-duplicate pair within the inputs, once each")
      ->excludes(against);
  match
      .add_option("--max-distance", options.max_distance,
                  "Report references at most this many bits (of 256) away")
      ->check(CLI::Range(0, 256))
      ->default_str("31")
      ->type_name("BITS");
  match
      .add_option(
          "--min-quality", options.min_quality,
          "Leave out hashes of lower quality, on both sides (a skipped record per query photo)")
      ->check(CLI::Range(0, 101))
      ->default_str("50");
  match
      .add_option("--method", method,
                  "auto, scan (popcount over all) or index (multi-index table, exact)")
      ->check(CLI::IsMember({"auto", "scan", "index"}))
      ->default_str("auto");
  match
      .add_option("--top", options.top,
                  "At most K matches per query photo, the nearest (with --self: of its later "
                  "partners); default all")
      ->check(CLI::NonNegativeNumber)
      ->type_name("K");
  match
      .add_option("--max-pairs", options.max_pairs,
                  "With --self: stop with an error past N pairs of hashes within the distance "
                  "(they are held in memory to be ordered, about 20 bytes each)")
      ->check(CLI::PositiveNumber)
      ->default_str("50000000")
      ->type_name("N");
  match.add_option("-j,--threads", options.threads, "Search on N threads (output order is kept)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");
}

void run_match(reunite::Tool& t, reunite::photo::MatchOptions& options, const std::string& method) {
  using reunite::photo::MatchMethod;
  options.method = method == "scan"    ? MatchMethod::scan
                   : method == "index" ? MatchMethod::index
                                       : MatchMethod::automatic;
  auto note_skipped = [&](std::uint64_t count, const char* side) {
    if (count == 0) return;
    t.note(std::to_string(count) + " " + side + "photos below --min-quality " +
           std::to_string(options.min_quality) + " were not compared");
  };
  if (options.self) {
    auto records = t.records();
    auto summary = reunite::photo::match_photos_self(records, t.writer(), t.stats(), options);
    note_skipped(summary.queries_low_quality, "");
    return;
  }
  if (options.against.empty()) throw reunite::UsageError("match needs --against FILE or --self");
  reunite::RecordReaderOptions reader_options;
  reader_options.max_line_bytes = t.options().max_line_bytes;
  reunite::RecordReader references({options.against}, reader_options, t.rejects(), t.stats());
  auto queries = t.records();
  auto summary = reunite::photo::match_photos(references, queries, t.writer(), t.stats(), options);
  note_skipped(summary.queries_low_quality, "query ");
  note_skipped(summary.references_low_quality, "reference ");
}

}  // namespace

int main(int argc, char** argv) {
  reunite::Tool tool("reunite-photo-hash",
                     "Adds PDQ perceptual hashes of photos to records, or hashes image files; "
                     "match finds near-duplicate photos by their hashes.",
                     kExamples);
  CLI::App& app = tool.app();
  reunite::photo::PhotoHashOptions options;
  std::string mode = "exact";
  bool paths = false;
  app.add_option("--mode", mode, "exact (canonical PDQ), cli (reference C++ tool) or fast")
      ->check(CLI::IsMember({"exact", "cli", "fast"}))
      ->default_str("exact");
  app.add_flag("--dihedral", options.dihedral,
               "Also the hashes of the 3 rotations and 4 mirrors, as pdq_dihedral");
  app.add_flag("--paths", paths, "Inputs are image paths (arguments, or lines on stdin)");
  app.add_option("--photo-root", options.photo_root, "Directory photo paths are relative to")
      ->type_name("DIR")
      ->default_str(".");
  app.add_option("--max-pixels", options.decode.max_pixels,
                 "Reject images with more pixels than this, before decoding")
      ->default_str("100000000");
  app.add_option("-j,--threads", options.threads, "Hash on N threads (output order is kept)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");
  // With --paths the arguments are image paths, and a missing image is that path's reject, not
  // a usage error: so the common FILE positional (whose validator makes it one) is replaced.
  app.remove_option(app.get_option("FILE"));
  app.add_option("FILE", tool.options().inputs,
                 "Input files (JSON Lines, zstd or not), or with --paths image paths; none or - "
                 "reads stdin")
      ->type_name("FILE");

  reunite::photo::MatchOptions match_options;
  std::string method = "auto";
  CLI::App* match =
      app.add_subcommand("match",
                         "Near-duplicate photos as photo_match records: every reference photo "
                         "(--against FILE) within --max-distance bits of each input photo, or "
                         "every such pair within the inputs (--self)");
  tool.add_common_options(*match);
  add_match_options(*match, match_options, method);

  return tool.run(argc, argv, [&](reunite::Tool& t) {
    if (match->parsed()) {
      run_match(t, match_options, method);
      return;
    }
    options.mode = *reunite::photo::parse_pdq_mode(mode);
    if (!paths) {
      require_input_files(t.options().inputs);
      auto reader = t.records();
      reunite::photo::hash_record_photos(reader, t.writer(), t.stats(), options);
      return;
    }
    PathSource source = path_source(t.options().inputs, t.options().max_line_bytes);
    reunite::photo::hash_path_list(source, t.writer(), t.rejects(), t.stats(), options);
  });
}
