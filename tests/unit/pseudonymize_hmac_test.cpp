// HMAC-SHA256 against the test vectors of RFC 4231, and the token encodings built on it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "hmac_sha256.h"
#include "pseudonym_token.h"

using namespace reunite::pseudonymize;

namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

std::vector<std::uint8_t> repeated(std::uint8_t byte, std::size_t count) {
  return std::vector<std::uint8_t>(count, byte);
}

std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

std::string text_of(const std::vector<std::uint8_t>& bytes) {
  return {bytes.begin(), bytes.end()};
}

struct Vector {
  const char* name;
  std::vector<std::uint8_t> key;
  std::string data;
  const char* mac;  // hex; case 5 is truncated to 128 bits
};

std::vector<Vector> rfc4231_vectors() {
  std::vector<std::uint8_t> key4;
  for (int i = 1; i <= 25; ++i) key4.push_back(static_cast<std::uint8_t>(i));
  return {
      {"case 1", repeated(0x0b, 20), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"case 2", bytes_of("Jefe"), "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"case 3", repeated(0xaa, 20), text_of(repeated(0xdd, 50)),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"case 4", key4, text_of(repeated(0xcd, 50)),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {"case 5", repeated(0x0c, 20), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b"},
      {"case 6", repeated(0xaa, 131), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"case 7", repeated(0xaa, 131),
       "This is a test using a larger than block-size key and a larger than block-size data. The "
       "key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

}  // namespace

TEST_CASE("HMAC-SHA256 gives the RFC 4231 test vectors") {
  for (const Vector& vector : rfc4231_vectors()) {
    CAPTURE(vector.name);
    HmacSha256 hmac(vector.key);
    std::string expected = vector.mac;
    // Twice with one keyed object: re-initialising must reuse the key, not lose it.
    for (int round = 0; round < 2; ++round) {
      Sha256Digest digest = hmac.digest(vector.data);
      CHECK(hex(digest).substr(0, expected.size()) == expected);
    }
  }
}

TEST_CASE("HMAC-SHA256 over parts is HMAC over their concatenation") {
  HmacSha256 hmac(bytes_of("Jefe"));
  CHECK(hex(hmac.digest({"what do ya ", "", "want for nothing?"})) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("base32 is RFC 4648's alphabet, lower case, unpadded") {
  // RFC 4648 section 10: BASE32("foobar") = "MZXW6YTBOI======".
  CHECK(base32_lower(bytes_of("foobar")) == "mzxw6ytboi");
  CHECK(base32_lower(bytes_of("f")) == "my");
  CHECK(base32_lower(bytes_of("")) == "");
}
