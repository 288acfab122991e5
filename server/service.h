// The EventGraph gRPC service (callback API). Handlers are thin: validate
// the request, call query/ or storage/, map the status. Writes run on an
// executor so that callback threads never block on disk.
//
// Thread safety: thread-safe; gRPC calls the handlers from many threads.
#pragma once

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "eventgraph/v1/eventgraph.grpc.pb.h"
#include "server/arena_messages.h"
#include "server/executor.h"
#include "server/ingest_batch.h"
#include "server/watch_hub.h"
#include "storage/backup.h"
#include "storage/event_store.h"

namespace eventgraph::server {

// Limits of one request.
inline constexpr int kMaxEventsPerRequest = 10000;
// Bulk IngestStream: events gathered per bulk write (--bulk-chunk-events),
// and the most requests gathered whatever their size (a client keeps more
// than this many in flight, or half-closes, so that chunks always fill).
inline constexpr int kDefaultBulkChunkEvents = 100000;
inline constexpr int kMaxBulkRequests = 1024;
inline constexpr int kStreamChunk = 500;  // events per StreamEvents message
inline constexpr int kMaxDeleteIds = 10000;  // event_ids per DeleteEvents

class EventGraphService final : public v1::EventGraph::CallbackService {
 public:
  // `store` and `executor` must outlive the service.
  EventGraphService(storage::EventStore* store, Executor* executor);

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* ctx,
                                   const v1::IngestRequest* request,
                                   v1::IngestResponse* response) override;
  grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>*
  IngestStream(grpc::CallbackServerContext* ctx) override;
  grpc::ServerUnaryReactor* GetTimeline(
      grpc::CallbackServerContext* ctx, const v1::GetTimelineRequest* request,
      v1::GetTimelineResponse* response) override;
  grpc::ServerUnaryReactor* ListEvents(
      grpc::CallbackServerContext* ctx, const v1::ListEventsRequest* request,
      v1::ListEventsResponse* response) override;
  grpc::ServerWriteReactor<v1::StreamEventsResponse>* StreamEvents(
      grpc::CallbackServerContext* ctx,
      const v1::StreamEventsRequest* request) override;
  grpc::ServerUnaryReactor* SearchActors(
      grpc::CallbackServerContext* ctx, const v1::SearchActorsRequest* request,
      v1::SearchActorsResponse* response) override;
  grpc::ServerUnaryReactor* GetActor(grpc::CallbackServerContext* ctx,
                                     const v1::GetActorRequest* request,
                                     v1::Actor* response) override;
  grpc::ServerUnaryReactor* GetStats(grpc::CallbackServerContext* ctx,
                                     const v1::GetStatsRequest* request,
                                     v1::GetStatsResponse* response) override;
  // Graph queries (server/graph_service.cc).
  grpc::ServerUnaryReactor* FindPaths(
      grpc::CallbackServerContext* ctx, const v1::FindPathsRequest* request,
      v1::FindPathsResponse* response) override;
  grpc::ServerUnaryReactor* GetNeighbors(
      grpc::CallbackServerContext* ctx, const v1::GetNeighborsRequest* request,
      v1::GetNeighborsResponse* response) override;
  grpc::ServerWriteReactor<v1::GetSubgraphResponse>* GetSubgraph(
      grpc::CallbackServerContext* ctx,
      const v1::GetSubgraphRequest* request) override;
  // The live feed (server/watch_hub.h).
  grpc::ServerWriteReactor<v1::WatchEventsResponse>* WatchEvents(
      grpc::CallbackServerContext* ctx,
      const v1::WatchEventsRequest* request) override;
  // Administration (runs on the executor: it reads the whole database).
  grpc::ServerUnaryReactor* CheckDatabase(
      grpc::CallbackServerContext* ctx, const v1::CheckDatabaseRequest* request,
      v1::CheckDatabaseResponse* response) override;
  // Actor profiles and countries (server/actor_service.cc).
  grpc::ServerUnaryReactor* PutActor(grpc::CallbackServerContext* ctx,
                                     const v1::PutActorRequest* request,
                                     v1::Actor* response) override;
  grpc::ServerUnaryReactor* ListCountries(
      grpc::CallbackServerContext* ctx, const v1::ListCountriesRequest* request,
      v1::ListCountriesResponse* response) override;

  // Backups and deletion (server/admin_service.cc; on the executor).
  grpc::ServerUnaryReactor* CreateBackup(
      grpc::CallbackServerContext* ctx, const v1::CreateBackupRequest* request,
      v1::Backup* response) override;
  grpc::ServerUnaryReactor* ListBackups(
      grpc::CallbackServerContext* ctx, const v1::ListBackupsRequest* request,
      v1::ListBackupsResponse* response) override;
  grpc::ServerUnaryReactor* VerifyBackup(
      grpc::CallbackServerContext* ctx, const v1::VerifyBackupRequest* request,
      v1::VerifyBackupResponse* response) override;
  grpc::ServerUnaryReactor* DeleteBackup(
      grpc::CallbackServerContext* ctx, const v1::DeleteBackupRequest* request,
      v1::DeleteBackupResponse* response) override;
  grpc::ServerUnaryReactor* DeleteEvents(
      grpc::CallbackServerContext* ctx, const v1::DeleteEventsRequest* request,
      v1::DeleteEventsResponse* response) override;

  // The backup folder the backup RPCs use (must outlive the service).
  // REQUIRES: called before the server starts. Without it the backup RPCs
  // fail with FAILED_PRECONDITION.
  void SetBackups(storage::Backups* backups) { backups_ = backups; }
  // Reference data (server/reference_service.cc).
  grpc::ServerUnaryReactor* ListEventCodes(
      grpc::CallbackServerContext* ctx,
      const v1::ListEventCodesRequest* request,
      v1::ListEventCodesResponse* response) override;

  // Stores one batch and returns its ack. Per-item problems are rejections
  // in the ack; the status is an error only when the request as a whole is
  // invalid (too many events) or the store failed. A request with `bulk`
  // is stored as a bulk write (EventStore::WriteBulk). Blocks on disk.
  absl::StatusOr<v1::IngestResponse> IngestBatch(
      const v1::IngestRequest& request);
  // Stores the converted batches of a bulk IngestStream in one
  // EventStore::WriteBulk and returns their acks, in order. Errors: those
  // of the store (nothing stored). Blocks on disk for the whole chunk.
  absl::StatusOr<std::vector<v1::IngestResponse>> IngestBulk(
      std::vector<ConvertedBatch> batches);
  // After a bulk IngestStream: frees the store's write buffers and hands
  // the heap's free pages back to the system (storage/heap.h), so a server
  // that loaded data returns to its steady memory. Thread-safe.
  void ReleaseIngestMemory();
  // For a bulk IngestStream, from its first batch to its end: defers the
  // indexes' compactions (storage::EventStore::BulkLoadScope). Null, with a
  // warning logged, when the store cannot set it up (the load goes on with
  // the usual compactions). Thread-safe.
  std::unique_ptr<storage::EventStore::BulkLoadScope> StartBulkLoad();
  // Events a bulk IngestStream gathers before it stores them (at least 1).
  int bulk_chunk_events() const { return bulk_chunk_events_; }
  // REQUIRES: called before the server starts.
  void set_bulk_chunk_events(int n) { bulk_chunk_events_ = n < 1 ? 1 : n; }

  // One page of ListEvents (StreamEvents walks these pages).
  absl::Status ListEventsPage(const v1::ListEventsRequest& request,
                              absl::Time deadline,
                              v1::ListEventsResponse* response);

  Executor* executor() { return executor_; }
  // Publishes committed events to WatchEvents calls; Close it before the
  // gRPC server shuts down so that open feeds end at once.
  WatchHub* watch_hub() { return &watch_hub_; }

 private:
  // Runs `work` on the executor, then finishes the unary call with its
  // status (mapped and logged).
  grpc::ServerUnaryReactor* FinishOnExecutor(grpc::CallbackServerContext* ctx,
                                             const char* method,
                                             std::function<absl::Status()> work);

  storage::EventStore* store_;
  Executor* executor_;
  // The query answers are built on per-call arenas.
  ArenaMessageAllocator<v1::GetTimelineRequest, v1::GetTimelineResponse>
      timeline_messages_;
  ArenaMessageAllocator<v1::ListEventsRequest, v1::ListEventsResponse>
      list_messages_;
  ArenaMessageAllocator<v1::SearchActorsRequest, v1::SearchActorsResponse>
      search_messages_;
  ArenaMessageAllocator<v1::FindPathsRequest, v1::FindPathsResponse>
      path_messages_;
  ArenaMessageAllocator<v1::GetNeighborsRequest, v1::GetNeighborsResponse>
      neighbor_messages_;
  storage::Backups* backups_ = nullptr;
  WatchHub watch_hub_;
  int bulk_chunk_events_ = kDefaultBulkChunkEvents;
};

}  // namespace eventgraph::server
