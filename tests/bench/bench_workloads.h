// The query workloads of eventgraph-bench. Each draws its parameters from
// the seeded sample of the loaded events (bench_data.h), so that runs with
// the same seed ask the same questions, and goes through real gRPC with a
// deadline on every call, like a dashboard:
//
//   actor      GetActor of a sampled event's actor: one point read, so its
//              latency is about the gRPC round trip itself, the floor
//              under every other workload (not part of the default list).
//   timeline   GetTimeline of a sampled event's (actor, target), by year or
//              by month.
//   events     ListEvents of a sampled dyad, 100 per page; half the time
//              the next page follows (a separate operation).
//   neighbors  GetNeighbors of a sampled actor, top 10 by count, in a window
//              between two sampled dates.
//   path       FindPaths SHORTEST (at most 4 hops, one path) between a
//              sampled actor and a sampled target, undirected, in such a
//              window.
//   earliest   FindPaths EARLIEST_ARRIVAL, directed, likewise.
//   mixed      each operation one of: timeline 40%, events 30%, neighbors
//              20%, path 10%.
//
// Thread-safe: RunQueryWorkload runs `threads` client threads, each with its
// own channel (its own TCP connection) and random stream.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/bench/bench_data.h"
#include "tests/bench/bench_stats.h"

namespace eventgraph::bench {

struct QueryOptions {
  std::string address;
  int threads = 1;
  double duration_s = 5;
  uint64_t seed = 1;
  double deadline_s = 10;  // of every RPC
};

// True for the names above.
bool IsQueryWorkload(const std::string& name);

// Runs workload `name` for options.duration_s after a warm-up of a tenth
// of it (at most 1 s, not recorded). A call that fails counts as an error
// and its latency is not recorded.
// Errors: INVALID_ARGUMENT for an unknown name or an empty sample.
absl::StatusOr<Summary> RunQueryWorkload(const std::string& name,
                                         const std::vector<SampledEvent>& sample,
                                         const QueryOptions& options);

}  // namespace eventgraph::bench
