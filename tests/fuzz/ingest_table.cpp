// reunite-ingest on a table of unknown format: encoding and format sniffed, CSV/TSV, and the
// switch to a genotype reader when the header says so.
#include "ingest_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reunite::fuzz::run_ingest(data, size, std::nullopt);
  return 0;
}
