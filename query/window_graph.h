// Private to query/: the graph of one window under one filter as a hop
// search walks it (hop_paths.cc, k_paths.cc): per-actor scratch arrays
// lent per thread, neighbour expansion with budget accounting, and edge
// costs cached for the call.
//
// Thread safety: Scratch, ScratchLease and WindowGraph are not
// thread-safe; each serves one call on one thread (ScratchLease hands
// every thread its own Scratch).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "query/graph_common.h"

namespace eventgraph::query {

// "No hop count" in the per-actor int8_t arrays (hops are 0..8).
inline constexpr int8_t kUnset = -1;

// Per-actor state of one call, indexed by actor id. Entries are written
// only for actors in `touched` (or `settled_touched`), so a call resets
// what it used instead of clearing whole arrays.
//
// Thread safety: not thread-safe; lent to one call at a time by
// ScratchLease.
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

  // Grows the arrays to hold `actors` entries (new entries unset); never
  // shrinks them.
  void Prepare(size_t actors);

  // Unsets the settled entries of the actors in settled_touched and
  // empties it.
  void ResetSettled();

  // Unsets every entry this call set (touched and settled_touched) and
  // empties both lists.
  void Reset();
};

// Lends the calling thread's Scratch for one call (a private one if the
// thread's is already lent), and resets it when destroyed.
//
// Thread safety: not thread-safe; create, use and destroy on one thread.
class ScratchLease {
 public:
  // The lent Scratch holds at least `actors` entries per array.
  explicit ScratchLease(size_t actors);
  ~ScratchLease();
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;

  // The lent Scratch, valid until this lease is destroyed.
  Scratch* get() const { return scratch_; }

 private:
  std::unique_ptr<Scratch> owned_;
  Scratch* scratch_ = nullptr;
};

// The graph of one window under one filter, as seen by a search: neighbour
// expansion, edge costs (cached) and budget accounting.
//
// Thread safety: not thread-safe; one per call. Uses, and must not
// outlive, the caller's Reader, EdgeFilter, SearchBudget and Scratch.
class WindowGraph {
 public:
  // REQUIRES: `scratch` holds at least graph.actor_limit() entries per
  // array.
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
  // returns true and u and v are linked, calls take(v). Returns OK, or
  // stops with the budget's error (ResourceExhausted or DeadlineExceeded).
  template <typename Want, typename Take>
  absl::Status Expand(ActorId u, bool backward, Want&& want, Take&& take) {
    if (directed_) {
      const absl::Span<const storage::PairIndex> pairs =
          backward ? graph_.InPairs(u) : graph_.OutPairs(u);
      for (storage::PairIndex index : pairs) {
        const storage::PairEdges& pair = graph_.pair(index);
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
    for (storage::PairIndex index : graph_.OutPairs(u)) {
      const storage::PairEdges& pair = graph_.pair(index);
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
          n += CountPairEvents(
              graph_, graph_.pair(static_cast<storage::PairIndex>(reverse)),
              window_, filter_, need - n);
        }
      }
      if (n >= need) take(v);
    }
    for (storage::PairIndex index : graph_.InPairs(u)) {
      const storage::PairEdges& pair = graph_.pair(index);
      const ActorId v = pair.src;
      ++budget_->expanded_edges;
      if (absl::Status s = budget_->Check(); !s.ok()) return s;
      if (v == u || scratch_->stamp[v] == epoch || !want(v)) continue;
      if (PairQualifies(graph_, pair, window_, filter_)) take(v);
    }
    return absl::OkStatus();
  }

  // The cost of the edge u -> v (undirected: u - v; see EdgeCost in
  // hop_paths.h), cached for the call.
  // REQUIRES: the edge exists in the window's graph.
  double Cost(ActorId u, ActorId v);

 private:
  // The next stamp epoch of the scratch (clearing the stamps when the
  // counter wraps).
  uint32_t NextEpoch();

  // The matching events src -> dst in the window; empty when no such pair.
  EdgeStats Summarize(ActorId src, ActorId dst) const;

  const Reader& graph_;
  const EdgeFilter& filter_;
  const GraphWindow window_;
  const bool directed_;
  SearchBudget* const budget_;
  Scratch* const scratch_;
  absl::flat_hash_map<uint64_t, double> costs_;
};

// Fills the hops (with their costs) and the cost of a path whose actors
// are set, replacing any it had. The cost is added from the first hop to
// the last.
// REQUIRES: every consecutive pair of path->actors is an edge of g.
void FillHops(WindowGraph* g, FoundPath* path);

}  // namespace eventgraph::query
