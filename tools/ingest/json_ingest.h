// JSON inputs.  JSON Lines records pass through libcommon's RecordReader byte for byte, with
// kind, id and src appended when absent.  A JSON array (what web systems export) is read whole
// with simdjson; each element that is an object becomes one record (members as written, made
// compact, kind and id put first when absent, src last), anything else in the array is rejected.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ingest.h"
#include "record_builder.h"
#include "reunite/io.h"

namespace reunite::ingest {

void ingest_json_lines(const std::string& path, const IngestOptions& options, IngestSink& sink);
// The same for an input that is already open (stdin after sniffing its format).
void ingest_json_lines(std::unique_ptr<InputFile> input, const IngestOptions& options,
                       IngestSink& sink);

// `text`: the whole document, UTF-8.
void ingest_json_array(std::string_view text, const SourceFile& source,
                       const IngestOptions& options, IngestSink& sink);

}  // namespace reunite::ingest
