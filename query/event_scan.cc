#include "query/event_scan.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"

namespace eventgraph::query {

absl::Status ScanEvents(const storage::EventStore& store, MergedCursor& cursor,
                        const EventFilter& filter, size_t first_chunk,
                        absl::Time deadline,
                        const std::function<bool(storage::Event&&)>& fn) {
  constexpr size_t kChunk = 256;
  size_t chunk = std::clamp<size_t>(first_chunk, 1, kChunk);
  std::vector<storage::EventId> ids;
  int64_t read = 0;
  while (cursor.Valid()) {
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "deadline exceeded after reading ", read, " events"));
    }
    ids.clear();
    while (cursor.Valid() && ids.size() < chunk) {
      ids.push_back(cursor.position().id);
      cursor.Next();
    }
    chunk = kChunk;
    read += static_cast<int64_t>(ids.size());
    ASSIGN_OR_RETURN(std::vector<storage::Event> events, store.GetEvents(ids));
    for (storage::Event& e : events) {
      if (!filter.Matches(e)) continue;
      if (!fn(std::move(e))) return cursor.status();
    }
  }
  return cursor.status();
}

}  // namespace eventgraph::query
