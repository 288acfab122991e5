// The two halves of storing an IngestRequest around the store's write:
// converting its events (with per-item problems) and building its ack from
// the write's result. IngestBatch (one request, one write) and the bulk
// mode of IngestStream (many requests, one EventStore::WriteBulk) share
// them.
//
// Thread safety: plain functions on values; safe from any thread.
#pragma once

#include <map>
#include <vector>

#include "absl/status/statusor.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "storage/event_store.h"

namespace eventgraph::server {

// A request's items converted for the store.
struct ConvertedBatch {
  int64_t sequence = 0;  // IngestRequest.sequence
  int size = 0;          // items in the request
  // The items that converted; the store validates them further.
  std::vector<storage::Event> events;
  std::vector<int> index_of;  // events[k] is item index_of[k]
  // Items that did not convert, with every problem found.
  std::map<int, std::vector<storage::FieldError>> problems;
};

// Converts the items of `request`. Errors: InvalidArgument (field "events")
// when it holds more than kMaxEventsPerRequest items. The rvalue overload
// moves the events' strings out of `request` instead of copying them.
absl::StatusOr<ConvertedBatch> ConvertBatch(const v1::IngestRequest& request);
absl::StatusOr<ConvertedBatch> ConvertBatch(v1::IngestRequest&& request);

// The ack of `batch` once its events were written with result `written`
// (whose indexes are those of batch.events, which may have been moved out
// since): accepted, duplicates, an id per item, one rejection per bad item
// naming "events[i].<field>" with every problem of the item.
v1::IngestResponse MakeAck(const ConvertedBatch& batch,
                           const storage::WriteResult& written);

}  // namespace eventgraph::server
