// TemporalGraph: an in-memory index of every stored event as a dated edge,
// for path and network queries. It keeps, per event, only what a graph
// search filters on (day, quad class, Goldstein, CAMEO code, action) and
// two views of the edges:
//   - per directed actor pair, the pair's events sorted by day, reachable
//     from both actors' adjacency lists, so that a windowed expansion of an
//     actor costs a binary search per partner, not a read of its events;
//   - per day, the day's edges, so that a time-respecting search is one
//     pass over the window's days in order.
// The EventStore builds it at open from the events column family, adds
// every batch after it is written and removes deleted events after their
// batch is written, so it always holds exactly the committed events (a
// batch may become visible here a moment after RocksDB).
//
// Deletion removes an event's edge from its pair's vectors and its day's
// list (one compaction pass per touched pair and day), so every walk and
// count (window ranges, per-day scans) sees only live events with no
// per-edge test. Its per-slot attributes stay as unused garbage (about 20
// bytes per deleted event); a pair left empty stays in the adjacency lists
// and counts zero events in every window; a day left empty is dropped.
// Memory: per event 19 bytes of attributes, 8 in its pair's array and 12 in
// its day's list; per directed pair about 100 bytes (its array, adjacency
// entries and hash-table slot). docs/PERFORMANCE.md has measured totals.
//
// Memory budget: a graph made with a budget holds the newest days that fit
// it. The graph has a horizon, the first day it holds: it holds exactly the
// added (and not removed) events on or after its horizon (kMinDay until the
// budget is first reached). When an Add takes it past its budget, it drops
// its oldest days until it uses about three quarters of the budget, and
// moves the horizon past them; events older than the horizon are ignored by
// Add. Dropping rebuilds the graph from the days kept, so while it runs the
// graph uses up to the budget plus what it keeps. The store reads what is
// older than the horizon from disk (EventStore::BuildWindowGraph).
//
// Thread safety: thread-safe. Add takes an exclusive lock for the time of
// a batch's appends; readers hold a shared lock through a Reader for the
// time of one search, so a search sees a fixed graph.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "storage/date.h"
#include "storage/event.h"

namespace eventgraph::storage {

// Index of an event inside the graph (dense, from 0, in order of Add).
using Slot = uint32_t;
// Index of a directed actor pair inside the graph (dense, from 0).
using PairIndex = uint32_t;

// Goldstein score in hundredths, or kNoGoldstein.
inline constexpr int16_t kNoGoldstein = std::numeric_limits<int16_t>::min();

// One event of a pair: its day and slot.
struct PairEdge {
  Day day;
  Slot slot;
  friend bool operator==(const PairEdge&, const PairEdge&) = default;
};

// The events of one directed pair, sorted by (day, slot). One array per
// pair (days and slots interleaved): a pair costs one allocation.
struct PairEdges {
  ActorId src = 0;
  ActorId dst = 0;
  std::vector<PairEdge> edges;
};

// One edge of a day's list.
struct DayEdge {
  ActorId src;
  ActorId dst;
  Slot slot;
};

class TemporalGraph {
 public:
  // memory_budget: the most bytes (as MemoryBytes counts them) the graph
  // keeps after an Add; 0: no bound, every added event is kept.
  explicit TemporalGraph(size_t memory_budget = 0)
      : memory_budget_(memory_budget) {}
  TemporalGraph(const TemporalGraph&) = delete;
  TemporalGraph& operator=(const TemporalGraph&) = delete;

  // Adds events. Each must have its id, actor_id, target_id, day, quad
  // class, goldstein, event_code and (normalized) action set. Events
  // before the horizon are ignored; with a budget, may move the horizon
  // (see above).
  // REQUIRES: no event id is added twice (the store adds each accepted
  // event once).
  void Add(absl::Span<const Event> events) ABSL_LOCKS_EXCLUDED(mu_);
  void Add(absl::Span<const Event* const> events) ABSL_LOCKS_EXCLUDED(mu_);

  // Removes events added before. Each must have its id, actor_id,
  // target_id and day set as when added; events not in the graph are
  // ignored. Returns how many were removed.
  size_t Remove(absl::Span<const Event> events) ABSL_LOCKS_EXCLUDED(mu_);

  // Bytes held by the graph's arrays (capacity, not size), with an
  // estimate of the allocator's overhead per array.
  size_t MemoryBytes() const ABSL_LOCKS_EXCLUDED(mu_);

  // A cheap estimate of MemoryBytes (from the counts of events, pairs and
  // days), for callers that bound a graph they build.
  size_t ApproximateBytes() const ABSL_LOCKS_EXCLUDED(mu_);

  // Room for `events` more events in the per-event arrays (the store
  // reserves its event count before it builds the graph at open); with a
  // budget, at most what the budget holds.
  void Reserve(size_t events) ABSL_LOCKS_EXCLUDED(mu_);

  // The first day the graph holds (kMinDay: every added event is held).
  Day horizon() const ABSL_LOCKS_EXCLUDED(mu_);
  // Sets the horizon of an empty graph, so that a graph built from
  // unordered events (the store's scan at open) does not rebuild itself
  // again and again on the way. REQUIRES: nothing added yet.
  void StartAt(Day horizon) ABSL_LOCKS_EXCLUDED(mu_);
  // How many times the graph has dropped its oldest days.
  int64_t evictions() const ABSL_LOCKS_EXCLUDED(mu_);
  size_t memory_budget() const { return memory_budget_; }

  // Read access for one search. Holds a shared lock until destroyed: keep
  // it for one query only (writers wait for it), and do not call Add or
  // MemoryBytes, or make a second Reader, on the same thread meanwhile.
  // Not thread-safe itself.
  class Reader {
   public:
    explicit Reader(const TemporalGraph* graph);
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    // Actor ids are < actor_limit().
    ActorId actor_limit() const {
      return static_cast<ActorId>(g_->out_.size());
    }
    // Live events (added and not removed).
    size_t event_count() const {
      return g_->slot_ids_.size() - g_->removed_;
    }
    size_t pair_count() const { return g_->pairs_.size(); }
    // The first day held: events before it are not in this graph.
    Day horizon() const { return g_->horizon_; }
    // True when the graph holds every added event (no horizon).
    bool complete() const { return g_->horizon_ == kMinDay; }

    // Pairs with `a` as source (out) or as destination (in); empty for an
    // unknown actor. A self-loop pair (a, a) is in both lists.
    absl::Span<const PairIndex> OutPairs(ActorId a) const;
    absl::Span<const PairIndex> InPairs(ActorId a) const;
    const PairEdges& pair(PairIndex p) const { return g_->pairs_[p]; }
    // The pair src -> dst, or -1 when it has no events.
    int64_t FindPair(ActorId src, ActorId dst) const;

    // Per-event attributes.
    EventId id(Slot s) const { return g_->slot_ids_[s]; }
    QuadClass quad(Slot s) const { return g_->quad_[s]; }
    int16_t goldstein_centi(Slot s) const { return g_->goldstein_[s]; }
    uint32_t code_index(Slot s) const { return g_->code_[s]; }
    uint32_t action_index(Slot s) const { return g_->action_[s]; }
    // Dictionaries: every distinct CAMEO code text and folded action text,
    // by index.
    const std::vector<std::string>& codes() const { return g_->codes_; }
    const std::vector<std::string>& folded_actions() const {
      return g_->actions_;
    }

    // The days that have events, in order, with their edges.
    const absl::btree_map<Day, std::vector<DayEdge>>& days() const {
      return g_->by_day_;
    }

   private:
    const TemporalGraph* g_;
  };

 private:
  void AddOne(const Event& e) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Appends one event whose code and action are already interned.
  void Append(ActorId src, ActorId dst, Day day, EventId id, QuadClass quad,
              int16_t goldstein, uint32_t code, uint32_t action)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  size_t MemoryBytesLocked() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  size_t ApproximateBytesLocked() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // After an Add: drops the oldest days while past the budget.
  void EnforceBudget() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Rebuilds the graph from the events on or after `horizon`, which
  // becomes the horizon.
  void DropBefore(Day horizon) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  uint32_t Intern(const std::string& text,
                  absl::flat_hash_map<std::string, uint32_t>* index,
                  std::vector<std::string>* values)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t memory_budget_;
  mutable absl::Mutex mu_;
  Day horizon_ ABSL_GUARDED_BY(mu_) = kMinDay;
  int64_t evictions_ ABSL_GUARDED_BY(mu_) = 0;
  // With a budget: the live event count at which MemoryBytes is measured
  // again (measuring walks every pair).
  size_t check_at_ ABSL_GUARDED_BY(mu_) = 0;
  // Per slot.
  std::vector<EventId> slot_ids_ ABSL_GUARDED_BY(mu_);
  std::vector<QuadClass> quad_ ABSL_GUARDED_BY(mu_);
  std::vector<int16_t> goldstein_ ABSL_GUARDED_BY(mu_);
  std::vector<uint32_t> code_ ABSL_GUARDED_BY(mu_);
  std::vector<uint32_t> action_ ABSL_GUARDED_BY(mu_);
  // Dictionaries.
  absl::flat_hash_map<std::string, uint32_t> code_index_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> codes_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint32_t> action_index_
      ABSL_GUARDED_BY(mu_);  // keyed by the action as stored
  std::vector<std::string> actions_ ABSL_GUARDED_BY(mu_);  // folded
  // Pairs and adjacency (indexed by actor id).
  std::vector<PairEdges> pairs_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<uint64_t, PairIndex> pair_index_ ABSL_GUARDED_BY(mu_);
  std::vector<std::vector<PairIndex>> out_ ABSL_GUARDED_BY(mu_);
  std::vector<std::vector<PairIndex>> in_ ABSL_GUARDED_BY(mu_);
  // Edges by day.
  absl::btree_map<Day, std::vector<DayEdge>> by_day_ ABSL_GUARDED_BY(mu_);
  // Slots removed by Remove.
  size_t removed_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace eventgraph::storage
