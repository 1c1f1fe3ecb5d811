// reunite-ingest as a library: one input file (or stdin) in any supported export format,
// turned into JSON Lines records.  main.cpp only turns options into an IngestOptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "byte_source.h"
#include "header_mapping.h"
#include "input_format.h"

namespace reunite {
class RecordWriter;
class Rejects;
class Stats;
class Progress;
}  // namespace reunite

namespace reunite::ingest {

struct IngestOptions {
  std::optional<Format> format;      // --format; else from extension and content
  std::string kind;                  // --kind; empty: "case" for tables, "sample" for genotypes
  std::optional<Encoding> encoding;  // --encoding; else guessed
  std::optional<char> delimiter;     // --delimiter; else from format and content
  bool no_header = false;            // --no-header: columns are col1..colN
  bool keep_empty = false;           // --keep-empty: write empty cells as ""
  std::string id_field;              // --id-field HEADER: the export's own id column
  HeaderMapping mapping = HeaderMapping::builtin();
  std::size_t max_line_bytes = std::size_t{64} << 20;
  // What derived ids start with; empty: the file's last path component ("cases.csv:17").  The
  // tool gives the whole path to a later input whose last component an earlier one had.
  std::string id_prefix;
  // --max-document-bytes: a JSON array or CMF file is read whole, decompressed; past this size
  // the file is refused (FatalError), so a zstd bomb cannot take the machine's memory.
  std::size_t max_document_bytes = std::size_t{1} << 30;
};

// Where records, rejects, counts and messages go (the Tool's, in the executable).
struct IngestSink {
  RecordWriter& writer;
  Rejects& rejects;
  Stats& stats;
  Progress* progress = nullptr;
  std::function<void(const std::string&)> note;  // a message for people on stderr
};

// Reads one input ("-" for stdin).  Per-row problems are rejected through the sink; a file that
// cannot be read at all throws FatalError, a contradictory option UsageError.
void ingest_input(const std::string& path, const IngestOptions& options, IngestSink& sink);

}  // namespace reunite::ingest
