// --format csv (one row per candidate pair, RFC 4180) and --format json (the whole report as
// one document): for other programs and spreadsheets.
#include <fmt/format.h>
#include <reunite/json.h>

#include <cmath>
#include <map>

#include "render_common.h"

namespace reunite::report {

namespace {

bool looks_numeric(std::string_view s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::string copy(s);
  std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

// RFC 4180: quoted when it holds a comma, quote or line break; a text cell a spreadsheet would
// run as a formula (=, +, -, @) is prefixed with an apostrophe (OWASP CSV injection).
std::string csv_field(std::string_view s) {
  if (s == "-") return {};  // "no value" is an empty cell in CSV
  std::string value(s);
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '@' ||
                         value[0] == '\t' || (value[0] == '-' && !looks_numeric(value))))
    value.insert(value.begin(), '\'');
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

void csv_row(OutputFile& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.put(',');
    out.write(csv_field(cells[i]));
  }
  out.write("\r\n");
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

void json_dna(JsonWriter& w, const DnaMatch& m, const ReportData& data) {
  w.begin_object();
  if (!m.id.empty()) w.field("id", m.id);
  w.field("query", m.query);
  w.field("candidate", m.candidate);
  if (!m.candidate_role.empty()) w.field("candidate_role", m.candidate_role);
  if (!m.co_candidate.empty()) w.field("co_candidate", m.co_candidate);
  w.field("hypothesis", m.hypothesis);
  w.field("lr", m.lr);
  w.field("log10_lr", m.log10_lr);
  if (m.prior) w.field("prior", *m.prior);
  if (m.posterior) w.field("posterior", *m.posterior);
  w.field("loci_compared", m.loci_compared);
  w.key("inconsistent_loci");
  w.begin_array();
  for (const LocusLr& l : m.inconsistent_loci) {
    w.begin_object();
    w.field("locus", data.locus_names[l.locus]);
    w.field("lr", l.lr);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void json_candidate(JsonWriter& w, const Candidate& c, const ReportData& data) {
  w.begin_object();
  w.field("rank", static_cast<std::uint64_t>(c.rank));
  w.field("case", c.case_id);
  w.field("child", c.subject_id);
  w.field("verdict", c.verdict);
  w.field("score", std::round(c.score * 1000) / 1000);
  w.field("why", c.why);
  w.key("conflicts");
  w.begin_array();
  for (const auto& conflict : c.conflicts) w.string(conflict);
  w.end_array();
  w.key("findings");
  w.begin_array();
  for (const Finding& f : c.findings) {
    w.begin_object();
    w.field("aspect", f.aspect);
    w.field("bearing", bearing_name(f.bearing));
    w.field("weight", std::round(f.weight * 1000) / 1000);
    w.field("words", f.words);
    w.end_object();
  }
  w.end_array();
  w.key("dna");
  if (c.best_dna)
    json_dna(w, *c.best_dna, data);
  else
    w.null();
  if (c.worst_dna) {
    w.key("dna_lowest");
    json_dna(w, *c.worst_dna, data);
  }
  w.field("dna_matches", static_cast<std::uint64_t>(c.dna_count));
  w.key("photo");
  if (c.best_photo) {
    const PhotoMatch& p = *c.best_photo;
    w.begin_object();
    w.field("distance", p.distance);
    if (!p.dihedral.empty()) w.field("dihedral", p.dihedral);
    if (p.query_quality) w.field("query_quality", *p.query_quality);
    if (p.reference_quality) w.field("reference_quality", *p.reference_quality);
    w.end_object();
  } else {
    w.null();
  }
  w.field("photo_matches", static_cast<std::uint64_t>(c.photo_count));
  w.key("link_probability");
  if (c.link_probability)
    w.number(*c.link_probability);
  else
    w.null();
  if (!c.cluster_id.empty()) w.field("cluster", c.cluster_id);
  w.end_object();
}

void json_person(JsonWriter& w, const PersonFields& p) {
  auto optional = [&](const char* key, const std::string& value) {
    if (!value.empty()) w.field(key, value);
  };
  optional("name", p.name);
  optional("sex", p.sex);
  optional("id_number", p.id_number);
  optional("phone", p.phone);
  if (!p.reporter_name.empty() || !p.reporter_phone.empty()) {
    w.key("reporter");
    w.begin_object();
    optional("name", p.reporter_name);
    optional("relation", p.reporter_relation);
    optional("phone", p.reporter_phone);
    w.end_object();
  }
  if (!p.flag_codes.empty()) {
    w.key("flags");
    w.begin_array();
    for (const auto& code : p.flag_codes) w.string(code);
    w.end_array();
  }
  optional("src", p.source);
}

void json_place(JsonWriter& w, const char* key, const Place& place) {
  if (place.text.empty() && !place.resolved()) return;
  w.key(key);
  w.begin_object();
  if (!place.text.empty()) w.field("text", place.text);
  if (!place.code.empty()) w.field("code", place.code);
  if (!place.province.empty()) w.field("province", place.province);
  if (!place.city.empty()) w.field("city", place.city);
  if (!place.county.empty()) w.field("county", place.county);
  w.end_object();
}

void json_counts(JsonWriter& w, const char* key,
                 const std::map<std::string, std::uint64_t>& counts) {
  w.key(key);
  w.begin_object();
  for (const auto& [name, n] : counts) w.field(name, n);
  w.end_object();
}

void json_summary(JsonWriter& w, const Summary& s) {
  w.begin_object();
  json_counts(w, "kinds", s.kinds);
  w.field("rejected_lines", s.rejected_here);
  w.field("candidate_pairs", s.candidates);
  w.field("with_conflicts", s.conflicts);
  w.field("cases_with_candidates", s.cases_with_candidates);
  w.field("cases_without_candidates", s.cases_without_candidates);
  w.key("provinces");
  w.begin_object();
  for (const auto& [province, n] : s.provinces) {
    w.key(province);
    w.begin_object();
    w.field("cases", n.first);
    w.field("sightings", n.second);
    w.end_object();
  }
  w.end_object();
  w.key("years");
  w.begin_object();
  for (const auto& [year, n] : s.years) {
    w.key(year == 0 ? "unknown" : std::to_string(year));
    w.begin_object();
    w.field("missing", n.first);
    w.field("seen", n.second);
    w.end_object();
  }
  w.end_object();
  w.key("dna_lr_at_least");
  w.begin_array();
  for (const LrDecade& d : s.lr_at_least) {
    w.begin_object();
    w.field("log10_lr", d.decade);
    w.field("matches", d.at_least);
    w.end_object();
  }
  w.end_array();
  json_counts(w, "flags", s.flags);
  json_counts(w, "carried_rejects", s.carried_rejects);
  w.field("unplaced_matches", s.unplaced_matches);
  w.field("large_clusters", s.large_clusters);
  w.field("duplicate_ids", s.duplicate_ids);
  w.end_object();
}

}  // namespace

void render_csv(const Report& report, const ReportData&, const RenderOptions& options,
                OutputFile& out) {
  std::vector<std::string> headers = candidate_headers();
  headers.insert(headers.end(), {"dna_matches", "photo_matches", "why", "conflict_list"});
  csv_row(out, headers);
  std::size_t cases = shown(report.cases.size(), options.max_cases);
  for (std::size_t i = 0; i < cases; ++i) {
    const CaseSection& section = report.cases[i];
    std::size_t count = shown(section.candidates.size(), options.max_candidates);
    for (std::size_t k = 0; k < count; ++k) {
      const Candidate& c = *section.candidates[k];
      std::vector<std::string> cells = candidate_cells(c);
      cells.push_back(std::to_string(c.dna_count));
      cells.push_back(std::to_string(c.photo_count));
      cells.push_back(c.why);
      cells.push_back(joined(c.conflicts, "; "));
      csv_row(out, cells);
    }
  }
}

void render_json(const Report& report, const ReportData& data, const RenderOptions& options,
                 OutputFile& out) {
  std::string text;
  JsonWriter w(text);
  w.begin_object();
  w.field("title", options.title);
  w.key("limits");
  w.begin_object();
  w.field("max_cases", static_cast<std::uint64_t>(options.max_cases));
  w.field("max_candidates", static_cast<std::uint64_t>(options.max_candidates));
  w.end_object();
  w.key("summary");
  json_summary(w, report.summary);
  w.key("cases");
  w.begin_array();
  std::size_t cases = shown(report.cases.size(), options.max_cases);
  for (std::size_t i = 0; i < cases; ++i) {
    const CaseSection& section = report.cases[i];
    w.begin_object();
    w.field("case", section.case_id);
    w.field("reference_only", section.reference_only);
    w.key("record");
    if (section.record) {
      const CaseRecord& k = *section.record;
      w.begin_object();
      json_person(w, k.person);
      if (!k.birth.text.empty()) w.field("birth_date", k.birth.text);
      if (!k.missing.text.empty()) w.field("missing_date", k.missing.text);
      json_place(w, "missing_place", k.missing_place);
      w.end_object();
    } else {
      w.null();
    }
    w.key("duplicates");
    w.begin_array();
    for (const auto& [id, p] : section.duplicates) {
      w.begin_object();
      w.field("case", id);
      w.key("probability");
      if (p >= 0)
        w.number(p);
      else
        w.null();
      w.end_object();
    }
    w.end_array();
    w.key("candidates");
    w.begin_array();
    std::size_t count = shown(section.candidates.size(), options.max_candidates);
    for (std::size_t k = 0; k < count; ++k) json_candidate(w, *section.candidates[k], data);
    w.end_array();
    w.key("not_shown");
    w.begin_object();
    std::map<std::string, std::uint64_t> verdicts;
    for (std::size_t k = count; k < section.candidates.size(); ++k)
      ++verdicts[section.candidates[k]->verdict];
    for (const auto& [verdict, n] : verdicts) w.field(verdict, n);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.field("cases_not_shown", static_cast<std::uint64_t>(report.cases.size() - cases));
  w.key("children");
  w.begin_array();
  std::size_t subjects = shown(report.subjects.size(), options.max_cases);
  for (std::size_t i = 0; i < subjects; ++i) {
    const SubjectSection& subject = report.subjects[i];
    w.begin_object();
    w.field("child", subject.subject_id);
    w.key("record");
    if (subject.record) {
      const SightingRecord& s = *subject.record;
      w.begin_object();
      json_person(w, s.person);
      if (!s.seen.text.empty()) w.field("seen_date", s.seen.text);
      json_place(w, "seen_place", s.seen_place);
      if (s.est_age_low) {
        w.field("est_age_low", *s.est_age_low);
        w.field("est_age_high", *s.est_age_high);
      }
      w.end_object();
    } else {
      w.null();
    }
    w.key("families");
    w.begin_array();
    std::size_t count = shown(subject.families.size(), options.max_candidates);
    for (std::size_t k = 0; k < count; ++k) {
      const Candidate& c = *subject.families[k];
      w.begin_object();
      w.field("case", c.case_id);
      w.field("verdict", c.verdict);
      w.field("score", std::round(c.score * 1000) / 1000);
      w.end_object();
    }
    w.end_array();
    w.field("families_not_shown", static_cast<std::uint64_t>(subject.families.size() - count));
    w.end_object();
  }
  w.end_array();
  w.field("children_not_shown", static_cast<std::uint64_t>(report.subjects.size() - subjects));
  w.end_object();
  out.write(text);
  out.put('\n');
}

}  // namespace reunite::report
