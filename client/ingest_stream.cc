#include "client/ingest_stream.h"

#include "absl/strings/str_cat.h"

namespace eventgraph::client {

IngestBatch::~IngestBatch() {
  // The events belong to their arenas: the request must not delete them.
  request.mutable_events()->UnsafeArenaExtractSubrange(0, request.events_size(),
                                                       nullptr);
}

void IngestBatch::AddArenaEvent(
    const std::shared_ptr<google::protobuf::Arena>& arena,
    eventgraph::v1::Event* event) {
  if (arenas.empty() || arenas.back() != arena) arenas.push_back(arena);
  request.mutable_events()->UnsafeArenaAddAllocated(event);
}

IngestStream::IngestStream(Connection* connection, const Options& options,
                           IngestCounters* counters,
                           RejectionHandler on_rejection, AckHandler on_ack)
    : options_(options),
      counters_(counters),
      on_rejection_(std::move(on_rejection)),
      on_ack_(std::move(on_ack)),
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

bool IngestStream::Send(std::shared_ptr<IngestBatch> batch) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    acked_.wait(lock, [this] {
      return reads_done_ ||
             outstanding_.size() < static_cast<size_t>(options_.max_in_flight);
    });
    const int64_t sequence = next_sequence_++;
    batch->request.set_sequence(sequence);
    outstanding_.emplace(sequence, batch);
    if (reads_done_) return false;
    // The ack clock starts when the first batch goes out.
    if (outstanding_.size() == 1) watchdog_.Arm();
  }
  // `batch` keeps the request alive even if its ack erases the entry.
  return stream_->Write(batch->request);
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

std::vector<std::shared_ptr<IngestBatch>> IngestStream::TakeUnacknowledged() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<IngestBatch>> batches;
  batches.reserve(outstanding_.size());
  for (auto& [sequence, batch] : outstanding_) {
    batches.push_back(std::move(batch));
  }
  outstanding_.clear();
  return batches;
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
  std::shared_ptr<IngestBatch> batch;
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
    batch = std::move(it->second);
    outstanding_.erase(it);
    if (outstanding_.empty() && !closing_) {
      watchdog_.Disarm();
    } else {
      watchdog_.Touch();
    }
  }
  acked_.notify_all();
  const std::vector<RowOrigin>& origins = batch->origins;
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
  if (on_ack_) on_ack_(batch->id);
  return true;
}

}  // namespace eventgraph::client
