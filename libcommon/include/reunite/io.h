// Byte streams in and out of the tools: files or stdin/stdout, zstd (de)compressed
// transparently, written to a temporary file that is renamed only when the run succeeds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace reunite {

// An input file (or "-" for stdin), decompressed on the fly when it starts with the zstd magic
// bytes.  read() fills a buffer with decoded bytes; errors throw FatalError naming the file.
class InputFile {
 public:
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads up to `capacity` decoded bytes; returns 0 only at the end of the stream.
  std::size_t read(char* buffer, std::size_t capacity);

  // Up to `size` decoded bytes ahead, without consuming them: read() hands them out again.  For
  // sniffing a format on stdin, which cannot be opened twice.
  std::string_view peek(std::size_t size);

  // The path as given, or "<stdin>"; this is what rejects and messages call the file.
  const std::string& name() const { return name_; }
  bool compressed() const;
  std::uint64_t raw_bytes_read() const { return raw_bytes_read_; }

 private:
  std::size_t read_raw(char* buffer, std::size_t capacity);
  std::size_t read_decoded(char* buffer, std::size_t capacity);
  std::size_t read_decompressed(char* buffer, std::size_t capacity);

  std::string name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::uint64_t raw_bytes_read_ = 0;
  std::string peeked_;  // decoded bytes looked at by peek() and not yet read
  std::size_t peeked_position_ = 0;
  std::string sniffed_;  // the first bytes of a plain input, read to look for the zstd magic
  std::size_t sniffed_position_ = 0;
  struct Zstd;
  std::unique_ptr<Zstd> zstd_;  // only for a zstd stream
};

// Where a tool's output goes: stdout ("-") or a file.  A file is written under a temporary name
// in the same directory (mode 0600: the data is about children) and renamed by commit(); a run
// that fails never leaves a half-written file that looks complete.  A name ending in ".zst" is
// written zstd-compressed.  Every write is checked: a full disk or a closed stdout is a
// FatalError (a closed pipe normally ends the process quietly through SIGPIPE first).
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();  // without commit(): discards the temporary file
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view bytes) {
    if (bytes.size() <= buffer_.capacity() - buffer_.size()) {
      buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    } else {
      write_slow(bytes);
    }
  }
  void put(char c) {
    if (buffer_.size() == buffer_.capacity()) flush_buffer();
    buffer_.push_back(c);
  }
  // Flushes, finishes the compressed frame, closes and renames into place.
  void commit();
  const std::string& name() const { return name_; }

 private:
  void write_slow(std::string_view bytes);
  void flush_buffer();
  void write_fd(const char* data, std::size_t size);

  std::string name_;
  std::string final_path_;
  std::string temporary_path_;
  int fd_ = -1;
  bool owns_fd_ = false;  // a device or pipe opened by name (closed, never renamed)
  bool committed_ = false;
  std::vector<char> buffer_;
  struct Zstd;
  std::unique_ptr<Zstd> zstd_;
};

}  // namespace reunite
