// JPEG through libjpeg-turbo's TurboJPEG API.  Default decompression settings (accurate
// integer IDCT, fancy upsampling): the reference tool decodes with libjpeg's defaults and Pillow
// with libjpeg-turbo's, so canonical PDQ needs exactly these pixels (PDQ.md, bit-exactness).
#include <turbojpeg.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "image_codecs.h"

namespace reunite::photo::codecs {

namespace {

struct TurboJpegDestroyer {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TurboJpegHandle = std::unique_ptr<void, TurboJpegDestroyer>;

// One decompressor per thread: creating it allocates libjpeg's state, which costs more than a
// small image's decode.  After a failure it is replaced: libjpeg-turbo 2.1 leaves a handle whose
// header read failed half-way in a state that misreads the next image ("Bogus DQT index").
TurboJpegHandle& thread_decompressor() {
  thread_local TurboJpegHandle handle;
  if (!handle) handle.reset(tjInitDecompress());
  return handle;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// TurboJPEG reports warnings as failures too, still delivering pixels, and keeps only the last
// message; its error code is no help (it says "warning" for a fatal error that follows one).
// So only warnings known to leave the image intact are accepted — extraneous bytes before a
// marker (common from some cameras), an odd JFIF version, sequential-JPEG SOS quirks — and
// everything else is an error: a truncated file or damaged data would hash grey filler.
std::optional<PhotoError> classify_failure(tjhandle handle) {
  std::string_view text = tjGetErrorStr2(handle);
  for (std::string_view harmless : {"extraneous bytes before marker", "Warning: unknown JFIF",
                                    "Invalid SOS parameters for sequential JPEG"}) {
    if (contains(text, harmless)) return std::nullopt;
  }
  PhotoErrorKind kind = PhotoErrorKind::corrupt;
  if (contains(text, "Premature end") || contains(text, "premature end")) {
    kind = PhotoErrorKind::truncated;
  } else if (contains(text, "Unsupported")) {  // 12-bit, lossless, odd colour transforms
    kind = PhotoErrorKind::unsupported;
  }
  return PhotoError{kind, std::string(text)};
}

// libjpeg delivers CMYK as stored; Photoshop-style (Adobe) CMYK JPEGs, nearly all of them,
// store the inks inverted, so the stored values are 255 − C and 255 − K and R = (255 − C)·
// (255 − K) / 255 becomes stored_C · stored_K / 255 (the usual CMYK → RGB without profiles).
void cmyk_to_rgb(Image& image) {
  std::size_t count = std::size_t(image.width) * std::size_t(image.height);
  std::uint8_t* p = image.pixels.data();
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* cmyk = p + 4 * i;
    unsigned k = cmyk[3];
    std::uint8_t r = std::uint8_t((cmyk[0] * k + 127) / 255);
    std::uint8_t g = std::uint8_t((cmyk[1] * k + 127) / 255);
    std::uint8_t b = std::uint8_t((cmyk[2] * k + 127) / 255);
    p[3 * i] = r;
    p[3 * i + 1] = g;
    p[3 * i + 2] = b;
  }
  image.pixels.resize(count * 3);
  image.channels = 3;
}

// The smallest scale 1/n (n = 1, 2, 4, 8) keeping the shorter side >= min_side; 1/1 when off.
tjscalingfactor scaling_factor(int width, int height, int min_side) {
  tjscalingfactor scale{1, 1};
  if (min_side <= 0) return scale;
  for (int n = 2; n <= 8; n *= 2) {
    tjscalingfactor smaller{1, n};
    if (std::min(TJSCALED(width, smaller), TJSCALED(height, smaller)) < min_side) break;
    scale = smaller;
  }
  return scale;
}

DecodeStatus decode_with(tjhandle handle, std::span<const std::uint8_t> bytes,
                         const DecodeOptions& options, Image& image) {
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(handle, bytes.data(), bytes.size(), &width, &height, &subsampling,
                          &colorspace) != 0) {
    // A harmless warning fails the call too but leaves the header read.
    auto error = classify_failure(handle);
    if (error) return *error;
  }
  if (width <= 0 || height <= 0) {
    return PhotoError{PhotoErrorKind::corrupt, "JPEG without an image"};
  }
  if (auto error = check_dimensions(width, height, options)) return *error;

  tjscalingfactor scale = scaling_factor(width, height, options.jpeg_downscale_min_side);
  start_image(image, ImageFormat::jpeg);
  image.stored_width = width;
  image.stored_height = height;
  image.width = TJSCALED(width, scale);
  image.height = TJSCALED(height, scale);
  bool cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
  bool luma_only =
      colorspace == TJCS_YCbCr && options.jpeg_luma_only_min_pixels &&
      std::uint64_t(width) * std::uint64_t(height) >= *options.jpeg_luma_only_min_pixels;
  bool grey = colorspace == TJCS_GRAY || luma_only;
  int pixel_format = cmyk ? TJPF_CMYK : grey ? TJPF_GRAY : TJPF_RGB;
  image.channels = tjPixelSize[pixel_format];
  image.pixels.resize(std::size_t(image.width) * std::size_t(image.height) * image.channels);

  if (tjDecompress2(handle, bytes.data(), bytes.size(), image.pixels.data(), image.width, 0,
                    image.height, pixel_format, TJFLAG_LIMITSCANS) != 0) {
    if (auto error = classify_failure(handle)) return *error;
  }
  if (cmyk) cmyk_to_rgb(image);
  return std::nullopt;
}

}  // namespace

DecodeStatus decode_jpeg(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                         Image& image) {
  TurboJpegHandle& owner = thread_decompressor();
  if (!owner) return PhotoError{PhotoErrorKind::corrupt, "cannot start libjpeg-turbo"};
  DecodeStatus status = decode_with(owner.get(), bytes, options, image);
  if (status) owner.reset();
  return status;
}

}  // namespace reunite::photo::codecs
