// Private to query/: the steps every graph query takes before and after its
// search (actor names, window, filter, budget, report).
//
// Thread safety: thread-safe (pure functions; a Reader per thread).
#pragma once

#include <string>
#include <string_view>

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
// events. InvalidArgument ("to_date") when from > to.
absl::StatusOr<GraphWindow> ResolveWindow(const Reader& graph,
                                          const GraphScope& scope);

// The budget of a scope (0 limits are the maximums; larger are clamped).
// InvalidArgument for negative limits.
absl::StatusOr<SearchBudget> MakeBudget(const GraphScope& scope);

SearchReport ReportOf(const SearchBudget& budget, absl::Time start);

// A value in [lo, hi], `fallback` when 0. InvalidArgument naming `field`
// otherwise.
absl::StatusOr<int> BoundedInt(std::string_view field, int value, int fallback,
                               int lo, int hi);

}  // namespace eventgraph::query
