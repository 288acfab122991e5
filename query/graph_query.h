// Path and network queries over an EventStore's TemporalGraph, in domain
// types: request validation, actor resolution, the search, and the evidence
// behind every result (summaries from the graph, events from the store).
//
// Every search runs on the graph of its window: the window and the edge
// filter are applied while the search expands, never to finished results.
// Each call holds the graph's read lock for the time of its search only;
// events shown as evidence are read from the store after it is released.
//
// Thread safety: thread-safe (functions of an EventStore, which is).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "query/graph_common.h"
#include "query/subject.h"
#include "storage/event_store.h"

namespace eventgraph::query {

// Limits.
inline constexpr int kDefaultMaxHops = 4;
inline constexpr int kMaxHopCap = 8;
inline constexpr int kMaxJourneyHops = 64;
inline constexpr int kDefaultShortestLimit = 10;
inline constexpr int kMaxShortestLimit = 100;
inline constexpr int kDefaultK = 3;
inline constexpr int kMaxK = 50;
inline constexpr int kDefaultEvidence = 3;
inline constexpr int kMaxEvidence = 20;
inline constexpr int kDefaultNeighbors = 50;
inline constexpr int kMaxNeighbors = 1000;
inline constexpr int kDefaultSubgraphNodes = 200;
inline constexpr int kMaxSubgraphNodes = 10000;
inline constexpr int kDefaultSubgraphEdges = 2000;
inline constexpr int kMaxSubgraphEdges = 100000;
inline constexpr int kMaxSubgraphRadius = 4;
inline constexpr int kMaxSeeds = 100;

// What every graph query shares.
struct GraphScope {
  std::optional<storage::Day> from;  // absent: the first day of the data
  std::optional<storage::Day> to;    // absent: the last day of the data
  EdgeFilterSpec filter;
  // Budget limits (0: the maximum) and the deadline.
  int64_t max_visited_actors = 0;
  int64_t max_expanded_edges = 0;
  absl::Time deadline = absl::InfiniteFuture();
};

enum class PathMode {
  kShortest,
  kKShortest,
  kWeighted,
  kEarliestArrival,
  kLatestDeparture,
  kFastest,
  kFewestHops,
};
bool IsJourney(PathMode mode);

struct PathQuery {
  std::string from_actor;
  std::string to_actor;
  GraphScope scope;
  bool directed = false;
  PathMode mode = PathMode::kShortest;
  int max_hops = 0;  // 0: the mode's default
  int limit = 0;     // 0: the mode's default
  std::optional<storage::Day> start;
  std::optional<storage::Day> end;
  bool strict = false;
  int evidence_events = kDefaultEvidence;  // -1: none
};

// One hop with its evidence.
struct HopEvidence {
  std::string from;  // actor names
  std::string to;
  EdgeStats stats;  // from -> to (and to -> from when undirected)
  std::vector<storage::Event> top_events;  // newest first
  std::optional<storage::Event> event;     // journeys: the hop's event
  double cost = 0;
};

struct PathAnswer {
  std::vector<std::string> actors;
  std::vector<HopEvidence> hops;
  double cost = 0;
  std::optional<storage::Day> departure;  // journeys
  std::optional<storage::Day> arrival;
};

// How much a search did.
struct SearchReport {
  int64_t visited_actors = 0;
  int64_t expanded_edges = 0;
  int depth = 0;
  double elapsed_ms = 0;
};

struct PathsResult {
  std::string from_actor;  // canonical names
  std::string to_actor;
  GraphWindow window;  // the window used
  std::vector<PathAnswer> paths;
  std::string reason;  // why there are no paths
  bool truncated = false;
  SearchReport report;
};

// Finds paths. Errors: InvalidArgument naming the field ("from_actor",
// "to_actor" when empty or the same actor, "to_date" for an empty window,
// "max_hops", "limit", "evidence_events", "start_date", "end_date",
// "filter.*"), NotFound naming an unknown actor, FailedPrecondition when
// the store has no graph index, ResourceExhausted / DeadlineExceeded (saying
// how far the search got) past the budget or deadline.
absl::StatusOr<PathsResult> FindPaths(const storage::EventStore& store,
                                      const PathQuery& query);

enum class NeighborOrder { kCount, kCooperative, kHostile, kRecent };

struct NeighborsQuery {
  std::string actor;
  // Rollup::kCountry: `actor` names a country (query/rollup.h) and the
  // neighbours are partner countries: every event between an actor of it
  // and an actor of another country, summed per country. Partners without a
  // country and events inside the country are left out.
  Rollup rollup = Rollup::kNone;
  Direction direction = Direction::kBoth;
  GraphScope scope;
  int limit = kDefaultNeighbors;
  NeighborOrder order = NeighborOrder::kCount;
};

struct NeighborEntry {
  std::string actor;    // with a rollup: the country's name
  std::string country;  // with a rollup: ISO3
  EdgeStats stats;  // in the query's direction(s)
  int64_t out_events = 0;
  int64_t in_events = 0;
};

struct NeighborsResult {
  std::string actor;
  std::string country;  // with a rollup: ISO3
  GraphWindow window;
  std::vector<NeighborEntry> neighbors;
  int64_t total = 0;  // before the limit
};

// An actor's partners in a window: every pair with matching events (at
// least filter.min_events in the chosen directions). Self-loops are not
// partners. Errors: InvalidArgument ("actor", "limit", "to_date",
// "filter.*"), NotFound, FailedPrecondition (no graph index).
absl::StatusOr<NeighborsResult> FindNeighbors(const storage::EventStore& store,
                                              const NeighborsQuery& query);

struct SubgraphQuery {
  std::vector<std::string> seeds;
  int radius = 1;
  Direction direction = Direction::kBoth;
  GraphScope scope;
  int max_nodes = kDefaultSubgraphNodes;
  int max_edges = kDefaultSubgraphEdges;
};

struct SubgraphNodeEntry {
  std::string actor;
  int distance = 0;
  EdgeStats total;  // all matching events of the actor in the window
};

struct SubgraphEdgeEntry {
  std::string from;  // the events' actor
  std::string to;    // the events' target
  EdgeStats stats;
};

struct SubgraphResult {
  GraphWindow window;
  std::vector<SubgraphNodeEntry> nodes;  // by distance, then events
  std::vector<SubgraphEdgeEntry> edges;  // most events first
  bool truncated = false;
  SearchReport report;
};

// The network around seed actors: nodes within `radius` hops (expanding in
// `direction`), at most max_nodes (nearest first, then most connected to
// the nodes already chosen), and every qualifying directed pair among them,
// at most max_edges (most events first). Errors: InvalidArgument ("seeds",
// "radius", "max_nodes", "max_edges", "to_date", "filter.*"), NotFound
// naming an unknown seed, FailedPrecondition, ResourceExhausted /
// DeadlineExceeded.
absl::StatusOr<SubgraphResult> FindSubgraph(const storage::EventStore& store,
                                            const SubgraphQuery& query);

}  // namespace eventgraph::query
