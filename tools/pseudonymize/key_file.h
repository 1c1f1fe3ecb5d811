// The secret key of a pseudonymisation, kept in a file: never on the command line or in the
// environment, where `ps`, shell history and /proc/PID/environ would show it.
//
// The file holds the key as hexadecimal text (whitespace ignored, lines starting with '#' are
// comments), at least kMinKeyBytes bytes: text survives copying between agencies (and printing
// on paper) where a binary key gains or loses a trailing newline unnoticed, and a different key
// gives tokens that silently never link.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace reunite::pseudonymize {

constexpr std::size_t kMinKeyBytes = 32;  // 256 bits: as strong as HMAC-SHA256 itself
constexpr std::size_t kMaxKeyFileBytes = 65536;

// Key bytes, wiped from memory when released.
class SecretKey {
 public:
  SecretKey() = default;
  explicit SecretKey(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}
  SecretKey(SecretKey&& other) noexcept = default;
  SecretKey& operator=(SecretKey&& other) noexcept;
  ~SecretKey();
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  void wipe();
  std::vector<std::uint8_t> bytes_;
};

struct KeyFileOptions {
  // Accept a file that group or others may read or write (a warning is returned instead).
  bool allow_readable = false;
};

struct LoadedKey {
  SecretKey key;
  std::string warning;  // non-empty: tell the user (e.g. the file is readable by others)
};

// Reads and checks the key file; throws UsageError naming the file and the problem (never any
// of its content): missing, not a regular file or pipe, readable or writable by group or others
// (unless allowed), not hexadecimal, or shorter than kMinKeyBytes.
LoadedKey load_key_file(const std::string& path, KeyFileOptions options);

// The key as read from file text (exposed for tests); throws UsageError mentioning `path`.
SecretKey parse_key_text(const std::string& text, const std::string& path);

// Writes a new random key (kMinKeyBytes from OpenSSL's CSPRNG) to `path`, created with mode
// 0600; an existing file is never overwritten.  Throws FatalError on failure.
void generate_key_file(const std::string& path);

}  // namespace reunite::pseudonymize
