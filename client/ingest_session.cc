#include "client/ingest_session.h"

#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/ingest_backoff.h"
#include "client/output.h"

namespace eventgraph::client {

IngestSession::IngestSession(Connection* connection, const Options& options,
                             IngestCounters* counters,
                             IngestStream::RejectionHandler on_rejection,
                             IngestStream::AckHandler on_ack)
    : connection_(connection),
      options_(options),
      counters_(counters),
      on_rejection_(std::move(on_rejection)),
      on_ack_(std::move(on_ack)),
      stream_(NewStream()) {}

IngestSession::~IngestSession() = default;

std::unique_ptr<IngestStream> IngestSession::NewStream() {
  return std::make_unique<IngestStream>(connection_, options_.stream, counters_,
                                        on_rejection_, on_ack_);
}

bool IngestSession::Send(std::shared_ptr<IngestBatch> batch) {
  if (failed_) return false;
  if (stream_->Send(std::move(batch))) return true;
  return Recover(/*closing=*/false);
}

grpc::Status IngestSession::Finish() {
  if (!failed_) Recover(/*closing=*/true);
  return final_;
}

bool IngestSession::Recover(bool closing) {
  std::vector<std::shared_ptr<IngestBatch>> carried;  // not yet resent
  while (true) {
    const grpc::Status status = stream_->Finish();
    std::vector<std::shared_ptr<IngestBatch>> pending =
        stream_->TakeUnacknowledged();
    pending.insert(pending.end(), carried.begin(), carried.end());
    carried.clear();
    stream_.reset();
    if (status.ok() && pending.empty()) {
      if (closing) {
        final_ = status;
        return true;
      }
      stream_ = NewStream();  // ended early but lost nothing
      return true;
    }
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      failed_ = true;
      final_ = status;
      return false;
    }
    const int64_t acknowledged = counters_->acknowledged.load();
    if (acknowledged != acknowledged_at_failure_) attempts_ = 0;
    acknowledged_at_failure_ = acknowledged;
    if (attempts_ >= options_.max_retries) {
      failed_ = true;
      final_ = grpc::Status(
          status.error_code(),
          absl::StrCat(status.error_message(), " (gave up after ",
                       options_.max_retries,
                       options_.max_retries == 1 ? " retry" : " retries", "; ",
                       pending.size(),
                       pending.size() == 1 ? " batch was" : " batches were",
                       " not acknowledged)"),
          status.error_details());
      return false;
    }
    const std::chrono::milliseconds delay = RetryDelay(attempts_);
    ++attempts_;
    ++retries_;
    std::cerr << "warning: the server is unavailable ("
              << status.error_message() << "); retry " << attempts_ << " of "
              << options_.max_retries << " in "
              << FormatNumber(delay.count() / 1000.0, 1) << " s, resending "
              << pending.size() << (pending.size() == 1 ? " batch" : " batches")
              << " not acknowledged\n";
    std::this_thread::sleep_for(delay);
    stream_ = NewStream();
    size_t sent = 0;
    while (sent < pending.size() && stream_->Send(pending[sent])) ++sent;
    if (sent == pending.size()) {
      if (!closing) return true;
      continue;  // finish the new stream, retrying again if need be
    }
    // The new stream failed too: what it did not take goes round again.
    carried.assign(pending.begin() + sent + 1, pending.end());
  }
}

}  // namespace eventgraph::client
