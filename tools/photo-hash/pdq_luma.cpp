// PDQ steps 2–3: the command-line flavour's squash to 512×512, and luma.
#include <cstdint>
#include <memory>

#include "pdq_steps.h"
#include "pdq_strip.h"

namespace reunite::photo::pdq_steps {

namespace {

// Y = 0.299f·R + 0.587f·G + 0.114f·B: each product in float, summed left to right (step 3).
inline float luma_of(const std::uint8_t* rgb) {
  return 0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2];
}

REUNITE_PDQ_MULTIVERSION
void read_row(const Image& image, int y, float* out) {
  const std::uint8_t* pixels = image.row(y);
  if (image.channels == 1) {
    for (int x = 0; x < image.width; ++x) out[x] = pixels[x];  // grey is used directly
  } else {
    for (int x = 0; x < image.width; ++x) out[x] = luma_of(pixels + 3 * std::size_t(x));
  }
}

// Nearest neighbour to exactly 512×512 (step 2): destination x reads source ⌊x·W/512⌋.  The
// reference computes this in double; the product is exact there and in 64-bit integers alike.
void read_squashed_row(const Image& image, const std::vector<int>& source_x, int y, float* out) {
  const int source_y = int(std::int64_t(y) * image.height / kCliMaxSide);
  const std::uint8_t* pixels = image.row(source_y);
  for (int x = 0; x < kCliMaxSide; ++x) {
    const std::uint8_t* p = pixels + std::size_t(source_x[x]) * std::size_t(image.channels);
    out[x] = image.channels == 1 ? float(p[0]) : luma_of(p);
  }
}

}  // namespace

LumaRows luma_rows(const Image& image, bool squash) {
  if (!squash || (image.width <= kCliMaxSide && image.height <= kCliMaxSide)) {
    return LumaRows{image.height, image.width,
                    [&image](int y, float* out) { read_row(image, y, out); }};
  }
  auto source_x = std::make_shared<std::vector<int>>(kCliMaxSide);
  for (int x = 0; x < kCliMaxSide; ++x) {
    (*source_x)[x] = int(std::int64_t(x) * image.width / kCliMaxSide);
  }
  return LumaRows{kCliMaxSide, kCliMaxSide, [&image, source_x](int y, float* out) {
                    read_squashed_row(image, *source_x, y, out);
                  }};
}

}  // namespace reunite::photo::pdq_steps
