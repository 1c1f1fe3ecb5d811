// PDQ steps 7–10 and the dihedral transforms: everything after the 64×64 block.
#include <cmath>
#include <cstdlib>
#include <numbers>

#include "pdq_steps.h"

namespace reunite::photo::pdq_steps {

int quality_metric(const std::array<float, 64 * 64>& block) {
  // d = (int)(((u − v)·100) / 255): float product and quotient, truncated (PDQ.md step 7).
  auto step = [](float u, float v) {
    int d = static_cast<int>(((u - v) * 100) / 255);
    return std::abs(d);
  };
  int gradient_sum = 0;
  for (int i = 0; i < 63; ++i) {
    for (int j = 0; j < 64; ++j) gradient_sum += step(block[i * 64 + j], block[(i + 1) * 64 + j]);
  }
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 63; ++j) gradient_sum += step(block[i * 64 + j], block[i * 64 + j + 1]);
  }
  int quality = gradient_sum / 90;
  return quality > 100 ? 100 : quality;
}

namespace {

// D[i][j] = s·cos((π/128)·(i+1)·(2j+1)) with s = (float)sqrt(2/64): the product in double,
// stored as float (PDQ.md step 8).  Kept both as D (16×64) and Dᵀ (64×16) so both matrix
// products read memory in order.
struct DctMatrix {
  std::array<float, 16 * 64> d;
  std::array<float, 64 * 16> d_transposed;

  DctMatrix() {
    const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));
    for (int i = 0; i < 16; ++i) {
      for (int j = 0; j < 64; ++j) {
        double angle = (std::numbers::pi / 2 / 64.0) * (i + 1) * (2 * j + 1);
        float value = static_cast<float>(scale * std::cos(angle));
        d[i * 64 + j] = value;
        d_transposed[j * 16 + i] = value;
      }
    }
  }
};

const DctMatrix& dct_matrix() {
  static const DctMatrix matrix;
  return matrix;
}

}  // namespace

// Each output is a float sum over k ascending, as in the reference; the loops run k outermost
// so the compiler vectorises across j without changing any single sum's order.
void dct_64_to_16(const std::array<float, 64 * 64>& block, std::array<float, 16 * 16>& out) {
  const DctMatrix& m = dct_matrix();
  std::array<float, 16 * 64> t{};  // T = D·A
  for (int i = 0; i < 16; ++i) {
    float* t_row = &t[i * 64];
    for (int k = 0; k < 64; ++k) {
      const float dik = m.d[i * 64 + k];
      const float* a_row = &block[k * 64];
      for (int j = 0; j < 64; ++j) t_row[j] += dik * a_row[j];
    }
  }
  out.fill(0.0f);  // B = T·Dᵀ
  for (int i = 0; i < 16; ++i) {
    float* b_row = &out[i * 16];
    for (int k = 0; k < 64; ++k) {
      const float tik = t[i * 64 + k];
      const float* dt_row = &m.d_transposed[k * 16];
      for (int j = 0; j < 16; ++j) b_row[j] += tik * dt_row[j];
    }
  }
}

// Torben's method: bisect between min and max on the counts of values below and above a guess.
// The returned value (largest below, the guess, or smallest above) decides ties at the
// threshold, so it must be this method and not a sort.
float torben_median(std::span<const float> values) {
  const int n = static_cast<int>(values.size());
  const int half = (n + 1) / 2;
  float min = values[0], max = values[0];
  for (float v : values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (;;) {
    const float guess = (min + max) / 2;
    int less = 0, greater = 0, equal = 0;
    float max_below = min, min_above = max;
    for (float v : values) {
      if (v < guess) {
        ++less;
        if (v > max_below) max_below = v;
      } else if (v > guess) {
        ++greater;
        if (v < min_above) min_above = v;
      } else {
        ++equal;
      }
    }
    if (less <= half && greater <= half) {
      if (less >= half) return max_below;
      if (less + equal >= half) return guess;
      return min_above;
    }
    if (less > greater) {
      max = max_below;
    } else {
      min = min_above;
    }
  }
}

Pdq256 bits_above_median(const std::array<float, 16 * 16>& coefficients) {
  const float median = torben_median(coefficients);
  Pdq256 hash;
  for (int k = 0; k < 256; ++k) {
    if (coefficients[k] > median) hash.set_bit(k);
  }
  return hash;
}

// A rotation or mirror of the image changes the sign of odd-frequency basis functions along the
// reversed axis and transposes for quarter turns, so B' comes from B without re-hashing.
void dihedral_coefficients(const std::array<float, 16 * 16>& a, Dihedral d,
                           std::array<float, 16 * 16>& out) {
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      const float v = a[i * 16 + j];
      const bool i_odd = i & 1, j_odd = j & 1, sum_odd = (i + j) & 1;
      switch (d) {
        case Dihedral::original:
          out[i * 16 + j] = v;
          break;
        case Dihedral::rotate90:
          out[j * 16 + i] = j_odd ? v : -v;
          break;
        case Dihedral::rotate180:
          out[i * 16 + j] = sum_odd ? -v : v;
          break;
        case Dihedral::rotate270:
          out[j * 16 + i] = i_odd ? v : -v;
          break;
        case Dihedral::flipx:
          out[i * 16 + j] = i_odd ? v : -v;
          break;
        case Dihedral::flipy:
          out[i * 16 + j] = j_odd ? v : -v;
          break;
        case Dihedral::flip_plus1:
          out[j * 16 + i] = v;
          break;
        case Dihedral::flip_minus1:
          out[j * 16 + i] = sum_odd ? -v : v;
          break;
      }
    }
  }
}

}  // namespace reunite::photo::pdq_steps
