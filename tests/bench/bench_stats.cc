#include "tests/bench/bench_stats.h"

#include <algorithm>
#include <cmath>

namespace eventgraph::bench {

void Latencies::Merge(const Latencies& other) {
  ms_.insert(ms_.end(), other.ms_.begin(), other.ms_.end());
  sorted_ = false;
}

double Latencies::Percentile(double p) {
  if (ms_.empty()) return 0;
  if (!sorted_) {
    std::sort(ms_.begin(), ms_.end());
  }
  sorted_ = true;
  // Nearest rank: the smallest sample with at least p of them at or below.
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(ms_.size())));
  if (rank == 0) rank = 1;
  return ms_[std::min(rank, ms_.size()) - 1];
}

Summary Summarize(Latencies& latencies, double seconds, int64_t errors) {
  Summary summary;
  summary.ops = static_cast<int64_t>(latencies.count());
  summary.errors = errors;
  summary.seconds = seconds;
  summary.ops_per_s = seconds > 0 ? static_cast<double>(summary.ops) / seconds : 0;
  summary.p50_ms = latencies.Percentile(0.50);
  summary.p95_ms = latencies.Percentile(0.95);
  summary.p99_ms = latencies.Percentile(0.99);
  return summary;
}

}  // namespace eventgraph::bench
