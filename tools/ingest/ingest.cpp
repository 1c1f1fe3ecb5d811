#include "ingest.h"

#include <algorithm>
#include <limits>

#include "cmf.h"
#include "csv_reader.h"
#include "genemapper.h"
#include "genotype_table.h"
#include "json_ingest.h"
#include "record_builder.h"
#include "reunite/error.h"
#include "reunite/io.h"
#include "reunite/text.h"
#include "table_ingest.h"

namespace reunite::ingest {

namespace {

// Enough decoded text to tell the format (and a table's delimiter) from.
constexpr std::size_t kFormatSniffBytes = 64 << 10;

// A JSON array or CMF file, whole.  The buffer grows to at most one byte past the limit, so an
// input over it (a zstd bomb: kilobytes that decompress to gigabytes) costs the limit, no more.
std::string read_document(ByteSource& source, std::string_view what, const SourceFile& file,
                          std::size_t limit) {
  const std::size_t capacity = limit < std::numeric_limits<std::size_t>::max() ? limit + 1 : limit;
  std::string text;
  std::size_t size = 0;
  for (;;) {
    if (size == text.size()) {
      if (size > limit)
        throw FatalError(file.name + ": the " + std::string(what) + " is larger than " +
                         "--max-document-bytes " + std::to_string(limit) +
                         " (it is read whole, decompressed); raise the limit or split the file");
      text.resize(std::min(std::max<std::size_t>(size * 2, 64 << 10), capacity));
    }
    std::size_t n = source.read(text.data() + size, text.size() - size);
    if (n == 0) break;
    size += n;
  }
  text.resize(size);
  return text;
}

void check_kind_for_samples(const IngestOptions& options, Format format) {
  if (!options.kind.empty() && options.kind != "sample")
    throw UsageError("--kind " + options.kind + ": the " + std::string(format_name(format)) +
                     " format holds DNA samples (kind sample)");
}

void ingest_text_table(ByteSource& text, Format format, Encoding encoding, std::string_view prefix,
                       const SourceFile& source, const IngestOptions& options, IngestSink& sink) {
  CsvOptions csv;
  csv.delimiter = options.delimiter.value_or(default_delimiter(format, prefix));
  csv.max_row_bytes = options.max_line_bytes;
  CsvReader reader(text, csv);
  CsvRow first;
  if (!reader.next(first)) return;  // empty input: no records
  if (!first.error.empty())
    throw FatalError(source.name + ":" + std::to_string(first.line) + ": cannot read the " +
                     (options.no_header ? "first row" : "header row") + ": " + first.error);
  std::vector<std::string> header;
  if (options.no_header) {
    for (std::size_t i = 0; i < first.fields.size(); ++i)
      header.push_back("col" + std::to_string(i + 1));
  } else {
    if (!is_valid_utf8(first.text))
      throw FatalError(source.name + ": the header row is not valid " +
                       std::string(encoding_name(encoding)) + " (try --encoding)");
    header.assign(first.fields.begin(), first.fields.end());
  }
  std::vector<std::string_view> header_cells(header.begin(), header.end());
  if (format == Format::kCsv || format == Format::kTsv) {
    if (!options.no_header && looks_like_genemapper_table(header_cells))
      format = Format::kGeneMapper;
    else if (!options.no_header && looks_like_wide_genotype_table(header_cells))
      format = Format::kStrWide;
  }
  if (format == Format::kGeneMapper) {
    check_kind_for_samples(options, format);
    if (options.no_header) throw UsageError("--no-header: a GeneMapper table needs its header row");
    return ingest_genemapper(reader, header, encoding, source, options, sink);
  }
  TableSpec spec;
  spec.header = std::move(header);
  spec.wide = format == Format::kStrWide;
  if (spec.wide) check_kind_for_samples(options, format);
  spec.kind = spec.wide ? "sample" : (options.kind.empty() ? "case" : options.kind);
  spec.encoding = encoding;
  ingest_table(reader, spec, options.no_header ? &first : nullptr, source, options, sink);
}

}  // namespace

void ingest_input(const std::string& path, const IngestOptions& options, IngestSink& sink) {
  std::optional<Format> format = options.format;
  if (!format && path != "-") format = format_from_extension(path);
  if (format == Format::kJsonl) return ingest_json_lines(path, options, sink);

  auto input = std::make_unique<InputFile>(path);
  if (!format && path == "-" &&
      format_from_content(input->peek(kFormatSniffBytes)) == Format::kJsonl) {
    return ingest_json_lines(std::move(input), options, sink);  // stdin cannot be reopened
  }
  InputFile& file = *input;
  SourceFile source = SourceFile::from_input_name(file.name(), options.id_prefix);
  FileSource raw(file);
  TextSource text(raw, options.encoding);
  PeekSource peek(text, kFormatSniffBytes);
  if (!format) format = format_from_content(peek.prefix());
  if (format == Format::kJsonl) {
    // Only UTF-16 JSON Lines on stdin gets here: its decoded bytes were consumed by sniffing.
    if (path == "-") throw UsageError("standard input looks like UTF-16 JSON Lines: convert it");
    return ingest_json_lines(path, options, sink);
  }
  const std::size_t limit = options.max_document_bytes;
  if (format == Format::kJson)
    return ingest_json_array(read_document(peek, "JSON array", source, limit), source, options,
                             sink);
  if (format == Format::kCmf) {
    check_kind_for_samples(options, *format);
    return ingest_cmf(read_document(peek, "CMF file", source, limit), source, options, sink);
  }
  std::string prefix(peek.prefix());
  ingest_text_table(peek, *format, text.encoding(), prefix, source, options, sink);
}

}  // namespace reunite::ingest
