// The whole filter: records from the tool's inputs, pseudonymised one at a time in input order
// (memory does not grow with the input), rejects with a reason, counts in the statistics.
#pragma once

#include "record_pseudonymizer.h"

namespace reunite {
class Tool;
}

namespace reunite::pseudonymize {

void pseudonymize_stream(Tool& tool, RecordPseudonymizer& pseudonymizer);

}  // namespace reunite::pseudonymize
