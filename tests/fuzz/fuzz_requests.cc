// Fuzzes request validation on the server: a serialized IngestRequest,
// GetTimelineRequest, ListEventsRequest, FindPathsRequest,
// GetNeighborsRequest or GetSubgraphRequest is parsed, converted and
// validated as the handlers do (server/convert.*, server/graph_convert.*,
// storage/event_validation.*), then run on a small real store (RocksDB in a
// temporary folder) and the result converted back to its response.
//
// Input: byte 0 picks the request type, the rest is the serialized request
// (the seed corpus holds valid ones written by make_seeds.py).
//
// The store is shared by all inputs and grows with the events they add (so
// a crash found late may need the inputs before it; rerun the crashing
// input on its own first). Ingest goes through EventGraphService::
// IngestBatch, the handler's own code; the unary query handlers do their
// checks inline in server/service.cc, so the GetTimeline checks are
// repeated here step for step.
//
// Properties checked besides "no crash, no UB, no leak":
//  - every INVALID_ARGUMENT names a field (a google.rpc.BadRequest field
//    violation for the client);
//  - an ingest ack has one id per event, and accepted + duplicates +
//    rejections equal the number of events; each rejection names
//    "events[i]." and a reason;
//  - responses serialize.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "query/event_listing.h"
#include "query/field_status.h"
#include "query/graph_query.h"
#include "query/timeline.h"
#include "server/convert.h"
#include "server/errors.h"
#include "server/executor.h"
#include "server/graph_convert.h"
#include "server/service.h"
#include "storage/date.h"
#include "storage/event_store.h"
#include "storage/status_macros.h"
#include "storage/text.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace v1 = ::eventgraph::v1;
namespace query = ::eventgraph::query;
namespace server = ::eventgraph::server;
namespace storage = ::eventgraph::storage;

using ::eventgraph::fuzz::Check;

struct World {
  std::string folder;
  std::unique_ptr<storage::EventStore> store;
  std::unique_ptr<server::Executor> executor;
  std::unique_ptr<server::EventGraphService> service;
};

World* world = nullptr;

void RemoveWorld() {
  world->service.reset();
  world->executor.reset();
  world->store.reset();
  std::error_code ignored;
  std::filesystem::remove_all(world->folder, ignored);
}

// A few actors with events over a few years, so that queries find things.
void Populate(storage::EventStore* store) {
  const char* actors[] = {"Russia", "Ukraine", "France", "Germany",
                          "Mali",   "China",   "Éire",   "United States"};
  const char* actions[] = {"Make statement", "Consult", "Use force",
                           "Express intent to cooperate"};
  const char* codes[] = {"010", "040", "190", "030"};
  std::vector<storage::Event> events;
  for (int i = 0; i < 64; ++i) {
    storage::Event e;
    e.actor = actors[i % 8];
    e.target = actors[(i * 3 + 1) % 8];
    e.action = actions[i % 4];
    e.event_code = codes[i % 4];
    e.quad_class = static_cast<storage::QuadClass>(1 + i % 4);
    e.day = storage::FromCivil(2016 + i % 4, 1 + i % 12, 1 + i % 28);
    if (i % 3 != 0) e.goldstein = (i % 21) - 10;
    if (i % 2 == 0) e.mentions = i;
    e.source = absl::StrCat("https://example.org/", i);
    e.source_event_id = absl::StrCat("seed-", i);
    events.push_back(std::move(e));
  }
  auto written = store->Write(std::move(events));
  Check(written.ok() && written->accepted == 64, "the seed events are stored");
}

// INVALID_ARGUMENT must name a field; every status must map to gRPC.
void CheckStatus(const absl::Status& status) {
  if (status.ok()) return;
  Check(!status.message().empty(), "an error has a message");
  const grpc::Status mapped = server::ToGrpcStatus(status);
  Check(
      static_cast<int>(mapped.error_code()) == static_cast<int>(status.code()),
      "gRPC codes equal absl codes");
  if (absl::IsInvalidArgument(status)) {
    if (!query::FieldOf(status).has_value()) {
      fprintf(stderr, "INVALID_ARGUMENT without a field: %s\n",
              status.ToString().c_str());
    }
    Check(query::FieldOf(status).has_value(),
          "INVALID_ARGUMENT names the field");
  }
}

void CheckSerializes(const google::protobuf::Message& message) {
  std::string bytes;
  Check(message.SerializeToString(&bytes), "the response serializes");
}

void Ingest(const v1::IngestRequest& request) {
  absl::StatusOr<v1::IngestResponse> ack = world->service->IngestBatch(request);
  CheckStatus(ack.status());
  if (!ack.ok()) return;
  Check(ack->event_ids_size() == request.events_size(), "one id per event");
  Check(ack->accepted() + ack->duplicates() + ack->rejections_size() ==
            request.events_size(),
        "accepted + duplicates + rejections = events");
  std::set<int> rejected;
  for (const v1::Rejection& r : ack->rejections()) {
    Check(r.index() >= 0 && r.index() < request.events_size(),
          "a rejection's index is in the request");
    Check(rejected.insert(r.index()).second, "one rejection per event");
    Check(absl::StartsWith(r.field(), absl::StrCat("events[", r.index(), "].")),
          "a rejection names events[i].field");
    Check(!r.reason().empty(), "a rejection gives a reason");
    Check(ack->event_ids(r.index()) == 0, "a rejected event has no id");
  }
  for (int i = 0; i < request.events_size(); ++i) {
    if (rejected.count(i) == 0) {
      Check(ack->event_ids(i) != 0, "a stored event has an id");
    }
  }
  CheckSerializes(*ack);
}

// The checks of EventGraphService::GetTimeline, step for step.
absl::Status Timeline(const v1::GetTimelineRequest& request) {
  if (storage::TrimAscii(request.actor()).empty()) {
    return query::InvalidFieldError("actor", "is required");
  }
  if (!storage::IsValidUtf8(request.actor())) {
    return query::InvalidFieldError("actor", "is not valid UTF-8");
  }
  if (!storage::IsValidUtf8(request.counterpart())) {
    return query::InvalidFieldError("counterpart", "is not valid UTF-8");
  }
  query::TimelineQuery q;
  q.subject.actor = request.actor();
  q.subject.counterpart = request.counterpart();
  ASSIGN_OR_RETURN(q.subject.direction,
                   server::FromProto(request.direction(), "direction"));
  ASSIGN_OR_RETURN(q.from,
                   server::ParseDateField("from_date", request.from_date()));
  ASSIGN_OR_RETURN(q.to, server::ParseDateField("to_date", request.to_date()));
  ASSIGN_OR_RETURN(q.filter, server::FromProto(request.filter()));
  ASSIGN_OR_RETURN(q.granularity,
                   server::FromProto(request.granularity(), "granularity"));
  q.deadline = absl::Now() + absl::Seconds(5);
  ASSIGN_OR_RETURN(query::Timeline t, query::ComputeTimeline(*world->store, q));
  v1::GetTimelineResponse response;
  for (const query::TimelineBucket& b : t.buckets) {
    Check(b.start <= b.end, "a bucket starts before it ends");
    server::ToProto(b.counter, b.start, b.end, response.add_buckets());
  }
  if (t.from && t.to) {
    Check(*t.from <= *t.to, "a timeline window is ordered");
    server::ToProto(t.total, *t.from, *t.to, response.mutable_total());
    response.set_from_date(storage::FormatDate(*t.from));
    response.set_to_date(storage::FormatDate(*t.to));
  }
  CheckSerializes(response);
  return absl::OkStatus();
}

absl::Status List(const v1::ListEventsRequest& request) {
  v1::ListEventsResponse response;
  RETURN_IF_ERROR(world->service->ListEventsPage(
      request, absl::Now() + absl::Seconds(5), &response));
  Check(request.page_size() <= 0 ||
            response.events_size() <=
                std::min(request.page_size(), query::kMaxPageSize),
        "a page holds at most page_size events");
  CheckSerializes(response);
  return absl::OkStatus();
}

void Bound(v1::FindPathsRequest* request) {
  // Budgets keep one input fast; validation of the fields is unchanged.
  request->set_max_visited_actors(std::min<int64_t>(
      request->max_visited_actors() <= 0 ? 1000 : request->max_visited_actors(),
      1000));
  request->set_max_expanded_edges(std::min<int64_t>(
      request->max_expanded_edges() <= 0 ? 10000
                                         : request->max_expanded_edges(),
      10000));
}

absl::Status Paths(v1::FindPathsRequest request) {
  Bound(&request);
  ASSIGN_OR_RETURN(query::PathQuery q, server::FromProto(request));
  q.scope.deadline = absl::Now() + absl::Seconds(5);
  ASSIGN_OR_RETURN(query::PathsResult result,
                   query::FindPaths(*world->store, q));
  v1::FindPathsResponse response;
  server::ToProto(result, request.mode(), &response);
  CheckSerializes(response);
  return absl::OkStatus();
}

absl::Status Neighbors(const v1::GetNeighborsRequest& request) {
  ASSIGN_OR_RETURN(query::NeighborsQuery q, server::FromProto(request));
  q.scope.deadline = absl::Now() + absl::Seconds(5);
  ASSIGN_OR_RETURN(query::NeighborsResult result,
                   query::FindNeighbors(*world->store, q));
  Check(static_cast<int64_t>(result.neighbors.size()) <= result.total,
        "the neighbours shown are at most the total");
  v1::GetNeighborsResponse response;
  server::ToProto(result, &response);
  CheckSerializes(response);
  return absl::OkStatus();
}

absl::Status Subgraph(const v1::GetSubgraphRequest& request) {
  ASSIGN_OR_RETURN(query::SubgraphQuery q, server::FromProto(request));
  q.scope.deadline = absl::Now() + absl::Seconds(5);
  ASSIGN_OR_RETURN(query::SubgraphResult result,
                   query::FindSubgraph(*world->store, q));
  Check(
      q.max_nodes <= 0 || static_cast<int>(result.nodes.size()) <= q.max_nodes,
      "a subgraph holds at most max_nodes nodes");
  return absl::OkStatus();
}

template <typename Request>
bool Parse(const uint8_t* data, size_t size, Request* request) {
  return request->ParseFromArray(data, static_cast<int>(size));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  eventgraph::fuzz::QuietProtobuf();
  world = new World;
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") +
                        "/eventgraph-fuzz-store-XXXXXX";
  Check(mkdtemp(pattern.data()) != nullptr, "a temporary folder");
  world->folder = pattern;
  storage::StoreOptions options;
  options.path = world->folder + "/db";
  options.block_cache_bytes = size_t{8} << 20;
  options.write_buffer_bytes = size_t{4} << 20;
  auto store = storage::EventStore::Open(options);
  Check(store.ok(), "the store opens");
  world->store = *std::move(store);
  Populate(world->store.get());
  world->executor = std::make_unique<server::Executor>(1);
  world->service = std::make_unique<server::EventGraphService>(
      world->store.get(), world->executor.get());
  std::atexit(RemoveWorld);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t* body = data + 1;
  const size_t body_size = size - 1;
  switch (data[0] % 6) {
    case 0: {
      v1::IngestRequest request;
      if (Parse(body, body_size, &request)) Ingest(request);
      break;
    }
    case 1: {
      v1::GetTimelineRequest request;
      if (Parse(body, body_size, &request)) CheckStatus(Timeline(request));
      break;
    }
    case 2: {
      v1::ListEventsRequest request;
      if (Parse(body, body_size, &request)) CheckStatus(List(request));
      break;
    }
    case 3: {
      v1::FindPathsRequest request;
      if (Parse(body, body_size, &request)) CheckStatus(Paths(request));
      break;
    }
    case 4: {
      v1::GetNeighborsRequest request;
      if (Parse(body, body_size, &request)) CheckStatus(Neighbors(request));
      break;
    }
    default: {
      v1::GetSubgraphRequest request;
      if (Parse(body, body_size, &request)) CheckStatus(Subgraph(request));
      break;
    }
  }
  return 0;
}
