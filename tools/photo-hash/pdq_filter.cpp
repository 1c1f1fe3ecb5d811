// PDQ steps 5–6: the Jarosz box filter and decimation to 64×64, streamed.
//
// Speed without changing a bit.  The reference filters whole planes one row (or column) at a
// time: a serial chain of dependent float adds, a stride that is cache-hostile, and four passes
// over a plane that does not fit in cache (~11 ms for a 1600×1200 photo).  Every output's
// sequence of float operations is fixed, but nothing forces that schedule:
// - rows run eight at a time, one per vector lane (pdq_strip.h);
// - the column filter keeps one running sum per column and takes rows in memory order, so each
//   step is a contiguous vector loop;
// - the passes are chained row by row: luma rows are produced, row-filtered and column-filtered
//   through a ring of a few rows, so no full-size plane is ever written;
// - the second pass keeps only the 64 columns the decimation reads, after its row filter.
#include <algorithm>
#include <memory>
#include <vector>

#include "pdq_steps.h"
#include "pdq_strip.h"

namespace reunite::photo::pdq_steps {

namespace {

using strip::kLanes;
using strip::Lanes;

// The reference 1-D box filter (PDQ.md step 5) as its four phases; `add`, `subtract` and
// `emit` act on one sample index, whether that is a lane strip or a row of per-column sums.
template <class Add, class Subtract, class Emit>
inline void box_phases(int length, int window, Add add, Subtract subtract, Emit emit) {
  const int half = (window + 2) / 2;
  int right = 0, left = 0, out = 0, count = 0;
  for (int i = 0; i < half - 1; ++i, ++count) add(right++);
  for (int i = 0; i < window - half + 1; ++i) {
    add(right++);
    emit(out++, ++count);
  }
  for (int i = 0; i < length - window; ++i) {
    add(right++);  // add before subtract: the order of float operations is the reference's
    subtract(left++);
    emit(out++, count);
  }
  for (int i = 0; i < half - 1; ++i) {
    subtract(left++);
    emit(out++, --count);
  }
}

// (old + 2·64 − 1) / (2·64) (PDQ.md step 5).
int window_size(int old_size) {
  return (old_size + 128 - 1) / 128;
}

// Step 6: output index i reads input ⌊(i + 0.5)·size/64⌋ (double, truncated).
std::array<int, 64> decimation_indices(int size) {
  std::array<int, 64> index{};
  for (int i = 0; i < 64; ++i) index[i] = static_cast<int>(((i + 0.5) * size) / 64);
  return index;
}

// Box along a strip: eight rows' filters in lockstep.  The phases of box_phases written out,
// because the compiler keeps `sum` in a register only this way (through the lambdas it went to
// memory each step, adding store-forwarding latency to the serial chain).
REUNITE_PDQ_MULTIVERSION
void box_strip(const Lanes* __restrict samples, Lanes* __restrict filtered, int cols, int window) {
  const int half = (window + 2) / 2;
  Lanes sum{};
  int right = 0, left = 0, out = 0, count = 0;
  for (int i = 0; i < half - 1; ++i, ++count) sum += samples[right++];
  for (int i = 0; i < window - half + 1; ++i) {
    sum += samples[right++];
    filtered[out++] = sum / static_cast<float>(++count);
  }
  const float divisor = static_cast<float>(count);
  for (int i = 0; i < cols - window; ++i) {
    sum += samples[right++];
    sum -= samples[left++];
    filtered[out++] = sum / divisor;
  }
  for (int i = 0; i < half - 1; ++i) {
    sum -= samples[left++];
    filtered[out++] = sum / static_cast<float>(--count);
  }
}

// Box along every column of a rows × cols plane held in memory (the narrow second pass).
REUNITE_PDQ_MULTIVERSION
void box_columns(const float* in, float* out, int rows, int cols, int window,
                 std::vector<float>& sums) {
  sums.assign(std::size_t(cols), 0.0f);
  float* sum = sums.data();
  box_phases(
      rows, window,
      [&](int r) {
        const float* x = in + std::size_t(r) * cols;
        for (int c = 0; c < cols; ++c) sum[c] += x[c];
      },
      [&](int r) {
        const float* x = in + std::size_t(r) * cols;
        for (int c = 0; c < cols; ++c) sum[c] -= x[c];
      },
      [&](int o, int count) {
        float* y = out + std::size_t(o) * cols;
        const float divisor = static_cast<float>(count);
        for (int c = 0; c < cols; ++c) y[c] = sum[c] / divisor;
      });
}

// Working memory, kept per thread between images (sized by the largest image seen).
struct Buffers {
  std::vector<float> ring;      // pass 1: luma rows, row-filtered in place
  std::vector<float> staging;   // pass 1 column-filter output, eight rows at a time
  std::vector<float> narrow;    // pass 2 row-filter output, the 64 decimated columns
  std::vector<float> filtered;  // pass 2 column-filter output of `narrow`
  std::vector<float> sums;
  std::vector<float> zeros;
  std::vector<float> strip_storage;  // 2·cols Lanes, 32-byte aligned by strip()

  // std::vector<Lanes> would not do: its allocation alignment follows the baseline compile's
  // alignof (16), while the AVX2 clones need 32.
  Lanes* strip() {
    void* p = strip_storage.data();
    std::size_t space = strip_storage.size() * sizeof(float);
    return static_cast<Lanes*>(std::align(alignof(Lanes), sizeof(Lanes), p, space));
  }
};

class JaroszStream {
 public:
  JaroszStream(const LumaRows& luma, Buffers& buffers);
  void run(std::array<float, 64 * 64>& out);

 private:
  float* ring_row(int r) { return &b_.ring[std::size_t(r % ring_rows_) * cols_]; }
  void produce_rows(int first);
  void add_row(int r);
  void subtract_row(int r);
  void emit_row(int o, int count);
  void flush_staging(int first, int count);
  void filter_strip(const float* const rows[kLanes]);

  const LumaRows& luma_;
  Buffers& b_;
  const int rows_, cols_;
  const int window_along_rows_, window_along_cols_;
  const int ring_rows_;
  const std::array<int, 64> col_index_;
  int produced_ = 0;  // rows [0, produced_) have been read and row-filtered
};

JaroszStream::JaroszStream(const LumaRows& luma, Buffers& buffers)
    : luma_(luma),
      b_(buffers),
      rows_(luma.rows),
      cols_(luma.cols),
      window_along_rows_(window_size(luma.cols)),
      window_along_cols_(window_size(luma.rows)),
      // Live rows while adding row r: r − window (to subtract) up to the end of r's block.
      ring_rows_(window_along_cols_ + 2 * kLanes),
      col_index_(decimation_indices(luma.cols)) {
  b_.ring.resize(std::size_t(ring_rows_) * cols_);
  b_.staging.resize(std::size_t(kLanes) * cols_);
  b_.narrow.resize(std::size_t(rows_) * 64);
  b_.filtered.resize(std::size_t(rows_) * 64);
  b_.sums.assign(std::size_t(cols_), 0.0f);
  b_.zeros.assign(std::size_t(cols_), 0.0f);
  b_.strip_storage.resize(2 * std::size_t(cols_) * kLanes + kLanes);
}

// Runs the row filter over eight rows (missing rows are zeros), leaving the result in strip[1].
void JaroszStream::filter_strip(const float* const rows[kLanes]) {
  Lanes* samples = b_.strip();
  Lanes* filtered = samples + cols_;
  strip::gather(rows, cols_, samples);
  box_strip(samples, filtered, cols_, window_along_rows_);
}

// Pass 1, rows: reads the next block of luma rows into the ring and row-filters it in place.
void JaroszStream::produce_rows(int first) {
  const int lanes = std::min(kLanes, rows_ - first);
  float* rows[kLanes];
  for (int k = 0; k < kLanes; ++k) {
    rows[k] = k < lanes ? ring_row(first + k) : b_.zeros.data();
    if (k < lanes) luma_.read(first + k, rows[k]);
  }
  filter_strip(rows);
  strip::scatter(b_.strip() + cols_, cols_, rows, lanes);
  produced_ = first + lanes;
}

// Pass 1, columns: the running sums take whole rows in order.
REUNITE_PDQ_MULTIVERSION
void JaroszStream::add_row(int r) {
  if (r >= produced_) produce_rows(produced_);
  const float* x = ring_row(r);
  float* sum = b_.sums.data();
  for (int c = 0; c < cols_; ++c) sum[c] += x[c];
}

REUNITE_PDQ_MULTIVERSION
void JaroszStream::subtract_row(int r) {
  const float* x = ring_row(r);
  float* sum = b_.sums.data();
  for (int c = 0; c < cols_; ++c) sum[c] -= x[c];
}

REUNITE_PDQ_MULTIVERSION
void JaroszStream::emit_row(int o, int count) {
  float* y = &b_.staging[std::size_t(o % kLanes) * cols_];
  const float* sum = b_.sums.data();
  const float divisor = static_cast<float>(count);
  for (int c = 0; c < cols_; ++c) y[c] = sum[c] / divisor;
  if (o % kLanes == kLanes - 1 || o == rows_ - 1) flush_staging(o - o % kLanes, o % kLanes + 1);
}

// Pass 2, rows: filters the staged rows and keeps the 64 columns the decimation reads.
void JaroszStream::flush_staging(int first, int count) {
  const float* in[kLanes];
  float* out[kLanes];
  for (int k = 0; k < kLanes; ++k) {
    in[k] = k < count ? &b_.staging[std::size_t(k) * cols_] : b_.zeros.data();
    out[k] = k < count ? &b_.narrow[std::size_t(first + k) * 64] : nullptr;
  }
  filter_strip(in);
  strip::scatter_columns(b_.strip() + cols_, col_index_, out, count);
}

void JaroszStream::run(std::array<float, 64 * 64>& out) {
  box_phases(
      rows_, window_along_cols_, [&](int r) { add_row(r); }, [&](int r) { subtract_row(r); },
      [&](int o, int count) { emit_row(o, count); });
  // Pass 2, columns, on the 64 kept columns only; then the 64 decimated rows.
  box_columns(b_.narrow.data(), b_.filtered.data(), rows_, 64, window_along_cols_, b_.sums);
  const std::array<int, 64> row_index = decimation_indices(rows_);
  for (int i = 0; i < 64; ++i) {
    std::copy_n(&b_.filtered[std::size_t(row_index[i]) * 64], 64, out.begin() + i * 64);
  }
}

}  // namespace

void filter_and_decimate(const LumaRows& luma, std::array<float, 64 * 64>& out) {
  if (luma.rows == 64 && luma.cols == 64) {  // the reference skips the filter (step 6)
    for (int y = 0; y < 64; ++y) luma.read(y, out.data() + y * 64);
    return;
  }
  thread_local Buffers buffers;
  JaroszStream(luma, buffers).run(out);
}

}  // namespace reunite::photo::pdq_steps
