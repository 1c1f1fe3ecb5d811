// WebP (lossy and lossless, still images) through libwebp; alpha is dropped.
#include <webp/decode.h>

#include "image_codecs.h"

namespace reunite::photo::codecs {

namespace {

PhotoError webp_failure(VP8StatusCode status) {
  switch (status) {
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return PhotoError{PhotoErrorKind::truncated, "WebP data ends early"};
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return PhotoError{PhotoErrorKind::unsupported, "WebP feature not supported"};
    case VP8_STATUS_OUT_OF_MEMORY:
      return PhotoError{PhotoErrorKind::too_many_pixels, "out of memory decoding WebP"};
    default:
      return PhotoError{PhotoErrorKind::corrupt, "invalid WebP bitstream"};
  }
}

}  // namespace

DecodeStatus decode_webp(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                         Image& image) {
  WebPBitstreamFeatures features{};
  VP8StatusCode status = WebPGetFeatures(bytes.data(), bytes.size(), &features);
  if (status != VP8_STATUS_OK) return webp_failure(status);
  if (features.has_animation) {
    return PhotoError{PhotoErrorKind::unsupported, "animated WebP"};
  }
  if (auto error = check_dimensions(features.width, features.height, options)) return *error;

  start_image(image, ImageFormat::webp);
  image.width = features.width;
  image.height = features.height;
  image.stored_width = image.width;
  image.stored_height = image.height;
  image.channels = 3;
  image.had_alpha = features.has_alpha != 0;
  image.pixels.resize(image.row_bytes() * std::size_t(image.height));
  // The advanced API, because it says why a decode failed (a truncated file is the usual why).
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) return webp_failure(VP8_STATUS_INVALID_PARAM);
  config.output.colorspace = MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = image.pixels.data();
  config.output.u.RGBA.stride = int(image.row_bytes());
  config.output.u.RGBA.size = image.pixels.size();
  status = WebPDecode(bytes.data(), bytes.size(), &config);
  WebPFreeDecBuffer(&config.output);  // frees nothing of ours (external memory); required
  if (status != VP8_STATUS_OK) return webp_failure(status);
  return std::nullopt;
}

}  // namespace reunite::photo::codecs
