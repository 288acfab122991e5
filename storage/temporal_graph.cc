#include "storage/temporal_graph.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "storage/records.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

// The score as the graph keeps it: counters' rounding (records.h), within
// -10..+10.
int16_t GraphGoldstein(const std::optional<double>& g) {
  if (!g.has_value() || !std::isfinite(*g)) return kNoGoldstein;
  return static_cast<int16_t>(GoldsteinCenti(std::clamp(*g, -10.0, 10.0)));
}

uint64_t PairKey(ActorId src, ActorId dst) {
  return (uint64_t{src} << 32) | dst;
}

// Inserts (day, slot) keeping the pair sorted; appends in the common case
// of events arriving in date order.
void InsertSorted(PairEdges* pair, Day day, Slot slot) {
  std::vector<PairEdge>& edges = pair->edges;
  if (edges.empty() || edges.back().day < day ||
      (edges.back().day == day && edges.back().slot < slot)) {
    edges.push_back({day, slot});
    return;
  }
  auto it = std::upper_bound(
      edges.begin(), edges.end(), day,
      [](Day d, const PairEdge& edge) { return d < edge.day; });
  edges.insert(it, {day, slot});
}

// glibc's malloc: 8 bytes of header per chunk, 32-byte minimum chunk.
template <typename T>
size_t Capacity(const std::vector<T>& v) {
  const size_t bytes = v.capacity() * sizeof(T);
  return bytes == 0 ? 0 : std::max<size_t>(32, bytes + 8);
}

}  // namespace

void TemporalGraph::Add(absl::Span<const Event> events) {
  absl::MutexLock lock(&mu_);
  for (const Event& e : events) AddOne(e);
}

void TemporalGraph::Add(absl::Span<const Event* const> events) {
  absl::MutexLock lock(&mu_);
  for (const Event* e : events) AddOne(*e);
}

uint32_t TemporalGraph::Intern(
    const std::string& text, absl::flat_hash_map<std::string, uint32_t>* index,
    std::vector<std::string>* values) {
  auto [it, inserted] =
      index->try_emplace(text, static_cast<uint32_t>(values->size()));
  if (inserted) values->push_back(text);
  return it->second;
}

void TemporalGraph::AddOne(const Event& e) {
  const Slot slot = static_cast<Slot>(slot_ids_.size());
  slot_ids_.push_back(e.id);
  quad_.push_back(e.quad_class);
  goldstein_.push_back(GraphGoldstein(e.goldstein));
  code_.push_back(Intern(e.event_code, &code_index_, &codes_));
  // Actions are interned by their stored text; the dictionary holds the
  // folded form that filters compare.
  auto [action, inserted] = action_index_.try_emplace(
      e.action, static_cast<uint32_t>(actions_.size()));
  if (inserted) actions_.push_back(FoldName(e.action));
  action_.push_back(action->second);

  const ActorId top = std::max(e.actor_id, e.target_id);
  if (out_.size() <= top) {
    out_.resize(top + 1);
    in_.resize(top + 1);
  }
  auto [pit, new_pair] = pair_index_.try_emplace(
      PairKey(e.actor_id, e.target_id), static_cast<PairIndex>(pairs_.size()));
  if (new_pair) {
    pairs_.push_back(PairEdges{e.actor_id, e.target_id, {}});
    out_[e.actor_id].push_back(pit->second);
    in_[e.target_id].push_back(pit->second);
  }
  InsertSorted(&pairs_[pit->second], e.day, slot);
  by_day_[e.day].push_back(DayEdge{e.actor_id, e.target_id, slot});
}

size_t TemporalGraph::Remove(absl::Span<const Event> events) {
  absl::MutexLock lock(&mu_);
  // Find each event's slot through its pair and day, then compact every
  // touched pair and day once.
  absl::flat_hash_map<PairIndex, absl::flat_hash_set<Slot>> by_pair;
  absl::flat_hash_map<Day, absl::flat_hash_set<Slot>> by_day;
  size_t removed = 0;
  for (const Event& e : events) {
    auto pit = pair_index_.find(PairKey(e.actor_id, e.target_id));
    if (pit == pair_index_.end()) continue;
    const std::vector<PairEdge>& edges = pairs_[pit->second].edges;
    auto lo = std::lower_bound(
        edges.begin(), edges.end(), e.day,
        [](const PairEdge& edge, Day d) { return edge.day < d; });
    for (auto it = lo; it != edges.end() && it->day == e.day; ++it) {
      const Slot slot = it->slot;
      if (slot_ids_[slot] != e.id) continue;
      if (by_pair[pit->second].insert(slot).second) {
        by_day[e.day].insert(slot);
        ++removed;
      }
      break;
    }
  }
  for (const auto& [index, slots] : by_pair) {
    std::vector<PairEdge>& edges = pairs_[index].edges;
    edges.erase(std::remove_if(edges.begin(), edges.end(),
                               [&slots = slots](const PairEdge& edge) {
                                 return slots.contains(edge.slot);
                               }),
                edges.end());
  }
  for (const auto& [day, slots] : by_day) {
    auto it = by_day_.find(day);
    if (it == by_day_.end()) continue;
    std::vector<DayEdge>& edges = it->second;
    edges.erase(std::remove_if(edges.begin(), edges.end(),
                               [&slots = slots](const DayEdge& edge) {
                                 return slots.contains(edge.slot);
                               }),
                edges.end());
    if (edges.empty()) by_day_.erase(it);
  }
  removed_ += removed;
  return removed;
}

size_t TemporalGraph::MemoryBytes() const {
  absl::ReaderMutexLock lock(&mu_);
  size_t bytes = Capacity(slot_ids_) + Capacity(quad_) + Capacity(goldstein_) +
                 Capacity(code_) + Capacity(action_) + Capacity(pairs_) +
                 Capacity(out_) + Capacity(in_);
  for (const PairEdges& p : pairs_) bytes += Capacity(p.edges);
  for (const auto& v : out_) bytes += Capacity(v);
  for (const auto& v : in_) bytes += Capacity(v);
  for (const auto& [day, edges] : by_day_) {
    bytes += Capacity(edges) + sizeof(day) + sizeof(edges);
  }
  bytes += pair_index_.capacity() * (sizeof(uint64_t) + sizeof(PairIndex) + 1);
  return bytes;
}

void TemporalGraph::Reserve(size_t events) {
  absl::MutexLock lock(&mu_);
  const size_t n = slot_ids_.size() + events;
  slot_ids_.reserve(n);
  quad_.reserve(n);
  goldstein_.reserve(n);
  code_.reserve(n);
  action_.reserve(n);
}

TemporalGraph::Reader::Reader(const TemporalGraph* graph) : g_(graph) {
  g_->mu_.ReaderLock();
}

TemporalGraph::Reader::~Reader() { g_->mu_.ReaderUnlock(); }

absl::Span<const PairIndex> TemporalGraph::Reader::OutPairs(ActorId a) const {
  if (a >= g_->out_.size()) return {};
  return g_->out_[a];
}

absl::Span<const PairIndex> TemporalGraph::Reader::InPairs(ActorId a) const {
  if (a >= g_->in_.size()) return {};
  return g_->in_[a];
}

int64_t TemporalGraph::Reader::FindPair(ActorId src, ActorId dst) const {
  auto it = g_->pair_index_.find(PairKey(src, dst));
  return it == g_->pair_index_.end() ? -1 : int64_t{it->second};
}

}  // namespace eventgraph::storage
