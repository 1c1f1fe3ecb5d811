#include "pseudonym_token.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <stdexcept>

namespace reunite::pseudonymize {

namespace {

constexpr std::array<std::string_view, 5> kKindNames = {"name", "id_number", "phone", "text",
                                                        "exact"};
constexpr std::string_view kDomain = "reunite-pseudonymize/v1/";

bool is_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// NFKC with case folding; ASCII (most IDs and phones, romanized names) only needs lower case.
std::string nfkc_casefold(std::string_view text) {
  if (is_ascii(text)) {
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || !normalizer)
    throw std::runtime_error("ICU has no NFKC_Casefold normalizer");
  icu::UnicodeString folded =
      normalizer->normalize(icu::UnicodeString::fromUTF8(
                                icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                            status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold failed");
  std::string out;
  folded.toUTF8String(out);
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  for (char c : text) {
    if (is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::optional<ValueKind> value_kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == name) return static_cast<ValueKind>(i);
  return std::nullopt;
}

std::string_view value_kind_name(ValueKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::string canonical_value(ValueKind kind, std::string_view text) {
  switch (kind) {
    case ValueKind::exact:
      return std::string(text);
    case ValueKind::name:
    case ValueKind::text:
      // NFKC turns the ideographic space and other wide spaces into U+0020.
      return collapse_spaces(nfkc_casefold(text));
    case ValueKind::id_number: {
      std::string out;
      for (char c : nfkc_casefold(text)) {
        if (is_space(c) || c == '-') continue;
        out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      }
      return out;
    }
    case ValueKind::phone: {
      std::string out;
      for (char c : nfkc_casefold(text))
        if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out.push_back(c);
      return out == "+" ? std::string() : out;
    }
  }
  return std::string(text);
}

std::string base32_lower(std::span<const std::uint8_t> bytes) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  unsigned buffer = 0;
  int bits = 0;
  for (std::uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

TokenMaker::TokenMaker(const SecretKey& key) : hmac_(key.bytes()) {
  Sha256Digest id = hmac_.digest({kDomain, "key-id"});
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    key_id_ += kHex[id[i] >> 4];
    key_id_ += kHex[id[i] & 15];
  }
}

std::string TokenMaker::token(ValueKind kind, std::string_view canonical) {
  if (canonical.empty()) return {};
  static constexpr char kSeparator = '\0';
  Sha256Digest digest =
      hmac_.digest({kDomain, value_kind_name(kind), std::string_view(&kSeparator, 1), canonical});
  if (kind != ValueKind::phone) return base32_lower(std::span(digest).first(16));
  // 80 bits as 24 decimal digits: 2^80 ≈ 1.2e24, so the reduction keeps 79.7 bits.
  unsigned __int128 number = 0;
  for (int i = 0; i < 10; ++i) number = (number << 8) | digest[i];
  std::string out(24, '0');
  for (int i = 23; i >= 0; --i) {
    out[i] = static_cast<char>('0' + static_cast<int>(number % 10));
    number /= 10;
  }
  return out;
}

}  // namespace reunite::pseudonymize
