// Image decoding for PDQ: formats by magic bytes, pixel layouts, and bad input as error values.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "image.h"
#include "pdq.h"

using namespace reunite::photo;
using namespace std::string_view_literals;

namespace {

const std::string kImages = std::string(REUNITE_TEST_DATA) + "/pdq/images/";

std::vector<std::uint8_t> file_bytes(const std::string& name) {
  auto bytes = read_file_bytes(kImages + name);
  REQUIRE_MESSAGE(bytes.ok(), bytes.error().message());
  return *bytes;
}

std::vector<std::uint8_t> text_bytes(std::string_view text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

}  // namespace

TEST_CASE("image: format from magic bytes, not the name") {
  CHECK(detect_image_format(file_bytes("rgb.jpeg")) == ImageFormat::jpeg);
  CHECK(detect_image_format(file_bytes("mode-P.png")) == ImageFormat::png);
  CHECK(detect_image_format(text_bytes("GIF89a....")) == ImageFormat::gif);
  CHECK(detect_image_format(text_bytes("RIFF\x10\0\0\0WEBPVP8 "sv)) == ImageFormat::webp);
  CHECK(detect_image_format(text_bytes("RIFF\x10\0\0\0WAVEfmt "sv)) == ImageFormat::unknown);
  CHECK(detect_image_format(text_bytes("\xFF\xD8")) == ImageFormat::unknown);
  CHECK(detect_image_format({}) == ImageFormat::unknown);
}

TEST_CASE("image: pixel layouts") {
  auto grey = decode_image_file(kImages + "mode-L.png");
  REQUIRE(grey.ok());
  CHECK(grey->channels == 1);
  CHECK(grey->width == 1600);
  CHECK(grey->height == 1004);
  CHECK(grey->pixels.size() == 1600u * 1004u);
  CHECK(grey->stored_width == 1600);
  CHECK(grey->stored_height == 1004);

  auto one_bit = decode_image_file(kImages + "mode-1.png");
  REQUIRE(one_bit.ok());
  CHECK(one_bit->channels == 1);
  for (std::uint8_t v : one_bit->pixels) {
    if (v != 0 && v != 255) FAIL("1-bit grey must expand to 0 and 255, got " << int(v));
  }

  auto palette = decode_image_file(kImages + "mode-P.png");
  REQUIRE(palette.ok());
  CHECK(palette->channels == 3);
  CHECK(palette->stored_width == palette->width);
  CHECK_FALSE(palette->had_alpha);

  auto rgba = decode_image_file(kImages + "edge-rgba-half-transparent.png");
  REQUIRE(rgba.ok());
  CHECK(rgba->channels == 3);
  CHECK(rgba->had_alpha);

  auto grey_alpha = decode_image_file(kImages + "LA.png");
  REQUIRE(grey_alpha.ok());
  CHECK(grey_alpha->channels == 1);
  CHECK(grey_alpha->had_alpha);

  auto jpeg = decode_image_file(kImages + "wee.jpg");
  REQUIRE(jpeg.ok());
  CHECK(jpeg->format == ImageFormat::jpeg);
  CHECK(jpeg->width == 34);
  CHECK(jpeg->height == 42);
  CHECK(jpeg->channels == 3);
  CHECK(jpeg->stored_width == 34);
  CHECK(jpeg->stored_height == 42);
}

TEST_CASE("image: empty, missing and non-image input are errors") {
  CHECK(decode_image({}).error().kind == PhotoErrorKind::empty);
  auto text = text_bytes("this is not an image\n");
  CHECK(decode_image(text).error().kind == PhotoErrorKind::not_an_image);
  auto missing = decode_image_file(kImages + "no-such-file.jpg");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == PhotoErrorKind::unreadable);
  CHECK(missing.error().reason() == "unreadable");
  auto directory = decode_image_file(kImages);
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().kind == PhotoErrorKind::unreadable);
}

TEST_CASE("image: the pixel limit is checked from the header") {
  DecodeOptions options;
  options.max_pixels = 1600 * 1004 - 1;
  for (const char* name : {"mode-RGB.jpg", "mode-L.png"}) {
    CAPTURE(name);
    auto result = decode_image(file_bytes(name), options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == PhotoErrorKind::too_many_pixels);
  }
  options.max_pixels = 1600 * 1004;
  CHECK(decode_image(file_bytes("mode-RGB.jpg"), options).ok());
}

TEST_CASE("image: every truncation of a JPEG and a PNG is an error, never a crash") {
  for (std::string name :
       {"rgb.jpeg", "small.jpg", "q0122.jpg", "random-image.png", "edge-photo-64x64.png"}) {
    CAPTURE(name);
    std::vector<std::uint8_t> whole = file_bytes(name);
    auto decoded = decode_image(whole);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message());
    int accepted = 0;
    for (std::size_t size = 1; size < whole.size(); size += 1 + size / 50) {
      std::span<const std::uint8_t> cut(whole.data(), size);
      accepted += decode_image(cut).ok();
    }
    CHECK(accepted == 0);
  }
}

TEST_CASE("image: corrupt data is an error, never a crash") {
  std::vector<std::uint8_t> jpeg = file_bytes("q0291.jpg");
  std::vector<std::uint8_t> png = file_bytes("random-image.png");
  for (auto* original : {&jpeg, &png}) {
    for (std::size_t at = 2; at < original->size(); at += 97) {
      std::vector<std::uint8_t> damaged = *original;
      for (std::size_t i = at; i < std::min(damaged.size(), at + 16); ++i) damaged[i] ^= 0x5A;
      auto result = decode_image(damaged);
      if (result.ok()) CHECK(result->pixels.size() == result->row_bytes() * result->height);
    }
  }
}

TEST_CASE("Pdq256: hex round trip and Hamming distance") {
  const std::string hex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  auto hash = Pdq256::from_hex(hex);
  REQUIRE(hash.has_value());
  CHECK(hash->to_hex() == hex);
  CHECK(Pdq256::from_hex("F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B22") ==
        hash);
  CHECK_FALSE(Pdq256::from_hex(hex.substr(1)).has_value());
  CHECK_FALSE(Pdq256::from_hex(hex.substr(1) + "g").has_value());
  // Word 0 (the last four digits, 9b22) holds bits 0..15, bit 0 least significant.
  CHECK(hash->bit(1));  // 0x9b22 = ...0010 0010
  CHECK_FALSE(hash->bit(0));
  CHECK(hash->bit(15));
  CHECK(hamming_distance(*hash, *hash) == 0);
  Pdq256 flipped = *hash;
  flipped.set_bit(0);
  flipped.set_bit(200);
  CHECK(hamming_distance(*hash, flipped) == (hash->bit(200) ? 1 : 2));
  Pdq256 zero;
  CHECK(zero.to_hex() == std::string(64, '0'));
  CHECK(hamming_distance(zero, *hash) == hash->popcount());
}
