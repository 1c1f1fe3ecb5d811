// CODIS Common Message Format 3.x (XML, urn:CODISImportFile-schema) into sample records, read
// with pugixml.  One record per SPECIMEN: SPECIMENID -> sample_id, SPECIMENCATEGORY -> role,
// CASEID -> case, the file's SOURCELAB -> lab, KIT -> kit, LOCUS/ALLELE -> loci.  Namespace
// prefixes are ignored.  A CMF file is small (one submission batch), so it is read whole.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest.h"
#include "record_builder.h"
#include "sample_record.h"

namespace reunite::ingest {

struct CmfSpecimen {
  std::uint64_t line = 0;     // line of the <SPECIMEN> tag
  std::uint64_t ordinal = 1;  // which of the SPECIMENs starting on that line (LineOrdinal)
  std::vector<std::pair<std::string, std::string>>
      fields;  // sample_id, role, case, kit, lab, comment
  SampleLoci loci;
};

struct CmfEvents {
  std::function<void(const CmfSpecimen&)> specimen;
  // A specimen (or the whole file, when it is not well-formed XML) that cannot be read.
  std::function<void(std::uint64_t line, const std::string& reason, std::string_view input)> reject;
};

// `text`: the whole document as UTF-8 (without a byte-order mark).
void read_cmf(std::string_view text, const CmfEvents& events);

void ingest_cmf(std::string_view text, const SourceFile& source, const IngestOptions& options,
                IngestSink& sink);

}  // namespace reunite::ingest
