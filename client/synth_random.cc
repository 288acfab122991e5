#include "client/synth_random.h"

namespace eventgraph::client {

uint64_t SplitMix64(uint64_t* state) {
  *state += 0x9e3779b97f4a7c15ULL;
  return Mix64(*state);
}

uint64_t Mix64(uint64_t value) {
  uint64_t z = value;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

SynthRng::SynthRng(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& word : state_) word = SplitMix64(&state);
  // splitmix64 never yields four zero words in a row, but be explicit: the
  // all-zero state is the one state xoshiro cannot leave.
  if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) state_[0] = 1;
}

uint64_t SynthRng::Below(uint64_t n) {
  uint64_t x = Next();
  unsigned __int128 product = static_cast<unsigned __int128>(x) * n;
  auto low = static_cast<uint64_t>(product);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      x = Next();
      product = static_cast<unsigned __int128>(x) * n;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

WeightedTable::WeightedTable(const std::vector<uint64_t>& weights)
    : slots_(weights.size()) {
  for (uint64_t weight : weights) total_ += weight;
  // Each slot holds `total_` units of probability mass (out of n * total_);
  // item i brings weight * n. Light items fill their own slot partly and
  // heavy items top them up.
  using Mass = unsigned __int128;
  const size_t n = weights.size();
  std::vector<Mass> mass(n);
  std::vector<size_t> light;
  std::vector<size_t> heavy;
  for (size_t i = 0; i < n; ++i) {
    mass[i] = static_cast<Mass>(weights[i]) * n;
    (mass[i] < total_ ? light : heavy).push_back(i);
  }
  while (!light.empty() && !heavy.empty()) {
    const size_t small = light.back();
    light.pop_back();
    const size_t large = heavy.back();
    slots_[small] = {static_cast<uint64_t>(mass[small]), large};
    mass[large] -= total_ - mass[small];
    if (mass[large] < total_) {
      heavy.pop_back();
      light.push_back(large);
    }
  }
  // What is left holds exactly `total_` each: the masses are integers that
  // add up to n * total_, so no rounding is ever left over.
  for (size_t i : heavy) slots_[i] = {total_, i};
  for (size_t i : light) slots_[i] = {total_, i};
}

}  // namespace eventgraph::client
