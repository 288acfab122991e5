// Latency samples of one benchmark and their summary (nearest-rank
// percentiles, in milliseconds).
//
// Not thread-safe: each client thread records into its own Latencies and
// the runner merges them afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace eventgraph::bench {

class Latencies {
 public:
  void Add(double ms) {
    ms_.push_back(ms);
    sorted_ = false;
  }
  void Merge(const Latencies& other);
  size_t count() const { return ms_.size(); }

  // Nearest-rank percentile, p in [0, 1]; 0 when there is no sample.
  // Sorts the samples on first use after an Add.
  double Percentile(double p);

 private:
  std::vector<double> ms_;
  bool sorted_ = true;
};

// What one benchmark reports (one row of the table, one JSON result).
struct Summary {
  int64_t ops = 0;
  int64_t errors = 0;
  double seconds = 0;
  double ops_per_s = 0;
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
  double events_per_s = -1;  // ingest only; -1: not reported
};

// Fills ops, ops_per_s and the percentiles from `latencies` over `seconds`
// of wall time.
Summary Summarize(Latencies& latencies, double seconds, int64_t errors);

}  // namespace eventgraph::bench
