#include "render_common.h"

#include <fmt/format.h>

#include <map>

namespace reunite::report {

namespace {

bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

std::string dash_if_empty(std::string value) {
  return value.empty() ? "-" : value;
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto byte = static_cast<unsigned char>(s[i]);
    std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    char32_t c = byte < 0x80   ? byte
                 : byte < 0xE0 ? byte & 0x1F
                 : byte < 0xF0 ? byte & 0x0F
                               : byte & 0x07;
    for (std::size_t k = 1; k < length && i + k < s.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (byte >= 0x80 && byte < 0xC0) length = 1;  // a stray continuation byte
    width += is_wide(c) ? 2 : (c >= 0x300 && c <= 0x36F) ? 0 : 1;
    i += length;
  }
  return width;
}

std::vector<std::string> candidate_headers() {
  return {"rank",  "case",  "child", "verdict", "score", "dna",   "lr",       "posterior",
          "prior", "photo", "link",  "sex",     "age",   "place", "conflicts"};
}

std::vector<bool> candidate_right_aligned() {
  return {true, false, false, false, true,  false, true, true,
          true, true,  true,  false, false, false, true};
}

std::string sex_relation(const Candidate& c) {
  for (const Finding& f : c.findings)
    if (f.aspect == "sex") return f.bearing == Bearing::supports ? "agrees" : "differs";
  return "-";
}

std::string place_relation(const Candidate& c) {
  for (const Finding& f : c.findings) {
    if (f.aspect != "place") continue;
    if (f.words.starts_with("seen in the same county")) return "same county";
    if (f.words.starts_with("seen in the same city")) return "same city";
    if (f.words.starts_with("seen in the same province")) return "same province";
    return "elsewhere";
  }
  return "-";
}

std::vector<std::string> candidate_cells(const Candidate& c, bool) {
  std::vector<std::string> cells;
  cells.push_back(std::to_string(c.rank));
  cells.push_back(c.case_id);
  cells.push_back(c.subject_id);
  cells.push_back(c.verdict);
  cells.push_back(format_number(c.score, 1));
  if (c.best_dna) {
    const DnaMatch& m = *c.best_dna;
    cells.push_back(m.hypothesis.empty() ? "?" : m.hypothesis);
    cells.push_back(format_lr(m.lr, m.log10_lr));
    cells.push_back(m.posterior ? format_probability(*m.posterior) : "-");
    cells.push_back(m.prior ? format_probability(*m.prior) : "-");
  } else {
    for (int i = 0; i < 4; ++i) cells.push_back("-");
  }
  cells.push_back(c.best_photo ? std::to_string(c.best_photo->distance) : "-");
  cells.push_back(c.link_probability     ? format_number(*c.link_probability, 3)
                  : c.cluster_id.empty() ? "-"
                                         : "cluster");
  cells.push_back(sex_relation(c));
  std::string age = "-";
  if (c.expected_age && c.sighting && c.sighting->est_age_low) {
    const SightingRecord& s = *c.sighting;
    std::string estimate =
        *s.est_age_low == *s.est_age_high
            ? format_number(*s.est_age_low, 0)
            : format_number(*s.est_age_low, 0) + "-" + format_number(*s.est_age_high, 0);
    age = format_number(*c.expected_age, 1) + "/" + estimate;
  }
  cells.push_back(age);
  cells.push_back(place_relation(c));
  cells.push_back(std::to_string(c.conflict_count));
  return cells;
}

std::string case_description(const CaseSection& section) {
  if (!section.record) {
    return section.reference_only
               ? "no case in the input: grouped by DNA reference sample " + section.case_id
               : "case record not in the input";
  }
  const CaseRecord& k = *section.record;
  std::vector<std::string> parts;
  if (!k.person.name.empty()) parts.push_back(k.person.name);
  if (!k.person.sex.empty()) parts.push_back(k.person.sex);
  if (k.birth.known() || !k.birth.text.empty()) parts.push_back("born " + k.birth.text);
  std::string missing;
  if (!k.missing.text.empty()) missing = "missing " + k.missing.text;
  std::string place = k.missing_place.label();
  if (!place.empty()) missing += (missing.empty() ? "missing in " : " in ") + place;
  if (!missing.empty()) parts.push_back(missing);
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

std::string case_contacts(const CaseRecord& k) {
  std::vector<std::string> parts;
  const PersonFields& p = k.person;
  if (!p.reporter_name.empty() || !p.reporter_phone.empty()) {
    std::string reporter = "reporter " + dash_if_empty(p.reporter_name);
    if (!p.reporter_relation.empty()) reporter += " (" + p.reporter_relation + ")";
    if (!p.reporter_phone.empty()) reporter += " " + p.reporter_phone;
    parts.push_back(reporter);
  }
  if (!p.phone.empty()) parts.push_back("phone " + p.phone);
  if (!p.id_number.empty()) parts.push_back("ID " + p.id_number);
  if (!k.missing_place.text.empty() && k.missing_place.text != k.missing_place.label())
    parts.push_back("address " + k.missing_place.text);
  if (!p.flag_codes.empty()) {
    std::string flags = "flags";
    for (const auto& code : p.flag_codes) flags += " " + code;
    parts.push_back(flags);
  }
  if (!p.source.empty()) parts.push_back("from " + p.source);
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

std::string sighting_description(const SightingRecord& s) {
  std::vector<std::string> parts;
  if (!s.person.sex.empty()) parts.push_back(s.person.sex);
  if (s.est_age_low) {
    parts.push_back("about " + (*s.est_age_low == *s.est_age_high
                                    ? format_number(*s.est_age_low, 0)
                                    : format_number(*s.est_age_low, 0) + "-" +
                                          format_number(*s.est_age_high, 0)));
  }
  std::string seen;
  if (!s.seen.text.empty()) seen = "seen " + s.seen.text;
  std::string place = s.seen_place.label();
  if (!place.empty()) seen += (seen.empty() ? "seen in " : " in ") + place;
  if (!seen.empty()) parts.push_back(seen);
  if (!s.person.source.empty()) parts.push_back("from " + s.person.source);
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? ", " : ", ") + part;
  return out.empty() ? out : out.substr(2);
}

std::vector<std::pair<std::string, Table>> summary_tables(const Summary& s) {
  std::vector<std::pair<std::string, Table>> tables;
  auto count = [](std::uint64_t n) { return std::to_string(n); };
  {
    Table t{{"kind", "records"}, {false, true}, {}};
    for (const auto& [kind, n] : s.kinds) t.rows.push_back({kind, count(n)});
    if (s.rejected_here) t.rows.push_back({"(rejected lines)", count(s.rejected_here)});
    tables.emplace_back("Records by kind", std::move(t));
  }
  {
    Table t{{"candidate pairs", "with conflicts", "cases with candidates", "cases without"},
            {true, true, true, true},
            {}};
    t.rows.push_back({count(s.candidates), count(s.conflicts), count(s.cases_with_candidates),
                      count(s.cases_without_candidates)});
    tables.emplace_back("Candidates", std::move(t));
  }
  if (!s.provinces.empty()) {
    Table t{{"province", "cases", "sightings"}, {false, true, true}, {}};
    for (const auto& [province, n] : s.provinces)
      t.rows.push_back({province, count(n.first), count(n.second)});
    tables.emplace_back("By province (where missing, where seen)", std::move(t));
  }
  if (!s.years.empty()) {
    Table t{{"year", "went missing", "seen"}, {false, true, true}, {}};
    for (const auto& [year, n] : s.years)
      t.rows.push_back(
          {year == 0 ? "(unknown)" : std::to_string(year), count(n.first), count(n.second)});
    tables.emplace_back("By year", std::move(t));
  }
  if (!s.lr_at_least.empty()) {
    Table t{{"LR at least", "DNA matches", "in this decade"}, {false, true, true}, {}};
    for (const LrDecade& d : s.lr_at_least) {
      auto here = s.dna_by_decade.find(d.decade);
      std::string label = d.decade <= -300 ? "0" : "1e" + std::to_string(d.decade);
      t.rows.push_back(
          {label, count(d.at_least), count(here == s.dna_by_decade.end() ? 0 : here->second)});
    }
    tables.emplace_back("DNA matches by likelihood ratio", std::move(t));
  }
  if (!s.flags.empty()) {
    Table t{{"flag", "records"}, {false, true}, {}};
    for (const auto& [code, n] : s.flags) t.rows.push_back({code, count(n)});
    tables.emplace_back("Flags carried in the input", std::move(t));
  }
  if (!s.carried_rejects.empty()) {
    Table t{{"reject reason", "lines"}, {false, true}, {}};
    for (const auto& [error, n] : s.carried_rejects) t.rows.push_back({error, count(n)});
    tables.emplace_back("Rejects carried in the input", std::move(t));
  }
  if (s.unplaced_matches || s.duplicate_ids || s.large_clusters) {
    Table t{{"note", "count"}, {false, true}, {}};
    if (s.unplaced_matches)
      t.rows.push_back({"photo matches and links naming no case", count(s.unplaced_matches)});
    if (s.large_clusters)
      t.rows.push_back({"clusters of over 50 members, not paired", count(s.large_clusters)});
    if (s.duplicate_ids)
      t.rows.push_back({"case or sighting ids seen again (first kept)", count(s.duplicate_ids)});
    tables.emplace_back("Notes", std::move(t));
  }
  return tables;
}

std::string omitted_candidates(const std::vector<Candidate*>& candidates, std::size_t from) {
  if (from >= candidates.size()) return {};
  std::map<std::string, std::size_t> verdicts;
  for (std::size_t i = from; i < candidates.size(); ++i) ++verdicts[candidates[i]->verdict];
  std::string out = fmt::format("{} more not shown:", candidates.size() - from);
  bool first = true;
  for (const auto& [verdict, n] : verdicts) {
    out += fmt::format("{} {} {}", first ? "" : ",", n, verdict);
    first = false;
  }
  // A conflict is never only a number: the first ten hidden ones are named.
  std::vector<std::string> conflicted;
  for (std::size_t i = from; i < candidates.size(); ++i)
    if (candidates[i]->conflict_count != 0) conflicted.push_back(candidates[i]->subject_id);
  if (!conflicted.empty()) {
    out += "; with conflicts:";
    for (std::size_t i = 0; i < conflicted.size() && i < 10; ++i) out += " " + conflicted[i];
    if (conflicted.size() > 10) out += fmt::format(" and {} more", conflicted.size() - 10);
  }
  return out;
}

std::string omitted_cases(const std::vector<CaseSection>& cases, std::size_t from) {
  if (from >= cases.size()) return {};
  std::size_t candidates = 0, conflicts = 0;
  for (std::size_t i = from; i < cases.size(); ++i) {
    candidates += cases[i].candidates.size();
    for (const Candidate* c : cases[i].candidates) conflicts += c->conflict_count == 0 ? 0 : 1;
  }
  return fmt::format(
      "{} more cases not shown ({} candidates, {} with conflicts; raise --max-cases)",
      cases.size() - from, candidates, conflicts);
}

}  // namespace reunite::report
