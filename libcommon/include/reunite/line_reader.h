// Splits a decoded input stream into physical lines, counting line numbers, without ever
// holding more than one line (plus a read-ahead chunk) in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "reunite/io.h"

namespace reunite {

struct Line {
  std::string_view text;     // without "\n", a trailing "\r", or (on line 1) a UTF-8 BOM
  std::uint64_t number = 0;  // 1-based physical line number
  bool too_long = false;     // longer than the limit: `text` holds only its first bytes
};

class LineReader {
 public:
  // Bytes after the end of a returned line's text that stay readable (for simdjson's padding).
  static constexpr std::size_t kPadding = 64;
  // How much of an over-long line is kept to show in a reject.
  static constexpr std::size_t kTooLongPrefix = 1024;

  LineReader(InputFile& file, std::size_t max_line_bytes);

  // The next line, or false at the end of the input.  The view stays valid until the next call.
  bool next(Line& line);

 private:
  bool fill();  // reads more input after the unconsumed bytes; false at end of input
  Line make_line(const char* begin, const char* end);
  bool skip_rest_of_long_line(Line& line);

  InputFile& file_;
  std::size_t max_line_bytes_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;  // usable bytes, not counting the padding
  std::size_t begin_ = 0;     // first unconsumed byte
  std::size_t end_ = 0;       // one past the last byte read
  bool at_eof_ = false;
  bool last_read_filled_ = false;  // the input comes faster than the buffer holds: grow it
  std::uint64_t line_number_ = 0;
  std::string long_line_prefix_;
};

}  // namespace reunite
