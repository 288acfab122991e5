#include "server/watch_hub.h"

#include <deque>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "query/event_filter.h"
#include "query/field_status.h"
#include "server/convert.h"
#include "server/errors.h"
#include "server/rpc_log.h"
#include "storage/text.h"

namespace eventgraph::server {

// One WatchEvents call. Lives until OnDone.
class WatchHub::Watch : public grpc::ServerWriteReactor<v1::WatchEventsResponse> {
 public:
  Watch(WatchHub* hub, std::string actor, std::string counterpart,
        query::Direction direction, query::EventFilter filter)
      : hub_(hub),
        start_(absl::Now()),
        actor_(std::move(actor)),
        counterpart_(std::move(counterpart)),
        direction_(direction),
        filter_(std::move(filter)) {}

  // True when the watch wants `e` (folded names given).
  bool Wants(const storage::Event& e, const std::string& folded_actor,
             const std::string& folded_target) const {
    if (!actor_.empty()) {
      const bool out = folded_actor == actor_ &&
                       (counterpart_.empty() || folded_target == counterpart_);
      const bool in = folded_target == actor_ &&
                      (counterpart_.empty() || folded_actor == counterpart_);
      const bool keep = direction_ == query::Direction::kOut  ? out
                        : direction_ == query::Direction::kIn ? in
                                                              : out || in;
      if (!keep) return false;
    }
    return filter_.Matches(e);
  }

  void Push(std::vector<v1::Event> events) {
    absl::MutexLock lock(&mu_);
    if (finishing_) return;
    for (v1::Event& e : events) queue_.push_back(std::move(e));
    if (queue_.size() > kMaxWatchBacklog) {
      FinishLocked(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("the client fell behind: more than ", kMaxWatchBacklog,
                       " events were waiting to be sent")));
      return;
    }
    if (!writing_) WriteNextLocked();
  }

  void End(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    FinishLocked(status);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED,
                                "client went away"));
      return;
    }
    if (pending_finish_) {
      Finish(*pending_finish_);
      return;
    }
    if (!queue_.empty()) WriteNextLocked();
  }

  void OnCancel() override {
    End(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
  }

  void OnDone() override {
    hub_->Remove(this);
    LogRpc("WatchEvents", start_, status_);
    delete this;
  }

 private:
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    out_.Clear();
    for (int i = 0; i < kWatchChunk && !queue_.empty(); ++i) {
      *out_.add_events() = std::move(queue_.front());
      queue_.pop_front();
    }
    writing_ = true;
    StartWrite(&out_);
  }

  // Finishes now, or after the write in flight.
  void FinishLocked(const grpc::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finishing_) return;
    finishing_ = true;
    status_ = status;
    queue_.clear();
    if (writing_) {
      pending_finish_ = status;
    } else {
      Finish(status);
    }
  }

  WatchHub* hub_;
  const absl::Time start_;
  const std::string actor_;        // folded; empty: every event
  const std::string counterpart_;  // folded
  const query::Direction direction_;
  const query::EventFilter filter_;

  absl::Mutex mu_;
  std::deque<v1::Event> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> pending_finish_ ABSL_GUARDED_BY(mu_);
  v1::WatchEventsResponse out_;
  grpc::Status status_;
};

namespace {

// A reactor that only finishes the call with an error.
class Refusal : public grpc::ServerWriteReactor<v1::WatchEventsResponse> {
 public:
  explicit Refusal(const grpc::Status& status) : start_(absl::Now()) {
    status_ = status;
    Finish(status);
  }
  void OnDone() override {
    LogRpc("WatchEvents", start_, status_);
    delete this;
  }

 private:
  const absl::Time start_;
  grpc::Status status_;
};

}  // namespace

WatchHub::~WatchHub() = default;

grpc::ServerWriteReactor<v1::WatchEventsResponse>* WatchHub::NewWatch(
    grpc::CallbackServerContext* ctx, const v1::WatchEventsRequest& request) {
  absl::Status invalid;
  if (!storage::IsValidUtf8(request.actor())) {
    invalid = query::InvalidFieldError("actor", "is not valid UTF-8");
  } else if (!storage::IsValidUtf8(request.counterpart())) {
    invalid = query::InvalidFieldError("counterpart", "is not valid UTF-8");
  } else if (request.actor().empty() && !request.counterpart().empty()) {
    invalid = query::InvalidFieldError("counterpart", "requires an actor");
  }
  absl::StatusOr<query::Direction> direction =
      FromProto(request.direction(), "direction");
  absl::StatusOr<query::EventFilter> filter = FromProto(request.filter());
  if (invalid.ok() && !direction.ok()) invalid = direction.status();
  if (invalid.ok() && !filter.ok()) invalid = filter.status();
  if (!invalid.ok()) return new Refusal(ToGrpcStatus(invalid));

  auto* watch = new Watch(this, storage::FoldName(request.actor()),
                          storage::FoldName(request.counterpart()), *direction,
                          *std::move(filter));
  absl::MutexLock lock(&mu_);
  if (closed_) {
    watch->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "the server is shutting down"));
  } else {
    watches_.insert(watch);
    // Headers go out once the watch is registered: a client that waits for
    // them knows every event stored from then on will be pushed.
    watch->StartSendInitialMetadata();
  }
  return watch;
}

void WatchHub::Publish(absl::Span<const storage::Event* const> events) {
  absl::MutexLock lock(&mu_);
  if (watches_.empty()) return;
  std::vector<std::string> folded_actor, folded_target;
  for (const storage::Event* e : events) {
    folded_actor.push_back(storage::FoldName(e->actor));
    folded_target.push_back(storage::FoldName(e->target));
  }
  // Events as reads return them (canonical names), made once per batch and
  // only for events some watch wants.
  std::vector<std::optional<v1::Event>> sent(events.size());
  auto as_read = [&](size_t i) -> const v1::Event& {
    if (!sent[i]) {
      ToProto(*events[i], &sent[i].emplace());
      sent[i]->set_actor(store_->ActorName(events[i]->actor_id));
      sent[i]->set_target(store_->ActorName(events[i]->target_id));
    }
    return *sent[i];
  };
  for (Watch* watch : watches_) {
    std::vector<v1::Event> matched;
    for (size_t i = 0; i < events.size(); ++i) {
      if (watch->Wants(*events[i], folded_actor[i], folded_target[i])) {
        matched.push_back(as_read(i));
      }
    }
    if (!matched.empty()) watch->Push(std::move(matched));
  }
}

void WatchHub::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  for (Watch* watch : watches_) {
    watch->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "the server is shutting down"));
  }
}

void WatchHub::Remove(Watch* watch) {
  absl::MutexLock lock(&mu_);
  watches_.erase(watch);
}

}  // namespace eventgraph::server
