// Decoding photos into 8-bit pixels for hashing: JPEG (libjpeg-turbo), PNG (libspng),
// WebP (libwebp) and the first frame of a GIF (giflib), recognised by their magic bytes.
//
// What PDQ.md step 1 asks of the decoder, and so what these do: the stored pixels are returned
// (EXIF orientation is not applied), palettes and 1/2/4-bit greys are expanded, 16-bit samples
// keep their high byte, alpha is dropped (noted in `had_alpha`), CMYK becomes RGB.  JPEG uses
// libjpeg-turbo's default decompression (accurate integer IDCT, fancy upsampling), the same
// settings the reference tool and Pillow decode with, so the pixels agree bit for bit.
//
// Every failure is a value, never an exception or a crash: a file that is empty, not an image,
// truncated, corrupt, or larger than `max_pixels` (checked from the header, before any pixel
// memory is allocated) gives a PhotoError with a reason.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reunite::photo {

enum class ImageFormat { unknown, jpeg, png, webp, gif };
std::string_view format_name(ImageFormat format);  // "jpeg", "png", ...

// Recognises the format from the first bytes; unknown when none matches.
ImageFormat detect_image_format(std::span<const std::uint8_t> bytes);

enum class PhotoErrorKind {
  unreadable,       // the file could not be opened or read
  empty,            // zero bytes
  not_an_image,     // no known magic bytes
  unsupported,      // a known format in a variant we do not decode (e.g. animated WebP)
  too_many_pixels,  // width × height over the limit (decompression bomb guard)
  truncated,        // the data ends before the image does
  corrupt,          // the decoder rejected the data
};

struct PhotoError {
  PhotoErrorKind kind = PhotoErrorKind::corrupt;
  std::string detail;  // the decoder's own words, or the numbers that broke a limit

  // A stable short code for rejects ("truncated", "too_many_pixels", ...).
  std::string_view reason() const;
  // "reason: detail", for messages.
  std::string message() const;
};

// A value or the reason there is none — the per-photo path's only error channel.
template <class T>
class PhotoResult {
 public:
  PhotoResult(T value) : value_(std::move(value)) {}
  PhotoResult(PhotoError error) : error_(std::move(error)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  const PhotoError& error() const { return error_; }

 private:
  std::optional<T> value_;
  PhotoError error_;
};

// A std::allocator that leaves new elements uninitialised: decoders overwrite every pixel, and
// zero-filling a 5 MB buffer first cost ~8% of a photo's decode.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using PixelBuffer = std::vector<std::uint8_t, UninitializedAllocator<std::uint8_t>>;

// 8-bit pixels, rows top to bottom, no padding: 1 channel (grey) or 3 (R, G, B).
struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  bool had_alpha = false;  // the source had transparency, which was dropped
  ImageFormat format = ImageFormat::unknown;
  int stored_width = 0;  // the size in the file, which differs after a DCT-scaled decode
  int stored_height = 0;
  PixelBuffer pixels;

  std::size_t row_bytes() const { return std::size_t(width) * std::size_t(channels); }
  const std::uint8_t* row(int y) const { return pixels.data() + std::size_t(y) * row_bytes(); }
};

struct DecodeOptions {
  // Decompression-bomb guard, checked against the header before decoding.
  std::uint64_t max_pixels = 100'000'000;
  // JPEG only: for images of at least this many pixels, decode just the Y (luma) component,
  // skipping chroma IDCT, upsampling and colour conversion; the image comes out grey (1
  // channel).  Not canonical (luma from the YCbCr data differs slightly from luma computed from
  // decoded RGB): for the fast hashing mode.  nullopt = never.
  std::optional<std::uint64_t> jpeg_luma_only_min_pixels;
  // JPEG only, 0 = off: decode at the smallest of libjpeg-turbo's DCT scales 1/2, 1/4, 1/8 that
  // keeps the shorter side at least this many pixels.  Not canonical.
  int jpeg_downscale_min_side = 0;
};

// Decodes an image held in memory.
PhotoResult<Image> decode_image(std::span<const std::uint8_t> bytes,
                                const DecodeOptions& options = {});

// The same into an existing Image, reusing its pixel memory (a loop over millions of photos
// then allocates nothing per photo).  An error, or nullopt when `image` holds the picture.
using DecodeStatus = std::optional<PhotoError>;
DecodeStatus decode_image_into(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                               Image& image);

// Reads a whole file into memory (photos are small; the decoders want the whole buffer).
PhotoResult<std::vector<std::uint8_t>> read_file_bytes(const std::string& path);

// read_file_bytes + decode_image.
PhotoResult<Image> decode_image_file(const std::string& path, const DecodeOptions& options = {});

}  // namespace reunite::photo
