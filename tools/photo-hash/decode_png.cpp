// PNG through libspng.  Greys stay one channel (PDQ uses a grey value directly, PDQ.md step 3);
// palettes expand to RGB; 16-bit samples keep the high byte; gamma and transparency are not
// applied (the reference hashes the stored colour samples and ignores alpha).
#include <spng.h>

#include <memory>

#include "image_codecs.h"

namespace reunite::photo::codecs {

namespace {

struct SpngFree {
  void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};
using SpngContext = std::unique_ptr<spng_ctx, SpngFree>;

// Ancillary chunks (text, ICC, EXIF) are never used; capping them stops a file from making
// us buffer megabytes of metadata.
constexpr std::size_t kChunkLimit = 16u << 20;
constexpr std::size_t kChunkCacheLimit = 64u << 20;

PhotoError spng_failure(int code) {
  bool cut_short = code == SPNG_EOF || code == SPNG_EIDAT_TOO_SHORT;
  return PhotoError{cut_short ? PhotoErrorKind::truncated : PhotoErrorKind::corrupt,
                    spng_strerror(code)};
}

// Keeps the first of every three bytes: libspng's RGB8 output of a grey image repeats the grey.
void keep_first_channel(Image& image) {
  std::size_t count = std::size_t(image.width) * std::size_t(image.height);
  for (std::size_t i = 0; i < count; ++i) image.pixels[i] = image.pixels[3 * i];
  image.pixels.resize(count);
  image.channels = 1;
}

}  // namespace

DecodeStatus decode_png(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                        Image& image) {
  SpngContext ctx(spng_ctx_new(0));
  if (!ctx) return PhotoError{PhotoErrorKind::corrupt, "cannot start libspng"};
  spng_set_chunk_limits(ctx.get(), kChunkLimit, kChunkCacheLimit);
  int code = spng_set_png_buffer(ctx.get(), bytes.data(), bytes.size());
  spng_ihdr ihdr{};
  if (code == SPNG_OK) code = spng_get_ihdr(ctx.get(), &ihdr);
  if (code != SPNG_OK) return spng_failure(code);
  if (auto error = check_dimensions(ihdr.width, ihdr.height, options)) return *error;

  bool grey = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE ||
              ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA;
  // libspng's G8 output covers only greys of up to 8 bits without alpha.
  bool direct_grey = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE && ihdr.bit_depth <= 8;
  int format = direct_grey ? SPNG_FMT_G8 : SPNG_FMT_RGB8;

  start_image(image, ImageFormat::png);
  image.width = int(ihdr.width);
  image.height = int(ihdr.height);
  image.stored_width = image.width;
  image.stored_height = image.height;
  image.channels = direct_grey ? 1 : 3;
  spng_trns trns{};
  image.had_alpha = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA ||
                    ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA ||
                    spng_get_trns(ctx.get(), &trns) == SPNG_OK;

  std::size_t size = 0;
  code = spng_decoded_image_size(ctx.get(), format, &size);
  if (code != SPNG_OK) return spng_failure(code);
  image.pixels.resize(size);
  code = spng_decode_image(ctx.get(), image.pixels.data(), size, format, 0);
  if (code != SPNG_OK) return spng_failure(code);

  if (grey && !direct_grey) keep_first_channel(image);
  return std::nullopt;
}

}  // namespace reunite::photo::codecs
