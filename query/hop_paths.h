// Hop-based paths over the graph of a window: shortest paths by hops (every
// one of them, up to a limit), the k loopless paths ordered by hops then
// cost, and the k cheapest loopless paths by cost.
//
// The graph of a window (see graph_common.h): actors are nodes. Directed,
// an edge u -> v exists when the pair u -> v has at least
// filter.min_events() matching events in the window. Undirected, u and v
// are linked when the matching events u -> v plus v -> u number at least
// filter.min_events(). Self-loops never count. The window and the filter
// are applied while the search expands, never to finished results.
//
// Edge cost (weighted modes, and reported by every mode):
//   cost = 21 / (n * (g + 11))
// where n is the edge's matching events in the window (both directions
// summed when undirected) and g their mean Goldstein score (0 when none
// has one). g is in -10..10, so one hostile event costs 21 and many
// cooperative events make a cheap edge. A path's cost is the sum of its
// hops' costs, added from the first hop to the last.
//
// Algorithms:
//   kShortest:  bidirectional breadth-first search that records every
//               parent of each actor on both sides, then enumerates every
//               shortest path in lexicographic order of actor ids.
//   kKShortest: Yen's algorithm over a hop-limited search ordered by
//               (hops, cost, actor ids).
//   kWeighted:  Yen's algorithm over a hop-limited search ordered by
//               (cost, hops, actor ids).
//
// Thread safety: thread-safe; FindHopPaths uses the caller's Reader,
// EdgeFilter and SearchBudget (none of which may be shared with another
// thread during the call) and per-thread scratch arrays sized by the
// graph's actor_limit(), kept between calls.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "query/graph_common.h"

namespace eventgraph::query {

enum class HopMode { kShortest, kKShortest, kWeighted };

// The most hops a hop search may take.
inline constexpr int kMaxHopLimit = 8;

struct HopRequest {
  ActorId from = 0;  // REQUIRES: > 0, different from `to`
  ActorId to = 0;    // REQUIRES: > 0
  GraphWindow window;
  // False: an event in either direction links two actors.
  bool directed = false;
  HopMode mode = HopMode::kShortest;
  int max_hops = 4;  // REQUIRES: 1..kMaxHopLimit
  // kShortest: the most paths returned; kKShortest and kWeighted: k.
  // REQUIRES: >= 1.
  int limit = 10;
};

struct HopResult {
  // kShortest: shortest paths in lexicographic order of their actor ids.
  // kKShortest: ordered by (hops, cost, actor ids).
  // kWeighted: ordered by (cost, hops, actor ids).
  // Every path is loopless, has at most max_hops hops, and carries its
  // hops' costs (FoundHop::slot is unset). Empty: no path within max_hops
  // (also when `from` or `to` has no event in the graph).
  std::vector<FoundPath> paths;
  // kShortest: more shortest paths exist than `limit`. Always false for
  // the other modes.
  bool truncated = false;
};

// Finds paths from request.from to request.to in the graph of
// request.window under `filter` (compiled with `graph`).
//
// Budget usage: visited_actors counts the distinct actors the search
// reaches; expanded_edges counts the actor pairs examined (and, for the
// k-path modes, every edge relaxed); depth is the hop count reached.
//
// Errors: the status of budget->Check() when a limit is passed
// (ResourceExhausted or DeadlineExceeded); InvalidArgument naming the
// field ("from_actor", "to_actor", "max_hops", "limit") when a REQUIRES
// of HopRequest does not hold.
absl::StatusOr<HopResult> FindHopPaths(const Reader& graph,
                                       const EdgeFilter& filter,
                                       const HopRequest& request,
                                       SearchBudget* budget);

// The cost of an edge whose matching events are summarized by `stats`:
// 21 / (n * (g + 11)) with n = stats.events and g = stats.goldstein_mean().
// Infinity when stats.events is 0 (not an edge).
double EdgeCost(const EdgeStats& stats);

}  // namespace eventgraph::query
