#include "query/event_scan.h"

#include <algorithm>
#include <vector>

#include "storage/status_macros.h"

namespace eventgraph::query {

absl::Status ScanEvents(const storage::EventStore& store, MergedCursor& cursor,
                        const EventFilter& filter, size_t first_chunk,
                        const std::function<bool(storage::Event&&)>& fn) {
  constexpr size_t kChunk = 256;
  size_t chunk = std::clamp<size_t>(first_chunk, 1, kChunk);
  std::vector<storage::EventId> ids;
  while (cursor.Valid()) {
    ids.clear();
    while (cursor.Valid() && ids.size() < chunk) {
      ids.push_back(cursor.position().id);
      cursor.Next();
    }
    chunk = kChunk;
    ASSIGN_OR_RETURN(std::vector<storage::Event> events, store.GetEvents(ids));
    for (storage::Event& e : events) {
      if (!filter.Matches(e)) continue;
      if (!fn(std::move(e))) return cursor.status();
    }
  }
  return cursor.status();
}

}  // namespace eventgraph::query
