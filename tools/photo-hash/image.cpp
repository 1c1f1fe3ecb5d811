#include "image.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "image_codecs.h"

namespace reunite::photo {

std::string_view format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg:
      return "jpeg";
    case ImageFormat::png:
      return "png";
    case ImageFormat::webp:
      return "webp";
    case ImageFormat::gif:
      return "gif";
    case ImageFormat::unknown:
      break;
  }
  return "unknown";
}

namespace {

bool starts_with(std::span<const std::uint8_t> bytes, std::string_view magic,
                 std::size_t offset = 0) {
  if (bytes.size() < offset + magic.size()) return false;
  return std::memcmp(bytes.data() + offset, magic.data(), magic.size()) == 0;
}

}  // namespace

ImageFormat detect_image_format(std::span<const std::uint8_t> bytes) {
  if (starts_with(bytes, "\xFF\xD8\xFF")) return ImageFormat::jpeg;
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n")) return ImageFormat::png;
  if (starts_with(bytes, "RIFF") && starts_with(bytes, "WEBP", 8)) return ImageFormat::webp;
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return ImageFormat::gif;
  return ImageFormat::unknown;
}

std::string_view PhotoError::reason() const {
  switch (kind) {
    case PhotoErrorKind::unreadable:
      return "unreadable";
    case PhotoErrorKind::empty:
      return "empty";
    case PhotoErrorKind::not_an_image:
      return "not_an_image";
    case PhotoErrorKind::unsupported:
      return "unsupported";
    case PhotoErrorKind::too_many_pixels:
      return "too_many_pixels";
    case PhotoErrorKind::truncated:
      return "truncated";
    case PhotoErrorKind::corrupt:
      return "corrupt";
  }
  return "corrupt";
}

std::string PhotoError::message() const {
  std::string text(reason());
  if (!detail.empty()) text += ": " + detail;
  return text;
}

DecodeStatus decode_image_into(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                               Image& image) {
  codecs::start_image(image, ImageFormat::unknown);
  if (bytes.empty()) return PhotoError{PhotoErrorKind::empty, "no bytes"};
  switch (detect_image_format(bytes)) {
    case ImageFormat::jpeg:
      return codecs::decode_jpeg(bytes, options, image);
    case ImageFormat::png:
      return codecs::decode_png(bytes, options, image);
    case ImageFormat::webp:
      return codecs::decode_webp(bytes, options, image);
    case ImageFormat::gif:
      return codecs::decode_gif(bytes, options, image);
    case ImageFormat::unknown:
      break;
  }
  return PhotoError{PhotoErrorKind::not_an_image, "not JPEG, PNG, WebP or GIF"};
}

PhotoResult<Image> decode_image(std::span<const std::uint8_t> bytes, const DecodeOptions& options) {
  Image image;
  if (auto error = decode_image_into(bytes, options, image)) return std::move(*error);
  return image;
}

namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

// The path is not repeated in the message: callers show it where they choose (messages on
// stderr must not carry record values; DESIGN.md §3).
PhotoError unreadable(int error_number) {
  return PhotoError{PhotoErrorKind::unreadable, std::strerror(error_number)};
}

}  // namespace

PhotoResult<std::vector<std::uint8_t>> read_file_bytes(const std::string& path) {
  FileHandle file(std::fopen(path.c_str(), "rb"));
  if (!file) return unreadable(errno);
  std::vector<std::uint8_t> bytes;
  std::uint8_t chunk[1 << 16];
  for (;;) {
    std::size_t got = std::fread(chunk, 1, sizeof chunk, file.get());
    bytes.insert(bytes.end(), chunk, chunk + got);
    if (got < sizeof chunk) break;
  }
  // A directory opens but fails to read (EISDIR); that is an unreadable file, not an empty one.
  if (std::ferror(file.get())) return unreadable(errno ? errno : EIO);
  return bytes;
}

PhotoResult<Image> decode_image_file(const std::string& path, const DecodeOptions& options) {
  auto bytes = read_file_bytes(path);
  if (!bytes) return bytes.error();
  return decode_image(*bytes, options);
}

}  // namespace reunite::photo
