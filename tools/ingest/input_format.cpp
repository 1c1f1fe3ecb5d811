#include "input_format.h"

#include <algorithm>
#include <string>

namespace reunite::ingest {

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view first_line(std::string_view text) {
  return text.substr(0, std::min(text.find('\n'), text.size()));
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  std::string key = lowercase(name);
  if (key == "csv") return Format::kCsv;
  if (key == "tsv") return Format::kTsv;
  if (key == "json") return Format::kJson;
  if (key == "jsonl" || key == "ndjson") return Format::kJsonl;
  if (key == "genemapper") return Format::kGeneMapper;
  if (key == "str-wide") return Format::kStrWide;
  if (key == "cmf") return Format::kCmf;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::kCsv:
      return "csv";
    case Format::kTsv:
      return "tsv";
    case Format::kJson:
      return "json";
    case Format::kJsonl:
      return "jsonl";
    case Format::kGeneMapper:
      return "genemapper";
    case Format::kStrWide:
      return "str-wide";
    case Format::kCmf:
      return "cmf";
  }
  return "csv";
}

std::optional<Format> format_from_extension(std::string_view path) {
  std::string name = lowercase(path);
  for (std::string_view compressed : {".zst", ".zstd"})
    if (name.ends_with(compressed)) name.resize(name.size() - compressed.size());
  auto dot = name.rfind('.');
  auto slash = name.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  std::string_view extension = std::string_view(name).substr(dot + 1);
  if (extension == "csv") return Format::kCsv;
  if (extension == "tsv" || extension == "tab") return Format::kTsv;
  if (extension == "json") return Format::kJson;
  if (extension == "jsonl" || extension == "ndjson") return Format::kJsonl;
  if (extension == "xml" || extension == "cmf") return Format::kCmf;
  return std::nullopt;
}

Format format_from_content(std::string_view text_prefix) {
  std::size_t start = text_prefix.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos) {
    char c = text_prefix[start];
    if (c == '<') return Format::kCmf;
    if (c == '[') return Format::kJson;
    if (c == '{') return Format::kJsonl;
  }
  std::string_view line = first_line(text_prefix);
  auto tabs = std::count(line.begin(), line.end(), '\t');
  auto commas = std::count(line.begin(), line.end(), ',');
  return tabs > commas ? Format::kTsv : Format::kCsv;
}

char default_delimiter(Format format, std::string_view text_prefix) {
  if (format == Format::kTsv || format == Format::kGeneMapper) return '\t';
  if (format == Format::kCsv) return ',';
  return format_from_content(text_prefix) == Format::kTsv ? '\t' : ',';
}

bool is_table_format(Format format) {
  return format == Format::kCsv || format == Format::kTsv || format == Format::kGeneMapper ||
         format == Format::kStrWide;
}

}  // namespace reunite::ingest
