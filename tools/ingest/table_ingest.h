// Tables (CSV, TSV and wide genotype tables) into records, one per row:
// {"kind":…,"id":…, mapped fields in column order, ["loci":{…},] "src":{…}}.
// This is the path the benchmark times: each row goes from the CSV reader's buffer through
// UTF-8 validation and escaping straight into one reused output line.
#pragma once

#include <string>
#include <vector>

#include "csv_reader.h"
#include "ingest.h"
#include "record_builder.h"

namespace reunite::ingest {

// `header`: the header row's cells (col1..colN made up by the caller for --no-header, with
// `first_row` then holding the first data row, already read).  `wide`: the table is a wide
// genotype table (kind sample, locus columns into "loci").
struct TableSpec {
  std::vector<std::string> header;
  bool wide = false;
  std::string kind;
  Encoding encoding = Encoding::kUtf8;
};

void ingest_table(CsvReader& reader, const TableSpec& spec, const CsvRow* first_row,
                  const SourceFile& source, const IngestOptions& options, IngestSink& sink);

// The column --id-field names (matched like mapped headers), or throws UsageError.
std::size_t find_id_column(const std::vector<std::string>& header, const std::string& id_field,
                           const SourceFile& source);

// Why a row's bytes are not text: "invalid UTF-8", or for converted input "bytes not valid in
// gb18030".
std::string undecodable_reason(Encoding encoding);

}  // namespace reunite::ingest
