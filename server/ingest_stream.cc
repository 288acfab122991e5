// IngestStream: a bidirectional reactor. Each request is one batch, stored
// on the executor; its ack is written back in order. At most one read and
// one write are in flight; the next batch is read only once the previous one
// is stored, which is the backpressure a loader sees. Decisions are taken
// under the reactor's mutex and gRPC operations started outside it.
#include <deque>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "server/errors.h"
#include "server/rpc_log.h"
#include "server/service.h"

namespace eventgraph::server {
namespace {

class IngestStreamReactor
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse> {
 public:
  explicit IngestStreamReactor(EventGraphService* service)
      : service_(service), start_(absl::Now()) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    Actions act;
    bool store = false;
    {
      absl::MutexLock lock(&mu_);
      if (!ok || failed_) {  // half-closed by the client, or cancelled
        reads_done_ = true;
        DecideLocked(&act);
      } else {
        storing_ = true;
        store = true;
      }
    }
    if (store) service_->executor()->Submit([this] { StoreBatch(); });
    Run(act);
  }

  void OnWriteDone(bool ok) override {
    Actions act;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      acks_.pop_front();
      if (!ok) Fail(grpc::Status(grpc::StatusCode::CANCELLED,
                                 "the client stopped reading acks"));
      DecideLocked(&act);
    }
    Run(act);
  }

  void OnDone() override {
    LogRpc("IngestStream", start_, final_status_);
    delete this;
  }

 private:
  struct Actions {
    const v1::IngestResponse* write = nullptr;
    bool read = false;
    bool finish = false;
    grpc::Status status;
  };

  void StoreBatch() {
    absl::StatusOr<v1::IngestResponse> ack = service_->IngestBatch(request_);
    Actions act;
    {
      absl::MutexLock lock(&mu_);
      storing_ = false;
      if (!ack.ok()) {
        Fail(ToGrpcStatus(ack.status()));
      } else if (!failed_) {
        acks_.push_back(std::move(*ack));
        act.read = true;
      }
      DecideLocked(&act);
    }
    Run(act);
  }

  void Fail(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (failed_) return;
    failed_ = true;
    error_ = status;
  }

  // Chooses the next write and whether the call is over.
  void DecideLocked(Actions* act) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) {
      act->read = false;
      return;
    }
    if (!failed_ && !writing_ && !acks_.empty()) {
      writing_ = true;
      act->write = &acks_.front();  // deque: stable until popped
    }
    if (storing_ || writing_) return;
    if (failed_ || (reads_done_ && acks_.empty())) {
      finished_ = true;
      act->read = false;
      act->finish = true;
      act->status = failed_ ? error_ : grpc::Status::OK;
      final_status_ = act->status;
    }
  }

  void Run(const Actions& act) {
    if (act.write != nullptr) StartWrite(act.write);
    if (act.read) StartRead(&request_);
    if (act.finish) Finish(act.status);
  }

  EventGraphService* service_;
  const absl::Time start_;
  v1::IngestRequest request_;  // filled by a read, used by StoreBatch
  absl::Mutex mu_;
  std::deque<v1::IngestResponse> acks_ ABSL_GUARDED_BY(mu_);
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool storing_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status error_ ABSL_GUARDED_BY(mu_);
  grpc::Status final_status_;  // set once, before Finish
};

}  // namespace

grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>*
EventGraphService::IngestStream(grpc::CallbackServerContext* ctx) {
  return new IngestStreamReactor(this);
}

}  // namespace eventgraph::server
