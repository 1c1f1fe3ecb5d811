// The generator's source of randomness: xoshiro256** seeded by SplitMix64, with its own
// distributions.  The standard library's distributions are not specified bit for bit (libstdc++
// and libc++ differ), and a world must be the same bytes for the same --seed everywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace reunite::synth {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Random {
 public:
  // Streams with the same seed and different `stream` values are independent, so that adding
  // photos to a world does not change its DNA.
  explicit Random(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& word : s_) word = splitmix64(state);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  bool chance(double probability) { return uniform() < probability; }

  // Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    unsigned __int128 product = static_cast<unsigned __int128>(next()) * n;
    std::uint64_t low = static_cast<std::uint64_t>(product);
    if (low < n) {
      const std::uint64_t threshold = -n % n;
      while (low < threshold) {
        product = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }
  int between(int low, int high) {  // inclusive
    return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low + 1)));
  }

  // Standard normal (Box-Muller; one value per call keeps the stream simple to reason about).
  double normal() {
    double u = uniform();
    while (u <= 0) u = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
  }

  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[below(items.size())];
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// Draws an index with probability proportional to its weight (cumulative table, binary search).
class WeightedChoice {
 public:
  WeightedChoice() = default;
  explicit WeightedChoice(std::span<const double> weights);
  int draw(Random& random) const;
  int size() const { return static_cast<int>(cumulative_.size()); }

 private:
  std::vector<double> cumulative_;
};

// A bijection of 32-bit numbers (an invertible integer hash), keyed by the seed: distinct
// indices always give distinct ids, and the ids reveal neither the order nor the family.
std::uint32_t permute_id(std::uint32_t index, std::uint64_t key);

}  // namespace reunite::synth
