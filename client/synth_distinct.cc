#include "client/synth_distinct.h"

#include <bit>
#include <cmath>

#include "client/synth_random.h"

namespace eventgraph::client {

DistinctCounter::DistinctCounter()
    : registers_(size_t{1} << kRegisterBits, 0) {}

void DistinctCounter::Add(uint64_t key) {
  // The sketch is kept from the start so that switching costs nothing.
  AddToSketch(key);
  if (!exact_) return;
  keys_.insert(key);
  if (keys_.size() > kExactLimit) {
    exact_ = false;
    keys_ = absl::flat_hash_set<uint64_t>();  // free the memory
  }
}

void DistinctCounter::AddToSketch(uint64_t key) {
  const uint64_t hash = Mix64(key);
  const size_t index = hash >> (64 - kRegisterBits);
  // The rank of the first 1 bit of the remaining bits (1-based); a guard
  // bit bounds it when they are all zero.
  const uint64_t rest =
      (hash << kRegisterBits) | (uint64_t{1} << (kRegisterBits - 1));
  const auto rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
  if (rank > registers_[index]) registers_[index] = rank;
}

uint64_t DistinctCounter::Count() const {
  if (exact_) return keys_.size();
  const double m = static_cast<double>(registers_.size());
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t value : registers_) {
    sum += std::ldexp(1.0, -value);
    if (value == 0) ++zeros;
  }
  const double alpha = 0.7213 / (1 + 1.079 / m);
  double estimate = alpha * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) {
    estimate = m * std::log(m / static_cast<double>(zeros));  // linear count
  }
  return static_cast<uint64_t>(std::llround(estimate));
}

}  // namespace eventgraph::client
