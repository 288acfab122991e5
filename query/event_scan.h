// Reads the events under a merged index walk in chunks and hands those
// that pass a filter to a callback. Entries of a covering index (dyad
// cursors) carry their records; the others are read by id, one MultiGet per
// chunk.
//
// Thread safety: a function over thread-safe objects; the cursor is the
// caller's and must not be shared.
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "query/event_filter.h"
#include "query/merged_cursor.h"
#include "storage/event_store.h"

namespace eventgraph::query {

// Calls fn(event) for each event of `cursor` that matches `filter`, in the
// cursor's order, until fn returns false or the cursor ends. `first_chunk`
// sizes the first read (later reads take 256 entries), so a caller that needs
// only a few events reads only a few. Past `deadline` it stops with
// DeadlineExceeded saying how many entries it read. Errors: the cursor's status, DataLoss
// or NotFound when an index entry points to no event.
absl::Status ScanEvents(const storage::EventStore& store, MergedCursor& cursor,
                        const EventFilter& filter, size_t first_chunk,
                        absl::Time deadline,
                        const std::function<bool(storage::Event&&)>& fn);

}  // namespace eventgraph::query
