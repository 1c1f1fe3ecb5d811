// reunite-ingest on a CODIS CMF XML file (--format cmf).
#include "ingest_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reunite::fuzz::run_ingest(data, size, reunite::ingest::Format::kCmf);
  return 0;
}
