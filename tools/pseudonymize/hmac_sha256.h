// HMAC-SHA256 (RFC 2104, FIPS 198-1) from OpenSSL's EVP_MAC, keyed once and reused for every
// message: re-initialising with the same key skips the key schedule, so a token costs four
// SHA-256 blocks for a short value.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace reunite::pseudonymize {

using Sha256Digest = std::array<std::uint8_t, 32>;

class HmacSha256 {
 public:
  // Throws std::runtime_error if OpenSSL cannot provide HMAC-SHA256 (a broken installation).
  explicit HmacSha256(std::span<const std::uint8_t> key);
  ~HmacSha256();
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  // HMAC(key, parts[0] || parts[1] || ...): the parts are fed in order, with nothing between.
  Sha256Digest digest(std::initializer_list<std::string_view> parts);
  Sha256Digest digest(std::string_view message) { return digest({message}); }

 private:
  struct Handles;
  std::unique_ptr<Handles> handles_;
};

}  // namespace reunite::pseudonymize
