// ingest's CSV reader under its encoding detection: TextSource (BOM, UTF-8 census, GB18030,
// UTF-16 decoding with ICU) and CsvReader with quotes, CRLF and a small row limit now and then.
// The first byte picks the delimiter so the whole byte range is fuzzed as the text.
#include "csv_reader.h"

#include "byte_source.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::ingest;
  if (size == 0) return 0;
  static const char kDelimiters[] = {',', '\t', ';', '|'};
  CsvOptions options;
  options.delimiter = kDelimiters[data[0] & 3];
  if (data[0] & 4) options.max_row_bytes = 32;
  StringSource raw(reunite::fuzz::as_text(data + 1, size - 1));
  TextSource text(raw, std::nullopt);
  CsvReader reader(text, options);
  std::uint64_t last_line = 0;
  for (CsvRow row; reader.next(row);) {
    if (row.line <= last_line) __builtin_trap();  // rows come in line order
    last_line = row.line;
    for (std::string_view field : row.fields) (void)field.size();
  }
  (void)utf8_census(reunite::fuzz::as_text(data, size));
  (void)complete_utf8_length(reunite::fuzz::as_text(data, size));
  return 0;
}
