// reunite-ingest on a wide STR genotype table (--format str-wide).
#include "ingest_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reunite::fuzz::run_ingest(data, size, reunite::ingest::Format::kStrWide);
  return 0;
}
