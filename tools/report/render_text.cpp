// --format text and --format markdown: the same sections, as aligned columns or as pipe tables.
#include <fmt/format.h>

#include "render_common.h"

namespace reunite::report {

namespace {

// ANSI colours, only when asked (a terminal without NO_COLOR).
struct Style {
  bool on = false;
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string verdict(const std::string& v) const {
    if (v == "strong") return wrap("32", v);
    if (v == "conflict" || v == "excluded") return wrap("31", v);
    if (v == "likely" || v == "possible") return wrap("33", v);
    return v;
  }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string wrap(const char* code, std::string_view s) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
  }
};

void write_text_table(OutputFile& out, const Table& t, const std::string& indent,
                      const Style& style, std::size_t verdict_column = SIZE_MAX) {
  std::vector<std::size_t> widths(t.headers.size());
  for (std::size_t i = 0; i < t.headers.size(); ++i) widths[i] = display_width(t.headers[i]);
  for (const auto& row : t.rows)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string text = indent;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      std::size_t pad = widths[i] - display_width(cells[i]);
      bool last = i + 1 == cells.size();
      std::string cell = cells[i];
      if (!header && i == verdict_column) cell = style.verdict(cell);
      if (header) cell = style.bold(cell);
      if (t.right_aligned[i])
        text += std::string(pad, ' ') + cell;
      else
        text += cell + (last ? "" : std::string(pad, ' '));
      if (!last) text += "  ";
    }
    out.write(text);
    out.put('\n');
  };
  line(t.headers, true);
  for (const auto& row : t.rows) line(row, false);
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else if (c == '*' || c == '_' || c == '`' || c == '<' || c == '[' || c == ']' || c == '\\') {
      out += '\\';
      out += c;
    } else
      out += c;
  }
  return out.empty() ? " " : out;
}

void write_markdown_table(OutputFile& out, const Table& t) {
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text = "|";
    for (const auto& cell : cells) {
      text += ' ';
      text += markdown_cell(cell);
      text += " |";
    }
    out.write(text);
    out.put('\n');
  };
  line(t.headers);
  std::string rule = "|";
  for (std::size_t i = 0; i < t.headers.size(); ++i)
    rule += t.right_aligned[i] ? " ---: |" : " --- |";
  out.write(rule);
  out.put('\n');
  for (const auto& row : t.rows) line(row);
}

// Candidates of one case (or families of one child) as a table.
Table candidate_table(const std::vector<Candidate*>& list, std::size_t count) {
  Table t{candidate_headers(), candidate_right_aligned(), {}};
  for (std::size_t i = 0; i < count; ++i) t.rows.push_back(candidate_cells(*list[i]));
  return t;
}

class Writer {
 public:
  Writer(OutputFile& out, bool markdown, Style style)
      : out_(out), markdown_(markdown), style_(style) {}

  void heading(int level, const std::string& text) {
    if (markdown_) {
      line(std::string(static_cast<std::size_t>(level), '#') + " " + markdown_cell(text));
    } else {
      line(level <= 2 ? style_.bold(text) : text);
    }
    blank();
  }
  void paragraph(const std::string& text, const std::string& indent = "") {
    line(markdown_ ? markdown_cell(text) : indent + text);
  }
  void item(const std::string& text, const std::string& indent = "  ") {
    line(markdown_ ? "- " + markdown_cell(text) : indent + text);
  }
  void table(const Table& t, const std::string& indent = "  ",
             std::size_t verdict_column = SIZE_MAX) {
    if (markdown_)
      write_markdown_table(out_, t);
    else
      write_text_table(out_, t, indent, style_, verdict_column);
    blank();
  }
  void blank() { out_.put('\n'); }
  void line(const std::string& text) {
    out_.write(text);
    out_.put('\n');
  }
  const Style& style() const { return style_; }
  bool markdown() const { return markdown_; }

 private:
  OutputFile& out_;
  bool markdown_;
  Style style_;
};

void write_case(Writer& w, const CaseSection& section, const RenderOptions& options) {
  w.heading(2, "Case " + section.case_id + ": " + case_description(section));
  if (section.record) {
    std::string contacts = case_contacts(*section.record);
    if (!contacts.empty()) w.paragraph(contacts, "  ");
  }
  if (!section.duplicates.empty()) {
    std::string dups = "possibly the same child as";
    for (const auto& [id, p] : section.duplicates)
      dups += " " + id + (p >= 0 ? " (p " + format_number(p, 3) + ")" : " (same cluster)");
    w.paragraph(dups, "  ");
  }
  if (section.record || !section.duplicates.empty()) w.blank();
  std::size_t count = shown(section.candidates.size(), options.max_candidates);
  w.table(candidate_table(section.candidates, count), "  ", 3);
  for (std::size_t i = 0; i < count; ++i) {
    const Candidate& c = *section.candidates[i];
    std::string sentence = c.subject_id + ": " + c.why;
    if (c.sighting) sentence += " (" + sighting_description(*c.sighting) + ")";
    w.item(sentence);
    for (const auto& conflict : c.conflicts) {
      if (w.markdown()) {
        w.line("  - **conflict**: " + markdown_cell(conflict));  // nested under the candidate
      } else {
        w.item(w.style().red("conflict") + ": " + conflict, "    ");
      }
    }
  }
  std::string rest = omitted_candidates(section.candidates, count);
  if (!rest.empty()) w.item(rest);
  w.blank();
}

void render(const Report& report, const RenderOptions& options, OutputFile& out, bool markdown) {
  Writer w(out, markdown, Style{options.color && !markdown});
  const Summary& s = report.summary;
  w.heading(1, options.title);
  w.paragraph(fmt::format("{} cases with candidates, {} candidate pairs, {} with conflicts.",
                          s.cases_with_candidates, s.candidates, s.conflicts));
  w.paragraph(
      "Score: log10 of the DNA likelihood ratio plus the weights of photo, record linkage, "
      "sex, age, place and time (see reunite-report(1)); verdicts: strong (DNA LR >= 1e4), "
      "likely, possible, weak, excluded, conflict.");
  w.blank();
  w.heading(2, "Summary");
  for (const auto& [title, table] : summary_tables(s)) {
    w.heading(3, title);
    w.table(table);
  }
  std::size_t cases = shown(report.cases.size(), options.max_cases);
  for (std::size_t i = 0; i < cases; ++i) write_case(w, report.cases[i], options);
  std::string rest = omitted_cases(report.cases, cases);
  if (!rest.empty()) {
    w.paragraph(rest);
    w.blank();
  }
  if (!report.subjects.empty()) {
    w.heading(2, "Candidate families per unidentified child");
    Table t{{"child", "families", "best case", "verdict", "score", "next case", "verdict", "score"},
            {false, true, false, false, true, false, false, true},
            {}};
    std::size_t subjects = shown(report.subjects.size(), options.max_cases);
    for (std::size_t i = 0; i < subjects; ++i) {
      const SubjectSection& subject = report.subjects[i];
      const Candidate& best = *subject.families.front();
      std::vector<std::string> row{subject.subject_id, std::to_string(subject.families.size()),
                                   best.case_id, best.verdict, format_number(best.score, 1)};
      if (subject.families.size() > 1) {
        const Candidate& next = *subject.families[1];
        row.insert(row.end(), {next.case_id, next.verdict, format_number(next.score, 1)});
      } else {
        row.insert(row.end(), {"-", "-", "-"});
      }
      t.rows.push_back(std::move(row));
    }
    w.table(t);
    if (subjects < report.subjects.size()) {
      w.paragraph(fmt::format("{} more children not shown", report.subjects.size() - subjects));
      w.blank();
    }
  }
}

}  // namespace

void render_text(const Report& report, const ReportData&, const RenderOptions& options,
                 OutputFile& out) {
  render(report, options, out, false);
}

void render_markdown(const Report& report, const ReportData&, const RenderOptions& options,
                     OutputFile& out) {
  render(report, options, out, true);
}

}  // namespace reunite::report
