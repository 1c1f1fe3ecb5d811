#include "reunite/line_reader.h"

#include <algorithm>
#include <cstring>

#include "reunite/text.h"

namespace reunite {

namespace {
// The buffer starts small (a small input costs little: fuzzers and scripts open many) and
// doubles while reads fill it, up to large reads that keep system calls rare on big inputs; past
// that it grows only for a line longer than the buffer (the caller enforces the limit).
constexpr std::size_t kInitialCapacity = std::size_t{64} << 10;
constexpr std::size_t kStreamingCapacity = std::size_t{4} << 20;
}  // namespace

LineReader::LineReader(InputFile& file, std::size_t max_line_bytes)
    : file_(file), max_line_bytes_(std::max<std::size_t>(max_line_bytes, 1)) {
  capacity_ = kInitialCapacity;
  // Not zero-filled: fill() zeroes the padding after what it read instead.
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_ + kPadding);
}

bool LineReader::fill() {
  if (at_eof_) return false;
  if (begin_ > 0) {  // keep the unconsumed tail at the front
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == capacity_ || (last_read_filled_ && capacity_ < kStreamingCapacity)) {
    std::size_t grown = capacity_ * 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(grown + kPadding);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  std::size_t n = file_.read(buffer_.get() + end_, capacity_ - end_);
  if (n == 0) {
    at_eof_ = true;
    return false;
  }
  last_read_filled_ = end_ + n == capacity_;
  end_ += n;
  std::memset(buffer_.get() + end_, 0, kPadding);  // parsers may read this far past a line
  return true;
}

Line LineReader::make_line(const char* begin, const char* end) {
  Line line;
  line.number = ++line_number_;
  std::string_view text(begin, static_cast<std::size_t>(end - begin));
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (line.number == 1) text = strip_utf8_bom(text);
  line.text = text;
  if (text.size() > max_line_bytes_) {
    line.too_long = true;
    line.text = text.substr(0, kTooLongPrefix);
  }
  return line;
}

bool LineReader::next(Line& line) {
  for (;;) {
    const char* data = buffer_.get();
    std::size_t available = end_ - begin_;
    const void* newline = std::memchr(data + begin_, '\n', available);
    if (newline != nullptr) {
      const char* end = static_cast<const char*>(newline);
      line = make_line(data + begin_, end);
      begin_ = static_cast<std::size_t>(end - data) + 1;
      return true;
    }
    if (available > max_line_bytes_ + 1) return skip_rest_of_long_line(line);
    if (!fill()) {
      if (begin_ == end_) return false;
      line = make_line(buffer_.get() + begin_, buffer_.get() + end_);  // no final newline
      begin_ = end_;
      return true;
    }
  }
}

// The current line is over the limit: keep its start for the reject message, then discard
// input up to the next newline without buffering it.
bool LineReader::skip_rest_of_long_line(Line& line) {
  long_line_prefix_.assign(buffer_.get() + begin_, std::min(kTooLongPrefix, end_ - begin_));
  if (line_number_ == 0) long_line_prefix_ = std::string(strip_utf8_bom(long_line_prefix_));
  for (;;) {
    const char* data = buffer_.get();
    const void* newline = std::memchr(data + begin_, '\n', end_ - begin_);
    if (newline != nullptr) {
      begin_ = static_cast<std::size_t>(static_cast<const char*>(newline) - data) + 1;
      break;
    }
    begin_ = end_ = 0;
    if (!fill()) break;
  }
  line.number = ++line_number_;
  line.text = long_line_prefix_;
  line.too_long = true;
  return true;
}

}  // namespace reunite
