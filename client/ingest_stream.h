// IngestStream drives one IngestStream RPC for a loader: the caller's thread
// writes batches, an internal thread reads the acks. At most
// `max_in_flight` batches are unacknowledged at a time; each batch carries a
// sequence number that its ack echoes, so every ack (and every rejection in
// it) is matched to the rows of its batch. An ack means the batch is
// durable.
//
// The stream keeps every batch until its ack arrives: after Finish(), the
// batches never acknowledged can be taken back (TakeUnacknowledged()) and
// sent again on a new stream (see ingest_session.h).
//
// The RPC has the --stream-deadline deadline. A StallWatchdog cancels it if
// no ack arrives for --deadline seconds while batches are outstanding.
//
// Thread safety: Send() and Finish() must be called from one thread. The
// rejection handler and the counters are used from the ack thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "client/connection.h"
#include "client/ingest_progress.h"
#include "client/stall_watchdog.h"
#include "eventgraph/v1/eventgraph.grpc.pb.h"
#include "google/protobuf/arena.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"

namespace eventgraph::client {

// RowOrigin::line of a rejection whose index matches no row of its batch.
inline constexpr int64_t kUnknownLine = 0;

// Where a row came from: index of the input file and its line number.
struct RowOrigin {
  uint32_t file;
  int64_t line;
};

// One batch: its events and where each came from (origins[i] for
// request.events(i)). The events live on the protobuf arenas of the blocks
// that built them (the pipeline's parse stage): their strings and
// sub-messages are bump-allocated and freed at once with the last batch
// that holds each arena (malloc and free were a third of the loader's CPU;
// heap-built events handed to an arena-owned request are still destroyed
// one by one). Neither copyable nor movable: held by shared_ptr.
struct IngestBatch {
  IngestBatch() = default;
  IngestBatch(const IngestBatch&) = delete;
  IngestBatch& operator=(const IngestBatch&) = delete;
  // Detaches the arena events from the request before it is destroyed.
  ~IngestBatch();

  // Appends `event`, which lives on `arena`; the batch keeps the arena
  // alive. REQUIRES: every event of the request was added this way.
  void AddArenaEvent(const std::shared_ptr<google::protobuf::Arena>& arena,
                     eventgraph::v1::Event* event);

  int64_t id = 0;  // the caller's; handed back with the ack
  // Declared before `request`, so that they outlive it.
  std::vector<std::shared_ptr<google::protobuf::Arena>> arenas;
  eventgraph::v1::IngestRequest request;  // on the heap; events borrowed
  std::vector<RowOrigin> origins;
};

class IngestStream {
 public:
  struct Options {
    int max_in_flight = 8;
    // The longest wait for an ack while batches are outstanding.
    std::chrono::steady_clock::duration ack_timeout = std::chrono::seconds(30);
  };

  // Called on the ack thread for each item the server rejected.
  using RejectionHandler = std::function<void(
      const RowOrigin& origin, const eventgraph::v1::Rejection& rejection)>;
  // Called on the ack thread once a batch's ack is applied (counters
  // updated, rejections handled), with the batch's id. Acks come in the
  // order the batches were sent.
  using AckHandler = std::function<void(int64_t batch_id)>;

  // Starts the RPC and the ack thread. `connection` and `counters` must
  // outlive the stream. Never fails: a failure to connect shows up as a
  // false Send() and the status from Finish(). `on_ack` may be empty.
  IngestStream(Connection* connection, const Options& options,
               IngestCounters* counters, RejectionHandler on_rejection,
               AckHandler on_ack = {});

  // Cancels the RPC if Finish() was not called.
  ~IngestStream();

  IngestStream(const IngestStream&) = delete;
  IngestStream& operator=(const IngestStream&) = delete;

  // Sends `batch` as the next batch, after setting its request's sequence.
  // Blocks while max_in_flight batches await their ack. The stream keeps
  // the batch until it is acknowledged; the caller must not change it.
  // Returns false if the stream has failed (Finish() then says why); the
  // batch is kept as unacknowledged all the same.
  bool Send(std::shared_ptr<IngestBatch> batch);

  // Half-closes the stream, waits for the outstanding acks and returns the
  // RPC's status. Beyond the server's status: DEADLINE_EXCEEDED when the
  // watchdog cancelled the call, INTERNAL when the server acked a sequence
  // it was not sent or ended the stream with batches unacknowledged.
  // REQUIRES: called once.
  grpc::Status Finish();

  // The batches given to Send() and not acknowledged, in sending order.
  // REQUIRES: Finish() was called.
  std::vector<std::shared_ptr<IngestBatch>> TakeUnacknowledged();

 private:
  using Stream = grpc::ClientReaderWriter<eventgraph::v1::IngestRequest,
                                          eventgraph::v1::IngestResponse>;

  // The ack thread.
  void ReadAcks();
  // Applies one ack. Returns false if it matches no outstanding batch.
  bool ApplyAck(const eventgraph::v1::IngestResponse& ack);

  const Options options_;
  IngestCounters* const counters_;
  const RejectionHandler on_rejection_;
  const AckHandler on_ack_;
  grpc::ClientContext context_;
  StallWatchdog watchdog_;  // after context_: destroyed before it
  std::unique_ptr<Stream> stream_;

  std::mutex mutex_;
  std::condition_variable acked_;
  // By sequence, which grows in sending order.
  std::map<int64_t, std::shared_ptr<IngestBatch>> outstanding_;
  int64_t next_sequence_ = 1;
  bool reads_done_ = false;
  bool closing_ = false;  // Finish() has begun
  std::optional<grpc::Status> protocol_error_;

  bool finished_ = false;
  std::thread reader_;
};

}  // namespace eventgraph::client
