// Reading any mix of records into ReportData, one record at a time (streaming: only what the
// report shows is kept, never the records' text).  Every record is used or rejected:
//   case, sighting, sample, photo, dna_match, photo_match, link, cluster  → kept
//   another kind                                                          → counted by kind
//   a reject line ({"file","line","error",...} without kind)              → counted by error
//   an object with no kind, or a known kind missing its ids               → rejected (reason)
#pragma once

#include <reunite/record_stream.h>
#include <simdjson.h>

#include <optional>
#include <string>

#include "redaction.h"
#include "report_model.h"

namespace reunite::report {

struct InputOptions {
  bool keep_locus_lrs = false;  // per-locus LRs of dna_match (html shows them)
  bool keep_photos = true;      // photo paths (--redact drops them: a face identifies)
};

class ReportInput {
 public:
  ReportInput(InputOptions options, Redactor* redactor);

  // Takes one record; on a problem returns the reason to reject it.
  std::optional<std::string> add(const Record& record);

  ReportData& data() { return data_; }

 private:
  std::optional<std::string> add_kind(std::string_view kind, simdjson::dom::object object);
  PersonFields person_fields(simdjson::dom::object object, const char* place_field);
  std::vector<LocusLr> locus_lrs(simdjson::dom::element value);
  std::uint16_t locus(std::string_view name);

  InputOptions options_;
  Redactor* redactor_;  // null without --redact
  ReportData data_;
  std::unordered_map<std::string, std::uint16_t> locus_index_;
  simdjson::dom::parser parser_;
};

}  // namespace reunite::report
