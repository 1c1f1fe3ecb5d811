// reunite-ingest: exported files (CSV, TSV, JSON, JSON Lines, GeneMapper and wide STR genotype
// tables, CODIS CMF) in, JSON Lines records out.  Options -> IngestOptions -> ingest_input().
#include <CLI/CLI.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "ingest.h"
#include "record_builder.h"
#include "reunite/error.h"
#include "reunite/tool.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-ingest cases.csv > cases.jsonl
      a case export (any encoding Excel writes) into records
  reunite-ingest --kind sighting --map '发现地址=seen_place' sightings.txt
      Excel "Unicode text", with one extra header mapping
  reunite-ingest --id-field 'Sample Name' genotypes.txt lab.cmf -o samples.jsonl
      GeneMapper and CODIS exports into sample records with the lab's own ids
  reunite-ingest --rejects bad.jsonl --stats export.csv.zst | reunite-normalize)";

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw reunite::UsageError("--map-file " + path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

char parse_delimiter(const std::string& text) {
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text.size() == 1 && text != "\"" && text != "\n" && text != "\r") return text[0];
  throw reunite::UsageError("--delimiter '" + text + "': give one character (or 'tab')");
}

}  // namespace

int main(int argc, char** argv) {
  reunite::Tool tool("reunite-ingest",
                     "Turns exported files (CSV, TSV, JSON, JSON Lines, GeneMapper and wide STR "
                     "genotype tables, CODIS CMF) into JSON Lines records.",
                     kExamples);
  CLI::App& app = tool.app();
  std::string format, kind, encoding, delimiter, map_file;
  std::vector<std::string> maps;
  reunite::ingest::IngestOptions options;
  app.add_option("--format", format, "Input format (default: from extension and content)")
      ->check(CLI::IsMember({"csv", "tsv", "json", "jsonl", "genemapper", "str-wide", "cmf"}));
  app.add_option("--kind", kind, "Record kind of table rows (default: case; genotypes: sample)")
      ->check(CLI::IsMember({"case", "sighting", "sample"}));
  app.add_option("--encoding", encoding,
                 "Input encoding: utf-8, utf-16le, utf-16be, gb18030 (default: detected)")
      ->type_name("NAME");
  app.add_option("--delimiter", delimiter, "Table delimiter: one character or 'tab'")
      ->type_name("CHAR");
  app.add_flag("--no-header", options.no_header,
               "The table has no header row: columns are col1..colN");
  app.add_flag("--keep-empty", options.keep_empty,
               "Write empty cells as \"\" instead of leaving them out");
  app.add_option("--map", maps, "Map a header to a field: 'HEADER=field' (field.member nests)")
      ->allow_extra_args(false)
      ->type_name("HEADER=FIELD");
  app.add_option("--map-file", map_file, "Header mappings, one 'header<TAB>field' per line")
      ->type_name("FILE");
  app.add_option("--id-field", options.id_field, "Column holding the export's own record id")
      ->type_name("HEADER");
  app.add_option("--max-document-bytes", options.max_document_bytes,
                 "Refuse a JSON array or CMF file larger than this, decompressed: they are read "
                 "whole (suffixes K, M, G)")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("1G")
      ->type_name("BYTES");
  bool show_map = false;
  app.add_flag("--show-map", show_map,
               "Print the built-in header mapping (--map-file format) and exit");
  if (CLI::Option* files = app.get_option_no_throw("FILE"))
    files->description(
        "Exported files (CSV, TSV, JSON, JSON Lines, GeneMapper, wide STR table, "
        "CMF; zstd or not); none or - reads stdin");

  return tool.run(argc, argv, [&](reunite::Tool& t) {
    using namespace reunite::ingest;
    if (show_map) {
      t.output().write(builtin_header_map_text());
      return;
    }
    if (!format.empty()) options.format = parse_format(format);
    options.kind = kind;
    if (!encoding.empty()) {
      options.encoding = parse_encoding(encoding);
      if (!options.encoding)
        throw reunite::UsageError("--encoding " + encoding + ": unknown encoding");
    }
    if (!delimiter.empty()) options.delimiter = parse_delimiter(delimiter);
    if (!map_file.empty()) options.mapping.add_tsv(read_text_file(map_file), map_file);
    for (const std::string& map : maps) options.mapping.add_assignment(map);
    options.max_line_bytes = t.options().max_line_bytes;

    IngestSink sink{t.writer(), t.rejects(), t.stats(), &t.progress(),
                    [&t](const std::string& text) { t.note(text); }};
    std::vector<std::string> inputs = t.options().inputs;
    if (inputs.empty()) inputs.push_back("-");
    // Derived ids start with the file's name: two inputs of one name (2019/export.csv and
    // 2020/export.csv) would give the same ids, so a later one keeps its whole path.
    std::set<std::string> names;
    for (const std::string& input : inputs) {
      std::string name = SourceFile::from_input_name(input).id_prefix;
      options.id_prefix = names.insert(name).second ? "" : input;
      if (!options.id_prefix.empty() && options.id_field.empty())
        t.note(input + ": an earlier input is also called " + name + "; ids of this one start " +
               "with the path: " + input + ":LINE");
      ingest_input(input, options, sink);
    }
  });
}
