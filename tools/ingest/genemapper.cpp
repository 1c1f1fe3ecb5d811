#include "genemapper.h"

#include <simdjson.h>

#include <algorithm>

#include "header_mapping.h"
#include "reunite/error.h"
#include "reunite/json.h"
#include "reunite/record_stream.h"
#include "reunite/rejects.h"
#include "reunite/tool.h"
#include "table_ingest.h"

namespace reunite::ingest {

namespace {

std::string trimmed(std::string_view text) {
  auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

struct GeneMapperColumns {
  std::size_t sample = 0;
  std::size_t marker = 0;
  std::optional<std::size_t> sample_type;
  std::vector<std::size_t> alleles;  // Allele 1, Allele 2, ... in number order
};

GeneMapperColumns find_columns(const std::vector<std::string>& header) {
  GeneMapperColumns columns;
  bool sample = false, marker = false;
  // (number of digits, digits) without leading zeros orders "Allele N" columns by N, however
  // long N is (a header is untrusted: "Allele 99999999999" must not overflow anything).
  std::vector<std::pair<std::pair<std::size_t, std::string>, std::size_t>> alleles;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string key = header_key(header[i]);
    if (key == "samplename")
      sample = true, columns.sample = i;
    else if (key == "marker")
      marker = true, columns.marker = i;
    else if (key == "sampletype")
      columns.sample_type = i;
    else if (key.starts_with("allele") && key.size() > 6 &&
             std::all_of(key.begin() + 6, key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      std::string digits = key.substr(std::min(key.find_first_not_of('0', 6), key.size()));
      alleles.push_back({{digits.size(), digits}, i});
    }
  }
  if (!sample || !marker || alleles.empty())
    throw UsageError(
        "not a GeneMapper genotypes table: needs Sample Name, Marker and Allele 1 columns");
  std::sort(alleles.begin(), alleles.end());
  for (auto& [number, column] : alleles) columns.alleles.push_back(column);
  return columns;
}

std::string lower_alphanumeric(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool is_control_sample(std::string_view sample_name, std::string_view sample_type) {
  std::string type = lower_alphanumeric(sample_type);
  if (!type.empty())
    return type.find("ladder") != std::string::npos || type.find("control") != std::string::npos;
  std::string name = lower_alphanumeric(sample_name);
  if (name.find("ladder") != std::string::npos) return true;
  for (std::string_view exact : {"pc", "nc", "pos", "neg", "blank", "9947a", "2800m", "007"})
    if (name == exact) return true;
  for (std::string_view start : {"positive", "negative", "posctrl", "negctrl", "poscontrol",
                                 "negcontrol", "pcctrl", "ncctrl", "blank", "reagentblank"})
    if (name.starts_with(start)) return true;
  return false;
}

void read_genemapper(CsvReader& reader, const std::vector<std::string>& header,
                     std::optional<std::size_t> id_column, const std::string& undecodable_reason,
                     const GeneMapperEvents& events) {
  GeneMapperColumns columns = find_columns(header);
  std::optional<GeneMapperSample> current;
  std::string current_control;  // name of the control run being skipped
  std::vector<std::string_view> allele_cells;
  std::string error;
  auto finish = [&] {
    if (current) events.sample(*current);
    current.reset();
  };
  for (CsvRow row; reader.next(row);) {
    if (!row.error.empty()) {
      events.reject(row, row.error);
      continue;
    }
    if (!simdjson::validate_utf8(row.text.data(), row.text.size())) {
      events.reject(row, undecodable_reason);
      continue;
    }
    if (row.fields.size() != header.size()) {
      events.reject(row, "row has " + std::to_string(row.fields.size()) + " fields, header has " +
                             std::to_string(header.size()));
      continue;
    }
    std::string name = trimmed(row.fields[columns.sample]);
    if (name.empty()) {
      events.reject(row, "empty Sample Name");
      continue;
    }
    std::string_view type = columns.sample_type ? row.fields[*columns.sample_type] : "";
    if (is_control_sample(name, type)) {
      finish();
      if (name != current_control) events.control(name);
      current_control = name;
      continue;
    }
    current_control.clear();
    if (current && current->name != name) finish();
    std::string marker = trimmed(row.fields[columns.marker]);
    auto locus = canonical_locus(marker);
    allele_cells.clear();
    for (std::size_t column : columns.alleles) allele_cells.push_back(row.fields[column]);
    auto genotype = genotype_from_alleles(allele_cells, error);
    if (!error.empty()) {
      events.reject(row, "marker " + marker + ": " + error);
      continue;
    }
    if (!current) {
      current.emplace();
      current->name = name;
      current->line = row.line;
      if (id_column) current->id = trimmed(row.fields[*id_column]);
    }
    if (!genotype) continue;  // marker not called
    if (auto duplicate = current->loci.add(locus ? *locus : marker, std::move(*genotype)))
      events.reject(row, *duplicate);
  }
  finish();
}

void ingest_genemapper(CsvReader& reader, const std::vector<std::string>& header, Encoding encoding,
                       const SourceFile& source, const IngestOptions& options, IngestSink& sink) {
  std::optional<std::size_t> id_column;
  if (!options.id_field.empty()) id_column = find_id_column(header, options.id_field, source);
  RecordFrame frame("sample", source);
  std::string line;
  std::uint64_t controls = 0;
  GeneMapperEvents events;
  events.sample = [&](const GeneMapperSample& sample) {
    ++sink.stats.read;
    if (sink.progress) sink.progress->tick();
    if (id_column && !sample.id.empty())
      frame.begin_with_id(line, sample.id);
    else
      frame.begin_derived(line, sample.line);
    line += ",\"sample_id\":";
    append_json_string(line, sample.name);
    append_loci(line, sample.loci);
    frame.end(line, sample.line);
    sink.writer.write(line);
  };
  events.reject = [&](const CsvRow& row, const std::string& reason) {
    ++sink.stats.read;
    sink.rejects.reject(source.name, row.line, reason, row.text, row.text_truncated);
  };
  events.control = [&](std::string_view) { ++controls; };
  read_genemapper(reader, header, id_column, undecodable_reason(encoding), events);
  if (controls > 0) {
    sink.stats.add("controls", controls);
    if (sink.note)
      sink.note(source.name + ": skipped " + std::to_string(controls) + " ladder/control run" +
                (controls == 1 ? "" : "s"));
  }
}

}  // namespace reunite::ingest
