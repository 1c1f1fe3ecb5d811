// The ingest harnesses: the fuzzer's bytes as one input file of reunite-ingest, read the way
// the tool reads it (encoding detection, format sniffing or a forced format, the table, JSON
// or XML reader, the genotype readers, records out, rejects with reasons).
#pragma once

#include <array>
#include <string>

#include "fuzz_support.h"
#include "ingest.h"
#include "reunite/error.h"

namespace reunite::fuzz {

// Whether the file, read as the tools read it (InputFile: zstd when it starts with the magic),
// decodes to more than `limit` bytes.  A few bytes of zstd hold megabytes of commas or empty
// lines; reunite-ingest streams them at a cost linear in what they decode to (limits.* tests),
// but here they made executions take seconds, and the fuzzer, finding each size a new feature,
// kept breeding them (fuzz-ingest_table fell from 4,100 to 176 executions a second).
inline bool decodes_beyond(const std::string& path, std::size_t limit) {
  static std::array<char, 1 << 16> discard;
  try {
    InputFile input(path);
    std::size_t decoded = 0;
    while (std::size_t n = input.read(discard.data(), discard.size())) {
      decoded += n;
      if (decoded > limit) return true;
    }
  } catch (const FatalError&) {
    // a corrupt frame: the tool's to report
  }
  return false;
}

inline void run_ingest(const std::uint8_t* data, std::size_t size,
                       std::optional<ingest::Format> format) {
  MemoryFile file(data, size);
  // No more than the fuzzer may write plainly (-max_len 64 KiB): 139 KB of commas decoded from
  // 18 bytes still took 2.7 s (a header of 139,000 columns, under ASan).
  if (decodes_beyond(file.path(), std::size_t{64} << 10)) return;
  NullSinks sinks;
  // One IngestOptions for the process, as the tool has: a fresh one copies the built-in header
  // mapping (hundreds of entries) in every execution.  Each field set below is set every time.
  static ingest::IngestOptions options;
  static const std::size_t default_line_bytes = options.max_line_bytes;
  options.format = format;
  // A JSON array or CMF file is read whole: a few bytes of zstd can hold gigabytes of it, which
  // at the default limit make one execution take seconds (the tool refuses them the same way).
  // Below the 64 KiB above, so the refusal is still reached.
  options.max_document_bytes = std::size_t{32} << 10;
  // A few option variants, chosen by the size so the input bytes stay the fuzzer's.
  options.max_line_bytes = size % 5 == 1 ? 100 : default_line_bytes;
  options.keep_empty = size % 11 == 3;
  options.encoding.reset();
  if (size % 13 == 4) options.encoding = ingest::Encoding::kGb18030;
  if (size % 17 == 5) options.encoding = ingest::Encoding::kUtf16le;
  ingest::IngestSink sink{sinks.writer, sinks.rejects, sinks.stats, nullptr,
                          [](const std::string&) {}};
  try {
    ingest::ingest_input(file.path(), options, sink);
  } catch (const FatalError&) {
    // a file that cannot be read at all (unreadable header, not XML...) is a clean error
  }
}

}  // namespace reunite::fuzz
