// From evidence to a ranked report: each (case, unidentified child) pair that some record
// connects becomes a Candidate whose findings say what supports or weakens it, in a score on
// the log10 scale of the DNA likelihood ratio, so DNA leads whenever there is DNA:
//
//   DNA          the best dna_match's log10 LR (an exclusion is negative)
//   photo        PDQ distance (of 256 bits) <= 31: +2; <= 63: +1; <= 90: 0; else -0.5;
//                halved when either photo's quality is under 50
//   dedupe       a link: log10 of its odds, within [-2, 2]; a shared cluster alone: +1
//   sex          agrees +0.3; differs -3 (a conflict)
//   age          the child's age at the sighting (from birth date) against the estimated age:
//                within 2 years +0.5; within 4: 0; further -1.5 (beyond 6: a conflict)
//   place        the same county +0.5, city +0.3, province +0.2; elsewhere 0 (children are
//                taken far: distance does not weaken)
//   time         seen before the child went missing (or was born): -3 (a conflict)
//
// Conflicts are listed, never folded away: sex or time impossible, an age far off, DNA that
// excludes while a photo or a record link supports, one DNA hypothesis excluding while another
// supports.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report_model.h"

namespace reunite::report {

enum class Bearing { supports, weakens, neutral };
std::string_view bearing_name(Bearing bearing);

struct Finding {
  std::string aspect;  // dna, photo, link, cluster, sex, age, place, time
  Bearing bearing = Bearing::neutral;
  double weight = 0;
  std::string words;  // "sex agrees (M)", "photo distance 12 of 256"
};

struct Candidate {
  std::string case_id;     // the section it is listed under
  std::string subject_id;  // the unidentified child (sighting, photo or DNA sample)
  const CaseRecord* case_record = nullptr;
  const SightingRecord* sighting = nullptr;
  const DnaMatch* best_dna = nullptr;   // highest LR
  const DnaMatch* worst_dna = nullptr;  // lowest LR, when other than best
  std::size_t dna_count = 0;
  const PhotoMatch* best_photo = nullptr;
  std::size_t photo_count = 0;
  std::optional<double> link_probability;
  std::string cluster_id;
  std::optional<double> expected_age;  // years at the sighting, from birth date
  std::vector<Finding> findings;
  std::vector<std::string> conflicts;  // and findings: kept for the candidates shown only
  std::size_t conflict_count = 0;
  double score = 0;
  std::string verdict;           // strong, likely, possible, weak, excluded, conflict
  std::string why;               // the sentence
  std::size_t rank = 0, of = 0;  // within its case
};

struct CaseSection {
  std::string case_id;
  const CaseRecord* record = nullptr;  // null when only results name the case
  bool reference_only = false;         // no case known: grouped by the DNA reference sample
  std::vector<Candidate*> candidates;  // ranked; all of them (renderers show max_candidates)
  std::vector<std::pair<std::string, double>> duplicates;  // other case ids dedupe linked
  double best_score() const { return candidates.empty() ? -1e300 : candidates.front()->score; }
};

struct SubjectSection {
  std::string subject_id;
  const SightingRecord* record = nullptr;
  std::vector<Candidate*> families;  // ranked
};

struct LrDecade {
  int decade = 0;  // LR >= 10^decade
  std::uint64_t at_least = 0;
};

struct Summary {
  std::map<std::string, std::uint64_t> kinds;
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> provinces;  // cases, sightings
  std::map<int, std::pair<std::uint64_t, std::uint64_t>> years;              // missing, seen
  std::map<int, std::uint64_t> dna_by_decade;  // floor(log10 LR) → matches
  std::vector<LrDecade> lr_at_least;
  std::map<std::string, std::uint64_t> flags, carried_rejects;
  std::uint64_t rejected_here = 0;  // lines this run rejected
  std::uint64_t duplicate_ids = 0;
  std::uint64_t unplaced_matches = 0;  // photo matches and links that name no case
  std::uint64_t large_clusters = 0;    // clusters of over 50 members, not paired
  std::uint64_t candidates = 0, conflicts = 0, cases_with_candidates = 0,
                cases_without_candidates = 0;
};

struct Report {
  std::deque<Candidate> candidates;      // storage (a deque: no copy when it grows)
  std::vector<CaseSection> cases;        // by best candidate, then id
  std::vector<SubjectSection> subjects;  // by best family, then id
  Summary summary;
};

// `explain_top`: findings, conflicts and the sentence are kept for the first N candidates of each
// case only (0: all), since only those are shown; they are most of a candidate's memory.  The
// others keep their score, verdict and conflict_count.
Report build_report(const ReportData& data, std::size_t explain_top = 0);

// Numbers as the report writes them, the same in every format.
std::string format_lr(double lr, double log10_lr);  // "8,460", "2.7e11", "<1e-300"
std::string format_probability(double p);           // "0.025", ">0.9999", "3.1e-5"
std::string format_number(double value, int decimals);
std::string hypothesis_words(std::string_view hypothesis);  // "father and child"

}  // namespace reunite::report
