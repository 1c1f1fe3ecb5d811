// libcommon's InputFile on zstd input: the bytes are given the zstd magic number (so the
// mutations exercise the decoder, not the sniffing) and read to the end, or to 16 MiB of
// decoded bytes (a bomb must stream, never be held whole: the memory limit of the fuzzer
// checks that).
#include <cstring>
#include <vector>

#include "fuzz_support.h"
#include "reunite/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite;
  static const std::uint8_t kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
  std::vector<std::uint8_t> bytes;
  if (size < 4 || std::memcmp(data, kMagic, 4) != 0) bytes.assign(kMagic, kMagic + 4);
  bytes.insert(bytes.end(), data, data + size);
  fuzz::MemoryFile file(bytes.data(), bytes.size());
  try {
    InputFile input(file.path());
    (void)input.peek(size % 100);
    std::vector<char> buffer(1 + size % 5000);
    std::size_t total = 0;
    while (total < (std::size_t{16} << 20)) {
      std::size_t n = input.read(buffer.data(), buffer.size());
      if (n == 0) break;
      total += n;
    }
  } catch (const FatalError&) {
    // a corrupt frame is a clean error
  }
  return 0;
}
