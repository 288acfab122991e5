#include "query/hop_paths.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "query/field_status.h"

namespace eventgraph::query {
namespace {

using storage::PairEdges;
using storage::PairIndex;

// "No hop count" in the per-actor int8_t arrays (hops are 0..8).
constexpr int8_t kUnset = -1;

// Per-actor state of one call, indexed by actor id. Entries are written
// only for actors in `touched` (or `settled_touched`), so a call resets
// what it used instead of clearing whole arrays.
struct Scratch {
  // Breadth-first hops: [0] from `from`, [1] to `to`.
  std::vector<int8_t> dist[2];
  // Spur search: the fewest hops at which the actor was settled.
  std::vector<int8_t> settled;
  // Reached during this call (visited_actors counts each actor once).
  std::vector<uint8_t> seen;
  // Undirected expansion: actors already met through an out pair of the
  // actor being expanded (stamp == epoch).
  std::vector<uint32_t> stamp;
  uint32_t epoch = 0;
  std::vector<ActorId> touched;          // seen and dist entries set
  std::vector<ActorId> settled_touched;  // settled entries set
  bool in_use = false;

  void Prepare(size_t actors) {
    if (seen.size() >= actors) return;
    dist[0].resize(actors, kUnset);
    dist[1].resize(actors, kUnset);
    settled.resize(actors, kUnset);
    seen.resize(actors, 0);
    stamp.resize(actors, 0);
  }

  void ResetSettled() {
    for (ActorId a : settled_touched) settled[a] = kUnset;
    settled_touched.clear();
  }

  void Reset() {
    for (ActorId a : touched) {
      dist[0][a] = kUnset;
      dist[1][a] = kUnset;
      seen[a] = 0;
    }
    touched.clear();
    ResetSettled();
  }
};

// Lends the calling thread's Scratch for one call (a private one if the
// thread's is already lent), and resets it when destroyed.
class ScratchLease {
 public:
  explicit ScratchLease(size_t actors) {
    static thread_local Scratch thread_scratch;
    if (thread_scratch.in_use) {
      owned_ = std::make_unique<Scratch>();
      scratch_ = owned_.get();
    } else {
      scratch_ = &thread_scratch;
    }
    scratch_->in_use = true;
    scratch_->Prepare(actors);
  }
  ~ScratchLease() {
    scratch_->Reset();
    scratch_->in_use = false;
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;

  Scratch* get() const { return scratch_; }

 private:
  std::unique_ptr<Scratch> owned_;
  Scratch* scratch_ = nullptr;
};

// The graph of one window under one filter, as seen by a search: neighbour
// expansion, edge costs (cached) and budget accounting.
class WindowGraph {
 public:
  WindowGraph(const Reader& graph, const EdgeFilter& filter,
              const GraphWindow& window, bool directed, SearchBudget* budget,
              Scratch* scratch)
      : graph_(graph),
        filter_(filter),
        window_(window),
        directed_(directed),
        budget_(budget),
        scratch_(scratch) {}

  SearchBudget* budget() const { return budget_; }
  Scratch* scratch() const { return scratch_; }

  // Marks `a` reached; the first time, counts it as a visited actor.
  void Touch(ActorId a) {
    if (scratch_->seen[a]) return;
    scratch_->seen[a] = 1;
    scratch_->touched.push_back(a);
    ++budget_->visited_actors;
  }

  // The number of pairs an expansion of `a` walks.
  size_t Degree(ActorId a, bool backward) const {
    if (!directed_) return graph_.OutPairs(a).size() + graph_.InPairs(a).size();
    return backward ? graph_.InPairs(a).size() : graph_.OutPairs(a).size();
  }

  // Walks the neighbours of `u` in the window's graph: its successors, or
  // its predecessors when `backward` (the same when undirected). Calls
  // want(v) once per actor v != u that shares a pair with u; when it
  // returns true and u and v are linked, calls take(v). Stops with the
  // budget's error.
  template <typename Want, typename Take>
  absl::Status Expand(ActorId u, bool backward, Want&& want, Take&& take) {
    if (directed_) {
      const absl::Span<const PairIndex> pairs =
          backward ? graph_.InPairs(u) : graph_.OutPairs(u);
      for (PairIndex index : pairs) {
        const PairEdges& pair = graph_.pair(index);
        const ActorId v = backward ? pair.src : pair.dst;
        ++budget_->expanded_edges;
        if (absl::Status s = budget_->Check(); !s.ok()) return s;
        if (v == u || !want(v)) continue;
        if (PairQualifies(graph_, pair, window_, filter_)) take(v);
      }
      return absl::OkStatus();
    }
    // Undirected: an out pair u -> v is summed with v -> u; an in pair
    // v -> u whose actor was met through an out pair is skipped.
    const uint32_t epoch = NextEpoch();
    const int64_t need = filter_.min_events();
    for (PairIndex index : graph_.OutPairs(u)) {
      const PairEdges& pair = graph_.pair(index);
      const ActorId v = pair.dst;
      ++budget_->expanded_edges;
      if (absl::Status s = budget_->Check(); !s.ok()) return s;
      if (v == u) continue;
      scratch_->stamp[v] = epoch;
      if (!want(v)) continue;
      int64_t n = CountPairEvents(graph_, pair, window_, filter_, need);
      if (n < need) {
        const int64_t reverse = graph_.FindPair(v, u);
        if (reverse >= 0) {
          ++budget_->expanded_edges;
          n += CountPairEvents(graph_,
                               graph_.pair(static_cast<PairIndex>(reverse)),
                               window_, filter_, need - n);
        }
      }
      if (n >= need) take(v);
    }
    for (PairIndex index : graph_.InPairs(u)) {
      const PairEdges& pair = graph_.pair(index);
      const ActorId v = pair.src;
      ++budget_->expanded_edges;
      if (absl::Status s = budget_->Check(); !s.ok()) return s;
      if (v == u || scratch_->stamp[v] == epoch || !want(v)) continue;
      if (PairQualifies(graph_, pair, window_, filter_)) take(v);
    }
    return absl::OkStatus();
  }

  // The cost of the edge u -> v (undirected: u - v), cached for the call.
  // REQUIRES: the edge exists in the window's graph.
  double Cost(ActorId u, ActorId v) {
    if (!directed_ && v < u) std::swap(u, v);
    const uint64_t key = (uint64_t{u} << 32) | v;
    auto it = costs_.find(key);
    if (it != costs_.end()) return it->second;
    EdgeStats stats = Summarize(u, v);
    if (!directed_) stats.Add(Summarize(v, u));
    const double cost = EdgeCost(stats);
    costs_.emplace(key, cost);
    return cost;
  }

 private:
  uint32_t NextEpoch() {
    if (++scratch_->epoch == 0) {
      std::fill(scratch_->stamp.begin(), scratch_->stamp.end(), 0);
      scratch_->epoch = 1;
    }
    return scratch_->epoch;
  }

  EdgeStats Summarize(ActorId src, ActorId dst) const {
    const int64_t index = graph_.FindPair(src, dst);
    if (index < 0) return EdgeStats{};
    return SummarizePair(graph_, graph_.pair(static_cast<PairIndex>(index)),
                         window_, filter_);
  }

  const Reader& graph_;
  const EdgeFilter& filter_;
  const GraphWindow window_;
  const bool directed_;
  SearchBudget* const budget_;
  Scratch* const scratch_;
  absl::flat_hash_map<uint64_t, double> costs_;
};

// Fills the hops (with their costs) and the cost of a path whose actors
// are set. The cost is added from the first hop to the last.
void FillHops(WindowGraph* g, FoundPath* path) {
  path->hops.clear();
  path->cost = 0;
  for (size_t i = 0; i + 1 < path->actors.size(); ++i) {
    FoundHop hop;
    hop.from = path->actors[i];
    hop.to = path->actors[i + 1];
    hop.cost = g->Cost(hop.from, hop.to);
    path->cost += hop.cost;
    path->hops.push_back(hop);
  }
}

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

void SortUnique(std::vector<ActorId>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

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

// ---------------------------------------------------------------------------
// kKShortest and kWeighted: Yen's algorithm over a hop-limited search.

// The order of paths: kKShortest (hops, cost, actors); kWeighted (cost,
// hops, actors). Actors compare lexicographically.
struct PathLess {
  bool by_cost;
  bool operator()(const FoundPath& a, const FoundPath& b) const {
    if (by_cost) {
      if (a.cost != b.cost) return a.cost < b.cost;
      if (a.hops.size() != b.hops.size()) {
        return a.hops.size() < b.hops.size();
      }
    } else {
      if (a.hops.size() != b.hops.size()) {
        return a.hops.size() < b.hops.size();
      }
      if (a.cost != b.cost) return a.cost < b.cost;
    }
    return a.actors < b.actors;
  }
};

// Finds the best path (in PathLess order) from a spur actor to `to` with
// at most max_hops hops in all, avoiding some actors and some first hops.
//
// States are (actor, hops) labels settled in order of their key; a label
// is dropped when the actor was already settled with no more hops (it is
// dominated: settled earlier means no worse a key). kWeighted keys are
// (cost, hops, actors); kKShortest keys are (hops + hops_to_target, cost,
// hops, actors), an A* search whose heuristic, the hop distance to `to` in
// the whole window's graph, is consistent. Either way an actor is settled
// at most max_hops + 1 times and a settled chain is loopless. Candidates
// are also pruned when hops + hops_to_target exceeds max_hops.
class SpurSearch {
 public:
  // to_hops: per actor, the hops to `to` in the window's graph (kUnset:
  // not within max_hops).
  SpurSearch(WindowGraph* g, const std::vector<int8_t>* to_hops, ActorId to,
             int max_hops, bool by_cost)
      : g_(g),
        to_hops_(*to_hops),
        to_(to),
        max_hops_(max_hops),
        by_cost_(by_cost) {}

  // The best path from `spur`, reached after `hops` hops costing `cost`,
  // skipping the actors `blocked` and the first hops to `banned`; its
  // actors start with `spur`, its cost includes `cost`. nullopt: none.
  absl::StatusOr<std::optional<FoundPath>> Run(
      ActorId spur, int hops, double cost, absl::Span<const ActorId> blocked,
      absl::Span<const ActorId> banned) {
    labels_.clear();
    heap_.clear();
    absl::StatusOr<std::optional<FoundPath>> result =
        Search(spur, hops, cost, blocked, banned);
    g_->scratch()->ResetSettled();
    return result;
  }

 private:
  struct Label {
    ActorId actor;
    int8_t hops;
    double cost;
    int32_t pred;  // index in labels_, -1 at the spur
  };
  struct Entry {
    double cost;
    int8_t hops;
    int8_t bound;  // hops + hops_to_target
    ActorId actor;
    int32_t pred;  // index in labels_, -1 for the spur itself
  };

  // Writes the actors of the entry's chain, last first; returns how many.
  int Chain(const Entry& e, ActorId* out) const {
    int n = 0;
    out[n++] = e.actor;
    for (int32_t i = e.pred; i >= 0; i = labels_[i].pred) {
      out[n++] = labels_[i].actor;
    }
    return n;
  }

  // True when a's key is less than b's.
  bool Less(const Entry& a, const Entry& b) const {
    if (by_cost_) {
      if (a.cost != b.cost) return a.cost < b.cost;
    } else {
      if (a.bound != b.bound) return a.bound < b.bound;
      if (a.cost != b.cost) return a.cost < b.cost;
    }
    if (a.hops != b.hops) return a.hops < b.hops;
    ActorId ca[kMaxHopLimit + 1];
    ActorId cb[kMaxHopLimit + 1];
    const int na = Chain(a, ca);
    const int nb = Chain(b, cb);
    // Same hops from the same spur: chains of the same length.
    for (int i = std::min(na, nb) - 1, j = 0; i >= 0; --i, ++j) {
      const ActorId x = ca[na - 1 - j];
      const ActorId y = cb[nb - 1 - j];
      if (x != y) return x < y;
    }
    return na < nb;
  }

  void Push(const Entry& e) {
    heap_.push_back(e);
    std::push_heap(
        heap_.begin(), heap_.end(),
        [this](const Entry& a, const Entry& b) { return Less(b, a); });
  }

  Entry Pop() {
    std::pop_heap(
        heap_.begin(), heap_.end(),
        [this](const Entry& a, const Entry& b) { return Less(b, a); });
    Entry e = heap_.back();
    heap_.pop_back();
    return e;
  }

  absl::StatusOr<std::optional<FoundPath>> Search(
      ActorId spur, int hops, double cost, absl::Span<const ActorId> blocked,
      absl::Span<const ActorId> banned) {
    Scratch* s = g_->scratch();
    SearchBudget* budget = g_->budget();
    if (to_hops_[spur] == kUnset || hops + to_hops_[spur] > max_hops_) {
      return std::nullopt;
    }
    Push(Entry{cost, static_cast<int8_t>(hops),
               static_cast<int8_t>(hops + to_hops_[spur]), spur, -1});
    while (!heap_.empty()) {
      const Entry e = Pop();
      int8_t& settled = s->settled[e.actor];
      if (settled != kUnset && settled <= e.hops) continue;
      if (settled == kUnset) s->settled_touched.push_back(e.actor);
      settled = e.hops;
      g_->Touch(e.actor);
      budget->depth = std::max(budget->depth, static_cast<int>(e.hops));
      const int32_t index = static_cast<int32_t>(labels_.size());
      labels_.push_back(Label{e.actor, e.hops, e.cost, e.pred});
      if (e.actor == to_) return PathTo(index);
      if (e.hops >= max_hops_) continue;
      absl::StatusOr<absl::Span<const ActorId>> neighbours =
          Neighbours(e.actor);
      if (!neighbours.ok()) return neighbours.status();
      const int8_t next_hops = static_cast<int8_t>(e.hops + 1);
      for (ActorId v : *neighbours) {
        ++budget->expanded_edges;
        if (absl::Status st = budget->Check(); !st.ok()) return st;
        if (s->settled[v] != kUnset && s->settled[v] <= next_hops) continue;
        const int bound = next_hops + to_hops_[v];
        if (bound > max_hops_) continue;
        if (std::find(blocked.begin(), blocked.end(), v) != blocked.end()) {
          continue;
        }
        if (e.pred < 0 &&
            std::find(banned.begin(), banned.end(), v) != banned.end()) {
          continue;
        }
        Push(Entry{e.cost + g_->Cost(e.actor, v), next_hops,
                   static_cast<int8_t>(bound), v, index});
      }
    }
    return std::nullopt;
  }

  // The path of the chain ending at labels_[index], from the spur.
  FoundPath PathTo(int32_t index) {
    FoundPath path;
    for (int32_t i = index; i >= 0; i = labels_[i].pred) {
      path.actors.push_back(labels_[i].actor);
    }
    std::reverse(path.actors.begin(), path.actors.end());
    for (size_t i = 0; i + 1 < path.actors.size(); ++i) {
      FoundHop hop;
      hop.from = path.actors[i];
      hop.to = path.actors[i + 1];
      hop.cost = g_->Cost(hop.from, hop.to);
      path.hops.push_back(hop);
    }
    path.cost = labels_[index].cost;
    return path;
  }

  // The successors of `u` within max_hops of `to`, sorted, cached.
  absl::StatusOr<absl::Span<const ActorId>> Neighbours(ActorId u) {
    auto it = adjacency_index_.find(u);
    if (it != adjacency_index_.end()) {
      return absl::MakeConstSpan(adjacency_[it->second]);
    }
    std::vector<ActorId> list;
    absl::Status st = g_->Expand(
        u, /*backward=*/false, [&](ActorId v) { return to_hops_[v] != kUnset; },
        [&](ActorId v) { list.push_back(v); });
    if (!st.ok()) return st;
    std::sort(list.begin(), list.end());
    adjacency_index_.emplace(u, static_cast<uint32_t>(adjacency_.size()));
    adjacency_.push_back(std::move(list));
    return absl::MakeConstSpan(adjacency_.back());
  }

  WindowGraph* const g_;
  const std::vector<int8_t>& to_hops_;
  const ActorId to_;
  const int max_hops_;
  const bool by_cost_;
  std::vector<Label> labels_;
  std::vector<Entry> heap_;
  absl::flat_hash_map<ActorId, uint32_t> adjacency_index_;
  std::vector<std::vector<ActorId>> adjacency_;
};

// Breadth-first search from `to` against the edges, up to max_hops:
// fills scratch dist[1] with each reached actor's hops to `to`.
absl::Status HopsToTarget(WindowGraph* g, const HopRequest& request) {
  Scratch* s = g->scratch();
  std::vector<int8_t>& dist = s->dist[1];
  g->Touch(request.to);
  dist[request.to] = 0;
  std::vector<ActorId> frontier = {request.to};
  for (int depth = 0; depth < request.max_hops && !frontier.empty(); ++depth) {
    const int8_t next_depth = static_cast<int8_t>(depth + 1);
    std::vector<ActorId> next;
    for (ActorId u : frontier) {
      absl::Status st = g->Expand(
          u, /*backward=*/true, [&](ActorId v) { return dist[v] == kUnset; },
          [&](ActorId v) {
            g->Touch(v);
            dist[v] = next_depth;
            next.push_back(v);
          });
      if (!st.ok()) return st;
    }
    frontier = std::move(next);
  }
  return absl::OkStatus();
}

absl::StatusOr<HopResult> YenPaths(WindowGraph* g, const HopRequest& request) {
  const bool by_cost = request.mode == HopMode::kWeighted;
  if (absl::Status st = HopsToTarget(g, request); !st.ok()) return st;
  SpurSearch search(g, &g->scratch()->dist[1], request.to, request.max_hops,
                    by_cost);
  HopResult result;
  // Chosen paths with the index of the hop where each left the path it
  // was derived from (Lawler: spur searches start there).
  std::vector<FoundPath>& chosen = result.paths;
  std::vector<size_t> deviations;
  absl::StatusOr<std::optional<FoundPath>> first =
      search.Run(request.from, 0, 0.0, {}, {});
  if (!first.ok()) return first.status();
  if (!first->has_value()) return result;
  chosen.push_back(std::move(**first));
  deviations.push_back(0);

  const size_t k = static_cast<size_t>(request.limit);
  // Candidates in PathLess order, each with the hop where it left the
  // chosen path it was derived from.
  struct Candidate {
    FoundPath path;
    size_t deviation;
  };
  const PathLess path_less{by_cost};
  auto candidate_less = [&path_less](const Candidate& a, const Candidate& b) {
    return path_less(a.path, b.path);
  };
  std::set<Candidate, decltype(candidate_less)> candidates(candidate_less);
  while (chosen.size() < k) {
    const FoundPath previous = chosen.back();
    const size_t start = deviations.back();
    double root_cost = 0;
    for (size_t i = 0; i < start; ++i) root_cost += previous.hops[i].cost;
    for (size_t i = start; i < previous.hops.size(); ++i) {
      const absl::Span<const ActorId> root =
          absl::MakeConstSpan(previous.actors).subspan(0, i + 1);
      // The next actors of the chosen paths that share this root.
      std::vector<ActorId> banned;
      for (const FoundPath& p : chosen) {
        if (p.actors.size() > i + 1 &&
            std::equal(root.begin(), root.end(), p.actors.begin())) {
          banned.push_back(p.actors[i + 1]);
        }
      }
      absl::StatusOr<std::optional<FoundPath>> spur =
          search.Run(root.back(), static_cast<int>(i), root_cost,
                     root.subspan(0, i), banned);
      if (!spur.ok()) return spur.status();
      if (spur->has_value()) {
        const FoundPath& tail = **spur;
        Candidate c;
        c.deviation = i;
        c.path.actors.assign(root.begin(), root.end() - 1);
        c.path.actors.insert(c.path.actors.end(), tail.actors.begin(),
                             tail.actors.end());
        c.path.hops.assign(previous.hops.begin(), previous.hops.begin() + i);
        c.path.hops.insert(c.path.hops.end(), tail.hops.begin(),
                           tail.hops.end());
        c.path.cost = tail.cost;
        candidates.insert(std::move(c));
      }
      root_cost += previous.hops[i].cost;
    }
    // Only the best k - chosen.size() candidates can still be chosen.
    while (candidates.size() > k - chosen.size()) {
      candidates.erase(std::prev(candidates.end()));
    }
    if (candidates.empty()) break;
    auto node = candidates.extract(candidates.begin());
    deviations.push_back(node.value().deviation);
    chosen.push_back(std::move(node.value().path));
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
