// IngestSession loads batches over IngestStream RPCs (ingest_stream.h) and
// rides out a server that is briefly unavailable: when a stream fails with
// UNAVAILABLE it waits (RetryDelay, ingest_backoff.h), opens a new stream
// and sends again, in their order, the batches not yet acknowledged, then
// goes on. Batches already acknowledged are never sent again. After
// `max_retries` consecutive failed attempts (a stream that gets an ack
// resets the count) it gives up with the last status, whose message says
// so. Other failures end the session at once.
//
// A batch whose ack was lost with the stream is stored again on the new
// one; the server's idempotency turns that into duplicates.
//
// Each retry is announced on stderr. Send() and Finish() must be called
// from one thread; the handlers run on the ack threads, one stream at a
// time.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "client/connection.h"
#include "client/ingest_progress.h"
#include "client/ingest_stream.h"

namespace eventgraph::client {

class IngestSession {
 public:
  struct Options {
    IngestStream::Options stream;
    int max_retries = 5;
  };

  // `connection` and `counters` must outlive the session.
  IngestSession(Connection* connection, const Options& options,
                IngestCounters* counters,
                IngestStream::RejectionHandler on_rejection,
                IngestStream::AckHandler on_ack);
  ~IngestSession();

  IngestSession(const IngestSession&) = delete;
  IngestSession& operator=(const IngestSession&) = delete;

  // Sends the next batch (see IngestStream::Send), retrying as above.
  // Returns false once the session has failed for good; Finish() says why.
  bool Send(std::shared_ptr<IngestBatch> batch);

  // Waits for every ack, retrying as above; returns OK or the final error.
  // REQUIRES: called once.
  grpc::Status Finish();

  // How many times a new stream was opened after a failure.
  int retries() const { return retries_; }

 private:
  std::unique_ptr<IngestStream> NewStream();
  // Finishes the current stream; while it failed with UNAVAILABLE and
  // attempts remain, opens a new one and resends what was not
  // acknowledged. Returns false, with final_ set, when giving up; true when
  // a stream is open with everything resent (or, with `closing`, when every
  // batch is acknowledged: final_ is then OK).
  bool Recover(bool closing);

  Connection* const connection_;
  const Options options_;
  IngestCounters* const counters_;
  const IngestStream::RejectionHandler on_rejection_;
  const IngestStream::AckHandler on_ack_;
  std::unique_ptr<IngestStream> stream_;
  int attempts_ = 0;  // consecutive failed attempts
  int retries_ = 0;
  int64_t acknowledged_at_failure_ = -1;
  bool failed_ = false;
  grpc::Status final_;
};

}  // namespace eventgraph::client
