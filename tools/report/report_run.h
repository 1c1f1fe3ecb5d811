// The whole run: read every record (streaming; see report_input.h), build the ranked report
// (evidence.h), write it in the chosen format (render.h).
#pragma once

#include <reunite/tool.h>

#include <string>

#include "render.h"

namespace reunite::report {

enum class Format { text, markdown, csv, json, html };

// "text", "md"/"markdown", ...; nullopt for another word.
std::optional<Format> parse_format(std::string_view word);
// The format an output file's name implies (report.html → html), else text.
Format format_for_output(const std::string& path);

struct ReportOptions {
  Format format = Format::text;
  bool redact = false;
  RenderOptions render;
};

void run_report(Tool& tool, ReportOptions options);

}  // namespace reunite::report
