// What reunite-report knows after reading its input: the case and sighting records, the sample
// links (sample → case or person), and every piece of evidence the other tools wrote
// (dna_match, photo_match, link, cluster), kept as read.  Ids are resolved only at the end
// (ReportInput::finish), because a match may come before the records it names.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace reunite::report {

// A place after reunite-normalize: the raw text and the GB/T 2260 division it resolved to.
struct Place {
  std::string text;  // as the source wrote it (an address: redacted with --redact)
  std::string code, province, city, county;
  bool resolved() const { return !code.empty() || !province.empty(); }
  // "四川省成都市武侯区" from the resolved names, else the raw text.
  std::string label() const;
};

// An ISO 8601 date as reunite-normalize writes it ("2008", "2008-05", "2008-05-12",
// "2015-03/2015-05"), as a span of days since 1970-01-01.
struct DateSpan {
  std::string text;
  std::int32_t first_day = 0;
  std::int32_t last_day = -1;
  bool known() const { return last_day >= first_day; }
  int year() const;  // of the first day; 0 when unknown
  static DateSpan parse(std::string_view iso);
};

// What the report shows about a person's record, taken from norm when present, else raw.
struct PersonFields {
  std::string name;
  std::string sex;  // M, F or U ("" unknown)
  std::string id_number;
  std::string phone;
  std::string reporter_name, reporter_phone, reporter_relation;
  std::vector<std::string> photos;
  std::vector<std::string> flag_codes;
  std::string source;  // "file:line" of the exported row
};

struct CaseRecord {
  std::string id;
  PersonFields person;
  DateSpan birth, missing;
  Place missing_place;
};

// An unidentified child: a sighting, a photo, or a DNA sample of unknown origin.
struct SightingRecord {
  std::string id;
  PersonFields person;
  DateSpan seen;
  Place seen_place;
  std::optional<double> est_age_low, est_age_high;  // years
};

struct SampleLink {
  std::string case_id;    // "case" field: the sample belongs to a missing child's family
  std::string person_id;  // "person" field: the sample is of that person (e.g. a sighting)
  std::string role;
};

struct LocusLr {
  std::uint16_t locus = 0;  // index into ReportInput::locus_names
  double lr = 0;
};

struct DnaMatch {
  std::string id, query, candidate, candidate_case, candidate_role, co_candidate, co_candidate_role,
      hypothesis;
  double lr = 0, log10_lr = 0;
  std::optional<double> prior, posterior;
  int loci_compared = 0;
  std::vector<LocusLr> inconsistent_loci;
  std::vector<LocusLr> lr_loci;  // kept only when a format shows them (html)
  std::uint64_t line = 0;
};

struct PhotoMatch {
  std::string query, query_path, reference, reference_path, dihedral;
  int distance = 256;
  std::optional<int> query_quality, reference_quality;
};

struct Link {
  std::string a, b;
  double probability = 0;
  std::optional<double> weight;
};

struct Cluster {
  std::string id;
  std::vector<std::string> members;
};

// The input as a whole, plus the counts the summary shows.
struct ReportData {
  std::map<std::string, CaseRecord> cases;
  std::map<std::string, SightingRecord> sightings;
  std::unordered_map<std::string, SampleLink> samples;
  std::unordered_map<std::string, std::string> photo_records;  // photo id → path
  // Deques: they grow without the copy a vector makes when it doubles (which doubled the peak
  // memory at 100,000 matches), and the Candidates' pointers into them stay valid.
  std::deque<DnaMatch> dna_matches;
  std::deque<PhotoMatch> photo_matches;
  std::deque<Link> links;
  std::deque<Cluster> clusters;
  std::vector<std::string> locus_names;

  std::map<std::string, std::uint64_t> kinds;            // records by kind, unknown kinds too
  std::map<std::string, std::uint64_t> flags;            // flag codes carried by records
  std::map<std::string, std::uint64_t> carried_rejects;  // reject lines in the input, by error
  std::uint64_t duplicate_ids = 0;                       // a case or sighting id seen again
};

}  // namespace reunite::report
