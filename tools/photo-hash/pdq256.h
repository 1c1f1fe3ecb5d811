// Pdq256: a 256-bit PDQ hash as a value — bits, hex text, Hamming distance.
//
// Bit k is the DCT coefficient B[k / 16][k % 16] (PDQ.md step 10).  The hex form is the
// reference tool's: sixteen 16-bit words, word 15 first, bit 16w in the least significant place
// of word w (PDQ.md step 11).  In memory the hash is four 64-bit limbs, limb L holding bits
// 64L..64L+63, so the Hamming distance is four popcounts.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reunite::photo {

class Pdq256 {
 public:
  static constexpr int kBits = 256;
  static constexpr int kHexDigits = 64;

  constexpr Pdq256() = default;

  // Parses exactly 64 hex digits (either case); nullopt for anything else.
  static std::optional<Pdq256> from_hex(std::string_view hex);
  // 64 lowercase hex digits.
  std::string to_hex() const;
  // Writes the 64 digits to `out` (no terminator), for callers that build lines themselves.
  void write_hex(char* out) const;

  constexpr bool bit(int k) const { return (limbs_[k >> 6] >> (k & 63)) & 1U; }
  constexpr void set_bit(int k) { limbs_[k >> 6] |= std::uint64_t{1} << (k & 63); }
  constexpr int popcount() const {
    int n = 0;
    for (std::uint64_t limb : limbs_) n += std::popcount(limb);
    return n;
  }
  constexpr bool is_zero() const { return (limbs_[0] | limbs_[1] | limbs_[2] | limbs_[3]) == 0; }
  constexpr const std::array<std::uint64_t, 4>& limbs() const { return limbs_; }

  friend constexpr bool operator==(const Pdq256&, const Pdq256&) = default;

 private:
  std::array<std::uint64_t, 4> limbs_{};
};

// Number of differing bits, 0..256.  Matching threshold in practice: <= 31 (PDQ.md).
constexpr int hamming_distance(const Pdq256& a, const Pdq256& b) {
  int n = 0;
  for (int i = 0; i < 4; ++i) n += std::popcount(a.limbs()[i] ^ b.limbs()[i]);
  return n;
}

// A hash with the image-domain quality metric (0..100) it was computed with; below 50 the hash
// is unreliable (PDQ.md).
struct PdqResult {
  Pdq256 hash;
  int quality = 0;
  friend bool operator==(const PdqResult&, const PdqResult&) = default;
};

// The eight dihedral hashes of one image, in the order PDQ.md and the reference list them.
enum class Dihedral {
  original,
  rotate90,
  rotate180,
  rotate270,
  flipx,
  flipy,
  flip_plus1,
  flip_minus1,
};
inline constexpr int kDihedralCount = 8;
// "original", "rotate90", ... as in expected-dihedral.tsv.
std::string_view dihedral_name(Dihedral d);

struct PdqDihedralResult {
  std::array<Pdq256, kDihedralCount> hashes;  // indexed by Dihedral
  int quality = 0;
  const Pdq256& operator[](Dihedral d) const { return hashes[static_cast<int>(d)]; }
};

}  // namespace reunite::photo
