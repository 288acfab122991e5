#include "server/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "query/event_listing.h"
#include "query/field_status.h"
#include "query/timeline.h"
#include "server/actor_convert.h"
#include "server/convert.h"
#include "server/errors.h"
#include "server/ingest_batch.h"
#include "server/rpc_log.h"
#include "storage/heap.h"
#include "storage/status_macros.h"
#include "storage/text.h"

namespace eventgraph::server {
namespace {

absl::Time Deadline(const grpc::CallbackServerContext* ctx) {
  return absl::FromChrono(ctx->deadline());
}


absl::StatusOr<query::Subject> SubjectOf(const std::string& actor,
                                         const std::string& counterpart,
                                         v1::Direction direction,
                                         v1::Rollup rollup) {
  query::Subject s;
  s.actor = actor;
  s.counterpart = counterpart;
  ASSIGN_OR_RETURN(s.direction, FromProto(direction, "direction"));
  ASSIGN_OR_RETURN(s.rollup, FromProto(rollup, "rollup"));
  if (s.rollup == query::Rollup::kCountry && actor.empty()) {
    return query::InvalidFieldError("actor", "is required with a rollup");
  }
  if (!storage::IsValidUtf8(actor)) {
    return query::InvalidFieldError("actor", "is not valid UTF-8");
  }
  if (!storage::IsValidUtf8(counterpart)) {
    return query::InvalidFieldError("counterpart", "is not valid UTF-8");
  }
  return s;
}

// Page tokens of SearchActors: base64url of "a" + the folded prefix + NUL +
// the folded name of the last actor returned.
std::string ActorToken(const std::string& prefix_key,
                       const std::string& last_key) {
  return absl::WebSafeBase64Escape(absl::StrCat("a", prefix_key,
                                                std::string(1, '\0'), last_key));
}

absl::StatusOr<std::string> ParseActorToken(const std::string& token,
                                            const std::string& prefix_key) {
  std::string raw;
  const std::string head = absl::StrCat("a", prefix_key, std::string(1, '\0'));
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.rfind(head, 0) != 0) {
    return query::InvalidFieldError(
        "page_token", "is not a token of this server for this prefix");
  }
  return raw.substr(head.size());
}

int PageSize(int requested) {
  if (requested <= 0) return query::kDefaultPageSize;
  return std::min(requested, query::kMaxPageSize);
}

}  // namespace

grpc::ServerUnaryReactor* EventGraphService::FinishOnExecutor(
    grpc::CallbackServerContext* ctx, const char* method,
    std::function<absl::Status()> work) {
  const absl::Time start = absl::Now();
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  executor_->Submit([work = std::move(work), reactor, start, method] {
    grpc::Status mapped = ToGrpcStatus(work());
    LogRpc(method, start, mapped);
    reactor->Finish(mapped);
  });
  return reactor;
}

EventGraphService::EventGraphService(storage::EventStore* store,
                                     Executor* executor)
    : store_(store), executor_(executor), watch_hub_(store) {
  SetMessageAllocatorFor_GetTimeline(&timeline_messages_);
  SetMessageAllocatorFor_ListEvents(&list_messages_);
  SetMessageAllocatorFor_SearchActors(&search_messages_);
  SetMessageAllocatorFor_FindPaths(&path_messages_);
  SetMessageAllocatorFor_GetNeighbors(&neighbor_messages_);
}

absl::StatusOr<v1::IngestResponse> EventGraphService::IngestBatch(
    const v1::IngestRequest& request) {
  ASSIGN_OR_RETURN(ConvertedBatch batch, ConvertBatch(request));
  if (request.bulk()) {
    std::vector<ConvertedBatch> one;
    one.push_back(std::move(batch));
    ASSIGN_OR_RETURN(std::vector<v1::IngestResponse> acks,
                     IngestBulk(std::move(one)));
    return std::move(acks[0]);
  }
  storage::WriteResult written;
  if (!batch.events.empty()) {
    ASSIGN_OR_RETURN(written, store_->Write(std::move(batch.events)));
  }
  return MakeAck(batch, written);
}

absl::StatusOr<std::vector<v1::IngestResponse>> EventGraphService::IngestBulk(
    std::vector<ConvertedBatch> batches) {
  std::vector<std::vector<storage::Event>> groups;
  groups.reserve(batches.size());
  for (ConvertedBatch& b : batches) groups.push_back(std::move(b.events));
  ASSIGN_OR_RETURN(std::vector<storage::WriteResult> results,
                   store_->WriteBulk(std::move(groups)));
  std::vector<v1::IngestResponse> acks;
  acks.reserve(batches.size());
  for (size_t i = 0; i < batches.size(); ++i) {
    acks.push_back(MakeAck(batches[i], results[i]));
  }
  return acks;
}

std::unique_ptr<storage::EventStore::BulkLoadScope>
EventGraphService::StartBulkLoad() {
  absl::StatusOr<std::unique_ptr<storage::EventStore::BulkLoadScope>> scope =
      store_->StartBulkLoad();
  if (!scope.ok()) {
    spdlog::warn("bulk load: compactions are not deferred: {}",
                 scope.status().ToString());
    return nullptr;
  }
  return std::move(*scope);
}

void EventGraphService::ReleaseIngestMemory() {
  store_->ReleaseWriteMemory();
  storage::ReleaseFreeHeapMemory();
}

grpc::ServerUnaryReactor* EventGraphService::Ingest(
    grpc::CallbackServerContext* ctx, const v1::IngestRequest* request,
    v1::IngestResponse* response) {
  return FinishOnExecutor(ctx, "Ingest", [this, request, response] {
    absl::StatusOr<v1::IngestResponse> ack = IngestBatch(*request);
    if (ack.ok()) *response = std::move(*ack);
    return ack.status();
  });
}

grpc::ServerUnaryReactor* EventGraphService::GetTimeline(
    grpc::CallbackServerContext* ctx, const v1::GetTimelineRequest* request,
    v1::GetTimelineResponse* response) {
  const absl::Time start = absl::Now();
  absl::Status status = [&]() -> absl::Status {
    if (storage::TrimAscii(request->actor()).empty()) {
      return query::InvalidFieldError("actor", "is required");
    }
    query::TimelineQuery q;
    ASSIGN_OR_RETURN(q.subject, SubjectOf(request->actor(),
                                          request->counterpart(),
                                          request->direction(),
                                          request->rollup()));
    ASSIGN_OR_RETURN(q.from, ParseDateField("from_date", request->from_date()));
    ASSIGN_OR_RETURN(q.to, ParseDateField("to_date", request->to_date()));
    ASSIGN_OR_RETURN(q.filter, FromProto(request->filter()));
    ASSIGN_OR_RETURN(q.granularity,
                     FromProto(request->granularity(), "granularity"));
    q.split_directions = request->split_directions();
    q.deadline = Deadline(ctx);
    ASSIGN_OR_RETURN(query::Timeline t, query::ComputeTimeline(*store_, q));
    response->set_actor(t.actor);
    response->set_counterpart(t.counterpart);
    response->set_granularity(ToProto(q.granularity));
    if (t.from) response->set_from_date(storage::FormatDate(*t.from));
    if (t.to) response->set_to_date(storage::FormatDate(*t.to));
    response->mutable_buckets()->Reserve(static_cast<int>(t.buckets.size()));
    for (const query::TimelineBucket& b : t.buckets) {
      v1::TimelineBucket* bucket = response->add_buckets();
      ToProto(b.counter, b.start, b.end, bucket);
      if (q.split_directions) {
        ToProto(b.outgoing, b.start, b.end, bucket->mutable_outgoing());
        ToProto(b.incoming, b.start, b.end, bucket->mutable_incoming());
      }
    }
    if (t.from && t.to) {
      v1::TimelineBucket* total = response->mutable_total();
      ToProto(t.total, *t.from, *t.to, total);
      if (q.split_directions) {
        ToProto(t.total_outgoing, *t.from, *t.to, total->mutable_outgoing());
        ToProto(t.total_incoming, *t.from, *t.to, total->mutable_incoming());
      }
    }
    response->set_actor_country(t.actor_country);
    response->set_counterpart_country(t.counterpart_country);
    for (const query::Contributor& c : t.contributors) {
      ToProto(c, response->add_contributors());
    }
    return absl::OkStatus();
  }();
  return FinishUnary(ctx, "GetTimeline", start, status);
}

absl::Status EventGraphService::ListEventsPage(
    const v1::ListEventsRequest& request, absl::Time deadline,
    v1::ListEventsResponse* response) {
  if (request.page_size() < 0) {
    return query::InvalidFieldError("page_size", "must not be negative");
  }
  query::EventQuery q;
  ASSIGN_OR_RETURN(q.subject, SubjectOf(request.actor(), request.counterpart(),
                                        request.direction(), request.rollup()));
  ASSIGN_OR_RETURN(q.from, ParseDateField("from_date", request.from_date()));
  ASSIGN_OR_RETURN(q.to, ParseDateField("to_date", request.to_date()));
  ASSIGN_OR_RETURN(q.filter, FromProto(request.filter()));
  q.descending = request.descending();
  q.deadline = deadline;
  ASSIGN_OR_RETURN(query::EventPage page,
                   query::ListEvents(*store_, q, request.page_size(),
                                     request.page_token()));
  response->mutable_events()->Reserve(static_cast<int>(page.events.size()));
  for (storage::Event& e : page.events) {
    ToProto(std::move(e), response->add_events());
  }
  response->set_next_page_token(page.next_page_token);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* EventGraphService::ListEvents(
    grpc::CallbackServerContext* ctx, const v1::ListEventsRequest* request,
    v1::ListEventsResponse* response) {
  const absl::Time start = absl::Now();
  absl::Status status = ListEventsPage(*request, Deadline(ctx), response);
  return FinishUnary(ctx, "ListEvents", start, status);
}

grpc::ServerUnaryReactor* EventGraphService::SearchActors(
    grpc::CallbackServerContext* ctx, const v1::SearchActorsRequest* request,
    v1::SearchActorsResponse* response) {
  const absl::Time start = absl::Now();
  absl::Status status = [&]() -> absl::Status {
    if (!storage::IsValidUtf8(request->prefix())) {
      return query::InvalidFieldError("prefix", "is not valid UTF-8");
    }
    if (request->page_size() < 0) {
      return query::InvalidFieldError("page_size", "must not be negative");
    }
    const std::string prefix_key =
        storage::EventStore::ActorSortKey(request->prefix());
    std::string after;
    if (!request->page_token().empty()) {
      ASSIGN_OR_RETURN(after,
                       ParseActorToken(request->page_token(), prefix_key));
    }
    bool more = false;
    ASSIGN_OR_RETURN(std::vector<storage::ActorInfo> actors,
                     store_->SearchActors(request->prefix(), after,
                                          PageSize(request->page_size()),
                                          &more));
    for (const storage::ActorInfo& a : actors) {
      v1::Actor* out = response->add_actors();
      ToProto(a, out);
      AddProfile(*store_, a.id, out);
    }
    if (more && !actors.empty()) {
      response->set_next_page_token(ActorToken(
          prefix_key, storage::EventStore::ActorSortKey(actors.back().name)));
    }
    return absl::OkStatus();
  }();
  return FinishUnary(ctx, "SearchActors", start, status);
}

grpc::ServerUnaryReactor* EventGraphService::GetActor(
    grpc::CallbackServerContext* ctx, const v1::GetActorRequest* request,
    v1::Actor* response) {
  const absl::Time start = absl::Now();
  absl::Status status = [&]() -> absl::Status {
    if (storage::TrimAscii(request->name()).empty()) {
      return query::InvalidFieldError("name", "is required");
    }
    std::optional<storage::ActorId> id = store_->FindActor(request->name());
    if (!id) {
      return absl::NotFoundError(
          absl::StrCat("actor \"", request->name(), "\" not found"));
    }
    ASSIGN_OR_RETURN(storage::ActorInfo info, store_->GetActor(*id));
    ToProto(info, response);
    AddProfile(*store_, *id, response);
    return absl::OkStatus();
  }();
  return FinishUnary(ctx, "GetActor", start, status);
}

grpc::ServerUnaryReactor* EventGraphService::GetStats(
    grpc::CallbackServerContext* ctx, const v1::GetStatsRequest* request,
    v1::GetStatsResponse* response) {
  const absl::Time start = absl::Now();
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(storage::StoreStats stats, store_->GetStats());
    response->set_events(stats.events);
    response->set_actors(stats.actors);
    if (stats.first_day) {
      response->set_first_date(storage::FormatDate(*stats.first_day));
    }
    if (stats.last_day) {
      response->set_last_date(storage::FormatDate(*stats.last_day));
    }
    response->set_bytes_on_disk(stats.bytes_on_disk);
    response->set_pending_compaction_bytes(stats.pending_compaction_bytes);
    response->set_running_compactions(
        static_cast<int32_t>(stats.running_compactions));
    response->set_running_flushes(static_cast<int32_t>(stats.running_flushes));
    response->set_level0_files(static_cast<int32_t>(stats.level0_files));
    response->set_bulk_loads(static_cast<int32_t>(stats.bulk_loads));
    response->set_graph_bytes(stats.graph_bytes);
    response->set_graph_budget_bytes(stats.graph_budget_bytes);
    if (stats.graph_first_day) {
      response->set_graph_first_date(
          storage::FormatDate(*stats.graph_first_day));
    }
    response->set_format_version(storage::kFormatVersion);
    response->set_server_version(EVENTGRAPH_VERSION);
    return absl::OkStatus();
  }();
  return FinishUnary(ctx, "GetStats", start, status);
}

grpc::ServerWriteReactor<v1::WatchEventsResponse>*
EventGraphService::WatchEvents(grpc::CallbackServerContext* ctx,
                               const v1::WatchEventsRequest* request) {
  return watch_hub_.NewWatch(ctx, *request);
}

grpc::ServerUnaryReactor* EventGraphService::CheckDatabase(
    grpc::CallbackServerContext* ctx, const v1::CheckDatabaseRequest* request,
    v1::CheckDatabaseResponse* response) {
  const absl::Time start = absl::Now();
  return FinishOnExecutor(ctx, "CheckDatabase", [=, this] {
    absl::StatusOr<storage::CheckReport> report =
        request->repair() ? store_->Repair() : store_->Check();
    if (!report.ok()) return report.status();
    response->set_events(report->events);
    response->set_entries(report->entries);
    response->set_problems(report->problems);
    for (const std::string& s : report->samples) response->add_samples(s);
    response->set_repaired(request->repair());
    response->set_elapsed_ms(absl::ToDoubleMilliseconds(absl::Now() - start));
    return absl::OkStatus();
  });
}

}  // namespace eventgraph::server
