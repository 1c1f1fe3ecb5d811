#include "report_run.h"

#include "report_input.h"

namespace reunite::report {

std::optional<Format> parse_format(std::string_view word) {
  if (word == "text" || word == "txt") return Format::text;
  if (word == "markdown" || word == "md") return Format::markdown;
  if (word == "csv") return Format::csv;
  if (word == "json") return Format::json;
  if (word == "html" || word == "htm") return Format::html;
  return std::nullopt;
}

Format format_for_output(const std::string& path) {
  std::string name = path;
  if (name.ends_with(".zst")) name.resize(name.size() - 4);
  auto dot = name.rfind('.');
  auto slash = name.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return Format::text;
  return parse_format(std::string_view(name).substr(dot + 1)).value_or(Format::text);
}

void run_report(Tool& tool, ReportOptions options) {
  Redactor redactor;
  InputOptions input_options;
  input_options.keep_locus_lrs = options.format == Format::html;
  input_options.keep_photos = !options.redact;
  options.render.photos = !options.redact;
  ReportInput input(input_options, options.redact ? &redactor : nullptr);

  auto reader = tool.records();
  for (Record record; reader.next(record);) {
    if (auto problem = input.add(record)) {
      reader.reject(record, *problem);
    } else {
      ++tool.stats().written;  // used: in the report or its counts
    }
  }
  Report report = build_report(input.data(), options.render.max_candidates);
  report.summary.rejected_here = tool.stats().rejected;
  tool.stats().set("cases", input.data().cases.size());
  tool.stats().set("candidate_pairs", report.candidates.size());
  tool.stats().set("conflicts", report.summary.conflicts);

  OutputFile& out = tool.output();
  switch (options.format) {
    case Format::text:
      render_text(report, input.data(), options.render, out);
      break;
    case Format::markdown:
      render_markdown(report, input.data(), options.render, out);
      break;
    case Format::csv:
      render_csv(report, input.data(), options.render, out);
      break;
    case Format::json:
      render_json(report, input.data(), options.render, out);
      break;
    case Format::html:
      render_html(report, input.data(), options.render, out);
      break;
  }
}

}  // namespace reunite::report
