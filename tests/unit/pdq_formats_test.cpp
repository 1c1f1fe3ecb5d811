// Decoding of the layouts the vector images do not cover, from images encoded here with the
// same libraries: grey and CMYK JPEG, 16-bit PNG, WebP with and without alpha, GIF (palette,
// interlace, transparency, frame offset), and each format's bad input.
#include <doctest/doctest.h>
#include <gif_lib.h>
#include <spng.h>
#include <turbojpeg.h>
#include <webp/encode.h>

#include <cstring>
#include <memory>
#include <vector>

#include "image.h"
#include "pdq.h"

using namespace reunite::photo;
using Bytes = std::vector<std::uint8_t>;

namespace {

// A smooth test picture with structure in both directions (so its PDQ quality is high).
Bytes test_rgb(int width, int height) {
  Bytes rgb(std::size_t(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = &rgb[(std::size_t(y) * width + x) * 3];
      p[0] = std::uint8_t((x * 255) / width);
      p[1] = std::uint8_t((y * 255) / height);
      p[2] = std::uint8_t(((x / 16 + y / 16) % 2) * 200 + 20);
    }
  }
  return rgb;
}

Bytes jpeg_encode(const Bytes& pixels, int width, int height, int pixel_format, int subsampling) {
  tjhandle handle = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;
  int rc = tjCompress2(handle, pixels.data(), width, 0, height, pixel_format, &out, &size,
                       subsampling, 90, 0);
  REQUIRE_MESSAGE(rc == 0, tjGetErrorStr2(handle));
  Bytes jpeg(out, out + size);
  tjFree(out);
  tjDestroy(handle);
  return jpeg;
}

Bytes png_encode(const Bytes& samples, int width, int height, int colour_type, int bit_depth) {
  std::unique_ptr<spng_ctx, void (*)(spng_ctx*)> ctx(spng_ctx_new(SPNG_CTX_ENCODER), spng_ctx_free);
  spng_set_option(ctx.get(), SPNG_ENCODE_TO_BUFFER, 1);
  spng_ihdr ihdr{};
  ihdr.width = std::uint32_t(width);
  ihdr.height = std::uint32_t(height);
  ihdr.color_type = std::uint8_t(colour_type);
  ihdr.bit_depth = std::uint8_t(bit_depth);
  spng_set_ihdr(ctx.get(), &ihdr);
  int rc = spng_encode_image(ctx.get(), samples.data(), samples.size(), SPNG_FMT_PNG,
                             SPNG_ENCODE_FINALIZE);
  REQUIRE_MESSAGE(rc == 0, spng_strerror(rc));
  std::size_t size = 0;
  int error = 0;
  void* buffer = spng_get_png_buffer(ctx.get(), &size, &error);
  REQUIRE(buffer != nullptr);
  Bytes png(static_cast<std::uint8_t*>(buffer), static_cast<std::uint8_t*>(buffer) + size);
  std::free(buffer);
  return png;
}

int write_to_vector(GifFileType* gif, const GifByteType* data, int size) {
  auto* out = static_cast<Bytes*>(gif->UserData);
  out->insert(out->end(), data, data + size);
  return size;
}

// A GIF of one frame at (left, top) on a larger screen; palette entry i = (i, 255 − i, 7);
// pixel value = (x + 2y) % 200.  Index 5 is declared transparent when `transparent`.
Bytes gif_encode(int screen_w, int screen_h, int left, int top, int w, int h, bool interlace,
                 bool transparent) {
  Bytes out;
  int error = 0;
  GifFileType* gif = EGifOpen(&out, write_to_vector, &error);
  REQUIRE(gif != nullptr);
  std::vector<GifColorType> colours(256);
  for (int i = 0; i < 256; ++i) colours[i] = {GifByteType(i), GifByteType(255 - i), 7};
  ColorMapObject* map = GifMakeMapObject(256, colours.data());
  EGifSetGifVersion(gif, true);
  REQUIRE(EGifPutScreenDesc(gif, screen_w, screen_h, 8, 3, map) == GIF_OK);
  if (transparent) {
    GraphicsControlBlock control{};
    control.TransparentColor = 5;
    GifByteType extension[4];
    std::size_t length = EGifGCBToExtension(&control, extension);
    REQUIRE(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, int(length), extension) == GIF_OK);
  }
  REQUIRE(EGifPutImageDesc(gif, left, top, w, h, interlace, nullptr) == GIF_OK);
  std::vector<GifPixelType> line(static_cast<std::size_t>(w));
  // An interlaced frame is written in pass order, as a reader will receive it.
  std::vector<int> order;
  if (interlace) {
    for (int start : {0, 4, 2, 1}) {
      for (int y = start; y < h; y += start == 0 || start == 4 ? 8 : start == 2 ? 4 : 2) {
        order.push_back(y);
      }
    }
  } else {
    for (int y = 0; y < h; ++y) order.push_back(y);
  }
  for (int y : order) {
    for (int x = 0; x < w; ++x) line[std::size_t(x)] = GifPixelType((x + 2 * y) % 200);
    REQUIRE(EGifPutLine(gif, line.data(), w) == GIF_OK);
  }
  REQUIRE(EGifCloseFile(gif, &error) == GIF_OK);
  GifFreeMapObject(map);
  return out;
}

}  // namespace

TEST_CASE("formats: a grey JPEG decodes to one channel") {
  Bytes grey(120 * 80);
  for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = std::uint8_t(i % 251);
  auto image = decode_image(jpeg_encode(grey, 120, 80, TJPF_GRAY, TJSAMP_GRAY));
  REQUIRE(image.ok());
  CHECK(image->channels == 1);
  CHECK(image->width == 120);
  CHECK(image->height == 80);
}

TEST_CASE("formats: a CMYK JPEG becomes RGB") {
  // Inverted (Adobe) CMYK as stored: C' = 255 − C.  No ink (C'=M'=Y'=K'=255) is white; full
  // black ink (K' = 0) is black.
  Bytes cmyk(64 * 64 * 4, 255);
  for (std::size_t i = 0; i < 64 * 32; ++i) cmyk[i * 4 + 3] = 0;  // top half black
  auto image = decode_image(jpeg_encode(cmyk, 64, 64, TJPF_CMYK, TJSAMP_444));
  REQUIRE(image.ok());
  CHECK(image->channels == 3);
  const std::uint8_t* top = image->row(4);
  const std::uint8_t* bottom = image->row(60);
  CHECK(top[0] < 10);
  CHECK(bottom[0] > 245);
  CHECK(bottom[2] > 245);
}

TEST_CASE("formats: fast mode decodes only luma of large JPEGs") {
  Bytes rgb = test_rgb(800, 600);
  Bytes jpeg = jpeg_encode(rgb, 800, 600, TJPF_RGB, TJSAMP_420);
  auto fast = decode_image(jpeg, decode_options_for(PdqMode::fast));
  auto exact = decode_image(jpeg, decode_options_for(PdqMode::exact));
  REQUIRE(fast.ok());
  REQUIRE(exact.ok());
  CHECK(fast->channels == 1);
  CHECK(exact->channels == 3);
  // This synthetic picture (hard-edged blue squares, 4:2:0 chroma) is a worst case for luma-only
  // decoding; on photos the distance is 0–2 bits (pdq_hash_test reports it).
  CHECK(hamming_distance(pdq_hash(*fast).hash, pdq_hash(*exact).hash) <= 31);
  auto small = decode_image(jpeg_encode(test_rgb(200, 150), 200, 150, TJPF_RGB, TJSAMP_420),
                            decode_options_for(PdqMode::fast));
  REQUIRE(small.ok());
  CHECK(small->channels == 3);  // below the size where luma-only decoding pays
}

TEST_CASE("formats: DCT-scaled JPEG decoding keeps the stored size") {
  Bytes jpeg = jpeg_encode(test_rgb(800, 600), 800, 600, TJPF_RGB, TJSAMP_420);
  DecodeOptions options;
  options.jpeg_downscale_min_side = 150;
  auto image = decode_image(jpeg, options);
  REQUIRE(image.ok());
  CHECK(image->width == 200);  // 1/4: 1/8 would make the short side 75
  CHECK(image->height == 150);
  CHECK(image->stored_width == 800);
  CHECK(image->stored_height == 600);
}

TEST_CASE("formats: 16-bit PNG keeps the high byte") {
  const int w = 32, h = 16;
  // libspng takes 16-bit samples in host byte order.
  std::vector<std::uint16_t> rgb16(std::size_t(w) * h * 3);
  for (std::size_t i = 0; i < rgb16.size(); ++i) rgb16[i] = std::uint16_t((i % 256) << 8 | 0xAB);
  Bytes rgb16_bytes(rgb16.size() * 2);
  std::memcpy(rgb16_bytes.data(), rgb16.data(), rgb16_bytes.size());
  auto image = decode_image(png_encode(rgb16_bytes, w, h, SPNG_COLOR_TYPE_TRUECOLOR, 16));
  REQUIRE(image.ok());
  REQUIRE(image->channels == 3);
  for (std::size_t i = 0; i < image->pixels.size(); ++i) {
    if (image->pixels[i] != std::uint8_t(i % 256)) FAIL("sample " << i);
  }

  std::vector<std::uint16_t> grey16_samples(std::size_t(w) * h);
  for (std::size_t i = 0; i < grey16_samples.size(); ++i) {
    grey16_samples[i] = std::uint16_t(i << 8 | 0xFF);
  }
  Bytes grey16(grey16_samples.size() * 2);
  std::memcpy(grey16.data(), grey16_samples.data(), grey16.size());
  auto grey = decode_image(png_encode(grey16, w, h, SPNG_COLOR_TYPE_GRAYSCALE, 16));
  REQUIRE(grey.ok());
  CHECK(grey->channels == 1);
  CHECK(grey->pixels[5] == 5);
}

TEST_CASE("formats: WebP, lossless and with alpha, hashes like its pixels") {
  const int w = 300, h = 200;
  Bytes rgb = test_rgb(w, h);
  std::uint8_t* out = nullptr;
  std::size_t size = WebPEncodeLosslessRGB(rgb.data(), w, h, w * 3, &out);
  REQUIRE(size > 0);
  Bytes webp(out, out + size);
  WebPFree(out);

  auto image = decode_image(webp);
  REQUIRE(image.ok());
  CHECK(image->format == ImageFormat::webp);
  CHECK_FALSE(image->had_alpha);
  REQUIRE(image->channels == 3);
  CHECK(std::equal(image->pixels.begin(), image->pixels.end(), rgb.begin(), rgb.end()));
  Image source;
  source.width = w;
  source.height = h;
  source.channels = 3;
  source.pixels.assign(rgb.begin(), rgb.end());
  CHECK(pdq_hash(*image) == pdq_hash(source));

  Bytes rgba(std::size_t(w) * h * 4);
  for (std::size_t i = 0; i < std::size_t(w) * h; ++i) {
    std::memcpy(&rgba[i * 4], &rgb[i * 3], 3);
    // Never fully transparent: the encoder may rewrite the colour under alpha 0.
    rgba[i * 4 + 3] = std::uint8_t(1 + i % 255);
  }
  size = WebPEncodeLosslessRGBA(rgba.data(), w, h, w * 4, &out);
  Bytes webp_alpha(out, out + size);
  WebPFree(out);
  auto with_alpha = decode_image(webp_alpha);
  REQUIRE(with_alpha.ok());
  CHECK(with_alpha->had_alpha);
  CHECK(pdq_hash(*with_alpha) == pdq_hash(source));  // alpha ignored (PDQ.md step 1)

  for (std::size_t cut : {std::size_t(10), std::size_t(30), size / 2, size - 1}) {
    CHECK_FALSE(decode_image(std::span<const std::uint8_t>(webp_alpha.data(), cut)).ok());
  }
}

TEST_CASE("formats: GIF first frame on its screen, interlaced or not") {
  for (bool interlace : {false, true}) {
    CAPTURE(interlace);
    Bytes gif = gif_encode(40, 30, 5, 3, 20, 17, interlace, true);
    auto image = decode_image(gif);
    REQUIRE_MESSAGE(image.ok(), image.error().message());
    CHECK(image->format == ImageFormat::gif);
    CHECK(image->width == 40);
    CHECK(image->height == 30);
    CHECK(image->channels == 3);
    CHECK(image->had_alpha);
    // Inside the frame: palette colour of (x + 2y) % 200, transparency ignored.
    for (int y = 0; y < 17; ++y) {
      for (int x = 0; x < 20; ++x) {
        const std::uint8_t* p = image->row(3 + y) + 3 * (5 + x);
        int index = (x + 2 * y) % 200;
        if (p[0] != index || p[1] != 255 - index || p[2] != 7) FAIL("pixel " << x << "," << y);
      }
    }
    // Outside it: the background colour (index 3).
    CHECK(image->row(0)[0] == 3);
    CHECK(image->row(29)[3 * 39 + 1] == 252);
  }
}

TEST_CASE("formats: bad GIF and WebP input is an error") {
  Bytes gif = gif_encode(64, 64, 0, 0, 64, 64, false, false);
  for (std::size_t cut = 1; cut < gif.size(); cut += 7) {
    CHECK_FALSE(decode_image(std::span<const std::uint8_t>(gif.data(), cut)).ok());
  }
  DecodeOptions small;
  small.max_pixels = 64 * 64 - 1;
  auto bomb = decode_image(gif, small);
  REQUIRE_FALSE(bomb.ok());
  CHECK(bomb.error().kind == PhotoErrorKind::too_many_pixels);

  Bytes not_webp = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
  auto webp = decode_image(not_webp);
  REQUIRE_FALSE(webp.ok());
  CHECK(webp.error().kind != PhotoErrorKind::not_an_image);
}

TEST_CASE("formats: decode_image_into reuses the image") {
  Bytes jpeg = jpeg_encode(test_rgb(320, 240), 320, 240, TJPF_RGB, TJSAMP_420);
  Bytes gif = gif_encode(40, 30, 0, 0, 40, 30, false, false);
  Image image;
  CHECK_FALSE(decode_image_into(jpeg, {}, image).has_value());
  CHECK(image.width == 320);
  CHECK_FALSE(decode_image_into(gif, {}, image).has_value());
  CHECK(image.width == 40);
  CHECK(image.pixels.size() == 40u * 30u * 3u);
  auto error = decode_image_into(Bytes{1, 2, 3}, {}, image);
  REQUIRE(error.has_value());
  CHECK(error->kind == PhotoErrorKind::not_an_image);
  CHECK(image.width == 0);
}
