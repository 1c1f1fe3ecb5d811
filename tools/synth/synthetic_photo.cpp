#include "synthetic_photo.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "reunite/error.h"

namespace reunite::synth {

namespace {

struct Colour {
  double r, g, b;
};

Colour random_colour(Random& random) {
  return {random.uniform(0, 255), random.uniform(0, 255), random.uniform(0, 255)};
}

double smooth(double t) {
  return t * t * (3 - 2 * t);
}

// A grid of random colours, interpolated smoothly over the picture (value noise).
class ColourField {
 public:
  ColourField(Random& random, int columns, int rows) : columns_(columns), rows_(rows) {
    for (int i = 0; i < (columns + 1) * (rows + 1); ++i) nodes_.push_back(random_colour(random));
  }
  Colour at(double x, double y) const {  // x, y in [0, 1]
    double gx = x * columns_, gy = y * rows_;
    int ix = std::min(static_cast<int>(gx), columns_ - 1);
    int iy = std::min(static_cast<int>(gy), rows_ - 1);
    double fx = smooth(gx - ix), fy = smooth(gy - iy);
    auto node = [&](int cx, int cy) { return nodes_[cy * (columns_ + 1) + cx]; };
    Colour a = node(ix, iy), b = node(ix + 1, iy), c = node(ix, iy + 1), d = node(ix + 1, iy + 1);
    auto mix = [&](double p, double q, double s, double t) {
      return (p * (1 - fx) + q * fx) * (1 - fy) + (s * (1 - fx) + t * fx) * fy;
    };
    return {mix(a.r, b.r, c.r, d.r), mix(a.g, b.g, c.g, d.g), mix(a.b, b.b, c.b, d.b)};
  }

 private:
  int columns_, rows_;
  std::vector<Colour> nodes_;
};

struct Shape {
  double cx, cy, rx, ry, angle;
  bool ellipse;
  Colour colour;
  double opacity;
  double cos_angle = 0, sin_angle = 0, reach = 0;  // derived: rotation, bounding radius
};

std::uint8_t clamp_byte(double value) {
  return static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 255L));
}

std::uint8_t sample(const RgbImage& image, int x, int y, int channel) {
  return image.pixels[(static_cast<std::size_t>(y) * image.width + x) * 3 + channel];
}

RgbImage resized(const RgbImage& image, int width, int height) {
  // Area averaging for shrinking (what image sites do), bilinear otherwise.
  RgbImage out{width, height,
               std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  double sx = static_cast<double>(image.width) / width,
         sy = static_cast<double>(image.height) / height;
  for (int y = 0; y < height; ++y) {
    int y0 = static_cast<int>(y * sy), y1 = std::max(y0 + 1, static_cast<int>((y + 1) * sy));
    for (int x = 0; x < width; ++x) {
      int x0 = static_cast<int>(x * sx), x1 = std::max(x0 + 1, static_cast<int>((x + 1) * sx));
      for (int c = 0; c < 3; ++c) {
        double sum = 0;
        int count = 0;
        for (int yy = y0; yy < std::min(y1, image.height); ++yy)
          for (int xx = x0; xx < std::min(x1, image.width); ++xx, ++count)
            sum += sample(image, xx, yy, c);
        out.pixels[(static_cast<std::size_t>(y) * width + x) * 3 + c] =
            clamp_byte(sum / std::max(count, 1));
      }
    }
  }
  return out;
}

// Maps every output pixel to a source pixel (crops, mirrors and quarter turns).
template <typename SourceOf>
RgbImage remapped(const RgbImage& image, int width, int height, SourceOf source_of) {
  RgbImage out{width, height,
               std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      auto [sx, sy] = source_of(x, y);
      for (int c = 0; c < 3; ++c)
        out.pixels[(static_cast<std::size_t>(y) * width + x) * 3 + c] = sample(image, sx, sy, c);
    }
  return out;
}

}  // namespace

RgbImage synthesize_photo(Random& random, int width, int height) {
  ColourField coarse(random, random.between(2, 4), random.between(2, 3));
  ColourField fine(random, random.between(8, 14), random.between(6, 10));
  ColourField finest(random, random.between(24, 40), random.between(18, 30));
  double fine_weight = random.uniform(0.2, 0.45);
  double finest_weight = random.uniform(0.1, 0.25);
  std::vector<Shape> shapes(random.between(4, 10));
  for (Shape& shape : shapes) {
    shape = {random.uniform(0, 1),      random.uniform(0, 1),       random.uniform(0.04, 0.3),
             random.uniform(0.04, 0.3), random.uniform(0, 3.14159), random.chance(0.6),
             random_colour(random),     random.uniform(0.5, 0.95)};
    shape.cos_angle = std::cos(shape.angle);
    shape.sin_angle = std::sin(shape.angle);
    shape.reach = std::max(shape.rx, shape.ry) * 1.5;  // beyond it a shape does not paint
  }
  double noise = random.uniform(2, 5);
  RgbImage image{width, height,
                 std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      double u = (x + 0.5) / width, v = (y + 0.5) / height;
      Colour a = coarse.at(u, v), b = fine.at(u, v), c = finest.at(u, v);
      double wa = (1 - fine_weight) * (1 - finest_weight), wb = fine_weight * (1 - finest_weight);
      Colour pixel{a.r * wa + b.r * wb + c.r * finest_weight,
                   a.g * wa + b.g * wb + c.g * finest_weight,
                   a.b * wa + b.b * wb + c.b * finest_weight};
      for (const Shape& shape : shapes) {
        double dx = u - shape.cx, dy = (v - shape.cy) * height / width;
        if (std::abs(dx) > shape.reach || std::abs(dy) > shape.reach) continue;
        double px = dx * shape.cos_angle + dy * shape.sin_angle;
        double py = -dx * shape.sin_angle + dy * shape.cos_angle;
        double distance =
            shape.ellipse
                ? std::sqrt((px / shape.rx) * (px / shape.rx) + (py / shape.ry) * (py / shape.ry))
                : std::max(std::abs(px / shape.rx), std::abs(py / shape.ry));
        double edge = std::clamp((1.0 - distance) * 12.0, 0.0, 1.0) * shape.opacity;
        pixel.r += (shape.colour.r - pixel.r) * edge;
        pixel.g += (shape.colour.g - pixel.g) * edge;
        pixel.b += (shape.colour.b - pixel.b) * edge;
      }
      // Sensor grain: a sum of three uniforms, close enough to normal (unit variance) and
      // several times cheaper than Box-Muller for every pixel.
      double grain = noise * 2.0 * (random.uniform() + random.uniform() + random.uniform() - 1.5);
      std::uint8_t* out = &image.pixels[(static_cast<std::size_t>(y) * width + x) * 3];
      out[0] = clamp_byte(pixel.r + grain);
      out[1] = clamp_byte(pixel.g + grain);
      out[2] = clamp_byte(pixel.b + grain);
    }
  }
  return image;
}

std::string_view repost_edit_name(RepostEdit edit) {
  switch (edit) {
    case RepostEdit::kResize:
      return "resize";
    case RepostEdit::kRequality:
      return "requality";
    case RepostEdit::kCrop:
      return "crop";
    case RepostEdit::kMirror:
      return "mirror";
    case RepostEdit::kRotate90:
      return "rotate90";
    case RepostEdit::kRotate180:
      return "rotate180";
    case RepostEdit::kRotate270:
      return "rotate270";
  }
  return "?";
}

RgbImage apply_repost_edit(const RgbImage& image, RepostEdit edit, Random& random) {
  const int w = image.width, h = image.height;
  switch (edit) {
    case RepostEdit::kResize: {
      double factor = random.uniform(0.45, 0.8);
      return resized(image, std::max(16, static_cast<int>(w * factor)),
                     std::max(16, static_cast<int>(h * factor)));
    }
    case RepostEdit::kRequality:
      return image;
    case RepostEdit::kCrop: {
      // A border trimmed: a site's frame or a screenshot's edge removed, up to 3% a side
      // (PDQ, a global hash, loses a photo cropped much more than that).
      int left = static_cast<int>(w * random.uniform(0.005, 0.03));
      int right = static_cast<int>(w * random.uniform(0.005, 0.03));
      int top = static_cast<int>(h * random.uniform(0.005, 0.03));
      int bottom = static_cast<int>(h * random.uniform(0.005, 0.03));
      return remapped(image, w - left - right, h - top - bottom, [&](int x, int y) {
        return std::pair{x + left, y + top};
      });
    }
    case RepostEdit::kMirror:
      return remapped(image, w, h, [&](int x, int y) { return std::pair{w - 1 - x, y}; });
    case RepostEdit::kRotate90:  // clockwise
      return remapped(image, h, w, [&](int x, int y) { return std::pair{y, h - 1 - x}; });
    case RepostEdit::kRotate180:
      return remapped(image, w, h, [&](int x, int y) { return std::pair{w - 1 - x, h - 1 - y}; });
    case RepostEdit::kRotate270:
      return remapped(image, h, w, [&](int x, int y) { return std::pair{w - 1 - y, x}; });
  }
  return image;
}

std::string encode_jpeg(const RgbImage& image, int quality) {
  std::unique_ptr<void, int (*)(tjhandle)> handle(tjInitCompress(), tjDestroy);
  if (!handle) throw FatalError("libjpeg-turbo: cannot start the compressor");
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (tjCompress2(handle.get(), image.pixels.data(), image.width, image.width * 3, image.height,
                  TJPF_RGB, &buffer, &size, TJSAMP_420, quality, 0) != 0) {
    tjFree(buffer);
    throw FatalError(std::string("libjpeg-turbo: ") + tjGetErrorStr2(handle.get()));
  }
  std::string bytes(reinterpret_cast<const char*>(buffer), size);
  tjFree(buffer);
  return bytes;
}

}  // namespace reunite::synth
