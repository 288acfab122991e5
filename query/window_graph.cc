#include "query/window_graph.h"

#include <algorithm>
#include <utility>

#include "query/hop_paths.h"

namespace eventgraph::query {

void Scratch::Prepare(size_t actors) {
  if (seen.size() >= actors) return;
  dist[0].resize(actors, kUnset);
  dist[1].resize(actors, kUnset);
  settled.resize(actors, kUnset);
  seen.resize(actors, 0);
  stamp.resize(actors, 0);
}

void Scratch::ResetSettled() {
  for (ActorId a : settled_touched) settled[a] = kUnset;
  settled_touched.clear();
}

void Scratch::Reset() {
  for (ActorId a : touched) {
    dist[0][a] = kUnset;
    dist[1][a] = kUnset;
    seen[a] = 0;
  }
  touched.clear();
  ResetSettled();
}

ScratchLease::ScratchLease(size_t actors) {
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

ScratchLease::~ScratchLease() {
  scratch_->Reset();
  scratch_->in_use = false;
}

double WindowGraph::Cost(ActorId u, ActorId v) {
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

uint32_t WindowGraph::NextEpoch() {
  if (++scratch_->epoch == 0) {
    std::fill(scratch_->stamp.begin(), scratch_->stamp.end(), 0);
    scratch_->epoch = 1;
  }
  return scratch_->epoch;
}

EdgeStats WindowGraph::Summarize(ActorId src, ActorId dst) const {
  const int64_t index = graph_.FindPair(src, dst);
  if (index < 0) return EdgeStats{};
  return SummarizePair(graph_,
                       graph_.pair(static_cast<storage::PairIndex>(index)),
                       window_, filter_);
}

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

}  // namespace eventgraph::query
