// An ordered parallel map for record filters: the calling thread reads items into batches,
// N worker threads turn each batch into results, and the calling thread consumes the results
// in input order.  Memory is bounded: at most `batches_in_flight` batches exist at a time, and
// their buffers are reused, so a stream of any length runs in constant memory.
//
//   OrderedParallelMap<Line, Out> map({.threads = 4});
//   map.run([&](Line& item) { return reader.next(item); },            // calling thread
//           [&](unsigned thread) { return Worker(...); },              // one per thread
//           [&](Line& item, Out& out) { writer.write(out); });         // calling thread, in order
//
// A worker is any callable `void(Item&, Result&)` made by the factory once per thread, so
// expensive per-thread state (ICU transliterators, parsers) is built once.  With one thread
// the work runs inline on the calling thread, with no threads started.  An exception thrown
// by a worker stops the run and is rethrown by run() on the calling thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace reunite {

struct OrderedParallelOptions {
  unsigned threads = 1;
  std::size_t batch_items = 256;      // items per batch
  std::size_t batches_in_flight = 0;  // 0: 2 × threads + 1
};

// The number of threads for -j 0 ("all cores"): std::thread::hardware_concurrency(), at least 1.
unsigned available_cores();

template <class Item, class Result>
class OrderedParallelMap {
 public:
  using Work = std::function<void(Item&, Result&)>;

  explicit OrderedParallelMap(OrderedParallelOptions options) : options_(options) {
    if (options_.threads == 0) options_.threads = 1;
    if (options_.batch_items == 0) options_.batch_items = 1;
    if (options_.batches_in_flight == 0) options_.batches_in_flight = 2 * options_.threads + 1;
  }

  // produce(item) fills the next item, false at the end of the input.
  template <class Produce, class MakeWorker, class Consume>
  void run(Produce&& produce, MakeWorker&& make_worker, Consume&& consume) {
    if (options_.threads == 1) {
      run_inline(produce, make_worker, consume);
    } else {
      run_threaded(produce, make_worker, consume);
    }
  }

 private:
  struct Batch {
    std::vector<Item> items;
    std::vector<Result> results;
    std::size_t size = 0;
    bool done = false;
  };

  template <class Produce, class MakeWorker, class Consume>
  void run_inline(Produce& produce, MakeWorker& make_worker, Consume& consume) {
    Work work = make_worker(0u);
    Item item{};
    Result result{};
    while (produce(item)) {
      work(item, result);
      consume(item, result);
    }
  }

  // Fills a batch from the producer; returns false if it stayed empty.
  template <class Produce>
  bool fill(Batch& batch, Produce& produce) {
    batch.size = 0;
    batch.done = false;
    if (batch.items.size() < options_.batch_items) {
      batch.items.resize(options_.batch_items);
      batch.results.resize(options_.batch_items);
    }
    while (batch.size < options_.batch_items && produce(batch.items[batch.size])) ++batch.size;
    return batch.size > 0;
  }

  template <class Produce, class MakeWorker, class Consume>
  void run_threaded(Produce& produce, MakeWorker& make_worker, Consume& consume) {
    std::vector<Batch> batches(options_.batches_in_flight);
    std::deque<Batch*> free_batches;
    for (auto& batch : batches) free_batches.push_back(&batch);
    std::deque<Batch*> queued;    // filled, waiting for a worker
    std::deque<Batch*> in_order;  // every filled batch, in input order
    bool input_done = false;
    std::exception_ptr failure;
    std::mutex mutex;
    std::condition_variable work_ready;
    std::condition_variable batch_done;

    auto worker_loop = [&](unsigned thread) {
      Work work;
      try {
        work = make_worker(thread);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        batch_done.notify_all();
        work_ready.notify_all();
        return;
      }
      for (;;) {
        Batch* batch = nullptr;
        {
          std::unique_lock lock(mutex);
          work_ready.wait(lock, [&] { return !queued.empty() || input_done || failure; });
          if (failure || queued.empty()) return;
          batch = queued.front();
          queued.pop_front();
        }
        try {
          for (std::size_t i = 0; i < batch->size; ++i) work(batch->items[i], batch->results[i]);
        } catch (...) {
          std::lock_guard lock(mutex);
          if (!failure) failure = std::current_exception();
        }
        {
          std::lock_guard lock(mutex);
          batch->done = true;
        }
        batch_done.notify_all();
      }
    };

    std::vector<std::thread> threads;
    auto stop = [&] {
      {
        std::lock_guard lock(mutex);
        input_done = true;
      }
      work_ready.notify_all();
      for (auto& thread : threads) thread.join();
      threads.clear();
    };
    try {
      for (unsigned t = 0; t < options_.threads; ++t) threads.emplace_back(worker_loop, t);
      // Consumes finished batches at the front of the order; with `wait`, blocks for one.
      auto drain = [&](bool wait) {
        for (;;) {
          Batch* front = nullptr;
          {
            std::unique_lock lock(mutex);
            if (wait)
              batch_done.wait(
                  lock, [&] { return failure || (!in_order.empty() && in_order.front()->done); });
            if (failure) std::rethrow_exception(failure);
            if (in_order.empty() || !in_order.front()->done) return;
            front = in_order.front();
            in_order.pop_front();
          }
          for (std::size_t i = 0; i < front->size; ++i) consume(front->items[i], front->results[i]);
          free_batches.push_back(front);
          wait = false;
        }
      };
      for (;;) {
        if (free_batches.empty()) drain(true);
        Batch* batch = free_batches.front();
        free_batches.pop_front();
        if (!fill(*batch, produce)) {
          free_batches.push_back(batch);
          break;
        }
        {
          std::lock_guard lock(mutex);
          queued.push_back(batch);
          in_order.push_back(batch);
        }
        work_ready.notify_one();
        drain(false);
      }
      for (;;) {
        {
          std::lock_guard lock(mutex);
          if (in_order.empty()) break;
        }
        drain(true);
      }
      stop();
      if (failure) std::rethrow_exception(failure);
    } catch (...) {
      {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
      }
      stop();
      throw;
    }
  }

  OrderedParallelOptions options_;
};

}  // namespace reunite
