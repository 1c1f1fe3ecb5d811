// Which record field an export's column header becomes: 姓名 -> name, 报案人电话 ->
// reporter.phone, "Date of Birth" -> birth_date.  The built-in table is data
// (data/ingest/header_map.tsv, compiled in); --map and --map-file add to it and win over it.
// A header that nothing maps keeps its own text as the field name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace reunite::ingest {

// The form headers are compared in: NFKC with case folding (full-width letters, digits and
// brackets become ASCII), then without whitespace, '_', '.' and '-'.  "Birth_Date" and
// "ＢＩＲＴＨ　ＤＡＴＥ" both give "birthdate".
std::string header_key(std::string_view header);

// Where a column goes in a record: a top-level field, or a member of a nested object.
struct FieldPath {
  std::string name;    // top-level field
  std::string member;  // empty unless the mapping target was "name.member"
  friend bool operator==(const FieldPath&, const FieldPath&) = default;
};

// The built-in table as text (header<TAB>field lines, the --map-file format).
std::string_view builtin_header_map_text();

class HeaderMapping {
 public:
  // The built-in table only.
  static HeaderMapping builtin();

  // A later entry for the same header replaces an earlier one.
  void add(std::string_view header, std::string_view field);
  // Lines "header<TAB>field"; blank lines and lines starting with '#' are skipped.  Throws
  // UsageError naming `source_name` and the line for a malformed line.
  void add_tsv(std::string_view text, std::string_view source_name);
  // "HEADER=field" as given to --map (split at the last '=').  Throws UsageError.
  void add_assignment(std::string_view assignment);

  // The field for a header: mapped, or the header itself (trimmed) when nothing maps it.
  std::string field_for(std::string_view header) const;
  std::optional<std::string> mapped(std::string_view header) const;
  // field_for() split at its dot; an unmapped header is never split ("Sample.Name" stays).
  FieldPath path_for(std::string_view header) const;

 private:
  std::unordered_map<std::string, std::string> by_key_;
};

}  // namespace reunite::ingest
