// The peers' queries (../shared/peers/README.md) with the parameters their
// harness chose for a data file (work/<dataset>/params.json), run through
// real gRPC and reported under the peers' names with their answers, so
// that compare_peers.py can check them against the peers' checker:
//
//   Q1_dyad, Q1_heavy  two GetTimeline calls (by year; a -> b, then
//                      b -> a): [[year, "a>b"|"b>a", count], ...]
//   Q2_page1           ListEvents of the dyad, both directions, 100 by
//                      (date, id): [[id, date, actor, action, target], ...]
//   Q2_page2           the next page (its token comes from one untimed
//                      call of page 1), same shape
//   Q3_top             GetNeighbors of q3.actor in the window, top 10 by
//                      count: [[name, count], ...]
//   Q4_path, Q4_nopath FindPaths SHORTEST, undirected, at most
//                      q4.max_hops hops, one path, no evidence events:
//                      {"hops": n|null, "path": [names]|null}
//   Q5_ea              FindPaths EARLIEST_ARRIVAL, directed, window
//                      [t0, t1], leaving at t0, no evidence events:
//                      {"arrival": date|null, "path": [names]|null}
//
// Like the peers' protocol: one cold call, `warmup` calls, then `runs`
// timed calls (the answer of the last one is reported).
//
// Thread-compatible.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "tests/bench/bench_stats.h"

namespace eventgraph::bench {

struct PeerQueryResult {
  std::string name;
  Summary summary;
  double cold_ms = 0;
  nlohmann::json result;
};

struct PeerQueryOptions {
  std::string address;
  int warmup = 3;
  int runs = 20;
  double deadline_s = 60;
};

// Reads params.json. Errors: NOT_FOUND / INVALID_ARGUMENT with the path.
absl::StatusOr<nlohmann::json> ReadPeerParams(const std::string& path);

// Runs Q1_dyad .. Q5_ea in that order.
// Errors: the first failing call's status, naming the query.
absl::StatusOr<std::vector<PeerQueryResult>> RunPeerQueries(
    const nlohmann::json& params, const PeerQueryOptions& options);

}  // namespace eventgraph::bench
