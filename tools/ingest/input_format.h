// Which export format an input is: forced with --format, else from the file name's extension,
// else from the first bytes of its (decoded) text.
#pragma once

#include <optional>
#include <string_view>

namespace reunite::ingest {

enum class Format { kCsv, kTsv, kJson, kJsonl, kGeneMapper, kStrWide, kCmf };

std::optional<Format> parse_format(std::string_view name);  // "csv", "genemapper", ...
std::string_view format_name(Format format);

// From the extension (".zst" is looked through): nullopt when it says nothing (".txt", stdin).
std::optional<Format> format_from_extension(std::string_view path);

// From the first bytes of the decoded text: '<' CMF XML, '[' a JSON array, '{' JSON Lines,
// otherwise a table: TSV when the first line has more tabs than commas, else CSV.
Format format_from_content(std::string_view text_prefix);

// The delimiter of a table format (GeneMapper exports are tab-separated; a wide genotype table
// takes the delimiter its first line suggests).
char default_delimiter(Format format, std::string_view text_prefix);

bool is_table_format(Format format);

}  // namespace reunite::ingest
