// PDQ perceptual hashes of decoded images, bit-identical to Meta's reference (PDQ.md).
//
//   PdqHasher hasher;                       // one per thread; reuses its buffers
//   PdqResult r = hasher.hash(image);       // canonical PDQ (mode exact)
//   r.hash.to_hex(), r.quality
//
// Modes:
// - exact: canonical PDQ, the reference library on the full-resolution pixels — what Meta's
//   Python library, its Java port and HMA produce, so it matches shared hash lists.
// - cli: what the reference C++ command-line tool prints: images with a side over 512 are first
//   squashed to exactly 512×512 by nearest neighbour (PDQ.md step 2).
// - fast: exact hashing of a cheaper decode (see decode_options_for); not canonical.
//   On the pixels given, fast hashes like exact.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "image.h"
#include "pdq256.h"

namespace reunite::photo {

namespace pdq_steps {
struct LumaRows;
}

enum class PdqMode { exact, cli, fast };
std::string_view mode_name(PdqMode mode);                      // "exact", "cli", "fast"
std::optional<PdqMode> parse_pdq_mode(std::string_view name);  // nullopt if unknown

// Decode settings a mode hashes: the caller's options for exact and cli; for fast, a grey-only
// decode (for JPEG, only the Y component is decoded) — see pdq.cpp for the measured trade-off.
DecodeOptions decode_options_for(PdqMode mode, DecodeOptions base = {});

// The hashing pipeline (luma → Jarosz filter → 64×64 → DCT 16×16 → bits).  Cheap to create;
// its working memory is per thread (a few rows of the image), so hashing needs no memory
// proportional to the image beyond the decoded pixels.  Not thread-safe: one per thread.
class PdqHasher {
 public:
  PdqResult hash(const Image& image, PdqMode mode = PdqMode::exact);
  // The eight dihedral hashes from one DCT (PDQ.md "Dihedral hashes").
  PdqDihedralResult hash_dihedral(const Image& image, PdqMode mode = PdqMode::exact);

  // The same from a luma plane (rows × cols floats, row-major), e.g. from another decoder.
  PdqResult hash_luma(std::span<const float> luma, int rows, int cols);
  PdqDihedralResult hash_luma_dihedral(std::span<const float> luma, int rows, int cols);

 private:
  PdqResult hash_rows(const pdq_steps::LumaRows& luma);
  PdqDihedralResult dihedral_rows(const pdq_steps::LumaRows& luma);
  bool coefficients(const pdq_steps::LumaRows& luma, int& quality);

  std::array<float, 64 * 64> block64_{};
  std::array<float, 16 * 16> coefficients_{};
};

// One-shot conveniences (allocate a hasher each call).
PdqResult pdq_hash(const Image& image, PdqMode mode = PdqMode::exact);
PdqDihedralResult pdq_hash_dihedral(const Image& image, PdqMode mode = PdqMode::exact);

}  // namespace reunite::photo
