// reunite-ingest on a GeneMapper ID-X genotypes table (--format genemapper).
#include "ingest_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reunite::fuzz::run_ingest(data, size, reunite::ingest::Format::kGeneMapper);
  return 0;
}
