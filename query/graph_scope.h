// Private to query/: the steps every graph query takes before and after its
// search (actor names, window, filter, budget, report).
//
// Thread safety: thread-safe (pure functions; a Reader per thread).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "query/graph_common.h"
#include "query/graph_query.h"
#include "storage/event_store.h"

namespace eventgraph::query {

// The graph of the store. FailedPrecondition when it keeps none.
absl::StatusOr<const storage::TemporalGraph*> GraphOf(
    const storage::EventStore& store);

// Resolves an actor name. InvalidArgument naming `field` when empty or not
// UTF-8; NotFound naming the actor when unknown.
absl::StatusOr<ActorId> ResolveActor(const storage::EventStore& store,
                                     std::string_view field,
                                     const std::string& name);

// The window of a scope: absent ends are the first and last day with
// events (`days`; nullopt: no events). InvalidArgument ("to_date") when
// from > to.
absl::StatusOr<GraphWindow> ResolveWindow(
    const std::optional<std::pair<Day, Day>>& days, const GraphScope& scope);

// The graph one query searches, locked for reading while this lives, and
// the query's window.
//
// Thread safety: not thread-safe; one query on one thread (it holds a
// Reader).
class QueryGraph {
 public:
  // The store's graph when it holds every day of the scope's window;
  // otherwise (its memory budget has dropped days the window needs) a
  // graph of the window read from disk (EventStore::BuildWindowGraph).
  // Errors: FailedPrecondition without the graph index; InvalidArgument
  // ("to_date") when from > to; the errors of BuildWindowGraph
  // (ResourceExhausted when the window needs more than the graph's memory
  // budget).
  static absl::StatusOr<std::unique_ptr<QueryGraph>> Open(
      const storage::EventStore& store, const GraphScope& scope);

  const Reader& reader() const { return *reader_; }
  const GraphWindow& window() const { return window_; }

 private:
  QueryGraph() = default;
  std::unique_ptr<storage::EventStore::WindowGraph> owned_;
  std::optional<Reader> reader_;  // destroyed before owned_
  GraphWindow window_;
};

// The budget of a scope (0 limits are the maximums; larger are clamped).
// InvalidArgument for negative limits.
absl::StatusOr<SearchBudget> MakeBudget(const GraphScope& scope);

SearchReport ReportOf(const SearchBudget& budget, absl::Time start);

// A value in [lo, hi], `fallback` when 0. InvalidArgument naming `field`
// otherwise.
absl::StatusOr<int> BoundedInt(std::string_view field, int value, int fallback,
                               int lo, int hi);

}  // namespace eventgraph::query
