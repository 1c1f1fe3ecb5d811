// The per-format decoders behind decode_image() (image.cpp).  Internal to reunite_pdq.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "image.h"

namespace reunite::photo::codecs {

// Each fills `image` (reusing its pixel memory) and returns an error or nothing.
DecodeStatus decode_jpeg(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                         Image& image);
DecodeStatus decode_png(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                        Image& image);
DecodeStatus decode_webp(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                         Image& image);
DecodeStatus decode_gif(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                        Image& image);

// Clears everything but the pixel memory's capacity and sets the format.
inline void start_image(Image& image, ImageFormat format) {
  image.width = image.height = image.channels = 0;
  image.stored_width = image.stored_height = 0;
  image.had_alpha = false;
  image.format = format;
  image.pixels.clear();
}

// The bomb guard every decoder applies to its header's dimensions.  Also rejects zero or
// negative sizes, which some corrupt headers claim.
inline std::optional<PhotoError> check_dimensions(std::int64_t width, std::int64_t height,
                                                  const DecodeOptions& options) {
  if (width <= 0 || height <= 0) {
    return PhotoError{PhotoErrorKind::corrupt,
                      "image claims " + std::to_string(width) + "x" + std::to_string(height)};
  }
  if (std::uint64_t(width) * std::uint64_t(height) > options.max_pixels) {
    return PhotoError{PhotoErrorKind::too_many_pixels,
                      std::to_string(width) + "x" + std::to_string(height) + " is over " +
                          std::to_string(options.max_pixels) + " pixels"};
  }
  return std::nullopt;
}

}  // namespace reunite::photo::codecs
