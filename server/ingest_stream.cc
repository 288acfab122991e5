// IngestStream: a bidirectional reactor. Each request is one batch, stored
// on the executor; acks are written back in request order. Up to
// kStoresInFlight batches of one stream are stored at once, so that one
// batch is validated and normalized while the previous one is written (the
// store serializes the writes themselves); the next request is read only
// when a slot is free, which is the backpressure a loader sees. At most one
// read and one write are in flight. Decisions are taken under the reactor's
// mutex and gRPC operations started outside it.
//
// Bulk mode (every request has `bulk`): each request is converted on the
// executor and held; the held batches are stored together by one
// EventStore::WriteBulk once they reach the chunk size (events or
// kMaxBulkRequests requests) or the client half-closes. Up to
// kChunksInFlight chunks are stored at once while the next one gathers;
// reading stops while a full chunk waits, which is the backpressure then.
// From its first batch to its end a bulk stream holds a BulkLoadScope: the
// indexes' compactions wait, and run once when the last bulk stream ends.
#include <deque>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/arena.h"
#include "absl/time/clock.h"
#include "query/field_status.h"
#include "server/arena_messages.h"
#include "server/errors.h"
#include "server/ingest_batch.h"
#include "server/rpc_log.h"
#include "server/service.h"

namespace eventgraph::server {
namespace {

constexpr int kStoresInFlight = 2;
// Bulk: chunks of one stream stored at once. A chunk's commit (validation,
// encoding, sorting, SST files) runs on one thread; two keep both of the
// executor's workers busy while the client sends the next.
constexpr int kChunksInFlight = 2;

// One request read into its own protobuf arena: its events' strings and
// attribute maps are bump-allocated and freed at once when the batch is
// stored (their one-by-one malloc and free were ~15% of an ingest's CPU).
struct ArenaRequest {
  google::protobuf::Arena arena{CallArenaOptions(64 << 10)};
  v1::IngestRequest* request =
      google::protobuf::Arena::CreateMessage<v1::IngestRequest>(&arena);
};

class IngestStreamReactor
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse> {
 public:
  explicit IngestStreamReactor(EventGraphService* service)
      : service_(service), start_(absl::Now()) {
    reading_ = std::make_unique<ArenaRequest>();
    StartRead(reading_->request);
  }

  void OnReadDone(bool ok) override {
    Actions act;
    std::unique_ptr<ArenaRequest> request;
    Slot* slot = nullptr;
    bool bulk = false;
    bool first = false;
    {
      absl::MutexLock lock(&mu_);
      read_pending_ = false;
      if (!ok || failed_) {  // half-closed by the client, or cancelled
        reads_done_ = true;
      } else if (mode_known_ && reading_->request->bulk() != bulk_) {
        Fail(ToGrpcStatus(query::InvalidFieldError(
            "bulk", absl::StrCat("request ", reading_->request->sequence(),
                                 " has bulk = ", reading_->request->bulk(),
                                 " and an earlier request of the stream ",
                                 bulk_, "; a stream is bulk or not"))));
        reads_done_ = true;
      } else {
        first = !mode_known_;
        mode_known_ = true;
        bulk = bulk_ = reading_->request->bulk();
        request = std::move(reading_);
        slots_.emplace_back();
        slot = &slots_.back();  // deque: stable until popped
        ++storing_;
      }
      DecideLocked(&act);
    }
    if (request != nullptr) {
      // shared_ptr: std::function needs a copyable callable.
      std::shared_ptr<ArenaRequest> shared(std::move(request));
      if (bulk) {
        service_->executor()->Submit([this, shared, slot, first] {
          HoldBatch(std::move(*shared->request), slot, first);
        });
      } else {
        service_->executor()->Submit(
            [this, shared, slot] { StoreBatch(*shared->request, slot); });
      }
    }
    Run(act);
  }

  void OnWriteDone(bool ok) override {
    Actions act;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      slots_.pop_front();
      if (!ok) {
        Fail(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client stopped reading acks"));
      }
      DecideLocked(&act);
    }
    Run(act);
  }

  void OnDone() override {
    LogRpc("IngestStream", start_, final_status_);
    if (bulk_) {
      // The scope ends on the executor too (SetOptions writes a file).
      EventGraphService* service = service_;
      std::shared_ptr<storage::EventStore::BulkLoadScope> scope;
      {
        absl::MutexLock lock(&mu_);
        scope = std::move(bulk_scope_);
      }
      service->executor()->Submit([service, scope]() mutable {
        scope.reset();
        service->ReleaseIngestMemory();
      });
    }
    delete this;
  }

 private:
  // The ack of one request, filled when its batch is stored.
  struct Slot {
    std::optional<v1::IngestResponse> ack;
  };

  // A converted bulk batch waiting for its chunk to be stored.
  struct Held {
    ConvertedBatch batch;
    Slot* slot;
  };

  struct Actions {
    const v1::IngestResponse* write = nullptr;
    v1::IngestRequest* read = nullptr;
    std::vector<Held> store_chunk;  // bulk: store these together
    bool finish = false;
    grpc::Status status;
  };

  void StoreBatch(const v1::IngestRequest& request, Slot* slot) {
    absl::StatusOr<v1::IngestResponse> ack = service_->IngestBatch(request);
    Actions act;
    {
      absl::MutexLock lock(&mu_);
      --storing_;
      if (!ack.ok()) {
        Fail(ToGrpcStatus(ack.status()));
      } else {
        slot->ack = std::move(*ack);
      }
      DecideLocked(&act);
    }
    Run(act);
  }

  // Bulk: converts one request and holds it for the next chunk. The
  // stream's first request starts its BulkLoadScope (here, on the executor:
  // SetOptions writes an options file; the request's pending store keeps
  // the reactor alive meanwhile).
  // The request's strings are moved out (nothing reads it afterwards).
  void HoldBatch(v1::IngestRequest&& request, Slot* slot, bool first) {
    std::unique_ptr<storage::EventStore::BulkLoadScope> scope;
    if (first) scope = service_->StartBulkLoad();
    absl::StatusOr<ConvertedBatch> batch = ConvertBatch(std::move(request));
    Actions act;
    {
      absl::MutexLock lock(&mu_);
      if (scope != nullptr) bulk_scope_ = std::move(scope);
      --storing_;
      if (!batch.ok()) {
        Fail(ToGrpcStatus(batch.status()));
      } else {
        held_events_ += static_cast<int64_t>(batch->events.size());
        held_.push_back({std::move(*batch), slot});
      }
      DecideLocked(&act);
    }
    Run(act);
  }

  // Bulk: stores one chunk and fills the acks of its batches.
  void StoreChunk(std::vector<Held> chunk) {
    std::vector<ConvertedBatch> batches;
    batches.reserve(chunk.size());
    for (Held& h : chunk) batches.push_back(std::move(h.batch));
    absl::StatusOr<std::vector<v1::IngestResponse>> acks =
        service_->IngestBulk(std::move(batches));
    Actions act;
    {
      absl::MutexLock lock(&mu_);
      --committing_;
      if (!acks.ok()) {
        Fail(ToGrpcStatus(acks.status()));
      } else {
        for (size_t i = 0; i < chunk.size(); ++i) {
          chunk[i].slot->ack = std::move((*acks)[i]);
        }
      }
      DecideLocked(&act);
    }
    Run(act);
  }

  // Bulk: the held batches make a chunk to store now.
  bool ChunkReadyLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (held_.empty()) return false;
    return held_events_ >= service_->bulk_chunk_events() ||
           static_cast<int>(held_.size()) >= kMaxBulkRequests ||
           (reads_done_ && storing_ == 0);
  }

  void Fail(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (failed_) return;
    failed_ = true;
    error_ = status;
  }

  // Chooses the next read and write, and whether the call is over.
  void DecideLocked(Actions* act) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    if (!failed_ && !writing_ && !slots_.empty() && slots_.front().ack) {
      writing_ = true;
      ++starting_;
      act->write = &*slots_.front().ack;
    }
    if (!failed_ && committing_ < kChunksInFlight && ChunkReadyLocked()) {
      ++committing_;
      act->store_chunk = std::move(held_);
      held_.clear();
      held_events_ = 0;
    }
    // Bulk: no more reads while a full chunk waits for the one being stored.
    const bool chunk_full = ChunkReadyLocked();
    if (!failed_ && !reads_done_ && !read_pending_ && !chunk_full &&
        storing_ < kStoresInFlight) {
      read_pending_ = true;
      ++starting_;
      reading_ = std::make_unique<ArenaRequest>();
      act->read = reading_->request;
    }
    // A read or write decided here or on another thread is started by Run
    // after the lock is released: finishing before it is started would let
    // OnDone delete the reactor under it.
    if (storing_ > 0 || writing_ || committing_ > 0 || starting_ > 0) return;
    if (failed_ || (reads_done_ && slots_.empty())) {
      finished_ = true;
      act->finish = true;
      act->status = failed_ ? error_ : grpc::Status::OK;
      final_status_ = act->status;
    }
  }

  void Run(Actions& act) {
    if (!act.store_chunk.empty()) {
      auto chunk = std::make_shared<std::vector<Held>>(std::move(act.store_chunk));
      service_->executor()->Submit(
          [this, chunk] { StoreChunk(std::move(*chunk)); });
    }
    const int started = (act.write != nullptr) + (act.read != nullptr);
    if (act.write != nullptr) StartWrite(act.write);
    if (act.read != nullptr) StartRead(act.read);
    if (act.finish) Finish(act.status);
    if (started == 0) return;
    // The call may have failed meanwhile and waited for these to start.
    Actions next;
    {
      absl::MutexLock lock(&mu_);
      starting_ -= started;
      DecideLocked(&next);
    }
    Run(next);
  }

  EventGraphService* service_;
  const absl::Time start_;
  absl::Mutex mu_;
  std::unique_ptr<ArenaRequest> reading_ ABSL_GUARDED_BY(mu_);
  std::deque<Slot> slots_ ABSL_GUARDED_BY(mu_);  // one per request read
  int storing_ ABSL_GUARDED_BY(mu_) = 0;
  bool read_pending_ ABSL_GUARDED_BY(mu_) = true;  // the constructor's read
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  // Reads and writes decided but not yet started (see Run).
  int starting_ ABSL_GUARDED_BY(mu_) = 0;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status error_ ABSL_GUARDED_BY(mu_);
  // Bulk mode: fixed by the first request.
  bool mode_known_ ABSL_GUARDED_BY(mu_) = false;
  bool bulk_ ABSL_GUARDED_BY(mu_) = false;
  // Bulk: deferred compactions until the reactor is deleted.
  std::unique_ptr<storage::EventStore::BulkLoadScope> bulk_scope_
      ABSL_GUARDED_BY(mu_);
  std::vector<Held> held_ ABSL_GUARDED_BY(mu_);  // the chunk gathering
  int64_t held_events_ ABSL_GUARDED_BY(mu_) = 0;
  int committing_ ABSL_GUARDED_BY(mu_) = 0;  // chunks being stored
  grpc::Status final_status_;  // set once, before Finish
};

}  // namespace

grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>*
EventGraphService::IngestStream(grpc::CallbackServerContext* ctx) {
  return new IngestStreamReactor(this);
}

}  // namespace eventgraph::server
