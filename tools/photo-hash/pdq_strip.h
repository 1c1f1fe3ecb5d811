// Strips: eight image rows side by side, one per vector lane, so the row box filter runs
// eight independent rows at once with the reference's exact scalar operation order per lane.
// Internal to pdq_filter.cpp.
#pragma once

#include <span>

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

// The hot loops are compiled twice, for AVX2 and for the x86-64 baseline, and the loader picks
// one per machine (GCC/Clang function multiversioning).  Only the vector width differs: each
// lane does the same IEEE operations in the same order (no FMA: -ffp-contract=off), so hashes
// are identical whichever runs.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(REUNITE_PDQ_NO_MULTIVERSION)
#define REUNITE_PDQ_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#else
#define REUNITE_PDQ_MULTIVERSION
#endif

namespace reunite::photo::pdq_steps::strip {

// GCC/Clang vector extension: elementwise IEEE float ops, so each lane is bit-identical to the
// scalar reference (a 4-wide ISA runs it as two halves).  The alignment is spelled out because
// the compiler's default differs between the baseline (16) and the AVX2 clones (32).
inline constexpr int kLanes = 8;
using Lanes = float __attribute__((vector_size(kLanes * sizeof(float)), aligned(32)));

// strip[c][k] = rows[k][c] for c < cols, k < 8.  Rows beyond an image's last are given as a
// row of zeros by the caller; their lanes are computed and never stored.
inline void gather(const float* const rows[kLanes], int cols, Lanes* strip) {
  int c = 0;
#if defined(__SSE2__)
  // 4×4 register transposes: a quarter of the instructions of lane-by-lane stores.
  float* out = reinterpret_cast<float*>(strip);  // vector types alias their element type
  for (; c + 4 <= cols; c += 4) {
    for (int half = 0; half < 2; ++half) {
      const float* const* r = rows + 4 * half;
      __m128 a = _mm_loadu_ps(r[0] + c), b = _mm_loadu_ps(r[1] + c);
      __m128 d = _mm_loadu_ps(r[2] + c), e = _mm_loadu_ps(r[3] + c);
      _MM_TRANSPOSE4_PS(a, b, d, e);
      float* base = out + c * kLanes + 4 * half;
      _mm_store_ps(base, a);
      _mm_store_ps(base + kLanes, b);
      _mm_store_ps(base + 2 * kLanes, d);
      _mm_store_ps(base + 3 * kLanes, e);
    }
  }
#endif
  for (; c < cols; ++c) {
    for (int k = 0; k < kLanes; ++k) strip[c][k] = rows[k][c];
  }
}

// rows[k][c] = strip[c][k] for the first `lanes` rows.
inline void scatter(const Lanes* strip, int cols, float* const rows[kLanes], int lanes) {
  int c = 0;
#if defined(__SSE2__)
  if (lanes == kLanes) {
    const float* in = reinterpret_cast<const float*>(strip);
    for (; c + 4 <= cols; c += 4) {
      for (int half = 0; half < 2; ++half) {
        const float* base = in + c * kLanes + 4 * half;
        __m128 a = _mm_load_ps(base), b = _mm_load_ps(base + kLanes);
        __m128 d = _mm_load_ps(base + 2 * kLanes), e = _mm_load_ps(base + 3 * kLanes);
        _MM_TRANSPOSE4_PS(a, b, d, e);
        float* const* r = rows + 4 * half;
        _mm_storeu_ps(r[0] + c, a);
        _mm_storeu_ps(r[1] + c, b);
        _mm_storeu_ps(r[2] + c, d);
        _mm_storeu_ps(r[3] + c, e);
      }
    }
  }
#endif
  for (int k = 0; k < lanes; ++k) {
    for (int j = c; j < cols; ++j) rows[k][j] = strip[j][k];
  }
}

// rows[k][j] = strip[columns[j]][k]: only the columns a later step reads.
inline void scatter_columns(const Lanes* strip, std::span<const int> columns,
                            float* const rows[kLanes], int lanes) {
  for (int k = 0; k < lanes; ++k) {
    for (std::size_t j = 0; j < columns.size(); ++j) rows[k][j] = strip[columns[j]][k];
  }
}

}  // namespace reunite::photo::pdq_steps::strip
