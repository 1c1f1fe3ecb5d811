#include "pseudonymize_stream.h"

#include <reunite/tool.h>

namespace reunite::pseudonymize {

void pseudonymize_stream(Tool& tool, RecordPseudonymizer& pseudonymizer) {
  RecordReader reader = tool.records();
  RecordWriter& writer = tool.writer();
  std::string line;
  std::uint64_t records = 0;
  for (Record record; reader.next(record);) {
    if (auto reason = pseudonymizer.pseudonymize(record, line)) {
      reader.reject(record, *reason);
      continue;
    }
    ++records;
    writer.write(line);
  }
  const PseudonymizeCounts& counts = pseudonymizer.counts();
  Stats& stats = tool.stats();
  stats.set("tokens", counts.tokens);
  stats.set("tokens_without_norm", counts.without_norm);
  stats.set("removed", counts.removed);
  if (counts.records_without_norm > 0) {
    stats.set("records_without_norm", counts.records_without_norm);
    // Tokens of values as written link only values written alike: the agencies' records will
    // not meet unless both ran reunite-normalize first.
    if (counts.records_without_norm == records)
      tool.note(
          "no record has \"norm\": run reunite-normalize first, or differently written "
          "phones, ID numbers and names get different tokens");
  }
}

}  // namespace reunite::pseudonymize
