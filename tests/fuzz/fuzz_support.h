// Shared pieces of the fuzz harnesses: the fuzzer's bytes as a file the tools can open by
// name (a memfd, so no disk is touched), and sinks that swallow what the tools write.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reunite/io.h"
#include "reunite/record_stream.h"
#include "reunite/rejects.h"

namespace reunite::fuzz {

// The bytes as a file named /proc/self/fd/N, for APIs that take a path.
class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size) {
    fd_ = memfd_create("fuzz", 0);
    if (fd_ < 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Records and rejects go to /dev/null (written in full, so their formatting runs too).
struct NullSinks {
  Stats stats;
  OutputFile output{"/dev/null"};
  RecordWriter writer{output, stats};
  Rejects rejects{"fuzz", "/dev/null", true, stats};
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace reunite::fuzz
