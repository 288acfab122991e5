// Lists a subject's events in (date, id) order, by pages (AIP-158). Filters
// are applied inside the scan. A stream is a walk over pages.
//
// Page tokens are opaque: base64url of a format byte, a fingerprint of the
// query (actor, counterpart, direction, window, filter, order) and the
// (day, id) of the last event returned. A token only works with the query
// that made it.
//
// Thread safety: thread-safe (functions of an EventStore, which is).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "query/event_filter.h"
#include "query/subject.h"
#include "storage/event_store.h"

namespace eventgraph::query {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

struct EventQuery {
  Subject subject;  // empty actor: all events
  std::optional<storage::Day> from;
  std::optional<storage::Day> to;
  EventFilter filter;
  bool descending = false;
  // A scan that runs past it stops with DeadlineExceeded.
  absl::Time deadline = absl::InfiniteFuture();
};

struct EventPage {
  std::vector<storage::Event> events;
  std::string next_page_token;  // empty on the last page
};

// Returns one page. page_size <= 0 means kDefaultPageSize; larger than
// kMaxPageSize is coerced to it. Errors: InvalidArgument (field
// "page_token") for a token that is malformed or from another query,
// NotFound naming an unknown actor, DataLoss on corrupt data.
absl::StatusOr<EventPage> ListEvents(const storage::EventStore& store,
                                     const EventQuery& query, int page_size,
                                     const std::string& page_token);

}  // namespace eventgraph::query
