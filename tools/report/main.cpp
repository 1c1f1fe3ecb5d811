// reunite-report: turns cases, sightings, samples and the other tools' results (dna_match,
// photo_match, link, cluster) into a report grouped by missing-child case, candidates ranked by
// combined evidence, as text, markdown, CSV, JSON or a self-contained HTML page.
// Options → ReportOptions → run_report().
#include <reunite/tool.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "report_run.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  cat cases.norm.jsonl sightings.norm.jsonl dna-matches.jsonl photo-matches.jsonl | reunite-report
      a text report on the terminal: per case, its candidate children ranked
  reunite-report -o report.html --photo-root exports/ cases.jsonl matches.jsonl
      one HTML file with photo thumbnails, per-locus DNA tables and charts
  reunite-report --redact --format markdown *.jsonl > shareable.md
      names, ID numbers, phones and addresses masked, photos left out
  reunite-report --format csv --max-candidates 0 --max-cases 0 matches.jsonl cases.jsonl
      every candidate pair as one CSV row)";

}  // namespace

int main(int argc, char** argv) {
  using namespace reunite::report;
  reunite::Tool tool("reunite-report",
                     "Reports which unidentified child may belong to which missing-child case: "
                     "candidates ranked by DNA, photo and record evidence, conflicts shown.",
                     kExamples);
  CLI::App& app = tool.app();
  std::string format;
  bool no_color = false;
  ReportOptions options;
  app.add_option("-f,--format", format,
                 "text (default; aligned tables), markdown, csv (a row per candidate), json, html "
                 "(one self-contained page); default from -o's extension")
      ->check(CLI::IsMember({"text", "txt", "markdown", "md", "csv", "json", "html", "htm"}))
      ->type_name("FORMAT");
  app.add_flag("--redact", options.redact,
               "Mask names, ID numbers, phones and addresses (same value, same mask) and leave out "
               "photos");
  app.add_option("--max-cases", options.render.max_cases,
                 "Case sections to show, best first (default 50; 0: all); the rest are counted")
      ->type_name("N");
  app.add_option(
         "--max-candidates", options.render.max_candidates,
         "Candidates to show per case and families per child (default 10; 0: all); the rest "
         "are counted by verdict")
      ->type_name("N");
  app.add_option("--photo-root", options.render.photo_root,
                 "Folder that relative photo paths are under (html thumbnails)")
      ->type_name("DIR")
      ->check(CLI::ExistingDirectory);
  app.add_option("--thumbnail-size", options.render.thumbnail_size,
                 "Longest side of an embedded thumbnail in pixels (default 160)")
      ->type_name("PX")
      ->check(CLI::Range(16, 1024));
  app.add_option("--title", options.render.title, "The report's title")->type_name("TEXT");
  app.add_flag("--no-color", no_color,
               "No colours in text output (also NO_COLOR set, or not a terminal)");

  return tool.run(argc, argv, [&](reunite::Tool& t) {
    const std::string& output = t.options().output;
    options.format = format.empty() ? (output == "-" ? Format::text : format_for_output(output))
                                    : *parse_format(format);
    const char* no_color_env = std::getenv("NO_COLOR");
    options.render.color = options.format == Format::text && output == "-" && !no_color &&
                           ::isatty(STDOUT_FILENO) && !(no_color_env && *no_color_env);
    run_report(t, options);
  });
}
