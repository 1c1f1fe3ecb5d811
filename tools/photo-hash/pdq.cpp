#include "pdq.h"

#include <algorithm>

#include "pdq_steps.h"

namespace reunite::photo {

std::string_view mode_name(PdqMode mode) {
  switch (mode) {
    case PdqMode::exact:
      return "exact";
    case PdqMode::cli:
      return "cli";
    case PdqMode::fast:
      return "fast";
  }
  return "exact";
}

std::optional<PdqMode> parse_pdq_mode(std::string_view name) {
  for (PdqMode mode : {PdqMode::exact, PdqMode::cli, PdqMode::fast}) {
    if (name == mode_name(mode)) return mode;
  }
  return std::nullopt;
}

// Fast mode decodes only the luma of JPEGs of at least 512×512 pixels.  Measured here on the
// 1600×1004 baseline test photos: decode ~21% and decode + hash ~23% faster than exact; over
// all test images hashes stay within 2 bits of exact, nearly all at 0 (pdq_hash_test reports
// it).  Progressive JPEGs gain little (entropy decoding of every component dominates).  Smaller
// JPEGs decode in well under a millisecond anyway and their hashes move more (8 bits on a 256×256
// photo), so they are decoded exactly.  libjpeg-turbo's DCT scaling is not used: PDQ.md measured it
// at only ~1.65× faster decoding for ~3 bits (1/2) to ~20 bits (1/8) of drift.
constexpr std::uint64_t kFastLumaOnlyMinPixels = 512 * 512;

DecodeOptions decode_options_for(PdqMode mode, DecodeOptions base) {
  if (mode == PdqMode::fast) base.jpeg_luma_only_min_pixels = kFastLumaOnlyMinPixels;
  return base;
}

namespace {

using pdq_steps::LumaRows;

LumaRows plane_rows(std::span<const float> luma, int rows, int cols) {
  return LumaRows{rows, cols, [luma, cols](int y, float* out) {
                    std::copy_n(luma.data() + std::size_t(y) * cols, cols, out);
                  }};
}

LumaRows image_rows(const Image& image, PdqMode mode) {
  return pdq_steps::luma_rows(image, mode == PdqMode::cli);
}

}  // namespace

// Fills coefficients_ and the quality; false when the image is too small to hash.
bool PdqHasher::coefficients(const LumaRows& luma, int& quality) {
  quality = 0;
  if (luma.rows < pdq_steps::kMinHashableSide || luma.cols < pdq_steps::kMinHashableSide) {
    return false;  // PDQ.md step 4: all-zero hash, quality 0
  }
  pdq_steps::filter_and_decimate(luma, block64_);
  quality = pdq_steps::quality_metric(block64_);
  pdq_steps::dct_64_to_16(block64_, coefficients_);
  return true;
}

PdqResult PdqHasher::hash_rows(const LumaRows& luma) {
  PdqResult result;
  if (coefficients(luma, result.quality)) {
    result.hash = pdq_steps::bits_above_median(coefficients_);
  }
  return result;
}

PdqDihedralResult PdqHasher::dihedral_rows(const LumaRows& luma) {
  PdqDihedralResult result;
  if (!coefficients(luma, result.quality)) return result;
  std::array<float, 16 * 16> transformed;
  for (int d = 0; d < kDihedralCount; ++d) {
    pdq_steps::dihedral_coefficients(coefficients_, static_cast<Dihedral>(d), transformed);
    result.hashes[d] = pdq_steps::bits_above_median(transformed);
  }
  return result;
}

PdqResult PdqHasher::hash(const Image& image, PdqMode mode) {
  return hash_rows(image_rows(image, mode));
}

PdqDihedralResult PdqHasher::hash_dihedral(const Image& image, PdqMode mode) {
  return dihedral_rows(image_rows(image, mode));
}

PdqResult PdqHasher::hash_luma(std::span<const float> luma, int rows, int cols) {
  return hash_rows(plane_rows(luma, rows, cols));
}

PdqDihedralResult PdqHasher::hash_luma_dihedral(std::span<const float> luma, int rows, int cols) {
  return dihedral_rows(plane_rows(luma, rows, cols));
}

PdqResult pdq_hash(const Image& image, PdqMode mode) {
  return PdqHasher().hash(image, mode);
}

PdqDihedralResult pdq_hash_dihedral(const Image& image, PdqMode mode) {
  return PdqHasher().hash_dihedral(image, mode);
}

}  // namespace reunite::photo
