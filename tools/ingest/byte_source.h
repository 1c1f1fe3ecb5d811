// Byte streams for ingest: an input file's bytes with a look-ahead prefix (so the encoding and
// the format can be sniffed, even on stdin, before parsing starts), and the same bytes decoded
// to UTF-8 from UTF-16 or GB18030 with ICU, chunk by chunk, in memory independent of file size.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace reunite {
class InputFile;
}

namespace reunite::ingest {

// Something that hands out bytes in chunks; read() returns 0 only at the end.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
};

// Bytes of a string (tests, and the CMF/JSON readers that need a whole document).
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view bytes) : bytes_(bytes) {}
  std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  std::string_view bytes_;
};

// An InputFile (decompressed when zstd) as a ByteSource.
class FileSource : public ByteSource {
 public:
  explicit FileSource(InputFile& file) : file_(file) {}
  std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  InputFile& file_;
};

// Reads up to `prefix_bytes` from `inner` at once so they can be looked at, then hands them out
// again before the rest of `inner`.
class PeekSource : public ByteSource {
 public:
  PeekSource(ByteSource& inner, std::size_t prefix_bytes);
  std::string_view prefix() const { return prefix_; }
  // Drops the first n bytes of the prefix (a byte-order mark) before they are handed out.
  void skip_prefix(std::size_t n) { position_ = n; }
  std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  ByteSource& inner_;
  std::string prefix_;
  std::size_t position_ = 0;
};

enum class Encoding { kUtf8, kUtf16le, kUtf16be, kGb18030 };

// "utf-8", "utf-16le", "utf-16be", "gb18030" (also "utf8", "gbk", "gb2312", "utf-16": the
// spellings people type; GBK and GB2312 are subsets of GB18030).
std::optional<Encoding> parse_encoding(std::string_view name);
std::string_view encoding_name(Encoding encoding);

struct EncodingGuess {
  Encoding encoding = Encoding::kUtf8;
  std::size_t bom_bytes = 0;  // byte-order mark at the start, to skip
};

// Valid multi-byte UTF-8 sequences and invalid bytes in a text (the decision of guess_encoding).
struct Utf8Census {
  std::size_t multibyte = 0;
  std::size_t invalid = 0;
};
Utf8Census utf8_census(std::string_view text);

// From the first bytes of a file: a byte-order mark decides; otherwise UTF-8 when the prefix is
// valid UTF-8 (a sequence cut at the end of the prefix does not count against it) or nearly so
// (at least four valid multi-byte sequences per invalid byte: a damaged UTF-8 export), else
// GB18030 (what Excel writes on a Chinese Windows).
EncodingGuess guess_encoding(std::string_view prefix, bool at_end_of_input);

// The length of `prefix` up to the last complete UTF-8 sequence.
std::size_t complete_utf8_length(std::string_view prefix);

// The bytes of `inner` converted to UTF-8 with ICU.  A byte sequence that cannot be decoded
// becomes the invalid UTF-8 byte 0xFF (never U+FFFD, which could be real text), so that the
// row holding it fails UTF-8 validation and is rejected while every other row is still read.
class DecodingSource : public ByteSource {
 public:
  DecodingSource(ByteSource& inner, Encoding encoding);
  ~DecodingSource() override;
  std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  struct Converter;
  ByteSource& inner_;
  std::unique_ptr<Converter> converter_;
};

// The source to parse: `raw` itself for UTF-8 (after its BOM), else a DecodingSource.
class TextSource : public ByteSource {
 public:
  // `forced` from --encoding; otherwise guessed from a sniffed prefix of `raw`.
  TextSource(ByteSource& raw, std::optional<Encoding> forced);
  ~TextSource() override;
  Encoding encoding() const { return encoding_; }
  std::size_t read(char* buffer, std::size_t capacity) override {
    return decoded_->read(buffer, capacity);
  }

 private:
  PeekSource raw_;
  Encoding encoding_;
  std::unique_ptr<DecodingSource> decoder_;
  ByteSource* decoded_;
};

}  // namespace reunite::ingest
