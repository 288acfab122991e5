// FindPaths: validates the request, runs the hop or journey search on the
// graph of the window, then gathers each hop's evidence.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "query/field_status.h"
#include "query/graph_query.h"
#include "query/graph_scope.h"
#include "query/hop_paths.h"
#include "query/journeys.h"
#include "storage/status_macros.h"

namespace eventgraph::query {
namespace {

struct Limits {
  int max_hops = 0;  // journeys: 0 is no cap
  int limit = 1;
  int evidence = kDefaultEvidence;
};

absl::StatusOr<Limits> CheckLimits(const PathQuery& q) {
  Limits l;
  if (IsJourney(q.mode)) {
    ASSIGN_OR_RETURN(l.max_hops,
                     BoundedInt("max_hops", q.max_hops, 0, 1, kMaxJourneyHops));
  } else {
    ASSIGN_OR_RETURN(l.max_hops, BoundedInt("max_hops", q.max_hops,
                                            kDefaultMaxHops, 1, kMaxHopCap));
  }
  if (q.mode == PathMode::kShortest) {
    ASSIGN_OR_RETURN(l.limit, BoundedInt("limit", q.limit, kDefaultShortestLimit,
                                         1, kMaxShortestLimit));
  } else if (!IsJourney(q.mode)) {
    ASSIGN_OR_RETURN(l.limit, BoundedInt("limit", q.limit, kDefaultK, 1, kMaxK));
  } else if (q.limit < 0) {
    return InvalidFieldError("limit", "must not be negative");
  }
  if (q.evidence_events < -1 || q.evidence_events > kMaxEvidence) {
    return InvalidFieldError(
        "evidence_events",
        absl::StrCat(q.evidence_events, " is outside -1..", kMaxEvidence));
  }
  l.evidence = q.evidence_events == -1  ? 0
               : q.evidence_events == 0 ? kDefaultEvidence
                                        : q.evidence_events;
  if (!IsJourney(q.mode) && (q.start || q.end || q.strict)) {
    const char* field = q.start ? "start_date" : q.end ? "end_date" : "strict";
    return InvalidFieldError(field, "applies to journey modes only");
  }
  if (q.start && q.end && *q.start > *q.end) {
    return InvalidFieldError("end_date", "is before start_date");
  }
  return l;
}

// A hop's evidence while the graph is locked: its summary and the slots of
// the events to read afterwards.
struct PendingHop {
  ActorId from = 0;
  ActorId to = 0;
  EdgeStats stats;
  std::vector<storage::EventId> top_ids;  // newest first
  storage::EventId event_id = 0;          // journeys
  double cost = 0;
};

PendingHop Evidence(const Reader& graph, const FoundHop& hop,
                    const GraphWindow& w, const EdgeFilter& filter,
                    bool directed, int evidence) {
  PendingHop h;
  h.from = hop.from;
  h.to = hop.to;
  h.cost = hop.cost;
  std::vector<std::pair<Day, Slot>> latest;
  auto add_pair = [&](ActorId src, ActorId dst) {
    const int64_t p = graph.FindPair(src, dst);
    if (p < 0) return;
    const storage::PairEdges& pair =
        graph.pair(static_cast<storage::PairIndex>(p));
    h.stats.Add(SummarizePair(graph, pair, w, filter));
    LatestSlots(graph, pair, w, filter, evidence, &latest);
  };
  add_pair(hop.from, hop.to);
  if (!directed) add_pair(hop.to, hop.from);
  // Newest first across both directions; same day: the later slot first.
  std::sort(latest.begin(), latest.end(),
            [](const auto& x, const auto& y) { return x > y; });
  if (latest.size() > static_cast<size_t>(evidence)) latest.resize(evidence);
  for (const auto& [day, slot] : latest) h.top_ids.push_back(graph.id(slot));
  if (hop.slot) h.event_id = graph.id(*hop.slot);
  return h;
}

std::string WindowText(const GraphWindow& w) {
  return absl::StrCat(storage::FormatDate(w.from), "..",
                      storage::FormatDate(w.to));
}

std::string NoPathReason(const PathQuery& q, const PathsResult& r,
                         const Limits& l, const GraphWindow& w,
                         const SearchBudget& budget) {
  const std::string who =
      absl::StrCat(r.from_actor, " to ", r.to_actor,
                   q.directed ? " (directed)" : " (undirected)");
  const std::string explored =
      absl::StrCat("; explored ", budget.visited_actors, " actors");
  if (!IsJourney(q.mode)) {
    return absl::StrCat("no path from ", who, " within ", l.max_hops,
                        " hops in ", WindowText(w), explored);
  }
  const Day start = q.start.value_or(w.from);
  const Day end = q.end.value_or(w.to);
  std::string hops =
      l.max_hops > 0 ? absl::StrCat(" within ", l.max_hops, " hops") : "";
  return absl::StrCat("no time-respecting journey from ", who, hops,
                      q.strict ? " (strictly later events)" : "",
                      " leaving on or after ", storage::FormatDate(start),
                      " and arriving by ", storage::FormatDate(end),
                      explored);
}

}  // namespace

bool IsJourney(PathMode mode) {
  switch (mode) {
    case PathMode::kShortest:
    case PathMode::kKShortest:
    case PathMode::kWeighted:
      return false;
    default:
      return true;
  }
}

absl::StatusOr<PathsResult> FindPaths(const storage::EventStore& store,
                                      const PathQuery& q) {
  const absl::Time start = absl::Now();
  // Fail fast without the graph index, before checking the fields.
  RETURN_IF_ERROR(GraphOf(store).status());
  ASSIGN_OR_RETURN(ActorId from, ResolveActor(store, "from_actor", q.from_actor));
  ASSIGN_OR_RETURN(ActorId to, ResolveActor(store, "to_actor", q.to_actor));
  if (from == to) {
    return InvalidFieldError("to_actor",
                             "is the same actor as from_actor; a path needs "
                             "two different actors");
  }
  ASSIGN_OR_RETURN(Limits limits, CheckLimits(q));
  ASSIGN_OR_RETURN(SearchBudget budget, MakeBudget(q.scope));

  PathsResult result;
  result.from_actor = store.ActorName(from);
  result.to_actor = store.ActorName(to);
  std::vector<std::vector<PendingHop>> pending;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<QueryGraph> graph_lease,
                     QueryGraph::Open(store, q.scope));
    const Reader& graph = graph_lease->reader();
    result.window = graph_lease->window();
    ASSIGN_OR_RETURN(EdgeFilter filter,
                     EdgeFilter::Compile(q.scope.filter, graph));
    std::vector<FoundPath> found;
    if (IsJourney(q.mode)) {
      JourneyRequest jr;
      jr.from = from;
      jr.to = to;
      jr.window = result.window;
      jr.directed = q.directed;
      jr.strict = q.strict;
      jr.start = q.start;
      jr.end = q.end;
      jr.max_hops = limits.max_hops;
      switch (q.mode) {
        case PathMode::kLatestDeparture:
          jr.mode = JourneyMode::kLatestDeparture;
          break;
        case PathMode::kFastest:
          jr.mode = JourneyMode::kFastest;
          break;
        case PathMode::kFewestHops:
          jr.mode = JourneyMode::kFewestHops;
          break;
        default:
          jr.mode = JourneyMode::kEarliestArrival;
          break;
      }
      ASSIGN_OR_RETURN(std::optional<FoundPath> journey,
                       FindJourney(graph, filter, jr, &budget));
      if (journey) found.push_back(std::move(*journey));
    } else {
      HopRequest hr;
      hr.from = from;
      hr.to = to;
      hr.window = result.window;
      hr.directed = q.directed;
      hr.mode = q.mode == PathMode::kKShortest ? HopMode::kKShortest
                : q.mode == PathMode::kWeighted ? HopMode::kWeighted
                                                : HopMode::kShortest;
      hr.max_hops = limits.max_hops;
      hr.limit = limits.limit;
      ASSIGN_OR_RETURN(HopResult hops, FindHopPaths(graph, filter, hr, &budget));
      found = std::move(hops.paths);
      result.truncated = hops.truncated;
    }
    for (const FoundPath& path : found) {
      // A journey hop travels one event; its direction is the event's.
      std::vector<PendingHop>& hops = pending.emplace_back();
      for (const FoundHop& hop : path.hops) {
        hops.push_back(Evidence(graph, hop, result.window, filter, q.directed,
                                limits.evidence));
      }
    }
    if (found.empty()) {
      result.reason = NoPathReason(q, result, limits, result.window, budget);
    }
  }

  // Read the evidence events with the graph unlocked.
  std::vector<storage::EventId> ids;
  for (const auto& hops : pending) {
    for (const PendingHop& h : hops) {
      ids.insert(ids.end(), h.top_ids.begin(), h.top_ids.end());
      if (h.event_id != 0) ids.push_back(h.event_id);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ASSIGN_OR_RETURN(std::vector<storage::Event> events, store.GetEvents(ids));
  absl::flat_hash_map<storage::EventId, const storage::Event*> by_id;
  for (const storage::Event& e : events) by_id[e.id] = &e;

  for (const auto& hops : pending) {
    PathAnswer& answer = result.paths.emplace_back();
    for (const PendingHop& h : hops) {
      if (answer.actors.empty()) answer.actors.push_back(store.ActorName(h.from));
      answer.actors.push_back(store.ActorName(h.to));
      HopEvidence& e = answer.hops.emplace_back();
      e.from = store.ActorName(h.from);
      e.to = store.ActorName(h.to);
      e.stats = h.stats;
      e.cost = h.cost;
      answer.cost += h.cost;
      for (storage::EventId id : h.top_ids) e.top_events.push_back(*by_id[id]);
      if (h.event_id != 0) {
        e.event = *by_id[h.event_id];
        if (!answer.departure) answer.departure = e.event->day;
        answer.arrival = e.event->day;
      }
    }
  }
  result.report = ReportOf(budget, start);
  return result;
}

}  // namespace eventgraph::query
