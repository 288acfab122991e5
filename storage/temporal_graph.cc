#include "storage/temporal_graph.h"

#include <algorithm>
#include <cmath>
#include <limits>

#ifdef __GLIBC__
#endif

#include "absl/container/flat_hash_set.h"
#include "storage/heap.h"
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

// glibc's malloc: 8 bytes of header per chunk, 32-byte minimum chunk
// (jemalloc, eventgraphd's allocator, rounds up to size classes instead: an
// estimate of the same order).
template <typename T>
size_t Capacity(const std::vector<T>& v) {
  const size_t bytes = v.capacity() * sizeof(T);
  return bytes == 0 ? 0 : std::max<size_t>(32, bytes + 8);
}

// ApproximateBytes' estimates: per event its attributes (19 bytes) and
// its entries in its pair's array and its day's list (8 + 12 bytes, with
// a quarter more for the arrays' spare capacity); per pair its record,
// array allocation, adjacency entries and hash-table slot; per day its
// list and tree node.
constexpr size_t kEventBytes = 19 + (8 + 12) * 5 / 4;
constexpr size_t kPairBytes = 100;
constexpr size_t kDayBytes = 64;

// With a budget, the graph keeps this share of it when it drops days.
constexpr double kKeepShare = 0.75;

}  // namespace

void TemporalGraph::Add(absl::Span<const Event> events) {
  absl::MutexLock lock(&mu_);
  for (const Event& e : events) AddOne(e);
  EnforceBudget();
}

void TemporalGraph::Add(absl::Span<const Event* const> events) {
  absl::MutexLock lock(&mu_);
  for (const Event* e : events) AddOne(*e);
  EnforceBudget();
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
  if (e.day < horizon_) return;
  const uint32_t code = Intern(e.event_code, &code_index_, &codes_);
  // Actions are interned by their stored text; the dictionary holds the
  // folded form that filters compare.
  auto [action, inserted] = action_index_.try_emplace(
      e.action, static_cast<uint32_t>(actions_.size()));
  if (inserted) actions_.push_back(FoldName(e.action));
  Append(e.actor_id, e.target_id, e.day, e.id, e.quad_class,
         GraphGoldstein(e.goldstein), code, action->second);
}

void TemporalGraph::Append(ActorId src, ActorId dst, Day day, EventId id,
                           QuadClass quad, int16_t goldstein, uint32_t code,
                           uint32_t action) {
  const Slot slot = static_cast<Slot>(slot_ids_.size());
  slot_ids_.push_back(id);
  quad_.push_back(quad);
  goldstein_.push_back(goldstein);
  code_.push_back(code);
  action_.push_back(action);

  const ActorId top = std::max(src, dst);
  if (out_.size() <= top) {
    out_.resize(top + 1);
    in_.resize(top + 1);
  }
  auto [pit, new_pair] = pair_index_.try_emplace(
      PairKey(src, dst), static_cast<PairIndex>(pairs_.size()));
  if (new_pair) {
    pairs_.push_back(PairEdges{src, dst, {}});
    out_[src].push_back(pit->second);
    in_[dst].push_back(pit->second);
  }
  InsertSorted(&pairs_[pit->second], day, slot);
  by_day_[day].push_back(DayEdge{src, dst, slot});
}

void TemporalGraph::EnforceBudget() {
  if (memory_budget_ == 0) return;
  size_t live = slot_ids_.size() - removed_;
  if (live < check_at_) return;
  size_t bytes = MemoryBytesLocked();
  while (bytes > memory_budget_ && !by_day_.empty()) {
    // Keep the newest days whose events fit the kept share at the current
    // bytes per event; drop at least the oldest day.
    const double per_event =
        static_cast<double>(bytes) / static_cast<double>(std::max<size_t>(1, live));
    const auto keep = static_cast<size_t>(
        kKeepShare * static_cast<double>(memory_budget_) / per_event);
    size_t kept = 0;
    Day horizon = by_day_.rbegin()->first + 1;
    for (auto it = by_day_.rbegin(); it != by_day_.rend(); ++it) {
      if (kept + it->second.size() > keep) break;
      kept += it->second.size();
      horizon = it->first;
    }
    horizon = std::max(horizon, by_day_.begin()->first + 1);
    DropBefore(horizon);
    live = slot_ids_.size();
    bytes = MemoryBytesLocked();
  }
  // Measure again once the events could have filled half the room left at
  // the current bytes per event.
  const double per_event =
      live == 0 ? static_cast<double>(kEventBytes)
                : static_cast<double>(bytes) / static_cast<double>(live);
  const size_t room = bytes < memory_budget_ ? memory_budget_ - bytes : 0;
  check_at_ = live + 1 +
              static_cast<size_t>(static_cast<double>(room) / per_event / 2);
}

void TemporalGraph::DropBefore(Day horizon) {
  constexpr PairIndex kNoPair = std::numeric_limits<PairIndex>::max();
  // The pairs that keep events, renumbered in their old order, with arrays
  // of the exact size.
  std::vector<PairIndex> new_pair(pairs_.size(), kNoPair);
  std::vector<PairEdges> pairs;
  std::vector<size_t> first_kept(pairs_.size(), 0);
  size_t kept = 0;
  for (PairIndex p = 0; p < pairs_.size(); ++p) {
    const std::vector<PairEdge>& edges = pairs_[p].edges;
    const auto first = std::lower_bound(
        edges.begin(), edges.end(), horizon,
        [](const PairEdge& e, Day d) { return e.day < d; });
    if (first == edges.end()) continue;
    first_kept[p] = static_cast<size_t>(first - edges.begin());
    new_pair[p] = static_cast<PairIndex>(pairs.size());
    PairEdges& kept_pair = pairs.emplace_back();
    kept_pair.src = pairs_[p].src;
    kept_pair.dst = pairs_[p].dst;
    kept_pair.edges.reserve(static_cast<size_t>(edges.end() - first));
    kept += static_cast<size_t>(edges.end() - first);
  }
  // The kept events get new slots pair by pair (each pair's edges stay in
  // (day, slot) order); old_to_new maps the day lists' slots.
  std::vector<Slot> old_to_new(slot_ids_.size(), 0);
  std::vector<EventId> ids;
  std::vector<QuadClass> quad;
  std::vector<int16_t> goldstein;
  std::vector<uint32_t> code;
  std::vector<uint32_t> action;
  ids.reserve(kept);
  quad.reserve(kept);
  goldstein.reserve(kept);
  code.reserve(kept);
  action.reserve(kept);
  for (PairIndex p = 0; p < pairs_.size(); ++p) {
    if (new_pair[p] == kNoPair) continue;
    const std::vector<PairEdge>& edges = pairs_[p].edges;
    std::vector<PairEdge>& out = pairs[new_pair[p]].edges;
    for (size_t i = first_kept[p]; i < edges.size(); ++i) {
      const Slot old = edges[i].slot;
      const auto slot = static_cast<Slot>(ids.size());
      old_to_new[old] = slot;
      ids.push_back(slot_ids_[old]);
      quad.push_back(quad_[old]);
      goldstein.push_back(goldstein_[old]);
      code.push_back(code_[old]);
      action.push_back(action_[old]);
      out.push_back({edges[i].day, slot});
    }
  }
  // Adjacency lists keep their order, in the new numbering.
  for (auto* lists : {&out_, &in_}) {
    for (std::vector<PairIndex>& list : *lists) {
      size_t n = 0;
      for (PairIndex p : list) {
        if (new_pair[p] != kNoPair) list[n++] = new_pair[p];
      }
      list.resize(n);
      if (n == 0) list.shrink_to_fit();
    }
  }
  absl::flat_hash_map<uint64_t, PairIndex> pair_index;
  pair_index.reserve(pairs.size());
  for (PairIndex p = 0; p < pairs.size(); ++p) {
    pair_index.emplace(PairKey(pairs[p].src, pairs[p].dst), p);
  }
  by_day_.erase(by_day_.begin(), by_day_.lower_bound(horizon));
  for (auto& [day, edges] : by_day_) {
    for (DayEdge& e : edges) e.slot = old_to_new[e.slot];
  }
  slot_ids_.swap(ids);
  quad_.swap(quad);
  goldstein_.swap(goldstein);
  code_.swap(code);
  action_.swap(action);
  pairs_.swap(pairs);
  pair_index_.swap(pair_index);
  removed_ = 0;
  horizon_ = horizon;
  ++evictions_;
  // Free the old arrays before giving their pages back.
  ids = {};
  quad = {};
  goldstein = {};
  code = {};
  action = {};
  pairs = {};
  pair_index = {};
  old_to_new = {};
  ReleaseFreeHeapMemory();
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
  return MemoryBytesLocked();
}

size_t TemporalGraph::ApproximateBytes() const {
  absl::ReaderMutexLock lock(&mu_);
  return ApproximateBytesLocked();
}

size_t TemporalGraph::ApproximateBytesLocked() const {
  return (slot_ids_.size() - removed_) * kEventBytes +
         pairs_.size() * kPairBytes + by_day_.size() * kDayBytes;
}

Day TemporalGraph::horizon() const {
  absl::ReaderMutexLock lock(&mu_);
  return horizon_;
}

void TemporalGraph::StartAt(Day horizon) {
  absl::MutexLock lock(&mu_);
  horizon_ = horizon;
}

int64_t TemporalGraph::evictions() const {
  absl::ReaderMutexLock lock(&mu_);
  return evictions_;
}

size_t TemporalGraph::MemoryBytesLocked() const {
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
  if (memory_budget_ > 0) {
    events = std::min(events, memory_budget_ / kEventBytes);
  }
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
