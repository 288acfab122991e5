// Deterministic random numbers for the synthetic data generator
// (`eventgraph generate`).
//
// Everything here is integer arithmetic: the generator (xoshiro256**,
// seeded through splitmix64) and every sampler are written out in this
// file rather than taken from <random>, whose distributions differ between
// standard libraries, and no floating point is used, so a seed gives the
// same numbers on every platform and compiler.
//
// A SynthRng or WeightedTable object is not thread-safe for mutation; a
// WeightedTable is immutable once built and may be shared between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace eventgraph::client {

// One step of splitmix64: advances *state and returns the next output.
uint64_t SplitMix64(uint64_t* state);

// A stateless 64-bit mix (splitmix64's finalizer): different inputs give
// well-spread, practically independent outputs. Used to derive sub-seeds.
uint64_t Mix64(uint64_t value);

// Mix64 of two values, order-sensitive.
inline uint64_t Mix64(uint64_t a, uint64_t b) {
  return Mix64(Mix64(a) ^ (b + 0x9e3779b97f4a7c15ULL));
}

// Probability thresholds for SynthRng::Chance: `per_million` in 0..1e6.
constexpr uint32_t PerMillion(uint32_t per_million) {
  return static_cast<uint32_t>((static_cast<uint64_t>(per_million) << 32) /
                               1'000'000);
}

// xoshiro256** (Blackman and Vigna), seeded with splitmix64.
class SynthRng {
 public:
  explicit SynthRng(uint64_t seed);

  // The next 64 random bits.
  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n), without bias (Lemire's multiply-and-reject).
  // REQUIRES: n > 0.
  uint64_t Below(uint64_t n);

  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability threshold / 2^32; build thresholds with
  // PerMillion().
  bool Chance(uint32_t threshold) {
    return static_cast<uint32_t>(Next() >> 32) < threshold;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t state_[4];
};

// Draws index i with probability weights[i] / sum(weights) in constant
// time (Walker's alias method, set up with Vose's algorithm in integers).
class WeightedTable {
 public:
  WeightedTable() = default;
  // REQUIRES: `weights` is not empty and its sum is > 0 and < 2^63.
  explicit WeightedTable(const std::vector<uint64_t>& weights);

  size_t Sample(SynthRng& rng) const {
    const size_t slot = static_cast<size_t>(rng.Below(slots_.size()));
    const Slot& chosen = slots_[slot];
    return rng.Below(total_) < chosen.threshold ? slot : chosen.alias;
  }

  size_t size() const { return slots_.size(); }
  uint64_t total() const { return total_; }

 private:
  // Slot i yields i when a draw in [0, total) is below `threshold`, else
  // `alias`.
  struct Slot {
    uint64_t threshold;
    size_t alias;
  };

  std::vector<Slot> slots_;
  uint64_t total_ = 0;
};

}  // namespace eventgraph::client
