#include "thumbnail.h"

#include <image.h>
#include <turbojpeg.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace reunite::report {

namespace {

struct TurboJpegHandle {
  tjhandle handle = tjInitCompress();
  ~TurboJpegHandle() {
    if (handle) tjDestroy(handle);
  }
};

// Area-average downscale (each output pixel is the mean of the input pixels it covers), which
// keeps a thumbnail free of the aliasing that nearest-neighbour sampling gives.
std::vector<unsigned char> shrink(const photo::Image& image, int width, int height) {
  const int channels = image.channels;
  std::vector<unsigned char> out(static_cast<std::size_t>(width) * height * channels);
  std::vector<double> sums(static_cast<std::size_t>(width) * channels);
  for (int y = 0; y < height; ++y) {
    int y0 = static_cast<int>(static_cast<long long>(y) * image.height / height);
    int y1 =
        std::max(y0 + 1, static_cast<int>(static_cast<long long>(y + 1) * image.height / height));
    std::fill(sums.begin(), sums.end(), 0.0);
    std::vector<int> counts(static_cast<std::size_t>(width), 0);
    for (int x = 0; x < width; ++x) {
      int x0 = static_cast<int>(static_cast<long long>(x) * image.width / width);
      int x1 =
          std::max(x0 + 1, static_cast<int>(static_cast<long long>(x + 1) * image.width / width));
      for (int sy = y0; sy < y1; ++sy) {
        const unsigned char* row = image.row(sy);
        for (int sx = x0; sx < x1; ++sx)
          for (int c = 0; c < channels; ++c)
            sums[static_cast<std::size_t>(x) * channels + c] += row[sx * channels + c];
      }
      counts[static_cast<std::size_t>(x)] = (x1 - x0) * (y1 - y0);
    }
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c)
        out[(static_cast<std::size_t>(y) * width + x) * channels + c] = static_cast<unsigned char>(
            sums[static_cast<std::size_t>(x) * channels + c] / counts[static_cast<std::size_t>(x)] +
            0.5);
  }
  return out;
}

}  // namespace

std::string base64_encode(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  for (std::size_t i = 0; i < size; i += 3) {
    unsigned v = static_cast<unsigned>(data[i]) << 16;
    if (i + 1 < size) v |= static_cast<unsigned>(data[i + 1]) << 8;
    if (i + 2 < size) v |= data[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < size ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < size ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::variant<std::string, ThumbnailError> make_thumbnail(const std::string& path, int size) {
  photo::DecodeOptions options;
  options.max_pixels = 50'000'000;
  options.jpeg_downscale_min_side = size;  // DCT scaling: decode big JPEGs at 1/2..1/8 size
  auto decoded = photo::decode_image_file(path, options);
  if (!decoded) return ThumbnailError{decoded.error().message()};
  const photo::Image& image = *decoded;
  if (image.width <= 0 || image.height <= 0 || (image.channels != 1 && image.channels != 3))
    return ThumbnailError{"unsupported pixel layout"};
  double scale = std::min(1.0, static_cast<double>(size) / std::max(image.width, image.height));
  int width = std::max(1, static_cast<int>(image.width * scale + 0.5));
  int height = std::max(1, static_cast<int>(image.height * scale + 0.5));
  std::vector<unsigned char> pixels = shrink(image, width, height);

  TurboJpegHandle jpeg;
  if (!jpeg.handle) return ThumbnailError{"libjpeg-turbo could not start"};
  unsigned char* encoded = nullptr;
  unsigned long encoded_size = 0;
  int format = image.channels == 1 ? TJPF_GRAY : TJPF_RGB;
  int subsampling = image.channels == 1 ? TJSAMP_GRAY : TJSAMP_420;
  if (tjCompress2(jpeg.handle, pixels.data(), width, 0, height, format, &encoded, &encoded_size,
                  subsampling, 80, TJFLAG_ACCURATEDCT) != 0) {
    if (encoded) tjFree(encoded);
    return ThumbnailError{std::string("JPEG encoding failed: ") + tjGetErrorStr2(jpeg.handle)};
  }
  std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(
      encoded, [](unsigned char* p) { tjFree(p); });
  return "data:image/jpeg;base64," + base64_encode(encoded, encoded_size);
}

}  // namespace reunite::report
