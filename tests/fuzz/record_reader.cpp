// libcommon's JSON Lines reader (RecordReader): any bytes in, every line either a record or a
// reject; the fields of each record are read back the way tools read them.
#include "fuzz_support.h"
#include "reunite/error.h"

namespace {

void read_all(reunite::RecordReader& reader, reunite::fuzz::NullSinks& sinks) {
  using namespace reunite;
  for (Record record; reader.next(record);) {
    // Tools look up a few fields by name, each lookup a scan of the record.  Looking up every
    // field made an execution quadratic in a record's fields (the corpus grows records of
    // thousands); the first 32 take the same paths.
    std::size_t looked_up = 0;
    for (const FieldSpan& field : record.fields()) {
      if (++looked_up > 32) break;
      (void)record.raw_field(field.key);
      (void)record.string_field(field.key);
    }
    RecordEditor edit(record);
    edit.set("fuzz", "1");
    if (!record.fields().empty()) edit.remove(record.fields().front().key);
    sinks.writer.write(edit.result());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite;
  fuzz::MemoryFile file(data, size);
  fuzz::NullSinks sinks;
  // A small line limit now and then, so the over-long-line path is fuzzed too.
  RecordReaderOptions options;
  if (size % 7 == 0) options.max_line_bytes = 64;
  RecordReader reader({file.path()}, options, sinks.rejects, sinks.stats);
  try {
    read_all(reader, sinks);
  } catch (const FatalError&) {
    return 0;  // a corrupt zstd stream ends the run with a message (exit 2 in a tool)
  }
  if (sinks.stats.read != sinks.stats.written + sinks.stats.rejected) std::abort();
  return 0;
}
