#include "table_ingest.h"

#include <simdjson.h>

#include <optional>

#include "genotype_table.h"
#include "reunite/error.h"
#include "reunite/record_stream.h"
#include "reunite/rejects.h"
#include "reunite/tool.h"

namespace reunite::ingest {

std::size_t find_id_column(const std::vector<std::string>& header, const std::string& id_field,
                           const SourceFile& source) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == id_field) return i;
  std::string key = header_key(id_field);
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header_key(header[i]) == key) return i;
  throw UsageError("--id-field '" + id_field + "': no such column in " + source.name);
}

std::string undecodable_reason(Encoding encoding) {
  if (encoding == Encoding::kUtf8) return "invalid UTF-8";
  return "bytes not valid in " + std::string(encoding_name(encoding));
}

namespace {

class TableRows {
 public:
  TableRows(const TableSpec& spec, const SourceFile& source, const IngestOptions& options,
            IngestSink& sink)
      : spec_(spec),
        source_(source),
        options_(options),
        sink_(sink),
        frame_(spec.kind, source),
        undecodable_(undecodable_reason(spec.encoding)) {
    std::vector<std::string_view> cells(spec.header.begin(), spec.header.end());
    std::vector<std::optional<FieldPath>> paths;
    if (spec.wide) wide_.emplace(locus_columns(cells));
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (wide_ && wide_->is_locus_column(i))
        paths.emplace_back();
      else
        paths.emplace_back(options.mapping.path_for(cells[i]));
    }
    std::vector<std::string> reserved{"kind", "id", "src"};
    if (spec.wide) reserved.push_back("loci");
    layout_.emplace(paths, reserved);
    if (!options.id_field.empty())
      id_column_ = find_id_column(spec.header, options.id_field, source);
  }

  void row(const CsvRow& row) {
    ++sink_.stats.read;
    if (sink_.progress) sink_.progress->tick();
    if (!row.error.empty()) return reject(row, row.error);
    if (!simdjson::validate_utf8(row.text.data(), row.text.size()))
      return reject(row, undecodable_);
    if (row.fields.size() != spec_.header.size())
      return reject(row, "row has " + std::to_string(row.fields.size()) + " fields, header has " +
                             std::to_string(spec_.header.size()));
    if (wide_) {
      if (auto error = wide_->read_row(row.fields, loci_)) return reject(row, *error);
    }
    if (id_column_) {
      std::string_view id = row.fields[*id_column_];
      if (id.empty()) return reject(row, "empty id (column " + options_.id_field + ")");
      frame_.begin_with_id(line_, id);
    } else {
      frame_.begin_derived(line_, row.line);
    }
    layout_->append_fields(line_, row.fields, options_.keep_empty);
    if (wide_) append_loci(line_, loci_);
    frame_.end(line_, row.line);
    sink_.writer.write(line_);
  }

 private:
  void reject(const CsvRow& row, const std::string& reason) {
    sink_.rejects.reject(source_.name, row.line, reason, row.text, row.text_truncated);
  }

  const TableSpec& spec_;
  const SourceFile& source_;
  const IngestOptions& options_;
  IngestSink& sink_;
  RecordFrame frame_;
  std::string undecodable_;
  std::optional<WideGenotypes> wide_;
  std::optional<RowLayout> layout_;
  std::optional<std::size_t> id_column_;
  SampleLoci loci_;
  std::string line_;
};

}  // namespace

void ingest_table(CsvReader& reader, const TableSpec& spec, const CsvRow* first_row,
                  const SourceFile& source, const IngestOptions& options, IngestSink& sink) {
  TableRows rows(spec, source, options, sink);
  if (first_row) rows.row(*first_row);
  for (CsvRow row; reader.next(row);) rows.row(row);
}

}  // namespace reunite::ingest
