#include "client/ingest_stream.h"

#include "absl/strings/str_cat.h"

namespace eventgraph::client {

IngestStream::IngestStream(Connection* connection, const Options& options,
                           IngestCounters* counters,
                           RejectionHandler on_rejection)
    : options_(options),
      counters_(counters),
      on_rejection_(std::move(on_rejection)),
      watchdog_(&context_, options.ack_timeout) {
  connection->SetStreamDeadline(&context_);
  stream_ = connection->stub().IngestStream(&context_);
  reader_ = std::thread([this] { ReadAcks(); });
}

IngestStream::~IngestStream() {
  if (finished_) return;
  context_.TryCancel();
  Finish();
}

bool IngestStream::Send(eventgraph::v1::IngestRequest* request,
                        std::vector<RowOrigin> origins) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    acked_.wait(lock, [this] {
      return reads_done_ ||
             outstanding_.size() < static_cast<size_t>(options_.max_in_flight);
    });
    if (reads_done_) return false;
    const int64_t sequence = next_sequence_++;
    request->set_sequence(sequence);
    outstanding_.emplace(sequence, std::move(origins));
    // The ack clock starts when the first batch goes out.
    if (outstanding_.size() == 1) watchdog_.Arm();
  }
  return stream_->Write(*request);
}

grpc::Status IngestStream::Finish() {
  finished_ = true;
  {
    // Closing is progress to wait for too, even with no batch outstanding.
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    watchdog_.Arm();
  }
  stream_->WritesDone();
  reader_.join();
  grpc::Status status = stream_->Finish();
  watchdog_.Disarm();
  std::lock_guard<std::mutex> lock(mutex_);
  if (watchdog_.fired()) {
    const double seconds =
        std::chrono::duration<double>(options_.ack_timeout).count();
    return grpc::Status(
        grpc::StatusCode::DEADLINE_EXCEEDED,
        outstanding_.empty()
            ? absl::StrCat("the server did not end the stream within ", seconds,
                           " s of the last ack; cancelled")
            : absl::StrCat("no ack from the server for ", seconds, " s with ",
                           outstanding_.size(),
                           " batches outstanding; cancelled"));
  }
  if (protocol_error_.has_value()) return *protocol_error_;
  if (status.ok() && !outstanding_.empty()) {
    return grpc::Status(
        grpc::StatusCode::INTERNAL,
        absl::StrCat("the server ended the stream with ", outstanding_.size(),
                     " batches unacknowledged"));
  }
  return status;
}

void IngestStream::ReadAcks() {
  eventgraph::v1::IngestResponse ack;
  while (stream_->Read(&ack)) {
    if (!ApplyAck(ack)) {
      context_.TryCancel();
      break;
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  reads_done_ = true;
  acked_.notify_all();
}

bool IngestStream::ApplyAck(const eventgraph::v1::IngestResponse& ack) {
  std::vector<RowOrigin> origins;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = outstanding_.find(ack.sequence());
    if (it == outstanding_.end()) {
      protocol_error_ =
          grpc::Status(grpc::StatusCode::INTERNAL,
                       absl::StrCat("the server acked batch ", ack.sequence(),
                                    ", which is not outstanding"));
      return false;
    }
    origins = std::move(it->second);
    outstanding_.erase(it);
    if (outstanding_.empty() && !closing_) {
      watchdog_.Disarm();
    } else {
      watchdog_.Touch();
    }
  }
  acked_.notify_all();
  for (const eventgraph::v1::Rejection& rejection : ack.rejections()) {
    const int index = rejection.index();
    if (index >= 0 && static_cast<size_t>(index) < origins.size()) {
      on_rejection_(origins[index], rejection);
    } else {
      on_rejection_(RowOrigin{0, kUnknownLine}, rejection);
    }
  }
  counters_->accepted += ack.accepted();
  counters_->duplicates += ack.duplicates();
  counters_->rejected += ack.rejections_size();
  counters_->acknowledged += static_cast<int64_t>(origins.size());
  return true;
}

}  // namespace eventgraph::client
