// -j for dedupe's pair loops: [0, count) cut into contiguous ranges, one per thread.  Each index
// writes only its own result slots, so the output is the same bytes whatever the thread count.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace reunite::dedupe {

// Below this many items a second thread costs more than it saves.
constexpr std::size_t kMinItemsPerThread = 4096;

// Calls work(begin, end, thread) for the ranges; on the calling thread alone when `threads` is 1
// or the work is small.  An exception thrown by a range is rethrown here after all have ended.
template <class Work>
void for_each_range(std::size_t count, unsigned threads, Work&& work) {
  std::size_t useful = std::max<std::size_t>(1, count / kMinItemsPerThread);
  std::size_t parts = std::min<std::size_t>(std::max(1u, threads), useful);
  if (parts <= 1) {
    work(std::size_t{0}, count, 0u);
    return;
  }
  std::exception_ptr failure;
  std::mutex failure_lock;
  std::vector<std::thread> pool;
  pool.reserve(parts);
  for (std::size_t t = 0; t < parts; ++t) {
    std::size_t begin = count * t / parts, end = count * (t + 1) / parts;
    pool.emplace_back([&, begin, end, t] {
      try {
        work(begin, end, static_cast<unsigned>(t));
      } catch (...) {
        std::lock_guard<std::mutex> hold(failure_lock);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace reunite::dedupe
