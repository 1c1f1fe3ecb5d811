// Says whether a PNG screenshot shows something: prints "WIDTHxHEIGHT colours=N ink=P%" where
// colours counts distinct RGB values (quantised to 5 bits a channel) and ink is the share of
// pixels that are not near-white.  Exit 0 when it decoded, 1 otherwise.  Used by the headless
// Chromium test of reunite-report's HTML (tests/cli/report/browser/run).
#include <spng.h>

#include <cstdio>
#include <memory>
#include <unordered_set>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: report-png-check FILE.png\n");
    return 2;
  }
  std::FILE* file = std::fopen(argv[1], "rb");
  if (!file) {
    std::perror(argv[1]);
    return 1;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned(file, std::fclose);
  std::unique_ptr<spng_ctx, void (*)(spng_ctx*)> ctx(spng_ctx_new(0), spng_ctx_free);
  spng_set_png_file(ctx.get(), file);
  spng_ihdr header{};
  std::size_t size = 0;
  if (spng_get_ihdr(ctx.get(), &header) ||
      spng_decoded_image_size(ctx.get(), SPNG_FMT_RGBA8, &size)) {
    std::fprintf(stderr, "%s: not a PNG\n", argv[1]);
    return 1;
  }
  std::vector<unsigned char> pixels(size);
  if (spng_decode_image(ctx.get(), pixels.data(), size, SPNG_FMT_RGBA8, 0)) {
    std::fprintf(stderr, "%s: corrupt PNG\n", argv[1]);
    return 1;
  }
  std::unordered_set<unsigned> colours;
  std::size_t ink = 0, count = size / 4;
  for (std::size_t i = 0; i < size; i += 4) {
    unsigned r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
    colours.insert((r >> 3) << 10 | (g >> 3) << 5 | (b >> 3));
    if (r < 235 || g < 235 || b < 235) ++ink;
  }
  std::printf("%ux%u colours=%zu ink=%.1f%%\n", header.width, header.height, colours.size(),
              count ? 100.0 * static_cast<double>(ink) / static_cast<double>(count) : 0.0);
  return 0;
}
