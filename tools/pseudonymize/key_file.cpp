#include "key_file.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <reunite/error.h>
#include <reunite/text.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

namespace reunite::pseudonymize {

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    wipe();
    bytes_ = std::move(other.bytes_);
  }
  return *this;
}

SecretKey::~SecretKey() {
  wipe();
}

void SecretKey::wipe() {
  if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
  bytes_.clear();
}

namespace {

// Closes a file descriptor on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Text that holds key material: wiped when released, like the key.
class SecretText {
 public:
  ~SecretText() {
    if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  }
  std::string text;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 32 or more hexadecimal digits and nothing else: a key, not a file name.
bool looks_like_key(const std::string& text) {
  if (text.size() < 32) return false;
  for (char c : text)
    if (hex_value(c) < 0) return false;
  return true;
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

SecretKey parse_key_text(const std::string& text, const std::string& path) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  int high = -1;
  bool line_start = true, in_comment = false;
  // A byte-order mark is what a Windows editor leaves at the start of a text file.
  for (char c : strip_utf8_bom(text)) {
    if (c == '\n') {
      line_start = true;
      in_comment = false;
      continue;
    }
    if (in_comment) continue;
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == '#' && line_start) {
      in_comment = true;
      continue;
    }
    line_start = false;
    int value = hex_value(c);
    if (value < 0) {
      OPENSSL_cleanse(bytes.data(), bytes.size());
      throw UsageError("key file " + path +
                       ": not a key (hexadecimal digits expected; make one with --generate-key)");
    }
    if (high < 0) {
      high = value;
    } else {
      bytes.push_back(static_cast<std::uint8_t>(high * 16 + value));
      high = -1;
    }
  }
  SecretKey key(std::move(bytes));
  if (high >= 0) throw UsageError("key file " + path + ": an odd number of hexadecimal digits");
  if (key.bytes().size() < kMinKeyBytes) {
    throw UsageError("key file " + path + ": the key has " + std::to_string(key.bytes().size()) +
                     " bytes, at least " + std::to_string(kMinKeyBytes) + " are needed (" +
                     std::to_string(2 * kMinKeyBytes) + " hexadecimal digits)");
  }
  return key;
}

LoadedKey load_key_file(const std::string& path, KeyFileOptions options) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0 && errno == ENOENT && looks_like_key(path)) {
    // Not echoed: it is a secret now visible in ps and the shell history.
    throw UsageError(
        "--key-file takes the name of a file, and this looks like a key: ps and the "
        "shell history have shown it, so make a new one with --generate-key");
  }
  if (fd.get() < 0) throw UsageError(system_error_text("key file " + path, errno));
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0)
    throw UsageError(system_error_text("key file " + path, errno));
  // A pipe lets a secret store hand the key over without it touching the disk:
  // --key-file <(vault-read agency-key).
  if (!S_ISREG(status.st_mode) && !S_ISFIFO(status.st_mode))
    throw UsageError("key file " + path + ": not a regular file or pipe");
  LoadedKey loaded;
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    std::string problem = "key file " + path + " is accessible by group or others (mode " +
                          octal_mode(status.st_mode) + ")";
    if (!options.allow_readable) {
      throw UsageError(problem + ": run chmod 600 " + path +
                       " (or accept the risk with --allow-readable-key)");
    }
    loaded.warning = problem;
  }
  SecretText content;
  char buffer[4096];
  for (;;) {
    ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw UsageError(system_error_text("key file " + path, errno));
    if (got == 0) break;
    if (content.text.size() + static_cast<std::size_t>(got) > kMaxKeyFileBytes)
      throw UsageError("key file " + path + ": too large for a key file");
    content.text.append(buffer, static_cast<std::size_t>(got));
  }
  OPENSSL_cleanse(buffer, sizeof buffer);
  loaded.key = parse_key_text(content.text, path);
  return loaded;
}

void generate_key_file(const std::string& path) {
  if (path == "-")
    throw UsageError(
        "--generate-key writes a file (mode 600), never standard output, where a key "
        "would end up in a terminal's scrollback or a log");
  std::vector<std::uint8_t> random(kMinKeyBytes);
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    throw FatalError("--generate-key: OpenSSL could not gather random bytes");
  SecretKey key(std::move(random));
  SecretText text;
  text.text =
      "# reunite-pseudonymize key: secret; give it only to the agencies whose records must link\n";
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::uint8_t byte : key.bytes()) {
    text.text += kHex[byte >> 4];
    text.text += kHex[byte & 15];
  }
  text.text += '\n';

  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600));
  if (fd.get() < 0) {
    if (errno == EEXIST)
      throw FatalError("--generate-key " + path + ": the file exists; a key is never overwritten");
    throw FatalError(system_error_text("--generate-key " + path, errno));
  }
  // The umask can only take permissions away, but make the mode exact whatever it is.
  bool ok = ::fchmod(fd.get(), 0600) == 0;
  std::size_t written = 0;
  while (ok && written < text.text.size()) {
    ssize_t put = ::write(fd.get(), text.text.data() + written, text.text.size() - written);
    if (put < 0 && errno == EINTR) continue;
    ok = put > 0;
    if (ok) written += static_cast<std::size_t>(put);
  }
  ok = ok && ::fsync(fd.get()) == 0;
  int error = errno;
  ok = ::close(fd.release()) == 0 && ok;
  if (!ok) {
    ::unlink(path.c_str());
    throw FatalError(system_error_text("--generate-key " + path, error ? error : errno));
  }
}

}  // namespace reunite::pseudonymize
