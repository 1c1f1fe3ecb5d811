// The whole filter: records from the tool's inputs, normalized on `threads` threads, written in
// input order, with the flag counts added to the run's statistics.
#pragma once

#include <string>
#include <string_view>

#include "record_normalizer.h"

namespace reunite {
class Tool;
}

namespace reunite::normalize {

void normalize_stream(Tool& tool, const NormalizeContext& context, unsigned threads);

// "FIELD=KIND" → a rule; throws UsageError naming the option on a bad one.
FieldRule parse_field_rule(std::string_view text);
// --date-order: "dmy", "mdy" (or "ymd": only unambiguous forms) → DateOrder.
DateOrder parse_date_order(std::string_view text);
// --today: an ISO date, or empty for the local date.
Date parse_today(std::string_view text);
// --regions / --regions-historical files (either may be empty: the built-in one is kept).
const RegionTable& load_regions(const std::string& current_path,
                                const std::string& historical_path);

}  // namespace reunite::normalize
