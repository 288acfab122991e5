#include "query/k_paths.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/types/span.h"

namespace eventgraph::query {
namespace {

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
//
// Thread safety: not thread-safe; one per YenPaths call.
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
  // Errors: the budget's (ResourceExhausted or DeadlineExceeded).
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
// fills scratch dist[1] with each reached actor's hops to `to`. Returns OK,
// or the budget's error (ResourceExhausted or DeadlineExceeded).
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

}  // namespace

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

}  // namespace eventgraph::query
