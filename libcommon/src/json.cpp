#include "reunite/json.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "reunite/text.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace reunite {

namespace {

// Escapes needed in a JSON string: '"', '\\' and the control characters below 0x20.
constexpr bool needs_escape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  auto continuation = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!continuation(i + 1) || !continuation(i + 2)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Offset of the first byte that JSON requires to escape, or text.size().  Most values (names,
// dates, codes) need no escape at all: 16 bytes at a time makes them a plain copy (measured: the
// byte loop was a third of reunite-ingest's time on CSV).
std::size_t first_to_escape(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1F);
  while (end - p >= 16) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // bytes <= 0x1F unsigned  <=>  max(bytes, 0x1F) == 0x1F
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, control_max), control_max);
    __m128i special = _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash));
    int mask = _mm_movemask_epi8(_mm_or_si128(control, special));
    if (mask != 0) {
      return static_cast<std::size_t>(p - text.data()) + __builtin_ctz(static_cast<unsigned>(mask));
    }
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (needs_escape(static_cast<unsigned char>(*p))) break;
  }
  return static_cast<std::size_t>(p - text.data());
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t first = first_to_escape(text);
  out.append(text.data(), first);
  std::size_t run_start = first;
  for (std::size_t i = first; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (needs_escape(c)) {
      out.append(text.data() + run_start, i - run_start);
      append_escape(out, c);
      run_start = i + 1;
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out += '"';
}

void append_json_string_lossy(std::string& out, std::string_view bytes) {
  if (is_valid_utf8(bytes)) {
    append_json_string(out, bytes);
    return;
  }
  std::string repaired;
  repaired.reserve(bytes.size() + 16);
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) {
      repaired += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      repaired.append(bytes.data() + i, n);
      i += n;
    }
  }
  append_json_string(out, repaired);
}

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

void JsonWriter::number(std::int64_t value) {
  separate();
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, result.ptr);
}

void JsonWriter::number(std::uint64_t value) {
  separate();
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, result.ptr);
}

void JsonWriter::number(double value) {
  separate();
  if (!std::isfinite(value)) {
    out_ += "null";
    return;
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, result.ptr);
}

}  // namespace reunite
