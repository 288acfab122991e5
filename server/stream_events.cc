// StreamEvents: a server-streaming reactor that walks ListEvents pages of
// kStreamChunk events, reading each page on the executor and keeping one
// write in flight.
#include <algorithm>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "server/errors.h"
#include "server/rpc_log.h"
#include "server/service.h"

namespace eventgraph::server {
namespace {

class StreamEventsReactor
    : public grpc::ServerWriteReactor<v1::StreamEventsResponse> {
 public:
  StreamEventsReactor(EventGraphService* service,
                      grpc::CallbackServerContext* ctx,
                      const v1::StreamEventsRequest& request)
      : service_(service),
        start_(absl::Now()),
        deadline_(absl::FromChrono(ctx->deadline())),
        limit_(request.limit()) {
    page_.set_actor(request.actor());
    page_.set_counterpart(request.counterpart());
    page_.set_direction(request.direction());
    page_.set_from_date(request.from_date());
    page_.set_to_date(request.to_date());
    *page_.mutable_filter() = request.filter();
    page_.set_descending(request.descending());
    page_.set_rollup(request.rollup());
    if (limit_ < 0) {
      Done(InvalidArgument("limit: must not be negative",
                           {{"limit", "must not be negative"}}));
      return;
    }
    NextPage();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Done(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    if (last_page_) {
      Done(grpc::Status::OK);
      return;
    }
    NextPage();
  }

  void OnDone() override {
    LogRpc("StreamEvents", start_, status_);
    delete this;
  }

 private:
  void NextPage() {
    service_->executor()->Submit([this] {
      int size = kStreamChunk;
      if (limit_ > 0) {
        size = static_cast<int>(std::min<int64_t>(size, limit_ - sent_));
      }
      page_.set_page_size(size);
      v1::ListEventsResponse response;
      absl::Status status =
          service_->ListEventsPage(page_, deadline_, &response);
      if (!status.ok()) {
        Done(ToGrpcStatus(status));
        return;
      }
      sent_ += response.events_size();
      page_.set_page_token(response.next_page_token());
      last_page_ = response.next_page_token().empty() ||
                   (limit_ > 0 && sent_ >= limit_);
      if (response.events_size() == 0) {
        Done(grpc::Status::OK);
        return;
      }
      out_.Clear();
      out_.mutable_events()->Swap(response.mutable_events());
      StartWrite(&out_);
    });
  }

  void Done(const grpc::Status& status) {
    status_ = status;
    Finish(status);
  }

  EventGraphService* service_;
  const absl::Time start_;
  const absl::Time deadline_;
  const int64_t limit_;
  int64_t sent_ = 0;
  bool last_page_ = false;
  v1::ListEventsRequest page_;
  v1::StreamEventsResponse out_;
  grpc::Status status_;
};

}  // namespace

grpc::ServerWriteReactor<v1::StreamEventsResponse>*
EventGraphService::StreamEvents(grpc::CallbackServerContext* ctx,
                                const v1::StreamEventsRequest* request) {
  return new StreamEventsReactor(this, ctx, *request);
}

}  // namespace eventgraph::server
