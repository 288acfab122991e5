// What every graph query shares: the edge filter compiled against the
// graph's dictionaries, the window, per-pair summaries, and the search
// budget. Path, journey, neighbour and subgraph searches build on these.
//
// Thread safety: EdgeFilter and GraphWindow are immutable values; the
// functions taking a TemporalGraph::Reader are as thread-safe as the
// Reader (one per thread). SearchBudget is not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/date.h"
#include "storage/event.h"
#include "storage/temporal_graph.h"

namespace eventgraph::query {

using storage::ActorId;
using storage::Day;
using storage::Slot;
using Reader = storage::TemporalGraph::Reader;

// Inclusive day window.
struct GraphWindow {
  Day from = storage::kMinDay;
  Day to = storage::kMaxDay;
};

// The conditions an event must meet to count for an edge.
struct EdgeFilterSpec {
  std::string action;       // exact, compared after folding; empty: any
  std::string code_prefix;  // CAMEO digits; empty: any
  std::vector<int> quad_classes;  // 1..4; empty: all
  std::optional<double> goldstein_min;
  std::optional<double> goldstein_max;
  int min_events = 1;  // an edge needs at least this many matching events
};

// An EdgeFilterSpec compiled against one Reader's dictionaries. Valid only
// with the Reader it was compiled with.
class EdgeFilter {
 public:
  // Errors: InvalidArgument naming the field ("filter.event_code_prefix",
  // "filter.quad_classes", "filter.goldstein_min", "filter.goldstein_max",
  // "filter.min_events") through InvalidFieldError.
  static absl::StatusOr<EdgeFilter> Compile(const EdgeFilterSpec& spec,
                                            const Reader& graph);

  // True when some event-level condition is set (not just the window).
  bool per_event() const { return per_event_; }
  int min_events() const { return min_events_; }

  // REQUIRES: s is a slot of the Reader this was compiled with.
  bool Matches(const Reader& graph, Slot s) const;

 private:
  bool per_event_ = false;
  int min_events_ = 1;
  std::vector<bool> codes_;    // by code index; empty: any
  std::vector<bool> actions_;  // by action index; empty: any
  std::array<bool, storage::kQuadClassCount> quads_{};  // all false: any
  bool any_quad_ = true;
  int32_t gmin_ = -1000;  // hundredths
  int32_t gmax_ = 1000;
  bool goldstein_required_ = false;
};

// The matching events of one pair (or of several, summed) in a window.
struct EdgeStats {
  int64_t events = 0;
  std::array<int64_t, storage::kQuadClassCount> quad{};
  int64_t goldstein_events = 0;
  int64_t goldstein_centi = 0;
  Day first = 0;  // meaningful when events > 0
  Day last = 0;

  void Add(const EdgeStats& other);
  // Mean Goldstein score, 0 when no event has one.
  double goldstein_mean() const;
};

// Range [begin, end) of a pair's events inside the window (binary search).
struct SlotRange {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
};
SlotRange WindowRange(const storage::PairEdges& pair, const GraphWindow& w);

// Counts the pair's matching events in the window, stopping once `enough`
// are found (cheap when the filter has no per-event conditions).
int64_t CountPairEvents(const Reader& graph, const storage::PairEdges& pair,
                        const GraphWindow& w, const EdgeFilter& filter,
                        int64_t enough);

// True when the pair has at least filter.min_events() matching events in
// the window: the pair is an edge of the window's graph.
bool PairQualifies(const Reader& graph, const storage::PairEdges& pair,
                   const GraphWindow& w, const EdgeFilter& filter);

// Full summary of the pair's matching events in the window.
EdgeStats SummarizePair(const Reader& graph, const storage::PairEdges& pair,
                        const GraphWindow& w, const EdgeFilter& filter);

// Appends (day, slot) of the pair's latest matching events in the window,
// newest first, at most `limit`.
void LatestSlots(const Reader& graph, const storage::PairEdges& pair,
                 const GraphWindow& w, const EdgeFilter& filter, int limit,
                 std::vector<std::pair<Day, Slot>>* out);

// A path found by a search, from the first actor to the last.
struct FoundHop {
  ActorId from = 0;
  ActorId to = 0;
  // Journeys: the event (slot) that makes the hop. Hop searches: unset.
  std::optional<Slot> slot;
  double cost = 0;  // weighted searches: the edge's cost
};
struct FoundPath {
  std::vector<ActorId> actors;  // hops.size() + 1 actors
  std::vector<FoundHop> hops;
  double cost = 0;  // sum of the hops' costs
};

// Limits of one search and what it has used. The defaults are the server's
// maximums.
struct SearchBudget {
  int64_t max_visited_actors = 1'000'000;
  int64_t max_expanded_edges = 50'000'000;
  absl::Time deadline = absl::InfiniteFuture();

  // Usage, updated by the search.
  int64_t visited_actors = 0;
  int64_t expanded_edges = 0;  // pairs examined or events scanned
  int depth = 0;               // hops reached

  // OK while within limits; otherwise ResourceExhausted or DeadlineExceeded
  // with a message saying how far the search got. Checks the clock every
  // 4096 calls.
  absl::Status Check();

 private:
  int64_t calls_ = 0;
};

}  // namespace eventgraph::query
