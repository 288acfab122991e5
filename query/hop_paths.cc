#include "query/hop_paths.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "query/field_status.h"
#include "query/k_paths.h"
#include "query/window_graph.h"

namespace eventgraph::query {
namespace {

// ---------------------------------------------------------------------------
// kShortest: bidirectional breadth-first search.

// Appends to `out` every path of `dag` (edges sorted by (from, to)) from
// the last actor of `path` that takes `remaining` more hops, in
// lexicographic order, until `limit` paths are held; then sets *truncated
// if one more exists. Returns false once the enumeration should stop.
bool EnumerateDag(const std::vector<std::pair<ActorId, ActorId>>& dag,
                  int remaining, size_t limit, std::vector<ActorId>* path,
                  std::vector<std::vector<ActorId>>* out, bool* truncated) {
  if (remaining == 0) {
    if (out->size() == limit) {
      *truncated = true;
      return false;
    }
    out->push_back(*path);
    return true;
  }
  const ActorId u = path->back();
  auto it =
      std::lower_bound(dag.begin(), dag.end(), std::make_pair(u, ActorId{0}));
  for (; it != dag.end() && it->first == u; ++it) {
    path->push_back(it->second);
    const bool go_on =
        EnumerateDag(dag, remaining - 1, limit, path, out, truncated);
    path->pop_back();
    if (!go_on) return false;
  }
  return true;
}

// The actors linked to `actor` in `links` (sorted (actor, neighbour)
// pairs).
absl::Span<const std::pair<ActorId, ActorId>> LinksOf(
    const std::vector<std::pair<ActorId, ActorId>>& links, ActorId actor) {
  auto begin = std::lower_bound(links.begin(), links.end(),
                                std::make_pair(actor, ActorId{0}));
  auto end = begin;
  while (end != links.end() && end->first == actor) ++end;
  return absl::MakeConstSpan(links.data() + (begin - links.begin()),
                             static_cast<size_t>(end - begin));
}

// Sorts *v and drops repeated actors.
void SortUnique(std::vector<ActorId>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// kShortest: every shortest path from request.from to request.to within
// request.max_hops hops, in lexicographic order of actor ids, up to
// request.limit of them (truncated set when more exist). Empty when none.
// Errors: the budget's (ResourceExhausted or DeadlineExceeded).
// REQUIRES: request passed FindHopPaths' checks; g's scratch has no entry
// set.
absl::StatusOr<HopResult> ShortestPaths(WindowGraph* g,
                                        const HopRequest& request) {
  Scratch* s = g->scratch();
  SearchBudget* budget = g->budget();
  // Side 0 searches from `from` along edges, side 1 from `to` against
  // them. links: (actor, neighbour one layer closer to the side's root),
  // every such pair for the actors of the layers expanded.
  struct Side {
    std::vector<ActorId> frontier;
    size_t degree_sum = 0;
    int8_t depth = 0;
    std::vector<std::pair<ActorId, ActorId>> links;
  };
  Side sides[2];
  const ActorId roots[2] = {request.from, request.to};
  for (int k = 0; k < 2; ++k) {
    g->Touch(roots[k]);
    s->dist[k][roots[k]] = 0;
    sides[k].frontier.push_back(roots[k]);
    sides[k].degree_sum = g->Degree(roots[k], k == 1);
  }
  if (absl::Status st = budget->Check(); !st.ok()) return st;

  bool met = false;
  std::vector<ActorId> meet;  // actors reached from both sides
  while (!met && sides[0].depth + sides[1].depth < request.max_hops) {
    if (sides[0].frontier.empty() || sides[1].frontier.empty()) break;
    const int k = sides[0].degree_sum <= sides[1].degree_sum ? 0 : 1;
    Side& side = sides[k];
    std::vector<int8_t>& mine = s->dist[k];
    const std::vector<int8_t>& other = s->dist[1 - k];
    const int8_t next_depth = static_cast<int8_t>(side.depth + 1);
    std::vector<ActorId> next;
    size_t next_sum = 0;
    for (ActorId u : side.frontier) {
      absl::Status st = g->Expand(
          u, /*backward=*/k == 1,
          [&](ActorId v) {
            if (mine[v] != kUnset && mine[v] != next_depth) return false;
            // Once the sides meet, only meeting actors matter.
            return !met || other[v] != kUnset;
          },
          [&](ActorId v) {
            if (mine[v] == kUnset) {
              g->Touch(v);
              mine[v] = next_depth;
              next.push_back(v);
              next_sum += g->Degree(v, k == 1);
              if (other[v] != kUnset) {
                met = true;
                meet.push_back(v);
              }
            }
            side.links.emplace_back(v, u);
          });
      if (!st.ok()) return st;
    }
    side.frontier = std::move(next);
    side.degree_sum = next_sum;
    side.depth = next_depth;
    budget->depth = sides[0].depth + sides[1].depth;
  }
  HopResult result;
  if (!met) return result;

  // Every meeting actor is at sides[0].depth hops from `from` and
  // sides[1].depth hops from `to`; every shortest path crosses that layer
  // at exactly one of them. Gather the edges of all shortest paths.
  const int meet_at = sides[0].depth;
  const int total = sides[0].depth + sides[1].depth;
  std::sort(sides[0].links.begin(), sides[0].links.end());
  std::sort(sides[1].links.begin(), sides[1].links.end());
  SortUnique(&meet);
  std::vector<std::pair<ActorId, ActorId>> dag;
  std::vector<ActorId> layer = meet;
  for (int p = meet_at; p > 0; --p) {
    std::vector<ActorId> previous;
    for (ActorId child : layer) {
      for (const auto& [actor, parent] : LinksOf(sides[0].links, child)) {
        dag.emplace_back(parent, actor);
        previous.push_back(parent);
      }
    }
    SortUnique(&previous);
    layer = std::move(previous);
  }
  layer = meet;
  for (int p = meet_at; p < total; ++p) {
    std::vector<ActorId> following;
    for (ActorId child : layer) {
      for (const auto& [actor, next] : LinksOf(sides[1].links, child)) {
        dag.emplace_back(actor, next);
        following.push_back(next);
      }
    }
    SortUnique(&following);
    layer = std::move(following);
  }
  std::sort(dag.begin(), dag.end());
  dag.erase(std::unique(dag.begin(), dag.end()), dag.end());

  std::vector<std::vector<ActorId>> found;
  std::vector<ActorId> path = {request.from};
  EnumerateDag(dag, total, static_cast<size_t>(request.limit), &path, &found,
               &result.truncated);
  for (std::vector<ActorId>& actors : found) {
    FoundPath p;
    p.actors = std::move(actors);
    FillHops(g, &p);
    result.paths.push_back(std::move(p));
  }
  return result;
}

}  // namespace

double EdgeCost(const EdgeStats& stats) {
  if (stats.events <= 0) return std::numeric_limits<double>::infinity();
  return 21.0 /
         (static_cast<double>(stats.events) * (stats.goldstein_mean() + 11.0));
}

absl::StatusOr<HopResult> FindHopPaths(const Reader& graph,
                                       const EdgeFilter& filter,
                                       const HopRequest& request,
                                       SearchBudget* budget) {
  if (request.from == 0) {
    return InvalidFieldError("from_actor", "is required");
  }
  if (request.to == 0) return InvalidFieldError("to_actor", "is required");
  if (request.from == request.to) {
    return InvalidFieldError("to_actor", "is the same actor as from_actor");
  }
  if (request.max_hops < 1 || request.max_hops > kMaxHopLimit) {
    return InvalidFieldError("max_hops", "is outside 1..8");
  }
  if (request.limit < 1) return InvalidFieldError("limit", "is less than 1");
  // An actor without events has no edge.
  if (request.from >= graph.actor_limit() ||
      request.to >= graph.actor_limit()) {
    return HopResult{};
  }
  ScratchLease lease(graph.actor_limit());
  WindowGraph g(graph, filter, request.window, request.directed, budget,
                lease.get());
  if (request.mode == HopMode::kShortest) return ShortestPaths(&g, request);
  return YenPaths(&g, request);
}

}  // namespace eventgraph::query
