// RFC 4180 rows from a UTF-8 byte stream: quoted fields, doubled quotes, line breaks inside
// quotes, CRLF or LF line ends, any one-byte delimiter.  Memory is one row plus a read chunk,
// whatever the file size.
//
// A row that cannot be read is returned with `error` set, and reading goes on:
// - an unterminated quote (end of input inside quotes), text after a closing quote, or a row
//   over the size limit while inside quotes: the row is given up and reading resumes at the
//   physical line after the row's first line, so one stray quote never swallows the file;
// - a row over the size limit: skipped to the end of its physical line.
// Blank lines are skipped.  A quote inside an unquoted field is kept as text (`5'3"`), as
// Excel and most exporters do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byte_source.h"

namespace reunite::ingest {

struct CsvOptions {
  char delimiter = ',';
  std::size_t max_row_bytes = std::size_t{64} << 20;
};

struct CsvRow {
  std::vector<std::string_view> fields;  // valid until the next call to next()
  std::string_view text;                 // the row's bytes without its line end, for rejects
  std::uint64_t line = 0;                // 1-based physical line where the row starts
  std::string error;                     // non-empty: why the row could not be read
  bool text_truncated = false;           // `text` is only the start of the row
};

class CsvReader {
 public:
  // Bytes of an over-long row kept to show in a reject.
  static constexpr std::size_t kRejectPrefixBytes = 1024;

  CsvReader(ByteSource& source, CsvOptions options);

  // The next row (possibly with `error` set), or false at the end of the input.
  bool next(CsvRow& row);

 private:
  enum class Parse { kRow, kNeedMore, kBadQuote, kUnterminated };
  Parse parse_row();
  bool fill();  // more input after the unconsumed bytes; false at the end of input
  void reject_and_resume(CsvRow& row, std::string reason);
  void reject_too_long(CsvRow& row);
  void skip_rest_of_physical_line();
  void finish_fields(CsvRow& row);

  ByteSource& source_;
  CsvOptions options_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;  // start of the current row
  std::size_t end_ = 0;    // end of the bytes read
  bool at_eof_ = false;
  bool last_read_filled_ = false;  // the input comes faster than the buffer holds: grow it
  std::uint64_t line_ = 1;         // physical line number at begin_

  // Filled by parse_row: field spans as offsets from begin_, and rows with doubled quotes.
  struct Span {
    std::size_t offset;
    std::size_t length;
    bool unescape;
  };
  std::vector<Span> spans_;
  std::size_t row_end_ = 0;   // offset of the row's line end (its text stops here)
  std::size_t row_next_ = 0;  // offset of the next row
  std::uint64_t row_newlines_ = 0;
  std::string unescaped_;
  std::string reject_text_;
};

}  // namespace reunite::ingest
