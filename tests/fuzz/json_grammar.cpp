// Differential: one line through libcommon's RecordReader and through simdjson's DOM parser,
// which validates the whole document.  The reader walks records with On Demand (fast, but it
// checks only what it visits), so its verdict must match a full validator's: every valid JSON
// object is a record and everything else a reject.  Known, documented differences are left
// out of the comparison: lines where the DOM refuses a number (JSON allows integers beyond 64
// bits and exponents out of a double's range; the reader checks numbers by their grammar and
// passes them through as written), nesting deeper than the reader's 512 levels, and a UTF-8
// byte-order mark (the reader drops one at the start of a file).
#include <simdjson.h>

#include <string>

#include "fuzz_support.h"
#include "reunite/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite;
  // One line: line breaks inside become spaces (the same bytes go to both parsers).
  std::string line(reinterpret_cast<const char*>(data), size);
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  if (line.starts_with("\xEF\xBB\xBF")) return 0;

  fuzz::MemoryFile file(reinterpret_cast<const std::uint8_t*>(line.data()), line.size());
  fuzz::NullSinks sinks;
  RecordReader reader({file.path()}, RecordReaderOptions{}, sinks.rejects, sinks.stats);
  bool accepted = false;
  try {
    Record record;
    accepted = reader.next(record);
  } catch (const FatalError&) {
    return 0;  // bytes that happen to start with the zstd magic
  }
  if (sinks.stats.read == 0) return 0;  // a blank line is no record at all

  simdjson::dom::parser parser(2 * line.size() + 64);
  simdjson::dom::element root;
  simdjson::error_code error = parser.parse(line).get(root);
  if (error == simdjson::NUMBER_ERROR || error == simdjson::DEPTH_ERROR) {
    return 0;
  }
  const bool valid_object = !error && root.is_object();
  if (valid_object != accepted) __builtin_trap();  // the two validators disagree
  return 0;
}
