// The steps of the PDQ pipeline (PDQ.md steps 2–10), internal to reunite_pdq and exposed here
// so unit tests can check them one at a time.  All arithmetic is 32-bit float unless PDQ.md
// names double; the order of float operations follows the reference, because it decides bits.
#pragma once

#include <array>
#include <functional>
#include <span>
#include <vector>

#include "image.h"
#include "pdq256.h"

namespace reunite::photo::pdq_steps {

inline constexpr int kMinHashableSide = 5;  // step 4
inline constexpr int kCliMaxSide = 512;     // step 2

// A plane of luma, delivered a row at a time: `read(y, out)` fills out[0..cols) with row y.
// The filter asks for each row once, in order, so the plane never needs to exist in memory.
struct LumaRows {
  int rows = 0;
  int cols = 0;
  std::function<void(int y, float* out)> read;
};

// Steps 2–3: the luma of `image` (which must outlive the result), squashed to 512×512 first when
// `squash` is set and a side is over 512.
LumaRows luma_rows(const Image& image, bool squash);

// Steps 5–6: the Jarosz filter (box filter, two passes of rows then columns) and decimation to
// 64×64.  A 64×64 plane is copied as is.
void filter_and_decimate(const LumaRows& luma, std::array<float, 64 * 64>& out);

// Step 7: the image-domain quality metric, 0..100.
int quality_metric(const std::array<float, 64 * 64>& block);

// Step 8: B = D·A·Dᵀ, the 16×16 low-frequency (non-DC) DCT coefficients.
void dct_64_to_16(const std::array<float, 64 * 64>& block, std::array<float, 16 * 16>& out);

// Step 9: Torben's median (bisection on counts; no sorting, input untouched).
float torben_median(std::span<const float> values);

// Steps 9–10: bit k = i·16 + j set when B[i][j] is above the median of B.
Pdq256 bits_above_median(const std::array<float, 16 * 16>& coefficients);

// The coefficients of the image transformed by `d`, from the original's (PDQ.md "Dihedral").
void dihedral_coefficients(const std::array<float, 16 * 16>& original, Dihedral d,
                           std::array<float, 16 * 16>& out);

}  // namespace reunite::photo::pdq_steps
