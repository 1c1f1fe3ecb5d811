// The ingest harnesses: the fuzzer's bytes as one input file of reunite-ingest, read the way
// the tool reads it (encoding detection, format sniffing or a forced format, the table, JSON
// or XML reader, the genotype readers, records out, rejects with reasons).
#pragma once

#include <zstd.h>

#include <array>
#include <cstring>
#include <memory>

#include "fuzz_support.h"
#include "ingest.h"
#include "reunite/error.h"

namespace reunite::fuzz {

// Whether the bytes are a zstd stream (as InputFile sees one: the magic first) that decodes to
// more than `limit` bytes.  A few bytes of zstd hold megabytes of commas or empty lines;
// reunite-ingest streams them at a cost linear in what they decode to (limits.* tests), but
// here they made executions take seconds, and the fuzzer, finding each size a new feature,
// kept breeding them (fuzz-ingest_table fell from 4,100 to 176 executions a second).
inline bool decodes_beyond(const std::uint8_t* data, std::size_t size, std::size_t limit) {
  constexpr unsigned char kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
  if (size < sizeof kMagic || std::memcmp(data, kMagic, sizeof kMagic) != 0) return false;
  static const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(),
                                                                            &ZSTD_freeDCtx);
  ZSTD_DCtx_reset(context.get(), ZSTD_reset_session_and_parameters);
  static std::array<char, 1 << 16> discard;
  ZSTD_inBuffer in{data, size, 0};
  std::size_t decoded = 0;
  for (;;) {
    ZSTD_outBuffer out{discard.data(), discard.size(), 0};
    std::size_t result = ZSTD_decompressStream(context.get(), &out, &in);
    if (ZSTD_isError(result)) return false;  // a corrupt frame: the tool's to report
    decoded += out.pos;
    if (decoded > limit) return true;
    // The input used up and the decoder holding nothing more (it did not fill the buffer).
    if (in.pos == in.size && out.pos < out.size) return false;
  }
}

inline void run_ingest(const std::uint8_t* data, std::size_t size,
                       std::optional<ingest::Format> format) {
  // No more than the fuzzer may write plainly (-max_len 64 KiB): 139 KB of commas decoded from
  // 18 bytes still took 2.7 s (a header of 139,000 columns, under ASan).
  if (decodes_beyond(data, size, std::size_t{64} << 10)) return;
  MemoryFile file(data, size);
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
