// Turning a table row into the fields of a record, fast: the layout is worked out once per file
// (field names made unique, their JSON keys escaped in advance, members of nested objects such
// as reporter.name / reporter.phone grouped where the first of them appears), and each row is
// then appended straight into the output line with no allocation per cell.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "header_mapping.h"

namespace reunite::ingest {

// The file a record comes from, as records and rejects name it.
struct SourceFile {
  std::string name;       // the path as given, or "<stdin>": src.file and rejects
  std::string id_prefix;  // the path's last component ("stdin" for stdin): derived ids
  // `id_prefix`, when not empty, replaces the last component (IngestOptions::id_prefix).
  static SourceFile from_input_name(std::string_view input_name, std::string_view id_prefix = {});
};

// Which of the records that start on one line this is: 1, 2, ...  A JSON array or CMF file
// written on one line starts all of its records on line 1, and their derived ids must still
// differ: from the second on they get ".N" ("orders.json:1", "orders.json:1.2", ...).
class LineOrdinal {
 public:
  std::uint64_t next(std::uint64_t line) {
    ordinal_ = line == line_ ? ordinal_ + 1 : 1;
    line_ = line;
    return ordinal_;
  }

 private:
  std::uint64_t line_ = 0;
  std::uint64_t ordinal_ = 0;
};

// Appends the line part of a derived id: "17", or "17.2" for the second record on line 17.
void append_derived_line(std::string& out, std::uint64_t line, std::uint64_t ordinal = 1);

// What every record starts and ends with: {"kind":K,"id":I ... ,"src":{"file":F,"line":N}}.
// The constant parts are escaped once per file.
class RecordFrame {
 public:
  RecordFrame(std::string_view kind, const SourceFile& source);
  // Clears `out` and starts a record whose id is derived from the file and line ("cases.csv:17";
  // "cases.json:1.2" for the second record starting on line 1, see LineOrdinal).
  void begin_derived(std::string& out, std::uint64_t line, std::uint64_t ordinal = 1) const;
  // Clears `out` and starts a record with the export's own id.
  void begin_with_id(std::string& out, std::string_view id) const;
  // Appends src and the closing brace.
  void end(std::string& out, std::uint64_t line) const;

 private:
  std::string kind_prefix_;     // {"kind":"case","id":
  std::string derived_prefix_;  // {"kind":"case","id":"cases.csv:
  std::string src_prefix_;      // ,"src":{"file":"data/cases.csv","line":
};

class RowLayout {
 public:
  // columns[i]: where column i goes, or nullopt when it is not a plain field (a locus column
  // of a genotype table).  `reserved`: top-level names the caller writes itself (kind, id,
  // src, loci).  A name taken twice gets "_2", "_3", ... in column order.
  RowLayout(const std::vector<std::optional<FieldPath>>& columns,
            const std::vector<std::string>& reserved);

  // Appends ,"field":"value" for the row's cells in column order (nested objects at the
  // position of their first member).  Empty cells are left out unless keep_empty; a nested
  // object whose members are all left out is left out.
  void append_fields(std::string& out, std::span<const std::string_view> cells,
                     bool keep_empty) const;

  // The field each column became ("name", "reporter.phone"), empty for unwritten columns.
  const std::vector<std::string>& column_fields() const { return column_fields_; }

 private:
  struct Member {
    std::size_t column;
    std::string key;  // "member": (escaped, with colon)
  };
  struct Item {
    std::size_t column = 0;       // a plain field
    std::string key;              // ,"name":
    std::vector<Member> members;  // non-empty: a nested object
  };
  std::vector<Item> items_;
  std::vector<std::string> column_fields_;
};

}  // namespace reunite::ingest
