// --format html: one self-contained page (no script, no font, no request: a Content Security
// Policy forbids them) with the summary and its charts as inline SVG, a section per case with
// its candidates side by side as cards, photos as embedded thumbnails and each DNA match's
// per-locus table.  Every value from the input is HTML-escaped.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <variant>

#include "render_common.h"
#include "thumbnail.h"

namespace reunite::report {

namespace {

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// An id as an HTML id attribute: letters, digits, - and _ kept, others as _XX.
std::string anchor(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '_')
      out += static_cast<char>(c);
    else
      out += fmt::format("_{:02X}", c);
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d3557;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}
main{padding:16px 24px}section{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:0 0 16px;padding:12px 16px}
h2{font-size:18px;margin:4px 0 8px}h3{font-size:15px;margin:12px 0 6px}
table{border-collapse:collapse;font-size:13px;margin:4px 0 8px}th,td{border:1px solid #d8dce3;padding:3px 6px;text-align:left}
th{background:#eef1f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:16px}.charts figure{margin:0}.charts figcaption{font-size:13px;font-weight:600}
.tables{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
.cards{display:flex;gap:12px;overflow-x:auto;align-items:stretch;padding-bottom:6px}
.card{flex:0 0 300px;border:1px solid #d8dce3;border-radius:6px;padding:8px;background:#fafbfc;font-size:13px}
.card.case{background:#eef4fb}.card h4{margin:0 0 4px;font-size:14px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff;background:#6c757d}
.strong{background:#2a9d4a}.likely{background:#4d8fd1}.possible{background:#c9a227}.weak{background:#8a939e}
.excluded{background:#9b2226}.conflict{background:#d62828}
.conflictbox{border:2px solid #d62828;background:#fde8e8;color:#7a0f0f;border-radius:4px;padding:4px 6px;margin:6px 0}
ul.findings{padding-left:18px;margin:4px 0}li.supports{color:#1d6b33}li.weakens{color:#9b2226}li.neutral{color:#4a5260}
.why{font-style:italic;margin:4px 0}.thumbs img{max-width:140px;max-height:140px;margin:2px;border:1px solid #ccc}
.nophoto{color:#777;font-size:12px}.more{color:#4a5260;font-style:italic}
td.bad{background:#fde8e8;color:#9b2226;font-weight:600}
)";

struct BarChart {
  std::string title;
  std::vector<std::string> labels;
  std::vector<double> values;
  std::string color = "#457b9d";
};

// Vertical bars with the count above each and the label under it.
std::string column_svg(const BarChart& chart) {
  const int bar = 28, gap = 8, height = 140, left = 8, top = 16, label_h = 34;
  int width = left * 2 + static_cast<int>(chart.values.size()) * (bar + gap);
  double top_value = std::max(1.0, *std::max_element(chart.values.begin(), chart.values.end()));
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" "
      "role=\"img\" aria-label=\"{2}\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
      std::max(width, 120), top + height + label_h, esc(chart.title));
  for (std::size_t i = 0; i < chart.values.size(); ++i) {
    double h = chart.values[i] / top_value * height;
    int x = left + static_cast<int>(i) * (bar + gap);
    svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"/>",
                       x, top + height - h, bar, h, chart.color);
    svg +=
        fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                    x + bar / 2, top + height - h - 3, format_number(chart.values[i], 0));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                       x + bar / 2, top + height + 14, esc(chart.labels[i]));
  }
  return svg + "</svg>";
}

// Horizontal bars, for labels too long to stand under a column (province names).
std::string row_svg(const BarChart& chart) {
  const int row = 20, label_w = 130, bar_w = 240, top = 4;
  int height = top * 2 + static_cast<int>(chart.values.size()) * row;
  double top_value = std::max(1.0, *std::max_element(chart.values.begin(), chart.values.end()));
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" "
      "role=\"img\" aria-label=\"{2}\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
      label_w + bar_w + 40, height, esc(chart.title));
  for (std::size_t i = 0; i < chart.values.size(); ++i) {
    int y = top + static_cast<int>(i) * row;
    double w = chart.values[i] / top_value * bar_w;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
                       label_w - 6, y + 14, esc(chart.labels[i]));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>",
                       label_w, y + 3, w, row - 6, chart.color);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\">{}</text>", label_w + w + 4,
                       y + 14, format_number(chart.values[i], 0));
  }
  return svg + "</svg>";
}

std::string figure(const std::string& caption, const std::string& svg) {
  return "<figure><figcaption>" + esc(caption) + "</figcaption>" + svg + "</figure>";
}

std::string charts(const Report& report) {
  const Summary& s = report.summary;
  std::string out = "<div class=\"charts\">";
  if (!s.dna_by_decade.empty()) {
    BarChart lr{"log10 LR distribution of the DNA matches", {}, {}, "#2a9d4a"};
    int low = std::max(s.dna_by_decade.begin()->first, -30), high = s.dna_by_decade.rbegin()->first;
    for (int d = low; d <= high; ++d) {
      auto found = s.dna_by_decade.find(d);
      lr.labels.push_back(std::to_string(d));
      lr.values.push_back(found == s.dna_by_decade.end() ? 0.0
                                                         : static_cast<double>(found->second));
    }
    out += figure("DNA matches by log10 LR (decade)", column_svg(lr));
  }
  std::map<int, std::uint64_t> by_year;
  for (const Candidate& c : report.candidates)
    if (c.case_record && c.case_record->missing.year()) ++by_year[c.case_record->missing.year()];
  if (!by_year.empty()) {
    BarChart time{"candidate pairs by the year the child went missing", {}, {}, "#457b9d"};
    for (int y = by_year.begin()->first; y <= by_year.rbegin()->first; ++y) {
      time.labels.push_back(std::to_string(y));
      auto found = by_year.find(y);
      time.values.push_back(found == by_year.end() ? 0.0 : static_cast<double>(found->second));
    }
    out += figure("Matches over time (year the child went missing)", column_svg(time));
  }
  if (!s.provinces.empty()) {
    BarChart provinces{"cases and sightings by province", {}, {}, "#e76f51"};
    for (const auto& [province, n] : s.provinces) {
      provinces.labels.push_back(province);
      provinces.values.push_back(static_cast<double>(n.first + n.second));
    }
    out += figure("Cases and sightings by province", row_svg(provinces));
  }
  return out + "</div>";
}

std::string html_table(const Table& t, std::size_t verdict_column = SIZE_MAX) {
  std::string out = "<table><thead><tr>";
  for (const auto& h : t.headers) out += "<th>" + esc(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i == verdict_column) {
        out += "<td><span class=\"badge " + esc(row[i]) + "\">" + esc(row[i]) + "</span></td>";
      } else {
        out +=
            std::string(t.right_aligned[i] ? "<td class=\"n\">" : "<td>") + esc(row[i]) + "</td>";
      }
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

class Thumbnails {
 public:
  explicit Thumbnails(const RenderOptions& options) : options_(options) {}

  std::string images(const std::vector<std::string>& paths) {
    if (!options_.photos || paths.empty()) return {};
    std::string out = "<div class=\"thumbs\">";
    std::size_t n = 0;
    for (const auto& path : paths) {
      if (++n > 4) {
        out += fmt::format("<span class=\"nophoto\">{} more photos</span>", paths.size() - 4);
        break;
      }
      const auto& made = thumbnail(path);
      if (const auto* uri = std::get_if<std::string>(&made)) {
        out += "<img alt=\"" + esc(path) + "\" title=\"" + esc(path) + "\" src=\"" + *uri + "\">";
      } else {
        out += "<div class=\"nophoto\">" + esc(path) + ": " +
               esc(std::get<ThumbnailError>(made).reason) + "</div>";
      }
    }
    return out + "</div>";
  }

 private:
  const std::variant<std::string, ThumbnailError>& thumbnail(const std::string& path) {
    auto found = cache_.find(path);
    if (found != cache_.end()) return found->second;
    std::string full = path;
    if (!options_.photo_root.empty() && !path.starts_with('/'))
      full = options_.photo_root + "/" + path;
    return cache_.emplace(path, make_thumbnail(full, options_.thumbnail_size)).first->second;
  }
  const RenderOptions& options_;
  std::map<std::string, std::variant<std::string, ThumbnailError>> cache_;
};

std::string locus_table(const DnaMatch& m, const ReportData& data) {
  if (m.lr_loci.empty()) return {};
  std::vector<LocusLr> loci = m.lr_loci;
  std::sort(loci.begin(), loci.end(), [&](const LocusLr& a, const LocusLr& b) {
    return data.locus_names[a.locus] < data.locus_names[b.locus];
  });
  std::string out = fmt::format(
      "<details><summary>per-locus LRs, {} {}</summary><table><thead><tr>"
      "<th>locus</th><th>LR</th><th>log10</th></tr></thead><tbody>",
      esc(m.hypothesis), esc(m.candidate));
  for (const LocusLr& l : loci) {
    bool inconsistent = std::any_of(m.inconsistent_loci.begin(), m.inconsistent_loci.end(),
                                    [&](const LocusLr& x) { return x.locus == l.locus; });
    double log10 = l.lr > 0 ? std::log10(l.lr) : -HUGE_VAL;
    std::string cls = inconsistent ? " class=\"n bad\"" : " class=\"n\"";
    out += fmt::format("<tr><td>{}{}</td><td{}>{}</td><td{}>{}</td></tr>",
                       esc(data.locus_names[l.locus]), inconsistent ? " (inconsistent)" : "", cls,
                       esc(format_lr(l.lr, log10)), cls,
                       std::isfinite(log10) ? format_number(log10, 2) : "-inf");
  }
  return out + "</tbody></table></details>";
}

std::vector<std::string> subject_photos(const Candidate& c, const ReportData& data) {
  std::vector<std::string> paths;
  if (c.sighting) paths = c.sighting->person.photos;
  if (c.best_photo) {
    const PhotoMatch& p = *c.best_photo;
    const std::string& path = p.query == c.subject_id ? p.query_path : p.reference_path;
    if (!path.empty() && std::find(paths.begin(), paths.end(), path) == paths.end())
      paths.insert(paths.begin(), path);
  }
  if (auto photo = data.photo_records.find(c.subject_id);
      photo != data.photo_records.end() && !photo->second.empty())
    if (std::find(paths.begin(), paths.end(), photo->second) == paths.end())
      paths.push_back(photo->second);
  return paths;
}

std::string candidate_card(const Candidate& c, const ReportData& data, Thumbnails& thumbnails) {
  std::string out = "<div class=\"card\" data-child=\"" + esc(c.subject_id) + "\">";
  out += fmt::format("<h4>#{} {} <span class=\"badge {}\">{}</span></h4>", c.rank,
                     esc(c.subject_id), esc(c.verdict), esc(c.verdict));
  out += "<div>score " + esc(format_number(c.score, 1)) + "</div>";
  if (c.sighting) out += "<div>" + esc(sighting_description(*c.sighting)) + "</div>";
  out += thumbnails.images(subject_photos(c, data));
  for (const auto& conflict : c.conflicts)
    out += "<div class=\"conflictbox\">conflict: " + esc(conflict) + "</div>";
  out += "<ul class=\"findings\">";
  for (const Finding& f : c.findings)
    out += fmt::format("<li class=\"{}\">{}: {}</li>", bearing_name(f.bearing), esc(f.aspect),
                       esc(f.words));
  out += "</ul><p class=\"why\">" + esc(c.why) + "</p>";
  if (c.best_dna) out += locus_table(*c.best_dna, data);
  if (c.worst_dna) out += locus_table(*c.worst_dna, data);
  return out + "</div>";
}

std::string case_section(const CaseSection& section, const ReportData& data,
                         const RenderOptions& options, Thumbnails& thumbnails) {
  std::string out = "<section class=\"case\" id=\"" + anchor("case-", section.case_id) + "\">";
  out += "<h2>Case " + esc(section.case_id) + "</h2>";
  out += "<div class=\"cards\"><div class=\"card case\"><h4>" + esc(section.case_id) +
         "</h4><div>" + esc(case_description(section)) + "</div>";
  if (section.record) {
    std::string contacts = case_contacts(*section.record);
    if (!contacts.empty()) out += "<div>" + esc(contacts) + "</div>";
    out += thumbnails.images(section.record->person.photos);
  }
  if (!section.duplicates.empty()) {
    out += "<div>possibly the same child as:";
    for (const auto& [id, p] : section.duplicates)
      out += " <a href=\"#" + anchor("case-", id) + "\">" + esc(id) + "</a>" +
             (p >= 0 ? " (p " + esc(format_number(p, 3)) + ")" : " (same cluster)");
    out += "</div>";
  }
  out += "</div>";
  std::size_t count = shown(section.candidates.size(), options.max_candidates);
  for (std::size_t i = 0; i < count; ++i)
    out += candidate_card(*section.candidates[i], data, thumbnails);
  out += "</div>";
  Table t{candidate_headers(), candidate_right_aligned(), {}};
  for (std::size_t i = 0; i < count; ++i) t.rows.push_back(candidate_cells(*section.candidates[i]));
  out += html_table(t, 3);
  std::string rest = omitted_candidates(section.candidates, count);
  if (!rest.empty()) out += "<p class=\"more\">" + esc(rest) + "</p>";
  return out + "</section>";
}

}  // namespace

void render_html(const Report& report, const ReportData& data, const RenderOptions& options,
                 OutputFile& out) {
  Thumbnails thumbnails(options);
  const Summary& s = report.summary;
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
      "style-src 'unsafe-inline'\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"reunite-report\"><title>" +
      esc(options.title) + "</title><style>" + kStyle + "</style></head><body>\n<header><h1>" +
      esc(options.title) + "</h1><div>" +
      esc(fmt::format("{} cases with candidates, {} candidate pairs, {} with conflicts",
                      s.cases_with_candidates, s.candidates, s.conflicts)) +
      "</div></header>\n<main>\n<section id=\"summary\"><h2>Summary</h2>" + charts(report) +
      "<div class=\"tables\">";
  for (const auto& [title, table] : summary_tables(s))
    page += "<div><h3>" + esc(title) + "</h3>" + html_table(table) + "</div>";
  page +=
      "</div><p>Score: log10 of the DNA likelihood ratio plus the weights of photo, record "
      "linkage, sex, "
      "age, place and time; verdicts: strong (DNA LR &ge; 1e4), likely, possible, weak, excluded, "
      "conflict.</p></section>\n";
  out.write(page);
  std::size_t cases = shown(report.cases.size(), options.max_cases);
  for (std::size_t i = 0; i < cases; ++i) {
    out.write(case_section(report.cases[i], data, options, thumbnails));
    out.put('\n');
  }
  std::string rest = omitted_cases(report.cases, cases);
  if (!rest.empty()) out.write("<p class=\"more\">" + esc(rest) + "</p>\n");
  if (!report.subjects.empty()) {
    std::string children =
        "<section id=\"children\"><h2>Candidate families per unidentified child</h2><table>"
        "<thead><tr><th>child</th><th>families</th><th>ranked</th></tr></thead><tbody>";
    std::size_t subjects = shown(report.subjects.size(), options.max_cases);
    for (std::size_t i = 0; i < subjects; ++i) {
      const SubjectSection& subject = report.subjects[i];
      children += "<tr><td>" + esc(subject.subject_id) + "</td><td class=\"n\">" +
                  std::to_string(subject.families.size()) + "</td><td>";
      std::size_t count = shown(subject.families.size(), options.max_candidates);
      for (std::size_t k = 0; k < count; ++k) {
        const Candidate& c = *subject.families[k];
        children += fmt::format("{}<a href=\"#{}\">{}</a> <span class=\"badge {}\">{}</span> {}",
                                k ? "; " : "", anchor("case-", c.case_id), esc(c.case_id),
                                esc(c.verdict), esc(c.verdict), esc(format_number(c.score, 1)));
      }
      if (count < subject.families.size())
        children += fmt::format("; {} more", subject.families.size() - count);
      children += "</td></tr>";
    }
    children += "</tbody></table>";
    if (subjects < report.subjects.size())
      children += fmt::format("<p class=\"more\">{} more children not shown</p>",
                              report.subjects.size() - subjects);
    out.write(children + "</section>\n");
  }
  out.write("</main></body></html>\n");
}

}  // namespace reunite::report
