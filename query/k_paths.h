// Private to query/: the k loopless paths of a hop request (kKShortest and
// kWeighted), found by Yen's algorithm over a hop-limited search. Called
// by FindHopPaths (hop_paths.cc).
//
// Thread safety: not thread-safe; works on the caller's WindowGraph, which
// serves one call on one thread.
#pragma once

#include "absl/status/statusor.h"
#include "query/hop_paths.h"
#include "query/window_graph.h"

namespace eventgraph::query {

// The request.limit best loopless paths from request.from to request.to
// with at most request.max_hops hops, ordered by (hops, cost, actor ids)
// for kKShortest and by (cost, hops, actor ids) for kWeighted (see
// HopResult). Empty when there is none; truncated is always false.
//
// Errors: the status of budget->Check() when a limit is passed
// (ResourceExhausted or DeadlineExceeded).
//
// REQUIRES: request passed FindHopPaths' checks; request.from and
// request.to are below the graph's actor_limit(); request.mode is
// kKShortest or kWeighted; g's scratch is as ScratchLease left it (no
// entry set).
absl::StatusOr<HopResult> YenPaths(WindowGraph* g, const HopRequest& request);

}  // namespace eventgraph::query
