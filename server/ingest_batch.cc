#include "server/ingest_batch.h"

#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "query/field_status.h"
#include "server/convert.h"
#include "server/service.h"

namespace eventgraph::server {

namespace {

// The one body of both ConvertBatch overloads: `Request` is const (events
// copied) or not (events' strings moved out).
template <typename Request>
absl::StatusOr<ConvertedBatch> Convert(Request& request) {
  if (request.events_size() > kMaxEventsPerRequest) {
    return query::InvalidFieldError(
        "events", absl::StrCat(request.events_size(),
                               " events in one request; the limit is ",
                               kMaxEventsPerRequest));
  }
  ConvertedBatch batch;
  batch.sequence = request.sequence();
  batch.size = request.events_size();
  batch.events.reserve(request.events_size());
  batch.index_of.reserve(request.events_size());
  for (int i = 0; i < request.events_size(); ++i) {
    std::vector<storage::FieldError> errors;
    storage::Event e;
    if constexpr (std::is_const_v<Request>) {
      e = FromProto(request.events(i), &errors);
    } else {
      e = FromProto(std::move(*request.mutable_events(i)), &errors);
    }
    if (!errors.empty()) {
      // Report every problem of the item at once, not just the first.
      for (auto& err : storage::ValidateEvent(e)) errors.push_back(err);
      batch.problems[i] = std::move(errors);
      continue;
    }
    batch.events.push_back(std::move(e));
    batch.index_of.push_back(i);
  }
  return batch;
}

}  // namespace

absl::StatusOr<ConvertedBatch> ConvertBatch(const v1::IngestRequest& request) {
  return Convert(request);
}

absl::StatusOr<ConvertedBatch> ConvertBatch(v1::IngestRequest&& request) {
  return Convert(request);
}

v1::IngestResponse MakeAck(const ConvertedBatch& batch,
                           const storage::WriteResult& written) {
  v1::IngestResponse ack;
  ack.set_sequence(batch.sequence);
  ack.set_accepted(written.accepted);
  ack.set_duplicates(written.duplicates);
  ack.mutable_event_ids()->Resize(batch.size, 0);
  for (size_t k = 0; k < written.ids.size() && k < batch.index_of.size(); ++k) {
    ack.set_event_ids(batch.index_of[k], written.ids[k]);
  }
  // One rejection per bad item: its first problem names the field, and the
  // reason lists every problem of the item.
  std::map<int, std::vector<storage::FieldError>> problems = batch.problems;
  for (const auto& r : written.rejections) {
    problems[batch.index_of[r.index]].push_back(r.error);
  }
  for (const auto& [index, errors] : problems) {
    v1::Rejection* r = ack.add_rejections();
    r->set_index(index);
    r->set_field(absl::StrCat("events[", index, "].", errors[0].field));
    std::string reason = errors[0].reason;
    for (size_t k = 1; k < errors.size(); ++k) {
      absl::StrAppend(&reason, "; ", errors[k].field, ": ", errors[k].reason);
    }
    r->set_reason(std::move(reason));
  }
  return ack;
}

}  // namespace eventgraph::server
