// photo-hash's image decoding (JPEG via libjpeg-turbo, PNG via libspng, WebP, GIF), with the
// decompression-bomb guard at 1 million pixels and the fast JPEG modes now and then.  (The
// guard is the same code at any limit; a small one keeps each execution cheap: a GIF whose
// screen fills the limit costs the instrumented canvas fill 3 bytes a pixel.)
#include "fuzz_support.h"
#include "image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::photo;
  DecodeOptions options;
  options.max_pixels = 1'000'000;
  if (size % 3 == 1) options.jpeg_luma_only_min_pixels = 0;
  if (size % 5 == 2) options.jpeg_downscale_min_side = 32;
  std::span<const std::uint8_t> bytes(data, size);
  (void)detect_image_format(bytes);
  PhotoResult<Image> image = decode_image(bytes, options);
  if (image) {
    if (image->width <= 0 || image->height <= 0) __builtin_trap();
    if (std::uint64_t(image->width) * image->height > options.max_pixels) __builtin_trap();
    if (image->pixels.size() < image->row_bytes() * std::size_t(image->height)) __builtin_trap();
    // Touch every pixel: a decoder that claimed a size it did not fill shows up under MSan-like
    // checks of ASan's poisoning only if it went out of bounds; reading them costs little.
    unsigned sum = 0;
    for (std::uint8_t p : image->pixels) sum += p;
    (void)sum;
  } else {
    (void)image.error().message();
  }
  return 0;
}
