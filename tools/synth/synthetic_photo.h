// Pictures that behave like photographs under a perceptual hash, without any real face: smooth
// random colour fields at two scales, soft-edged shapes and sensor noise, so that PDQ sees
// texture at every frequency (a flat colour would give a low-quality hash).  Reposts are the
// edits that sites and people make when they share a picture: resizing, re-encoding, cropping,
// mirroring and rotation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "random.h"

namespace reunite::synth {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // RGB, row-major, no padding
};

RgbImage synthesize_photo(Random& random, int width, int height);

enum class RepostEdit { kResize, kRequality, kCrop, kMirror, kRotate90, kRotate180, kRotate270 };
inline constexpr RepostEdit kAllRepostEdits[] = {
    RepostEdit::kResize,   RepostEdit::kRequality, RepostEdit::kCrop,     RepostEdit::kMirror,
    RepostEdit::kRotate90, RepostEdit::kRotate180, RepostEdit::kRotate270};
std::string_view repost_edit_name(RepostEdit edit);  // "resize", "rotate90", ...

// The edited picture (kRequality returns the picture unchanged: the edit is the encoding).
RgbImage apply_repost_edit(const RgbImage& image, RepostEdit edit, Random& random);

// Baseline JPEG, 4:2:0, by libjpeg-turbo (the same bytes for the same pixels and quality).
std::string encode_jpeg(const RgbImage& image, int quality);

}  // namespace reunite::synth
