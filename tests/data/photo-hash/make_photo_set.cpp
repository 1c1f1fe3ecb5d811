// The synthetic images of tests/data/photo-hash (no real persons, no downloads): what remains
// of the benchmark's former photo generator.  Benchmarks make their photos and hash sets with
// reunite-synth now (bench/run-photo-hash); this file belongs beside the data it makes.
//
//   make_photo_set tests DIR        the small images of tests/data/photo-hash (committed)
//
// A "scene" is smooth colour blobs and gradients (what PDQ's low frequencies see) plus a
// seeded grain (what makes JPEG entropy decoding cost what it does on real photos).  Every
// scene comes from its own seed, so unrelated scenes hash ~128 bits apart; the test set adds
// transformed copies (resized, re-encoded, mirrored, rotated) and broken files.
//
// Build: c++ -O2 -std=c++20 tests/data/photo-hash/make_photo_set.cpp -lturbojpeg -lspng -lwebp
#include <spng.h>
#include <turbojpeg.h>
#include <webp/encode.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Picture {
  int width = 0;
  int height = 0;
  Bytes rgb;  // 3 bytes a pixel, rows top to bottom
  std::uint8_t* at(int x, int y) { return &rgb[(std::size_t(y) * width + x) * 3]; }
};

// A small deterministic generator (splitmix64), so the same seed gives the same files anywhere.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return double(next() >> 11) / double(1ULL << 53); }
};

Picture scene(int width, int height, std::uint64_t seed, double grain) {
  Random random{seed};
  struct Blob {
    double x, y, radius, colour[3];
  };
  std::vector<Blob> blobs(12);
  for (Blob& b : blobs) {
    b = {random.uniform(), random.uniform(), 0.04 + 0.2 * random.uniform(), {}};
    for (double& c : b.colour) c = 255 * random.uniform() - 128;
  }
  double base[3] = {255 * random.uniform(), 255 * random.uniform(), 255 * random.uniform()};
  double tilt_x = 120 * random.uniform() - 60, tilt_y = 120 * random.uniform() - 60;
  struct Box {
    double x0, y0, x1, y1, colour[3];
  };
  std::vector<Box> boxes(10);  // sharp edges, as buildings and clothes give a photo
  for (Box& b : boxes) {
    double x = random.uniform(), y = random.uniform();
    b = {x, y, x + 0.05 + 0.25 * random.uniform(), y + 0.05 + 0.25 * random.uniform(), {}};
    for (double& c : b.colour) c = 255 * random.uniform();
  }
  Picture p{width, height, Bytes(std::size_t(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      double u = double(x) / width, v = double(y) / height;
      double value[3];
      for (int c = 0; c < 3; ++c) value[c] = base[c] + tilt_x * (u - 0.5) + tilt_y * (v - 0.5);
      for (const Blob& b : blobs) {
        double d2 = ((u - b.x) * (u - b.x) + (v - b.y) * (v - b.y)) / (b.radius * b.radius);
        double weight = std::exp(-d2);
        for (int c = 0; c < 3; ++c) value[c] += weight * b.colour[c];
      }
      for (const Box& b : boxes) {
        if (u < b.x0 || u >= b.x1 || v < b.y0 || v >= b.y1) continue;
        for (int c = 0; c < 3; ++c) value[c] = 0.3 * value[c] + 0.7 * b.colour[c];
      }
      double noise = grain * (random.uniform() - 0.5);
      std::uint8_t* out = p.at(x, y);
      for (int c = 0; c < 3; ++c) out[c] = std::uint8_t(std::clamp(value[c] + noise, 0.0, 255.0));
    }
  }
  return p;
}

// Bilinear resize: a copy that PDQ should find again.
Picture resized(const Picture& in, int width, int height) {
  Picture out{width, height, Bytes(std::size_t(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    double sy = std::min((y + 0.5) * in.height / height - 0.5, in.height - 1.0);
    int y0 = std::max(0, int(sy));
    int y1 = std::min(in.height - 1, y0 + 1);
    double fy = std::max(0.0, sy - y0);
    for (int x = 0; x < width; ++x) {
      double sx = std::min((x + 0.5) * in.width / width - 0.5, in.width - 1.0);
      int x0 = std::max(0, int(sx));
      int x1 = std::min(in.width - 1, x0 + 1);
      double fx = std::max(0.0, sx - x0);
      const std::uint8_t* a = &in.rgb[(std::size_t(y0) * in.width + x0) * 3];
      const std::uint8_t* b = &in.rgb[(std::size_t(y0) * in.width + x1) * 3];
      const std::uint8_t* c = &in.rgb[(std::size_t(y1) * in.width + x0) * 3];
      const std::uint8_t* d = &in.rgb[(std::size_t(y1) * in.width + x1) * 3];
      std::uint8_t* o = out.at(x, y);
      for (int k = 0; k < 3; ++k) {
        double top = a[k] + fx * (b[k] - a[k]), bottom = c[k] + fx * (d[k] - c[k]);
        o[k] = std::uint8_t(std::lround(top + fy * (bottom - top)));
      }
    }
  }
  return out;
}

Picture mirrored(const Picture& in) {  // left ↔ right
  Picture out = in;
  for (int y = 0; y < in.height; ++y) {
    for (int x = 0; x < in.width; ++x) {
      const std::uint8_t* s = &in.rgb[(std::size_t(y) * in.width + (in.width - 1 - x)) * 3];
      std::copy(s, s + 3, out.at(x, y));
    }
  }
  return out;
}

Picture rotated90(const Picture& in) {  // a quarter turn clockwise
  Picture out{in.height, in.width, Bytes(in.rgb.size())};
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      const std::uint8_t* s = &in.rgb[(std::size_t(in.height - 1 - x) * in.width + y) * 3];
      std::copy(s, s + 3, out.at(x, y));
    }
  }
  return out;
}

Bytes jpeg(const Picture& p, int quality) {
  tjhandle handle = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;
  if (tjCompress2(handle, p.rgb.data(), p.width, 0, p.height, TJPF_RGB, &out, &size, TJSAMP_420,
                  quality, 0) != 0) {
    throw std::runtime_error(tjGetErrorStr2(handle));
  }
  Bytes bytes(out, out + size);
  tjFree(out);
  tjDestroy(handle);
  return bytes;
}

Bytes png(const Picture& p) {
  std::unique_ptr<spng_ctx, void (*)(spng_ctx*)> ctx(spng_ctx_new(SPNG_CTX_ENCODER), spng_ctx_free);
  spng_set_option(ctx.get(), SPNG_ENCODE_TO_BUFFER, 1);
  spng_ihdr ihdr{};
  ihdr.width = std::uint32_t(p.width);
  ihdr.height = std::uint32_t(p.height);
  ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR;
  ihdr.bit_depth = 8;
  spng_set_ihdr(ctx.get(), &ihdr);
  int rc =
      spng_encode_image(ctx.get(), p.rgb.data(), p.rgb.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
  if (rc != 0) throw std::runtime_error(spng_strerror(rc));
  std::size_t size = 0;
  int error = 0;
  auto* buffer = static_cast<std::uint8_t*>(spng_get_png_buffer(ctx.get(), &size, &error));
  Bytes bytes(buffer, buffer + size);
  std::free(buffer);
  return bytes;
}

Bytes webp(const Picture& p) {
  std::uint8_t* out = nullptr;
  std::size_t size = WebPEncodeRGB(p.rgb.data(), p.width, p.height, p.width * 3, 90, &out);
  if (size == 0) throw std::runtime_error("WebP encoding failed");
  Bytes bytes(out, out + size);
  WebPFree(out);
  return bytes;
}

void save(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

void save(const std::string& path, const std::string& text) {
  save(path, Bytes(text.begin(), text.end()));
}

void test_set(const std::string& dir) {
  Picture street = scene(320, 240, 1, 6);
  save(dir + "/street.jpg", jpeg(street, 90));
  save(dir + "/street-small.jpg", jpeg(resized(street, 160, 120), 90));
  save(dir + "/street-q40.jpg", jpeg(street, 40));
  save(dir + "/street-mirror.jpg", jpeg(mirrored(street), 90));
  save(dir + "/street-rot90.jpg", jpeg(rotated90(street), 90));
  save(dir + "/station.png", png(scene(200, 150, 2, 0)));
  save(dir + "/market.webp", webp(scene(160, 160, 3, 4)));
  Picture flat{64, 64, Bytes(64 * 64 * 3, 128)};  // no detail at all: quality 0
  save(dir + "/flat-grey.png", png(flat));
  Bytes whole = jpeg(scene(320, 240, 4, 6), 90);
  save(dir + "/truncated.jpg", Bytes(whole.begin(), whole.begin() + long(whole.size() / 3)));
  Bytes corrupt = whole;
  for (std::size_t i = 200; i < corrupt.size(); i += 7) corrupt[i] = std::uint8_t(i * 31);
  save(dir + "/corrupt.jpg", corrupt);
  save(dir + "/empty.jpg", Bytes{});
  save(dir + "/notes.jpg", std::string("not a photo, just text\n"));
  // A 30000×30000 PNG header over a few bytes of data: the pixel limit must refuse it unread.
  Bytes bomb = png(Picture{1, 1, Bytes(3, 0)});
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bomb[at + i] = std::uint8_t(v >> (24 - 8 * i));
  };
  put32(16, 30000);
  put32(20, 30000);
  std::uint32_t crc = 0xFFFFFFFFu;  // over the chunk type and data: bytes 12..28
  for (std::size_t i = 12; i < 29; ++i) {
    crc ^= bomb[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  put32(29, ~crc);
  save(dir + "/bomb.png", bomb);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string what = argc > 2 ? argv[1] : "";
    if (what == "tests" && argc == 3) {
      test_set(argv[2]);
    } else {
      std::fputs("usage: make_photo_set tests DIR\n", stderr);
      return 2;
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "make_photo_set: %s\n", error.what());
    return 1;
  }
  return 0;
}
