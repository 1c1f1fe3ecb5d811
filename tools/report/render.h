// The report's formats.  Every format shows the same content: the summary, then a section per
// case (its candidates ranked, at most max_candidates; the rest counted by verdict), at most
// max_cases sections (the rest counted), then each unidentified child's candidate families.
#pragma once

#include <reunite/io.h>

#include <cstddef>
#include <string>
#include <vector>

#include "evidence.h"
#include "report_model.h"

namespace reunite::report {

struct RenderOptions {
  std::size_t max_cases = 50;       // 0: no limit
  std::size_t max_candidates = 10;  // per case and per child; 0: no limit
  bool color = false;               // text only: ANSI colours
  bool photos = true;               // html thumbnails (off with --redact)
  std::string photo_root;           // relative photo paths are under this folder
  int thumbnail_size = 160;         // longest side in pixels
  std::string title = "reunite report";
};

void render_text(const Report& report, const ReportData& data, const RenderOptions& options,
                 OutputFile& out);
void render_markdown(const Report& report, const ReportData& data, const RenderOptions& options,
                     OutputFile& out);
void render_csv(const Report& report, const ReportData& data, const RenderOptions& options,
                OutputFile& out);
void render_json(const Report& report, const ReportData& data, const RenderOptions& options,
                 OutputFile& out);
void render_html(const Report& report, const ReportData& data, const RenderOptions& options,
                 OutputFile& out);

}  // namespace reunite::report
