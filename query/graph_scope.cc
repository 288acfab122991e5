#include "query/graph_scope.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "query/field_status.h"
#include "storage/status_macros.h"
#include "storage/text.h"

namespace eventgraph::query {

absl::StatusOr<const storage::TemporalGraph*> GraphOf(
    const storage::EventStore& store) {
  const storage::TemporalGraph* graph = store.graph();
  if (graph == nullptr) {
    return absl::FailedPreconditionError(
        "this server runs without the graph index (graph_index = false); "
        "path and network queries need it");
  }
  return graph;
}

absl::StatusOr<ActorId> ResolveActor(const storage::EventStore& store,
                                     std::string_view field,
                                     const std::string& name) {
  if (storage::TrimAscii(name).empty()) {
    return InvalidFieldError(field, "is required");
  }
  if (!storage::IsValidUtf8(name)) {
    return InvalidFieldError(field, "is not valid UTF-8");
  }
  std::optional<ActorId> id = store.FindActor(name);
  if (!id) {
    return absl::NotFoundError(absl::StrCat("actor \"", name, "\" not found"));
  }
  return *id;
}

absl::StatusOr<GraphWindow> ResolveWindow(
    const std::optional<std::pair<Day, Day>>& days, const GraphScope& scope) {
  GraphWindow w;
  if (days) {
    w.from = days->first;
    w.to = days->second;
  }
  if (scope.from) w.from = *scope.from;
  if (scope.to) w.to = *scope.to;
  if (scope.from && scope.to && *scope.from > *scope.to) {
    return InvalidFieldError(
        "to_date", absl::StrCat(storage::FormatDate(*scope.to),
                                " is before from_date ",
                                storage::FormatDate(*scope.from),
                                ": the window is empty"));
  }
  if (w.from > w.to) std::swap(w.from, w.to);  // one open end past the data
  return w;
}

absl::StatusOr<std::unique_ptr<QueryGraph>> QueryGraph::Open(
    const storage::EventStore& store, const GraphScope& scope) {
  ASSIGN_OR_RETURN(const storage::TemporalGraph* resident, GraphOf(store));
  std::unique_ptr<QueryGraph> q(new QueryGraph());
  q->reader_.emplace(resident);
  if (q->reader_->complete()) {
    // The resident graph holds every event: its days are the data's.
    std::optional<std::pair<Day, Day>> days;
    if (const auto& d = q->reader_->days(); !d.empty()) {
      days.emplace(d.begin()->first, d.rbegin()->first);
    }
    ASSIGN_OR_RETURN(q->window_, ResolveWindow(days, scope));
    return q;
  }
  q->reader_.reset();
  using DayRange = std::optional<std::pair<Day, Day>>;
  ASSIGN_OR_RETURN(DayRange days, store.DayRange());
  ASSIGN_OR_RETURN(q->window_, ResolveWindow(days, scope));
  q->reader_.emplace(resident);
  // The horizon only moves forward: checked under the lock, it holds for
  // the whole query.
  if (q->reader_->horizon() <= q->window_.from) return q;
  q->reader_.reset();
  ASSIGN_OR_RETURN(q->owned_,
                   store.BuildWindowGraph(q->window_.from, q->window_.to));
  q->reader_.emplace(q->owned_->graph());
  return q;
}

absl::StatusOr<SearchBudget> MakeBudget(const GraphScope& scope) {
  SearchBudget budget;
  if (scope.max_visited_actors < 0) {
    return InvalidFieldError("max_visited_actors", "must not be negative");
  }
  if (scope.max_expanded_edges < 0) {
    return InvalidFieldError("max_expanded_edges", "must not be negative");
  }
  if (scope.max_visited_actors > 0) {
    budget.max_visited_actors =
        std::min(budget.max_visited_actors, scope.max_visited_actors);
  }
  if (scope.max_expanded_edges > 0) {
    budget.max_expanded_edges =
        std::min(budget.max_expanded_edges, scope.max_expanded_edges);
  }
  budget.deadline = scope.deadline;
  return budget;
}

SearchReport ReportOf(const SearchBudget& budget, absl::Time start) {
  SearchReport r;
  r.visited_actors = budget.visited_actors;
  r.expanded_edges = budget.expanded_edges;
  r.depth = budget.depth;
  r.elapsed_ms = absl::ToDoubleMilliseconds(absl::Now() - start);
  return r;
}

absl::StatusOr<int> BoundedInt(std::string_view field, int value, int fallback,
                               int lo, int hi) {
  if (value == 0) return fallback;
  if (value < lo || value > hi) {
    return InvalidFieldError(
        field, absl::StrCat(value, " is outside ", lo, "..", hi));
  }
  return value;
}

}  // namespace eventgraph::query
