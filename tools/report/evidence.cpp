#include "evidence.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace reunite::report {

namespace {

constexpr double kDaysPerYear = 365.2425;

// The pairs some record connects, with the evidence each record adds.
class PairTable {
 public:
  Candidate& at(const std::string& case_id, const std::string& subject_id) {
    std::string key = case_id;
    key += '\x1f';
    key += subject_id;
    auto [it, inserted] = index_.try_emplace(std::move(key), pairs_.size());
    if (inserted) {
      pairs_.emplace_back();
      pairs_.back().case_id = case_id;
      pairs_.back().subject_id = subject_id;
    }
    return pairs_[it->second];
  }
  std::deque<Candidate> take() { return std::move(pairs_); }

 private:
  std::unordered_map<std::string, std::size_t> index_;
  std::deque<Candidate> pairs_;
};

std::string dna_words(const DnaMatch& m) {
  std::string words =
      fmt::format("DNA {} ({}) LR {}", m.hypothesis.empty() ? "match" : m.hypothesis,
                  hypothesis_words(m.hypothesis), format_lr(m.lr, m.log10_lr));
  if (m.posterior) {
    words += ", posterior " + format_probability(*m.posterior);
    if (m.prior) words += " at prior " + format_probability(*m.prior);
  }
  if (!m.inconsistent_loci.empty())
    words += fmt::format(", {} inconsistent loc{}", m.inconsistent_loci.size(),
                         m.inconsistent_loci.size() == 1 ? "us" : "i");
  return words;
}

void add(Candidate& c, std::string aspect, Bearing bearing, double weight, std::string words) {
  c.findings.push_back({std::move(aspect), bearing, weight, std::move(words)});
}

Bearing bearing_of(double weight) {
  return weight > 0 ? Bearing::supports : weight < 0 ? Bearing::weakens : Bearing::neutral;
}

void dna_findings(Candidate& c) {
  if (!c.best_dna) return;
  const DnaMatch& best = *c.best_dna;
  double weight = std::max(best.log10_lr, -30.0);
  std::string words = dna_words(best);
  if (best.log10_lr >= 4)
    words += ": strong";
  else if (best.log10_lr <= -2)
    words += ": excludes";
  add(c, "dna", bearing_of(weight), weight, words);
  if (c.worst_dna && c.worst_dna->log10_lr < 0) {
    const DnaMatch& worst = *c.worst_dna;
    add(c, "dna", Bearing::weakens, 0, dna_words(worst));
    if (best.log10_lr >= 2 && worst.log10_lr <= -2)
      c.conflicts.push_back(fmt::format("DNA {} supports (LR {}) but {} excludes (LR {})",
                                        best.hypothesis, format_lr(best.lr, best.log10_lr),
                                        worst.hypothesis, format_lr(worst.lr, worst.log10_lr)));
  }
}

void photo_findings(Candidate& c) {
  if (!c.best_photo) return;
  const PhotoMatch& p = *c.best_photo;
  double weight = p.distance <= 31 ? 2 : p.distance <= 63 ? 1 : p.distance <= 90 ? 0 : -0.5;
  std::string words = fmt::format("photo distance {} of 256", p.distance);
  if (p.query_quality && p.reference_quality)
    words += fmt::format(" (quality {} and {})", *p.query_quality, *p.reference_quality);
  int quality = std::min(p.query_quality.value_or(100), p.reference_quality.value_or(100));
  if (quality < 50) {
    weight /= 2;
    words += ", low quality: half weight";
  }
  if (c.photo_count > 1) words += fmt::format(", best of {}", c.photo_count);
  add(c, "photo", bearing_of(weight), weight, words);
}

void linkage_findings(Candidate& c) {
  if (c.link_probability) {
    double p = std::clamp(*c.link_probability, 1e-6, 1 - 1e-6);
    double weight = std::clamp(std::log10(p / (1 - p)), -2.0, 2.0);
    add(c, "link", bearing_of(weight), weight,
        fmt::format("record linkage probability {}", format_number(*c.link_probability, 3)));
  } else if (!c.cluster_id.empty()) {
    add(c, "cluster", Bearing::supports, 1, "in one dedupe cluster (" + c.cluster_id + ")");
  }
}

void consistency_findings(Candidate& c) {
  if (!c.case_record || !c.sighting) return;
  const CaseRecord& k = *c.case_record;
  const SightingRecord& s = *c.sighting;
  const std::string& a = k.person.sex;
  const std::string& b = s.person.sex;
  if ((a == "M" || a == "F") && (b == "M" || b == "F")) {
    if (a == b) {
      add(c, "sex", Bearing::supports, 0.3, "sex agrees (" + a + ")");
    } else {
      add(c, "sex", Bearing::weakens, -3, "sex differs (case " + a + ", seen " + b + ")");
      c.conflicts.push_back("sex mismatch: case " + a + ", sighting " + b);
    }
  }
  if (s.seen.known()) {
    const DateSpan& gone = k.missing.known() ? k.missing : k.birth;
    if (gone.known() && s.seen.last_day < gone.first_day) {
      std::string what = k.missing.known() ? "went missing" : "was born";
      add(c, "time", Bearing::weakens, -3, "seen " + s.seen.text + ", before the child " + what);
      c.conflicts.push_back("seen (" + s.seen.text + ") before the child " + what + " (" +
                            gone.text + ")");
    } else if (k.missing.known() && s.seen.first_day >= k.missing.last_day) {
      double years = (s.seen.first_day - k.missing.last_day) / kDaysPerYear;
      add(c, "time", Bearing::neutral, 0,
          fmt::format("seen {} years after going missing", format_number(years, 1)));
    }
  }
  if (k.birth.known() && s.seen.known() && s.est_age_low) {
    double middle_birth = (k.birth.first_day + k.birth.last_day) / 2.0;
    double middle_seen = (s.seen.first_day + s.seen.last_day) / 2.0;
    double expected = (middle_seen - middle_birth) / kDaysPerYear;
    c.expected_age = expected;
    double low = *s.est_age_low, high = *s.est_age_high;
    double off = expected < low ? low - expected : expected > high ? expected - high : 0;
    std::string estimate =
        low == high ? format_number(low, 0) : format_number(low, 0) + "-" + format_number(high, 0);
    std::string words =
        fmt::format("expected age {} vs estimated {}", format_number(expected, 1), estimate);
    if (off <= 2) {
      add(c, "age", Bearing::supports, 0.5, words + ": fits");
    } else if (off <= 4) {
      add(c, "age", Bearing::neutral, 0, words + ": roughly");
    } else {
      add(c, "age", Bearing::weakens, -1.5, words + ": far off");
      if (off > 6)
        c.conflicts.push_back(fmt::format("age {} years off ({})", format_number(off, 1), words));
    }
  }
  const Place& from = k.missing_place;
  const Place& seen = s.seen_place;
  if (from.resolved() && seen.resolved()) {
    if (!from.county.empty() && from.county == seen.county && from.city == seen.city &&
        from.province == seen.province) {
      add(c, "place", Bearing::supports, 0.5, "seen in the same county (" + seen.label() + ")");
    } else if (!from.city.empty() && from.city == seen.city && from.province == seen.province) {
      add(c, "place", Bearing::supports, 0.3,
          "seen in the same city (" + seen.province + seen.city + ")");
    } else if (!from.province.empty() && from.province == seen.province) {
      add(c, "place", Bearing::supports, 0.2, "seen in the same province (" + seen.province + ")");
    } else {
      add(c, "place", Bearing::neutral, 0, "seen in another province (" + seen.label() + ")");
    }
  }
}

void cross_conflicts(Candidate& c) {
  if (!c.best_dna || c.best_dna->log10_lr > -2) return;
  std::string dna =
      fmt::format("DNA excludes (LR {})", format_lr(c.best_dna->lr, c.best_dna->log10_lr));
  if (c.best_photo && c.best_photo->distance <= 31)
    c.conflicts.push_back(
        fmt::format("strong photo match (distance {}) but {}", c.best_photo->distance, dna));
  if (c.link_probability && *c.link_probability >= 0.9)
    c.conflicts.push_back(fmt::format("records linked (probability {}) but {}",
                                      format_number(*c.link_probability, 3), dna));
}

std::string verdict_of(const Candidate& c) {
  if (!c.conflicts.empty()) return "conflict";
  if (c.best_dna && c.best_dna->log10_lr >= 4) return "strong";
  if (c.best_dna && c.best_dna->log10_lr <= -2) return "excluded";
  if (c.score >= 3) return "likely";
  if (c.score >= 1) return "possible";
  return "weak";
}

std::string join_words(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

// "Ranked 1 of 3: DNA ... leads; supported by ...; weakened by ...; conflict: ...."
// `neighbour`: the candidate ranked just above (or, for the first, just below), named so the
// reader sees what the rank is relative to.
std::string why_sentence(const Candidate& c, const Candidate* neighbour) {
  std::string sentence =
      fmt::format("Ranked {} of {} (score {}", c.rank, c.of, format_number(c.score, 1));
  if (neighbour)
    sentence += fmt::format(", {} {} at {}", c.rank == 1 ? "above" : "below", neighbour->subject_id,
                            format_number(neighbour->score, 1));
  sentence += ')';
  std::vector<std::string> support, weaken;
  const Finding* lead = nullptr;
  for (const Finding& f : c.findings) {
    if (f.aspect == "dna" && !lead) {
      lead = &f;
      continue;
    }
    if (f.bearing == Bearing::supports) support.push_back(f.words);
    if (f.bearing == Bearing::weakens) weaken.push_back(f.words);
  }
  if (lead) {
    sentence += ": led by " + lead->words;
  } else {
    sentence += ": no DNA";
  }
  if (!support.empty()) sentence += "; supported by " + join_words(support);
  if (!weaken.empty()) sentence += "; weakened by " + join_words(weaken);
  if (support.empty() && weaken.empty() && !lead) sentence += " and nothing else for or against";
  if (!c.conflicts.empty()) sentence += "; CONFLICT: " + join_words(c.conflicts);
  sentence += '.';
  return sentence;
}

// Findings, conflicts, score and verdict of one candidate; deterministic, so it can run again.
void evaluate(Candidate& c) {
  c.findings.clear();
  c.conflicts.clear();
  c.score = 0;
  dna_findings(c);
  photo_findings(c);
  linkage_findings(c);
  consistency_findings(c);
  cross_conflicts(c);
  for (const Finding& f : c.findings) c.score += f.weight;
  c.verdict = verdict_of(c);
  c.conflict_count = c.conflicts.size();
}

bool ranks_before(const Candidate* a, const Candidate* b) {
  if (a->score != b->score) return a->score > b->score;
  return a->subject_id < b->subject_id ||
         (a->subject_id == b->subject_id && a->case_id < b->case_id);
}

}  // namespace

std::string_view bearing_name(Bearing bearing) {
  switch (bearing) {
    case Bearing::supports:
      return "supports";
    case Bearing::weakens:
      return "weakens";
    case Bearing::neutral:
      return "neutral";
  }
  return "neutral";
}

std::string hypothesis_words(std::string_view h) {
  if (h == "PC") return "father and child";
  if (h == "MC") return "mother and child";
  if (h == "TRIO") return "father, with the mother undisputed";
  if (h == "TRIO_BOTH") return "both parents";
  if (h == "FS") return "full siblings";
  if (h == "HS") return "half siblings";
  if (h == "GP") return "grandparent";
  if (h == "AV") return "uncle or aunt";
  if (h == "FC") return "first cousins";
  return h.empty() ? "relationship not given" : std::string(h);
}

std::string format_number(double value, int decimals) {
  if (std::fabs(value) < 0.5 * std::pow(10.0, -decimals)) value = 0;  // no "-0.0"
  return fmt::format("{:.{}f}", value, decimals);
}

std::string format_lr(double lr, double log10_lr) {
  if (!std::isfinite(log10_lr)) return log10_lr < 0 ? "0" : "inf";
  if (log10_lr >= 6 || log10_lr < -2) {
    double exponent = std::floor(log10_lr);
    double mantissa = std::pow(10.0, log10_lr - exponent);
    if (mantissa >= 9.95) {
      mantissa = 1;
      exponent += 1;
    }
    return fmt::format("{:.1f}e{}", mantissa, static_cast<int>(exponent));
  }
  if (lr >= 100) {
    std::string digits = fmt::format("{:.0f}", lr);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return grouped;
  }
  return fmt::format("{:.3g}", lr);
}

std::string format_probability(double p) {
  if (p > 0.9999 && p <= 1) return ">0.9999";
  if (p >= 0.001 || p <= 0) return fmt::format("{:.4g}", p);
  return format_lr(p, std::log10(p));  // 7.9e-9, as LRs are written
}

namespace {

// Which side of a (case, child) pair an id stands on.
struct Sides {
  const ReportData& data;
  bool is_case(const std::string& id) const { return data.cases.count(id) > 0; }
  // A DNA reference's case: the match says, else its sample record, else the id is a case.
  std::string case_of_reference(const DnaMatch& m) const {
    if (!m.candidate_case.empty()) return m.candidate_case;
    auto sample = data.samples.find(m.candidate);
    if (sample != data.samples.end() && !sample->second.case_id.empty())
      return sample->second.case_id;
    return is_case(m.candidate) ? m.candidate : std::string();
  }
  // An unidentified child: the person a query sample is of, else the sample itself.
  std::string subject_of_query(const std::string& query) const {
    auto sample = data.samples.find(query);
    if (sample != data.samples.end() && !sample->second.person_id.empty())
      return sample->second.person_id;
    return query;
  }
};

void gather(const ReportData& data, PairTable& pairs, std::map<std::string, bool>& reference_only,
            std::map<std::string, std::vector<std::pair<std::string, double>>>& duplicates,
            Summary& summary) {
  Sides sides{data};
  for (const DnaMatch& m : data.dna_matches) {
    std::string case_id = sides.case_of_reference(m);
    if (case_id.empty()) {
      case_id = m.candidate;
      reference_only[case_id] = true;
    }
    Candidate& c = pairs.at(case_id, sides.subject_of_query(m.query));
    ++c.dna_count;
    if (!c.best_dna || m.log10_lr > c.best_dna->log10_lr) {
      if (c.best_dna && (!c.worst_dna || c.best_dna->log10_lr < c.worst_dna->log10_lr))
        c.worst_dna = c.best_dna;
      c.best_dna = &m;
    } else if (!c.worst_dna || m.log10_lr < c.worst_dna->log10_lr) {
      c.worst_dna = &m;
    }
    if (!std::isfinite(m.log10_lr) || m.log10_lr < -300) {
      ++summary.dna_by_decade[-300];
    } else {
      ++summary.dna_by_decade[static_cast<int>(std::floor(m.log10_lr))];
    }
  }
  // photo_match and link: whichever side is a case; two cases are possible duplicates.
  auto pair_of = [&](const std::string& a,
                     const std::string& b) -> std::optional<std::pair<std::string, std::string>> {
    bool a_case = sides.is_case(a), b_case = sides.is_case(b);
    if (a_case == b_case) return std::nullopt;
    return a_case ? std::pair{a, b} : std::pair{b, a};
  };
  for (const PhotoMatch& m : data.photo_matches) {
    auto pair = pair_of(m.query, m.reference);
    if (!pair) {
      ++summary.unplaced_matches;
      continue;
    }
    Candidate& c = pairs.at(pair->first, pair->second);
    ++c.photo_count;
    if (!c.best_photo || m.distance < c.best_photo->distance) c.best_photo = &m;
  }
  for (const Link& l : data.links) {
    if (sides.is_case(l.a) && sides.is_case(l.b)) {
      duplicates[l.a].emplace_back(l.b, l.probability);
      duplicates[l.b].emplace_back(l.a, l.probability);
      continue;
    }
    auto pair = pair_of(l.a, l.b);
    if (!pair) {
      ++summary.unplaced_matches;
      continue;
    }
    Candidate& c = pairs.at(pair->first, pair->second);
    c.link_probability = std::max(c.link_probability.value_or(0), l.probability);
  }
  // A cluster puts its cases and its other members together; very large clusters (a blocking
  // accident) would make pairs by the million, so only clusters of up to 50 are paired.
  for (const Cluster& cluster : data.clusters) {
    if (cluster.members.size() > 50) ++summary.large_clusters;
    if (cluster.members.size() < 2 || cluster.members.size() > 50) continue;
    for (const std::string& a : cluster.members) {
      if (!sides.is_case(a)) continue;
      for (const std::string& b : cluster.members) {
        if (b == a) continue;
        if (sides.is_case(b)) {
          duplicates[a].emplace_back(b, -1);
        } else {
          Candidate& c = pairs.at(a, b);
          if (c.cluster_id.empty()) c.cluster_id = cluster.id;
        }
      }
    }
  }
}

void summarize_records(const ReportData& data, Summary& summary) {
  summary.kinds = data.kinds;
  summary.flags = data.flags;
  summary.carried_rejects = data.carried_rejects;
  summary.duplicate_ids = data.duplicate_ids;
  for (const auto& [id, c] : data.cases) {
    if (!c.missing_place.province.empty())
      ++summary.provinces[c.missing_place.province].first;
    else
      ++summary.provinces["(unresolved)"].first;
    ++summary.years[c.missing.year()].first;
  }
  for (const auto& [id, s] : data.sightings) {
    if (!s.seen_place.province.empty())
      ++summary.provinces[s.seen_place.province].second;
    else
      ++summary.provinces["(unresolved)"].second;
    ++summary.years[s.seen.year()].second;
  }
  if (!summary.dna_by_decade.empty()) {
    int top = summary.dna_by_decade.rbegin()->first;
    std::uint64_t running = 0;
    for (int decade = top; decade >= std::min(0, summary.dna_by_decade.begin()->first); --decade) {
      auto found = summary.dna_by_decade.find(decade);
      if (found != summary.dna_by_decade.end()) running += found->second;
      if (decade >= 0 || found != summary.dna_by_decade.end())
        summary.lr_at_least.push_back({decade, running});
      if (decade < -300) break;
    }
    std::reverse(summary.lr_at_least.begin(), summary.lr_at_least.end());
  }
}

}  // namespace

Report build_report(const ReportData& data, std::size_t explain_top) {
  Report report;
  PairTable pairs;
  std::map<std::string, bool> reference_only;
  std::map<std::string, std::vector<std::pair<std::string, double>>> duplicates;
  gather(data, pairs, reference_only, duplicates, report.summary);
  summarize_records(data, report.summary);
  report.candidates = pairs.take();

  std::map<std::string, std::vector<Candidate*>> by_case, by_subject;
  for (Candidate& c : report.candidates) {
    if (auto k = data.cases.find(c.case_id); k != data.cases.end()) c.case_record = &k->second;
    if (auto s = data.sightings.find(c.subject_id); s != data.sightings.end())
      c.sighting = &s->second;
    if (c.worst_dna == c.best_dna) c.worst_dna = nullptr;
    evaluate(c);
    if (explain_top != 0) {  // words again later for the shown ones: peak memory stays small
      std::vector<Finding>().swap(c.findings);
      std::vector<std::string>().swap(c.conflicts);
    }
    by_case[c.case_id].push_back(&c);
    by_subject[c.subject_id].push_back(&c);
    report.summary.conflicts += c.conflict_count == 0 ? 0 : 1;
  }
  report.summary.candidates = report.candidates.size();

  for (auto& [case_id, list] : by_case) {
    std::sort(list.begin(), list.end(), ranks_before);
    for (std::size_t i = 0; i < list.size(); ++i) {
      list[i]->rank = i + 1;
      list[i]->of = list.size();
      if (explain_top == 0 || i < explain_top) {
        if (explain_top != 0) evaluate(*list[i]);  // the same findings as before
        const Candidate* neighbour = i > 0 ? list[i - 1] : list.size() > 1 ? list[1] : nullptr;
        list[i]->why = why_sentence(*list[i], neighbour);
      }
    }
    CaseSection section;
    section.case_id = case_id;
    if (auto k = data.cases.find(case_id); k != data.cases.end()) section.record = &k->second;
    section.reference_only = reference_only.count(case_id) > 0;
    section.candidates = std::move(list);
    if (auto d = duplicates.find(case_id); d != duplicates.end()) {
      auto& dups = d->second;
      // A link's probability before "same cluster" (-1) for the same case.
      std::sort(dups.begin(), dups.end(), [](auto& x, auto& y) {
        return x.first != y.first ? x.first < y.first : x.second > y.second;
      });
      dups.erase(std::unique(dups.begin(), dups.end(),
                             [](auto& x, auto& y) { return x.first == y.first; }),
                 dups.end());
      section.duplicates = dups;
    }
    report.cases.push_back(std::move(section));
  }
  for (const auto& [case_id, record] : data.cases) {
    if (by_case.count(case_id)) continue;
    ++report.summary.cases_without_candidates;
  }
  report.summary.cases_with_candidates = report.cases.size();
  std::stable_sort(report.cases.begin(), report.cases.end(),
                   [](const CaseSection& a, const CaseSection& b) {
                     if (a.best_score() != b.best_score()) return a.best_score() > b.best_score();
                     return a.case_id < b.case_id;
                   });
  for (auto& [subject_id, list] : by_subject) {
    std::sort(list.begin(), list.end(), ranks_before);
    SubjectSection section;
    section.subject_id = subject_id;
    if (auto s = data.sightings.find(subject_id); s != data.sightings.end())
      section.record = &s->second;
    section.families = std::move(list);
    report.subjects.push_back(std::move(section));
  }
  std::stable_sort(report.subjects.begin(), report.subjects.end(),
                   [](const SubjectSection& a, const SubjectSection& b) {
                     double sa = a.families.front()->score, sb = b.families.front()->score;
                     if (sa != sb) return sa > sb;
                     return a.subject_id < b.subject_id;
                   });
  return report;
}

}  // namespace reunite::report
