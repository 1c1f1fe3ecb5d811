// Reading and writing JSON Lines records.
//
// RecordReader reads FILE arguments (or stdin) one after another, zstd or not, and hands out one
// valid record at a time.  A bad line never stops the stream: invalid JSON, invalid UTF-8, a
// value that is not an object, trailing content, or a line over the size limit is rejected
// (reason, file and line) and the next line is read.  Blank lines are skipped; CRLF line ends
// and a UTF-8 BOM are accepted.
//
// Why this shape (measured; see DESIGN.md): simdjson's iterate_many cannot recover from a bad
// record, so lines are split with memchr and each is parsed with parser.iterate() on a padded
// view of the read buffer.  On Demand validates lazily, so every value is touched once.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reunite/line_reader.h"
#include "reunite/rejects.h"

namespace reunite {

// One top-level member of a record, as byte offsets into Record::json.
struct FieldSpan {
  std::string_view key;       // as written between the quotes (escapes not decoded)
  std::size_t key_begin = 0;  // the opening quote of the key
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
};

class Record {
 public:
  std::string_view json;  // the object's text, surrounding whitespace removed
  std::string_view file;  // input name as rejects and messages show it
  std::uint64_t line = 0;

  // The parsed document, rewound: use find_field_unordered() etc.  Valid until the next record.
  simdjson::ondemand::document& document() {
    document_->rewind();
    return *document_;
  }
  const std::vector<FieldSpan>& fields() const { return fields_; }
  // The raw JSON text of a top-level field (e.g. "\"Zhang Wei\"", "[1,2]"), if present.
  std::optional<std::string_view> raw_field(std::string_view key) const;
  bool has_field(std::string_view key) const { return raw_field(key).has_value(); }
  // A top-level string field decoded, if present and a string.
  std::optional<std::string> string_field(std::string_view key) const;

 private:
  friend class RecordReader;
  simdjson::ondemand::document* document_ = nullptr;
  std::vector<FieldSpan> fields_;
};

struct RecordReaderOptions {
  std::size_t max_line_bytes = std::size_t{64} << 20;
};

class Progress;

class RecordReader {
 public:
  RecordReader(std::vector<std::string> inputs, RecordReaderOptions options, Rejects& rejects,
               Stats& stats, Progress* progress = nullptr);
  // Reads one input that is already open (e.g. stdin after its format was sniffed).
  RecordReader(std::unique_ptr<InputFile> input, RecordReaderOptions options, Rejects& rejects,
               Stats& stats, Progress* progress = nullptr);
  ~RecordReader();

  // The next valid record, or false when every input is exhausted.  Counts stats.read and
  // rejects what it cannot use.
  bool next(Record& record);

  // For a tool that rejects a record after reading it (a field of the wrong type, say).
  void reject(const Record& record, std::string_view reason);

 private:
  bool open_next_input();
  // Parses and validates one line; on failure returns the reason.
  std::optional<std::string> parse(const Line& line, Record& record);

  std::vector<std::string> inputs_;
  std::size_t next_input_ = 0;
  RecordReaderOptions options_;
  Rejects& rejects_;
  Stats& stats_;
  Progress* progress_;
  std::unique_ptr<InputFile> file_;
  std::unique_ptr<LineReader> lines_;
  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document document_;
};

// Writes an edited copy of a record: fields the tool does not touch pass through byte for byte
// and in their order; set() replaces a top-level field's value in place or appends the field at
// the end (so running a tool twice does not duplicate its fields).
//   RecordEditor edit(record);
//   edit.set("name_key", json_quote("zhang wei"));
//   writer.write(edit.result());
class RecordEditor {
 public:
  explicit RecordEditor(const Record& record) : record_(record) {}
  // `raw_json` must be valid JSON text (use json_quote or JsonWriter to build it).
  void set(std::string_view key, std::string raw_json);
  // Removes a top-level field (e.g. one the tool recomputes); absent fields are ignored.
  void remove(std::string_view key);
  // The edited record's text (no newline).
  std::string_view result();

 private:
  struct Edit {
    std::string key;
    std::string value;
    bool removed = false;
    bool used = false;
  };
  const Record& record_;
  std::vector<Edit> edits_;
  std::string out_;
};

// JSON Lines output: one record per line to an OutputFile, counting stats.written.
class RecordWriter {
 public:
  RecordWriter(OutputFile& out, Stats& stats) : out_(out), stats_(stats) {}
  void write(std::string_view json_object) {
    out_.write(json_object);
    out_.put('\n');
    ++stats_.written;
  }

 private:
  OutputFile& out_;
  Stats& stats_;
};

}  // namespace reunite
