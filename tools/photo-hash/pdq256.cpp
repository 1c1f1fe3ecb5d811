#include "pdq256.h"

namespace reunite::photo {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// Digit d of the text (0 = leftmost) holds bits 4·(63 − d) .. 4·(63 − d) + 3: the text is the
// 256-bit number written most significant digit first, which is exactly the reference's
// "word 15 first, 4 digits per 16-bit word".
std::optional<Pdq256> Pdq256::from_hex(std::string_view hex) {
  if (hex.size() != kHexDigits) return std::nullopt;
  Pdq256 hash;
  for (int d = 0; d < kHexDigits; ++d) {
    int nibble = hex_value(hex[d]);
    if (nibble < 0) return std::nullopt;
    int low_bit = 4 * (kHexDigits - 1 - d);
    hash.limbs_[low_bit >> 6] |= std::uint64_t(nibble) << (low_bit & 63);
  }
  return hash;
}

void Pdq256::write_hex(char* out) const {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int d = 0; d < kHexDigits; ++d) {
    int low_bit = 4 * (kHexDigits - 1 - d);
    out[d] = kDigits[(limbs_[low_bit >> 6] >> (low_bit & 63)) & 0xF];
  }
}

std::string Pdq256::to_hex() const {
  std::string text(kHexDigits, '0');
  write_hex(text.data());
  return text;
}

std::string_view dihedral_name(Dihedral d) {
  switch (d) {
    case Dihedral::original:
      return "original";
    case Dihedral::rotate90:
      return "rotate90";
    case Dihedral::rotate180:
      return "rotate180";
    case Dihedral::rotate270:
      return "rotate270";
    case Dihedral::flipx:
      return "flipx";
    case Dihedral::flipy:
      return "flipy";
    case Dihedral::flip_plus1:
      return "flip_plus1";
    case Dihedral::flip_minus1:
      return "flip_minus1";
  }
  return "unknown";
}

}  // namespace reunite::photo
