#include "byte_source.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "reunite/error.h"
#include "reunite/io.h"
#include "reunite/text.h"

namespace reunite::ingest {

std::size_t StringSource::read(char* buffer, std::size_t capacity) {
  std::size_t n = std::min(capacity, bytes_.size());
  std::memcpy(buffer, bytes_.data(), n);
  bytes_.remove_prefix(n);
  return n;
}

std::size_t FileSource::read(char* buffer, std::size_t capacity) {
  return file_.read(buffer, capacity);
}

PeekSource::PeekSource(ByteSource& inner, std::size_t prefix_bytes) : inner_(inner) {
  // Grown as the bytes come, so a small input does not pay for a large look-ahead.
  std::size_t got = 0;
  while (got < prefix_bytes) {
    if (got == prefix_.size()) {
      prefix_.resize(std::min(prefix_bytes, std::max<std::size_t>(got * 2, 4096)));
    }
    std::size_t n = inner_.read(prefix_.data() + got, prefix_.size() - got);
    if (n == 0) break;
    got += n;
  }
  prefix_.resize(got);
}

std::size_t PeekSource::read(char* buffer, std::size_t capacity) {
  if (position_ < prefix_.size()) {
    std::size_t n = std::min(capacity, prefix_.size() - position_);
    std::memcpy(buffer, prefix_.data() + position_, n);
    position_ += n;
    if (position_ == prefix_.size()) {
      std::string().swap(prefix_);  // the look-ahead is spent: free it
      position_ = 0;
    }
    return n;
  }
  return inner_.read(buffer, capacity);
}

std::optional<Encoding> parse_encoding(std::string_view name) {
  std::string key;
  for (char c : name)
    if (c != '-' && c != '_') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key == "utf8") return Encoding::kUtf8;
  if (key == "utf16le" || key == "utf16" || key == "unicode") return Encoding::kUtf16le;
  if (key == "utf16be") return Encoding::kUtf16be;
  if (key == "gb18030" || key == "gbk" || key == "gb2312" || key == "cp936")
    return Encoding::kGb18030;
  return std::nullopt;
}

std::string_view encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kUtf16le:
      return "utf-16le";
    case Encoding::kUtf16be:
      return "utf-16be";
    case Encoding::kGb18030:
      return "gb18030";
  }
  return "utf-8";
}

std::size_t complete_utf8_length(std::string_view prefix) {
  // Walk back over at most three continuation bytes to the lead byte of the last sequence.
  std::size_t end = prefix.size();
  for (std::size_t back = 1; back <= 4 && back <= end; ++back) {
    auto c = static_cast<unsigned char>(prefix[end - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    std::size_t needed = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return needed > back ? end - back : end;
  }
  return end;
}

Utf8Census utf8_census(std::string_view text) {
  Utf8Census census;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  auto continuation = [&](std::size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = byte(i);
    std::size_t length = c < 0x80                   ? 1
                         : (c >= 0xC2 && c <= 0xDF) ? 2
                         : (c >= 0xE0 && c <= 0xEF) ? 3
                         : (c >= 0xF0 && c <= 0xF4) ? 4
                                                    : 0;
    bool valid = length > 0;
    for (std::size_t k = 1; valid && k < length; ++k) valid = continuation(i + k);
    if (!valid) {
      ++census.invalid;
      ++i;
      continue;
    }
    if (length > 1) ++census.multibyte;
    i += length;
  }
  return census;
}

namespace {

// Byte sequences that are not GB18030: a lead byte 0x81-0xFE takes a trail 0x40-0x7E or
// 0x80-0xFE, or starts a four-byte form (digit, lead, digit); 0x80 and 0xFF are never valid.
std::size_t gb18030_invalid(std::string_view text) {
  auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
  };
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    unsigned char b = byte(i + 1);
    if (c != 0x80 && c != 0xFF) {
      if ((b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE)) {
        i += 2;
        continue;
      }
      if (b >= 0x30 && b <= 0x39 && byte(i + 2) >= 0x81 && byte(i + 2) <= 0xFE &&
          byte(i + 3) >= 0x30 && byte(i + 3) <= 0x39) {
        i += 4;
        continue;
      }
    }
    ++invalid;
    ++i;
  }
  return invalid;
}

}  // namespace

EncodingGuess guess_encoding(std::string_view prefix, bool at_end_of_input) {
  if (prefix.starts_with("\xEF\xBB\xBF")) return {Encoding::kUtf8, 3};
  if (prefix.starts_with("\xFF\xFE")) return {Encoding::kUtf16le, 2};
  if (prefix.starts_with("\xFE\xFF")) return {Encoding::kUtf16be, 2};
  std::size_t length = at_end_of_input ? prefix.size() : complete_utf8_length(prefix);
  std::string_view text = prefix.substr(0, length);
  if (is_valid_utf8(text)) return {Encoding::kUtf8, 0};
  // A UTF-8 export with a few damaged bytes must stay UTF-8 (its damaged rows are rejected);
  // decoding it all as GB18030 would garble every row.  GB18030 text is valid UTF-8 only by
  // accident, a character or two at a time, so many valid sequences per invalid byte mean UTF-8.
  Utf8Census census = utf8_census(text);
  if (census.multibyte >= 4 * census.invalid) return {Encoding::kUtf8, 0};
  // Few characters to judge by: GB18030 only when it explains the bytes better than UTF-8.
  if (gb18030_invalid(text) >= census.invalid) return {Encoding::kUtf8, 0};
  return {Encoding::kGb18030, 0};
}

// ---------------------------------------------------------------------------------------------
// DecodingSource

namespace {

// U+FDD0 is a noncharacter: it never occurs in interchanged text, so it can stand for "bytes
// that could not be decoded" between ICU and the UTF-8 output, where it becomes 0xFF bytes.
constexpr UChar kUndecodable = 0xFDD0;
constexpr std::string_view kUndecodableUtf8 = "\xEF\xB7\x90";

void substitute_undecodable(const void*, UConverterToUnicodeArgs* args, const char*, int32_t,
                            UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset/close/clone: nothing to do
  *error = U_ZERO_ERROR;                // the write below does nothing while an error is set
  ucnv_cbToUWriteUChars(args, &kUndecodable, 1, 0, error);
}

const char* icu_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf16le:
      return "UTF-16LE";
    case Encoding::kUtf16be:
      return "UTF-16BE";
    case Encoding::kGb18030:
      return "GB18030";
    case Encoding::kUtf8:
      break;
  }
  return "UTF-8";
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterHandle = std::unique_ptr<UConverter, ConverterCloser>;

ConverterHandle open_converter(const char* name) {
  UErrorCode error = U_ZERO_ERROR;
  ConverterHandle converter(ucnv_open(name, &error));
  if (U_FAILURE(error)) throw FatalError(std::string("cannot open ICU converter ") + name);
  return converter;
}

}  // namespace

struct DecodingSource::Converter {
  // Raw bytes converted per round, and ICU's UTF-16 pivot between the two converters (any size
  // works; small ones only mean more rounds inside ucnv_convertEx).  Neither is zero-filled: a
  // small input should not pay for them.
  static constexpr std::size_t kChunk = 64 << 10;
  static constexpr std::size_t kPivot = 8 << 10;
  ConverterHandle source;
  ConverterHandle utf8 = open_converter("UTF-8");
  std::unique_ptr<UChar[]> pivot = std::make_unique_for_overwrite<UChar[]>(kPivot);
  UChar* pivot_source = pivot.get();
  UChar* pivot_target = pivot.get();
  std::unique_ptr<char[]> raw = std::make_unique_for_overwrite<char[]>(kChunk);
  std::string decoded;  // converted bytes not yet handed out
  std::size_t decoded_begin = 0;
  bool at_end = false;
  bool reset = true;

  // Converts one more raw chunk into `decoded`; false when everything has been converted.
  bool convert_more(ByteSource& inner) {
    if (at_end) return false;
    std::size_t n = inner.read(raw.get(), kChunk);
    bool flush = n == 0;
    const char* in = raw.get();
    const char* in_end = raw.get() + n;
    // Keep up to two bytes of a possibly split U+FDD0 marker for the next round.
    decoded.erase(0, decoded_begin);
    decoded_begin = 0;
    for (;;) {
      std::size_t old_size = decoded.size();
      decoded.resize(old_size + n * 3 + 1024);
      char* out = decoded.data() + old_size;
      char* out_end = decoded.data() + decoded.size();
      UErrorCode error = U_ZERO_ERROR;
      ucnv_convertEx(utf8.get(), source.get(), &out, out_end, &in, in_end, pivot.get(),
                     &pivot_source, &pivot_target, pivot.get() + kPivot, reset, flush, &error);
      reset = false;
      decoded.resize(out - decoded.data());
      if (error == U_BUFFER_OVERFLOW_ERROR) continue;
      if (U_FAILURE(error))
        throw FatalError(std::string("ICU conversion failed: ") + u_errorName(error));
      break;
    }
    for (std::size_t at = decoded.find(kUndecodableUtf8); at != std::string::npos;
         at = decoded.find(kUndecodableUtf8, at))
      decoded.replace(at, kUndecodableUtf8.size(), "\xFF\xFF\xFF");
    at_end = flush;
    return true;
  }
};

DecodingSource::DecodingSource(ByteSource& inner, Encoding encoding)
    : inner_(inner), converter_(std::make_unique<Converter>()) {
  converter_->source = open_converter(icu_name(encoding));
  UErrorCode error = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter_->source.get(), substitute_undecodable, nullptr, nullptr, nullptr,
                      &error);
  if (U_FAILURE(error)) throw FatalError("cannot set the ICU conversion callback");
}

DecodingSource::~DecodingSource() = default;

std::size_t DecodingSource::read(char* buffer, std::size_t capacity) {
  Converter& c = *converter_;
  for (;;) {
    // Hand out what is converted, but hold back a tail that may be the start of a marker
    // whose rest comes with the next chunk.
    std::size_t available = c.decoded.size() - c.decoded_begin;
    std::size_t hold = 0;
    if (!c.at_end) {
      std::string_view tail(c.decoded.data() + c.decoded_begin, available);
      if (tail.ends_with("\xEF\xB7"))
        hold = 2;
      else if (tail.ends_with("\xEF"))
        hold = 1;
    }
    if (available > hold) {
      std::size_t n = std::min(capacity, available - hold);
      std::memcpy(buffer, c.decoded.data() + c.decoded_begin, n);
      c.decoded_begin += n;
      return n;
    }
    if (!c.convert_more(inner_)) return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// TextSource

namespace {
// Sniffing a large prefix: a GB18030 file whose first rows are ASCII still shows its Chinese
// bytes somewhere in the first megabyte in practice.
constexpr std::size_t kSniffBytes = 1 << 20;
}  // namespace

TextSource::TextSource(ByteSource& raw, std::optional<Encoding> forced) : raw_(raw, kSniffBytes) {
  bool whole = raw_.prefix().size() < kSniffBytes;
  EncodingGuess guess = guess_encoding(raw_.prefix(), whole);
  if (forced) {
    // A BOM of the forced encoding is still skipped.
    if (*forced != guess.encoding) guess.bom_bytes = 0;
    guess.encoding = *forced;
  }
  encoding_ = guess.encoding;
  raw_.skip_prefix(guess.bom_bytes);
  if (encoding_ == Encoding::kUtf8) {
    decoded_ = &raw_;
  } else {
    decoder_ = std::make_unique<DecodingSource>(raw_, encoding_);
    decoded_ = decoder_.get();
  }
}

TextSource::~TextSource() = default;

}  // namespace reunite::ingest
