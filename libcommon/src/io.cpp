#include "reunite/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "reunite/error.h"

namespace reunite {

namespace {

// The output buffer starts small and doubles while writes fill it, up to this.
constexpr std::size_t kOutputBufferInitialBytes = 64 << 10;
constexpr std::size_t kOutputBufferBytes = 1 << 20;
// zstd's default limit on a frame's window when decoding (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27).
constexpr int kMaxZstdWindowMiB = 128;
constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string system_error_text(const std::string& what, int error_number) {
  return what + ": " + std::strerror(error_number);
}

// ---------------------------------------------------------------------------------------------
// InputFile

namespace {

// The last decompression context a thread finished with, kept for its next zstd input: a
// context holds its window (up to 128 MiB), and making one per file cost a fresh allocation and
// its page faults each time (most of the zstd fuzzer's time).  Reset before reuse.
struct DecompressorCache {
  ZSTD_DCtx* context = nullptr;
  ~DecompressorCache() { ZSTD_freeDCtx(context); }
};
thread_local DecompressorCache decompressor_cache;

ZSTD_DCtx* take_decompressor() {
  ZSTD_DCtx* context = std::exchange(decompressor_cache.context, nullptr);
  if (context == nullptr) return ZSTD_createDCtx();
  ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters);
  return context;
}

void give_back_decompressor(ZSTD_DCtx* context) {
  if (decompressor_cache.context == nullptr) {
    decompressor_cache.context = context;
  } else {
    ZSTD_freeDCtx(context);
  }
}

}  // namespace

struct InputFile::Zstd {
  ZSTD_DCtx* context = take_decompressor();
  // The compressed bytes read ahead (zstd's recommended size, 128 KiB; not zero-filled).
  std::size_t input_size = ZSTD_DStreamInSize();
  std::unique_ptr<char[]> input = std::make_unique_for_overwrite<char[]>(input_size);
  ZSTD_inBuffer in{input.get(), 0, 0};
  bool frame_open = false;  // a frame was started and not yet finished
  ~Zstd() {
    if (context != nullptr) give_back_decompressor(context);
  }
};

InputFile::InputFile(const std::string& path) {
  if (path == "-") {
    name_ = "<stdin>";
    fd_ = STDIN_FILENO;
  } else {
    name_ = path;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw FatalError(system_error_text(path, errno));
    owns_fd_ = true;
    struct stat info;
    if (::fstat(fd_, &info) == 0 && S_ISDIR(info.st_mode)) {
      ::close(fd_);
      throw FatalError(path + ": is a directory");
    }
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  // Sniff the magic bytes.  The decompressor (some hundred KB) is made only for a zstd stream:
  // a plain input costs no more than its reads, which matters to callers opening many small ones.
  char magic[sizeof kZstdMagic];
  std::size_t got = 0;
  while (got < sizeof magic) {
    std::size_t n = read_raw(magic + got, sizeof magic - got);
    if (n == 0) break;
    got += n;
  }
  if (got == sizeof magic && std::memcmp(magic, kZstdMagic, sizeof magic) == 0) {
    zstd_ = std::make_unique<Zstd>();
    if (zstd_->context == nullptr) throw FatalError(name_ + ": out of memory for zstd");
    std::memcpy(zstd_->input.get(), magic, got);
    zstd_->in.size = got;
  } else {
    sniffed_.assign(magic, got);  // handed out first, then the fd is read directly
  }
}

InputFile::~InputFile() {
  if (owns_fd_) ::close(fd_);
}

bool InputFile::compressed() const {
  return zstd_ != nullptr;
}

std::size_t InputFile::read_raw(char* buffer, std::size_t capacity) {
  for (;;) {
    ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) {
      raw_bytes_read_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) throw FatalError(system_error_text(name_, errno));
  }
}

std::size_t InputFile::read(char* buffer, std::size_t capacity) {
  if (peeked_position_ < peeked_.size()) {
    std::size_t n = std::min(capacity, peeked_.size() - peeked_position_);
    std::memcpy(buffer, peeked_.data() + peeked_position_, n);
    peeked_position_ += n;
    return n;
  }
  return read_decoded(buffer, capacity);
}

std::string_view InputFile::peek(std::size_t size) {
  peeked_.erase(0, peeked_position_);
  peeked_position_ = 0;
  while (peeked_.size() < size) {
    // In growing steps: a short input should not pay for zeroing a long look-ahead.
    std::size_t have = peeked_.size();
    peeked_.resize(std::min(size, std::max<std::size_t>(have * 2, 4096)));
    std::size_t n = read_decoded(peeked_.data() + have, peeked_.size() - have);
    peeked_.resize(have + n);
    if (n == 0) break;
  }
  return std::string_view(peeked_).substr(0, size);
}

std::size_t InputFile::read_decoded(char* buffer, std::size_t capacity) {
  if (compressed()) return read_decompressed(buffer, capacity);
  if (sniffed_position_ < sniffed_.size()) {
    std::size_t n = std::min(capacity, sniffed_.size() - sniffed_position_);
    std::memcpy(buffer, sniffed_.data() + sniffed_position_, n);
    sniffed_position_ += n;
    return n;
  }
  return read_raw(buffer, capacity);
}

std::size_t InputFile::read_decompressed(char* buffer, std::size_t capacity) {
  auto& z = *zstd_;
  ZSTD_outBuffer out{buffer, capacity, 0};
  while (out.pos == 0) {
    if (z.in.pos == z.in.size) {
      z.in.size = read_raw(z.input.get(), z.input_size);
      z.in.pos = 0;
      if (z.in.size == 0) {
        if (z.frame_open) throw FatalError(name_ + ": truncated zstd stream");
        return 0;
      }
    }
    std::size_t hint = ZSTD_decompressStream(z.context, &out, &z.in);
    if (ZSTD_isError(hint)) {
      if (ZSTD_getErrorCode(hint) == ZSTD_error_frameParameter_windowTooLarge) {
        // zstd --long=28 and above: the decoder would need the whole window in memory.
        throw FatalError(name_ + ": zstd frame needs a window over " +
                         std::to_string(kMaxZstdWindowMiB) +
                         " MiB (written with zstd --long?); recompress it without --long, or "
                         "decompress it first with zstd -d --long=31");
      }
      throw FatalError(name_ + ": zstd: " + ZSTD_getErrorName(hint));
    }
    z.frame_open = hint != 0;
  }
  return out.pos;
}

// ---------------------------------------------------------------------------------------------
// OutputFile

struct OutputFile::Zstd {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  std::vector<char> output = std::vector<char>(ZSTD_CStreamOutSize());
  ~Zstd() { ZSTD_freeCCtx(context); }
};

OutputFile::OutputFile(const std::string& path) {
  buffer_.reserve(kOutputBufferInitialBytes);
  if (path == "-") {
    name_ = "<stdout>";
    fd_ = STDOUT_FILENO;
    return;
  }
  name_ = path;
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    // A device or a pipe (/dev/null, /dev/stdout, a fifo): write to it directly.
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw FatalError(system_error_text(path, errno));
    owns_fd_ = true;
  } else {
    final_path_ = path;
    temporary_path_ = path + ".tmp-XXXXXX";
    fd_ = ::mkostemp(temporary_path_.data(), O_CLOEXEC);  // created 0600
    if (fd_ < 0) throw FatalError(system_error_text(path, errno));
  }
  if (ends_with(path, ".zst")) {
    zstd_ = std::make_unique<Zstd>();
    ZSTD_CCtx_setParameter(zstd_->context, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(zstd_->context, ZSTD_c_checksumFlag, 1);
  }
}

OutputFile::~OutputFile() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  if (!final_path_.empty() && !committed_) {
    if (fd_ >= 0) ::close(fd_);
    ::unlink(temporary_path_.c_str());
  }
}

void OutputFile::write_slow(std::string_view bytes) {
  flush_buffer();
  if (bytes.size() < buffer_.capacity()) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  } else if (zstd_) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    flush_buffer();
  } else {
    write_fd(bytes.data(), bytes.size());
  }
}

void OutputFile::flush_buffer() {
  if (buffer_.empty()) return;
  if (zstd_) {
    ZSTD_inBuffer in{buffer_.data(), buffer_.size(), 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer out{zstd_->output.data(), zstd_->output.size(), 0};
      std::size_t rc = ZSTD_compressStream2(zstd_->context, &out, &in, ZSTD_e_continue);
      if (ZSTD_isError(rc)) throw FatalError(name_ + ": zstd: " + ZSTD_getErrorName(rc));
      write_fd(zstd_->output.data(), out.pos);
    }
  } else {
    write_fd(buffer_.data(), buffer_.size());
  }
  bool busy = buffer_.size() * 2 > buffer_.capacity();
  buffer_.clear();
  if (busy && buffer_.capacity() < kOutputBufferBytes) buffer_.reserve(buffer_.capacity() * 2);
}

void OutputFile::write_fd(const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FatalError(system_error_text("write error on " + name_, errno));
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void OutputFile::commit() {
  if (committed_) return;
  flush_buffer();
  if (zstd_) {
    ZSTD_inBuffer in{nullptr, 0, 0};
    std::size_t remaining;
    do {
      ZSTD_outBuffer out{zstd_->output.data(), zstd_->output.size(), 0};
      remaining = ZSTD_compressStream2(zstd_->context, &out, &in, ZSTD_e_end);
      if (ZSTD_isError(remaining)) {
        throw FatalError(name_ + ": zstd: " + ZSTD_getErrorName(remaining));
      }
      write_fd(zstd_->output.data(), out.pos);
    } while (remaining != 0);
  }
  if (final_path_.empty()) {
    // stdout or a device: write() reports a full disk or a closed pipe; nothing to rename.
    if (owns_fd_) {
      int fd = fd_;
      fd_ = -1;
      if (::close(fd) != 0) throw FatalError(system_error_text("write error on " + name_, errno));
    }
    committed_ = true;
    return;
  }
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw FatalError(system_error_text("write error on " + name_, errno));
  if (::rename(temporary_path_.c_str(), final_path_.c_str()) != 0) {
    int error = errno;
    ::unlink(temporary_path_.c_str());
    throw FatalError(system_error_text("cannot rename output into place: " + name_, error));
  }
  committed_ = true;
}

}  // namespace reunite
