// Tokens: a value's canonical form under a keyed hash, so equal values give equal tokens and
// nobody without the key can tell what a token stands for or test a guess.
//
//   token = encode(HMAC-SHA256(key, "reunite-pseudonymize/v1/" KIND "\0" canonical value))
//
// The kind in the message separates the domains: a phone and a name with the same text give
// unrelated tokens.  The canonical forms make two agencies' spellings of one value one token
// (see canonical_value); reunite-normalize's forms (E.164, 18-character ID numbers, folded and
// simplified names, pinyin keys) are canonical already and stay as they are.
//
// Encodings, chosen so reunite-dedupe compares tokens as it compares the values they replace:
//   name, text, exact, id_number: 26 characters of lower-case base32 (128 bits);
//   phone: 24 decimal digits (80 bits), because dedupe reads only the digits of a phone.
// No token has a common prefix: a shared "hmac:" would raise the Jaro-Winkler similarity of
// unrelated tokens to about 0.76 and make 3 % of pairs "similar" names (measured on random
// tokens; without the prefix the maximum over 20,000 pairs was 0.68).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hmac_sha256.h"
#include "key_file.h"

namespace reunite::pseudonymize {

enum class ValueKind { name, id_number, phone, text, exact };

std::optional<ValueKind> value_kind_from_name(std::string_view name);
std::string_view value_kind_name(ValueKind kind);
inline constexpr std::string_view kValueKindNames = "name, id_number, phone, text, exact";

// The form two spellings of one value share (empty: no value, so no token):
//   name, text: NFKC with case folding, white space collapsed to one space and trimmed;
//   id_number: NFKC, without white space and '-', upper case;
//   phone: NFKC, the digits (and a leading '+');
//   exact: the text unchanged.
std::string canonical_value(ValueKind kind, std::string_view text);

class TokenMaker {
 public:
  explicit TokenMaker(const SecretKey& key);

  // The token of a value already in canonical form (an empty value gives "").
  std::string token(ValueKind kind, std::string_view canonical);
  // 8 hexadecimal digits naming the key (an HMAC of a fixed text, so they reveal nothing of
  // it): records whose key ids differ were made with different keys and will not link.
  const std::string& key_id() const { return key_id_; }

 private:
  HmacSha256 hmac_;
  std::string key_id_;
};

// RFC 4648 base32 in lower case, no padding.
std::string base32_lower(std::span<const std::uint8_t> bytes);

}  // namespace reunite::pseudonymize
