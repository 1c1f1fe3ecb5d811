// GeneMapper ID-X "Genotypes Table" exports: tab-separated, one row per sample and marker
// (Sample Name, Marker, Dye, Allele 1..n, then Size/Height columns, which are ignored).
// Consecutive rows of one sample become one sample record.  Allelic ladders and positive and
// negative controls are run alongside the samples but are not samples: they are skipped and
// counted.  R's read.table spells the headers Sample.Name, Allele.1: both are understood.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "ingest.h"
#include "record_builder.h"
#include "sample_record.h"

namespace reunite::ingest {

struct GeneMapperSample {
  std::string name;        // Sample Name
  std::string id;          // the --id-field column of its first row, if asked for
  std::uint64_t line = 0;  // line of its first row
  SampleLoci loci;
};

struct GeneMapperEvents {
  std::function<void(const GeneMapperSample&)> sample;
  std::function<void(const CsvRow&, const std::string& reason)> reject;
  std::function<void(std::string_view name)> control;  // once per ladder/control run
};

// An allelic ladder, a positive or a negative control, judged by the Sample Type column when
// the export has one, else by its name ("Ladder", "PC", "NEG CTRL", "9947A", ...).
bool is_control_sample(std::string_view sample_name, std::string_view sample_type);

// Reads the rows after `header`; throws UsageError when the header lacks Sample Name, Marker or
// Allele columns.  `id_column`: the column whose value becomes each sample's id.
void read_genemapper(CsvReader& reader, const std::vector<std::string>& header,
                     std::optional<std::size_t> id_column, const std::string& undecodable_reason,
                     const GeneMapperEvents& events);

void ingest_genemapper(CsvReader& reader, const std::vector<std::string>& header, Encoding encoding,
                       const SourceFile& source, const IngestOptions& options, IngestSink& sink);

}  // namespace reunite::ingest
