#include "hmac_sha256.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdexcept>
#include <string>

namespace reunite::pseudonymize {

struct HmacSha256::Handles {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* context = nullptr;
  ~Handles() {
    EVP_MAC_CTX_free(context);
    EVP_MAC_free(mac);
  }
};

namespace {

OSSL_PARAM* sha256_params(OSSL_PARAM (&params)[2]) {
  static char digest_name[] = "SHA256";
  params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0);
  params[1] = OSSL_PARAM_construct_end();
  return params;
}

}  // namespace

HmacSha256::HmacSha256(std::span<const std::uint8_t> key) : handles_(std::make_unique<Handles>()) {
  handles_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (handles_->mac) handles_->context = EVP_MAC_CTX_new(handles_->mac);
  OSSL_PARAM params[2];
  // An empty key is valid HMAC (RFC 4231 has none, but the definition allows it); OpenSSL wants
  // a non-null pointer for it.
  static const std::uint8_t kNoKey = 0;
  if (!handles_->context || EVP_MAC_init(handles_->context, key.empty() ? &kNoKey : key.data(),
                                         key.size(), sha256_params(params)) != 1) {
    throw std::runtime_error("OpenSSL cannot compute HMAC-SHA256");
  }
}

HmacSha256::~HmacSha256() = default;

Sha256Digest HmacSha256::digest(std::initializer_list<std::string_view> parts) {
  Sha256Digest out{};
  std::size_t length = 0;
  // A null key re-initialises with the key already set (OpenSSL 3 EVP_MAC_init).
  bool ok = EVP_MAC_init(handles_->context, nullptr, 0, nullptr) == 1;
  for (std::string_view part : parts) {
    ok =
        ok && EVP_MAC_update(handles_->context, reinterpret_cast<const unsigned char*>(part.data()),
                             part.size()) == 1;
  }
  ok = ok && EVP_MAC_final(handles_->context, out.data(), &length, out.size()) == 1;
  if (!ok || length != out.size()) throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  return out;
}

}  // namespace reunite::pseudonymize
