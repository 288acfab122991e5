// Time-respecting journeys between two actors: a sequence of dated events
// e1..ek where e1 leaves `from`, ek arrives at `to`, each event leaves the
// actor the previous one reached, and the days never go back in time
// (strictly forward with `strict`). A journey never visits an actor twice.
//
// Every search is one pass over the window's days in time order (backwards
// for kLatestDeparture), after Wu et al., "Path Problems in Temporal
// Graphs", PVLDB 2014. Each actor keeps the labels (hop count, departure
// day) that no other label of it beats: one label (fewest hops; fastest:
// latest departure, then fewest hops), or with kFastest and a hop cap the
// Pareto set of (fewer hops, later departure). A label remembers the event
// and the label it extends, so the journey is read back from the labels.
// Events of one day may chain in any order (unless `strict`), so a day is
// scanned again while a label made late in the day could extend an edge
// listed earlier; with `strict`, the labels a day makes are kept only when
// it ends. kEarliestArrival stops after the day that first reaches `to`,
// kLatestDeparture after the day (going back) that first reaches `from`.
// Cost: O(events in the window) for most days, memory O(actors + labels).
//
// Objectives and tie-breaks (all deterministic in their objective values;
// among journeys equal in every criterion, which one is returned is
// unspecified but fixed for a given graph):
//   kEarliestArrival:  minimise the arrival day (day of the last event),
//                      then the number of hops.
//   kLatestDeparture:  maximise the departure day (day of the first event),
//                      then minimise the number of hops.
//   kFastest:          minimise arrival - departure in days, then the
//                      arrival day, then the number of hops.
//   kFewestHops:       minimise the number of hops, then the arrival day.
//
// Thread safety: FindJourney is thread-safe when each concurrent call has
// its own Reader and SearchBudget.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "query/graph_common.h"

namespace eventgraph::query {

enum class JourneyMode {
  kEarliestArrival,
  kLatestDeparture,
  kFastest,
  kFewestHops,
};

struct JourneyRequest {
  // The two ends. REQUIRES: different, both > 0.
  ActorId from = 0;
  ActorId to = 0;
  // Only events with window.from <= day <= window.to are used; the edge
  // filter's min_events counts a pair's events over this whole window.
  GraphWindow window;
  // false: an event a -> b also lets a journey go b -> a.
  bool directed = false;
  JourneyMode mode = JourneyMode::kEarliestArrival;
  // true: each hop's event day is after the previous hop's day; false: on
  // or after it (same-day chains are journeys).
  bool strict = false;
  // Earliest departure: no event of the journey is before it. Default (and
  // clipped to) window.from. Every mode honours it.
  std::optional<Day> start;
  // Latest arrival: no event of the journey is after it. Default (and
  // clipped to) window.to. Every mode honours it.
  std::optional<Day> end;
  // 0: no cap; otherwise a journey has at most this many hops.
  // REQUIRES: >= 0.
  int max_hops = 0;
};

// Finds the best journey from request.from to request.to under `filter`.
//
// An event can be a hop when it is not a self-loop, lies within
// [max(window.from, start), min(window.to, end)], matches `filter`, and its
// pair has at least filter.min_events() matching events over the whole
// window (directed: the pair src -> dst; undirected: src -> dst plus
// dst -> src).
//
// Result: the best journey by the mode's objective (see above), as a
// FoundPath whose actors run from `from` to `to` (all distinct) and whose
// hops carry the direction travelled and, in `slot`, the event used; costs
// are 0. nullopt (OK) when there is no journey, including an unknown or
// isolated actor or an empty window.
//
// Budget: expanded_edges counts the events scanned (an event is counted
// again when a day is relaxed more than once), visited_actors the actors
// reached, depth the most hops of any partial journey kept.
//
// Errors: InvalidArgument when a REQUIRES of the request does not hold;
// otherwise the status of budget->Check() (ResourceExhausted or
// DeadlineExceeded) when the budget runs out.
//
// REQUIRES: `filter` was compiled with `graph`; budget != nullptr.
absl::StatusOr<std::optional<FoundPath>> FindJourney(
    const Reader& graph, const EdgeFilter& filter,
    const JourneyRequest& request, SearchBudget* budget);

}  // namespace eventgraph::query
