// Counts distinct 64-bit keys in bounded memory: exactly up to 2^16 keys,
// then by HyperLogLog (2^14 registers, a standard error of about 0.8%).
// Used by `eventgraph generate` to report how many dyads it wrote.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace eventgraph::client {

class DistinctCounter {
 public:
  DistinctCounter();

  void Add(uint64_t key);

  // The number of distinct keys added, exact while exact() is true.
  uint64_t Count() const;
  bool exact() const { return exact_; }

 private:
  static constexpr int kRegisterBits = 14;
  static constexpr size_t kExactLimit = size_t{1} << 16;

  void AddToSketch(uint64_t key);

  bool exact_ = true;
  absl::flat_hash_set<uint64_t> keys_;
  std::vector<uint8_t> registers_;
};

}  // namespace eventgraph::client
