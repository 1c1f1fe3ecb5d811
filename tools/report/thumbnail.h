// Photo thumbnails for the HTML report: decoded with the photo-hash decoders (JPEG, PNG, WebP,
// GIF), shrunk by area averaging so the longest side is at most `size` pixels, re-encoded as a
// JPEG and embedded as a data: URI, so the report is one file that needs no network and does
// not carry the full photos.
#pragma once

#include <string>
#include <variant>

namespace reunite::report {

struct ThumbnailError {
  std::string reason;
};

// "data:image/jpeg;base64,..." or why there is none.
std::variant<std::string, ThumbnailError> make_thumbnail(const std::string& path, int size);

std::string base64_encode(const unsigned char* data, std::size_t size);

}  // namespace reunite::report
