// reunite-normalize on whole records: the bytes go through RecordReader (as in the tool) and
// each valid record through RecordNormalizer with the default field rules; the output must be
// one valid JSON object.
#include <simdjson.h>

#include "fuzz_support.h"
#include "normalize_support.h"
#include "record_normalizer.h"
#include "region_table.h"
#include "reunite/error.h"

namespace {

using namespace reunite;
using namespace reunite::normalize;

void normalize_all(RecordReader& reader) {
  static NormalizeContext context(NormalizeOptions{.today = Date{2026, 1, 1}},
                                  RegionTable::built_in());
  static RecordNormalizer normalizer(context);
  static simdjson::dom::parser check;
  std::string out;
  std::vector<std::string_view> flags;
  for (Record record; reader.next(record);) {
    RecordText item;
    item.json.assign(record.json);
    for (const FieldSpan& field : record.fields()) {
      if (field.key != "norm" && field.key != "flags") continue;
      (field.key == "norm" ? item.norm : item.flags) =
          RecordText::Member{field.key_begin, field.value_begin, field.value_end};
    }
    flags.clear();
    normalizer.normalize(item, out, flags);
    // Valid JSON, an object.  Numbers pass through as written, so one beyond 64 bits (valid
    // JSON, which this simdjson DOM refuses as NUMBER_ERROR) is no failure.
    auto parsed = check.parse(out);
    if (parsed.error() == simdjson::NUMBER_ERROR) continue;
    if (parsed.error() || !parsed.value().is_object()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::MemoryFile file(data, size);
  fuzz::NullSinks sinks;
  RecordReader reader({file.path()}, {}, sinks.rejects, sinks.stats);
  try {
    normalize_all(reader);
  } catch (const FatalError&) {
    // a corrupt zstd stream ends the run with a message (exit 2 in the tool)
  }
  return 0;
}
