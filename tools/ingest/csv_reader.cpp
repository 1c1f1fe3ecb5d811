#include "csv_reader.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace reunite::ingest {

namespace {

// The buffer starts small (a small input costs little) and doubles while reads fill it, up to
// reads of a megabyte; past that it grows only for a row longer than half of it.
constexpr std::size_t kInitialBytes = 64 << 10;
constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kPadding = 64;

// The hot loop of an unquoted field: the first delimiter or '\n' at or after p, or end.
// Sixteen bytes at a time: most fields are short, but rows of long text are common too.
inline const char* find_delimiter_or_newline(const char* p, const char* end, char delimiter) {
#ifdef __SSE2__
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i newlines = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters), _mm_cmpeq_epi8(bytes, newlines)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && *p != delimiter && *p != '\n') ++p;
  return p;
}

std::uint64_t count_newlines(const char* p, const char* end) {
  return static_cast<std::uint64_t>(std::count(p, end, '\n'));
}

}  // namespace

CsvReader::CsvReader(ByteSource& source, CsvOptions options) : source_(source), options_(options) {
  capacity_ = kInitialBytes;
  // Not zero-filled (most of the cost of a small input); fill() zeroes the padding it uses.
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_ + kPadding);
}

bool CsvReader::fill() {
  if (at_eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // A row that fills half the buffer doubles it, so a long row is rescanned O(1) times.
  if (end_ * 2 > capacity_ || (last_read_filled_ && capacity_ < kChunkBytes)) {
    std::size_t grown = capacity_ * 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(grown + kPadding);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  std::size_t n = source_.read(buffer_.get() + end_, capacity_ - end_);
  if (n == 0) {
    at_eof_ = true;
    return false;
  }
  last_read_filled_ = end_ + n == capacity_;
  end_ += n;
  std::memset(buffer_.get() + end_, 0, kPadding);
  return true;
}

CsvReader::Parse CsvReader::parse_row() {
  const char* const base = buffer_.get() + begin_;
  const char* const end = buffer_.get() + end_;
  const char delimiter = options_.delimiter;
  const char* p = base;
  spans_.clear();
  row_newlines_ = 0;
  for (;;) {
    if (p < end && *p == '"') {
      // Quoted field: up to the closing quote; "" is a quote inside.
      const char* content = p + 1;
      const char* q = content;
      bool doubled = false;
      for (;;) {
        const char* quote = static_cast<const char*>(std::memchr(q, '"', end - q));
        if (quote == nullptr) {
          return at_eof_ ? Parse::kUnterminated : Parse::kNeedMore;
        }
        if (quote + 1 == end && !at_eof_) return Parse::kNeedMore;
        if (quote + 1 < end && quote[1] == '"') {
          doubled = true;
          q = quote + 2;
          continue;
        }
        row_newlines_ += count_newlines(content, quote);
        spans_.push_back({static_cast<std::size_t>(content - base),
                          static_cast<std::size_t>(quote - content), doubled});
        p = quote + 1;
        break;
      }
      if (p == end) {
        if (!at_eof_) return Parse::kNeedMore;
        row_end_ = row_next_ = static_cast<std::size_t>(p - base);
        return Parse::kRow;
      }
      if (*p == delimiter) {
        ++p;
        continue;
      }
      const char* line_end = p;
      if (*p == '\r') {
        if (p + 1 == end && !at_eof_) return Parse::kNeedMore;
        if (p + 1 == end || p[1] == '\n')
          ++p;
        else
          return Parse::kBadQuote;
      }
      if (p == end || *p == '\n') {
        row_end_ = static_cast<std::size_t>(line_end - base);
        row_next_ = static_cast<std::size_t>(p - base) + (p == end ? 0 : 1);
        if (p != end) ++row_newlines_;
        return Parse::kRow;
      }
      return Parse::kBadQuote;
    }
    const char* stop = find_delimiter_or_newline(p, end, delimiter);
    if (stop == end) {
      if (!at_eof_) return Parse::kNeedMore;
      if (p == base && spans_.empty() && stop == p) return Parse::kNeedMore;  // nothing left
      const char* field_end = stop;
      if (field_end > p && field_end[-1] == '\r') --field_end;
      spans_.push_back(
          {static_cast<std::size_t>(p - base), static_cast<std::size_t>(field_end - p), false});
      row_end_ = static_cast<std::size_t>(field_end - base);
      row_next_ = static_cast<std::size_t>(stop - base);
      return Parse::kRow;
    }
    if (*stop == delimiter) {
      spans_.push_back(
          {static_cast<std::size_t>(p - base), static_cast<std::size_t>(stop - p), false});
      p = stop + 1;
      continue;
    }
    const char* field_end = stop;
    if (field_end > p && field_end[-1] == '\r') --field_end;
    spans_.push_back(
        {static_cast<std::size_t>(p - base), static_cast<std::size_t>(field_end - p), false});
    row_end_ = static_cast<std::size_t>(field_end - base);
    row_next_ = static_cast<std::size_t>(stop - base) + 1;
    ++row_newlines_;
    return Parse::kRow;
  }
}

void CsvReader::finish_fields(CsvRow& row) {
  const char* base = buffer_.get() + begin_;
  row.fields.clear();
  unescaped_.clear();
  // Unescaped copies first (the string may grow), views afterwards.
  std::size_t needed = 0;
  for (const Span& span : spans_)
    if (span.unescape) needed += span.length;
  unescaped_.reserve(needed);
  for (const Span& span : spans_) {
    if (!span.unescape) {
      row.fields.emplace_back(base + span.offset, span.length);
      continue;
    }
    std::size_t start = unescaped_.size();
    const char* p = base + span.offset;
    const char* end = p + span.length;
    while (p < end) {
      unescaped_ += *p;
      p += (*p == '"') ? 2 : 1;
    }
    row.fields.emplace_back(unescaped_.data() + start, unescaped_.size() - start);
  }
  row.text = std::string_view(base, row_end_);
}

bool CsvReader::next(CsvRow& row) {
  row.error.clear();
  row.text_truncated = false;
  for (;;) {
    if (begin_ == end_ && !fill()) return false;
    Parse result = parse_row();
    if (result == Parse::kNeedMore) {
      if (end_ - begin_ > options_.max_row_bytes) {
        reject_too_long(row);
        return true;
      }
      if (!fill()) {
        if (begin_ == end_) return false;
        continue;  // at_eof_ now set: the row is parsed to the end of input
      }
      continue;
    }
    row.line = line_;
    if (result == Parse::kBadQuote) {
      // A quote that runs over line ends and is then "closed" by a quote of a later row is
      // most likely a quote that was never closed: say that, not what the parser tripped on.
      bool spans_lines = row_newlines_ > 0;
      reject_and_resume(row,
                        spans_lines ? "unterminated quoted field" : "text after a closing quote");
      return true;
    }
    if (result == Parse::kUnterminated) {
      reject_and_resume(row, "unterminated quoted field");
      return true;
    }
    if (row_end_ == 0 && spans_.size() == 1 && !spans_[0].unescape &&
        buffer_[begin_] != '"') {  // blank line
      line_ += row_newlines_;
      begin_ += row_next_;
      continue;
    }
    if (row_end_ > options_.max_row_bytes) {
      reject_too_long(row);
      return true;
    }
    finish_fields(row);
    line_ += row_newlines_;
    begin_ += row_next_;
    return true;
  }
}

// Gives up the row that starts at begin_ and goes on at the physical line after its first one.
void CsvReader::reject_and_resume(CsvRow& row, std::string reason) {
  row.fields.clear();
  row.error = std::move(reason);
  row.line = line_;
  const char* base = buffer_.get() + begin_;
  std::size_t available = end_ - begin_;
  const char* newline = static_cast<const char*>(std::memchr(base, '\n', available));
  std::size_t line_length = newline ? static_cast<std::size_t>(newline - base) : available;
  std::size_t shown = std::min(line_length, kRejectPrefixBytes);
  if (shown > 0 && base[shown - 1] == '\r' && shown == line_length) --shown;
  reject_text_.assign(base, shown);
  row.text = reject_text_;
  row.text_truncated = shown < line_length || (!newline && !at_eof_);
  if (newline) {
    begin_ += line_length + 1;
    ++line_;
  } else {
    skip_rest_of_physical_line();
  }
}

void CsvReader::reject_too_long(CsvRow& row) {
  reject_and_resume(row, "row longer than " + std::to_string(options_.max_row_bytes) + " bytes");
  row.text_truncated = true;
}

// Discards input up to and including the next '\n', reading as needed.
void CsvReader::skip_rest_of_physical_line() {
  for (;;) {
    const char* base = buffer_.get() + begin_;
    const char* newline = static_cast<const char*>(std::memchr(base, '\n', end_ - begin_));
    if (newline) {
      begin_ += static_cast<std::size_t>(newline - base) + 1;
      ++line_;
      return;
    }
    begin_ = end_ = 0;
    if (!fill()) return;
  }
}

}  // namespace reunite::ingest
