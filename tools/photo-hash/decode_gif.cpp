// The first frame of a GIF through giflib, on the logical screen: the frame's pixels where it
// lies, the background colour elsewhere.  Like alpha in the other formats, transparency is
// ignored: a transparent pixel keeps its palette colour (the stored colour channels are hashed).
#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <memory>

#include "image_codecs.h"

namespace reunite::photo::codecs {

namespace {

struct MemoryReader {
  std::span<const std::uint8_t> bytes;
  std::size_t position = 0;
};

int read_from_memory(GifFileType* gif, GifByteType* out, int wanted) {
  auto* reader = static_cast<MemoryReader*>(gif->UserData);
  std::size_t available = reader->bytes.size() - reader->position;
  std::size_t count = std::min<std::size_t>(available, wanted < 0 ? 0 : std::size_t(wanted));
  std::copy_n(reader->bytes.data() + reader->position, count, out);
  reader->position += count;
  return int(count);
}

struct GifCloser {
  void operator()(GifFileType* gif) const {
    int ignored = 0;
    DGifCloseFile(gif, &ignored);
  }
};
using GifHandle = std::unique_ptr<GifFileType, GifCloser>;

PhotoError gif_failure(int code) {
  bool cut_short = code == D_GIF_ERR_READ_FAILED || code == D_GIF_ERR_EOF_TOO_SOON;
  const char* text = GifErrorString(code);
  return PhotoError{cut_short ? PhotoErrorKind::truncated : PhotoErrorKind::corrupt,
                    text ? text : "GIF error"};
}

using Rgb = std::array<std::uint8_t, 3>;

Rgb palette_colour(const ColorMapObject* map, int index) {
  if (map == nullptr || index < 0 || index >= map->ColorCount) return {0, 0, 0};
  const GifColorType& c = map->Colors[index];
  return {c.Red, c.Green, c.Blue};
}

// Rows of an interlaced frame arrive in four passes: every 8th from 0, every 8th from 4, every
// 4th from 2, every 2nd from 1 (GIF89a, appendix E).
std::vector<int> frame_row_order(int height, bool interlaced) {
  std::vector<int> order;
  order.reserve(std::size_t(height));
  if (!interlaced) {
    for (int y = 0; y < height; ++y) order.push_back(y);
    return order;
  }
  constexpr int kStart[] = {0, 4, 2, 1};
  constexpr int kStep[] = {8, 8, 4, 2};
  for (int pass = 0; pass < 4; ++pass) {
    for (int y = kStart[pass]; y < height; y += kStep[pass]) order.push_back(y);
  }
  return order;
}

// Reads the frame whose descriptor giflib has just parsed and paints it onto the canvas.
std::optional<PhotoError> paint_frame(GifFileType* gif, Image& canvas) {
  const GifImageDesc& frame = gif->Image;
  const ColorMapObject* map = frame.ColorMap ? frame.ColorMap : gif->SColorMap;
  std::vector<GifPixelType> line(std::size_t(frame.Width));
  for (int y : frame_row_order(frame.Height, frame.Interlace)) {
    if (DGifGetLine(gif, line.data(), frame.Width) == GIF_ERROR) return gif_failure(gif->Error);
    int canvas_y = frame.Top + y;
    if (canvas_y < 0 || canvas_y >= canvas.height) continue;
    std::uint8_t* row = canvas.pixels.data() + std::size_t(canvas_y) * canvas.row_bytes();
    for (int x = 0; x < frame.Width; ++x) {
      int canvas_x = frame.Left + x;
      if (canvas_x < 0 || canvas_x >= canvas.width) continue;
      Rgb c = palette_colour(map, line[std::size_t(x)]);
      std::copy(c.begin(), c.end(), row + 3 * std::size_t(canvas_x));
    }
  }
  return std::nullopt;
}

// Fills the logical screen with the background colour and sets up its size; a screen of zero
// size (seen in broken writers) takes the frame's.
std::optional<PhotoError> prepare_canvas(GifFileType* gif, const DecodeOptions& options,
                                         Image& canvas) {
  const GifImageDesc& frame = gif->Image;
  if (auto error = check_dimensions(frame.Width, frame.Height, options)) return error;
  canvas.width = gif->SWidth > 0 ? gif->SWidth : frame.Left + frame.Width;
  canvas.height = gif->SHeight > 0 ? gif->SHeight : frame.Top + frame.Height;
  if (auto error = check_dimensions(canvas.width, canvas.height, options)) return error;
  canvas.stored_width = canvas.width;
  canvas.stored_height = canvas.height;
  canvas.channels = 3;
  canvas.pixels.resize(canvas.row_bytes() * std::size_t(canvas.height));
  Rgb background = palette_colour(gif->SColorMap, gif->SBackGroundColor);
  for (std::size_t i = 0; i < canvas.pixels.size(); i += 3) {
    std::copy(background.begin(), background.end(), canvas.pixels.begin() + std::ptrdiff_t(i));
  }
  return std::nullopt;
}

// Skips an extension block, noting whether a graphics control block declares transparency.
std::optional<PhotoError> read_extension(GifFileType* gif, bool& transparent) {
  int code = 0;
  GifByteType* block = nullptr;
  if (DGifGetExtension(gif, &code, &block) == GIF_ERROR) return gif_failure(gif->Error);
  if (code == GRAPHICS_EXT_FUNC_CODE && block != nullptr) {
    GraphicsControlBlock control{};
    if (DGifExtensionToGCB(block[0], block + 1, &control) == GIF_OK) {
      transparent = control.TransparentColor != NO_TRANSPARENT_COLOR;
    }
  }
  while (block != nullptr) {
    if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) return gif_failure(gif->Error);
  }
  return std::nullopt;
}

}  // namespace

DecodeStatus decode_gif(std::span<const std::uint8_t> bytes, const DecodeOptions& options,
                        Image& image) {
  MemoryReader reader{bytes};
  int open_error = 0;
  GifHandle gif(DGifOpen(&reader, read_from_memory, &open_error));
  if (!gif) return gif_failure(open_error);
  start_image(image, ImageFormat::gif);
  bool transparent = false;
  for (;;) {
    GifRecordType type = UNDEFINED_RECORD_TYPE;
    if (DGifGetRecordType(gif.get(), &type) == GIF_ERROR) return gif_failure(gif->Error);
    if (type == TERMINATE_RECORD_TYPE) {
      return PhotoError{PhotoErrorKind::corrupt, "GIF without an image"};
    }
    if (type == EXTENSION_RECORD_TYPE) {
      if (auto error = read_extension(gif.get(), transparent)) return *error;
    } else if (type == IMAGE_DESC_RECORD_TYPE) {
      if (DGifGetImageDesc(gif.get()) == GIF_ERROR) return gif_failure(gif->Error);
      if (auto error = prepare_canvas(gif.get(), options, image)) return *error;
      if (auto error = paint_frame(gif.get(), image)) return *error;
      break;
    }
  }
  image.had_alpha = transparent;
  return std::nullopt;
}

}  // namespace reunite::photo::codecs
