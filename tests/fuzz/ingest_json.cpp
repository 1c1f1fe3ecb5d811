// reunite-ingest on a JSON array export (--format json).
#include "ingest_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reunite::fuzz::run_ingest(data, size, reunite::ingest::Format::kJson);
  return 0;
}
