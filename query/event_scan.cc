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
  // One chunk in cursor order: events decoded from a covering index's
  // records at once, the others read by id in one MultiGet.
  std::vector<storage::Event> events;
  std::vector<storage::EventId> missing_ids;
  std::vector<size_t> missing_at;
  int64_t read = 0;
  while (cursor.Valid()) {
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "deadline exceeded after reading ", read, " events"));
    }
    events.clear();
    missing_ids.clear();
    missing_at.clear();
    while (cursor.Valid() && events.size() < chunk) {
      const storage::EventId id = cursor.position().id;
      const std::string_view record = cursor.record();
      storage::Event& e = events.emplace_back();
      if (record.empty()) {
        missing_ids.push_back(id);
        missing_at.push_back(events.size() - 1);
      } else {
        RETURN_IF_ERROR(store.DecodeEvent(id, record, &e));
      }
      cursor.Next();
    }
    chunk = kChunk;
    read += static_cast<int64_t>(events.size());
    if (!missing_ids.empty()) {
      ASSIGN_OR_RETURN(std::vector<storage::Event> by_id,
                       store.GetEvents(missing_ids));
      for (size_t i = 0; i < by_id.size(); ++i) {
        events[missing_at[i]] = std::move(by_id[i]);
      }
    }
    for (storage::Event& e : events) {
      if (!filter.Matches(e)) continue;
      if (!fn(std::move(e))) return cursor.status();
    }
  }
  return cursor.status();
}

}  // namespace eventgraph::query
