// The ingest workload: every event of an EventSource sent to the server
// over IngestStream RPCs (client/ingest_session.h, as `eventgraph ingest`
// sends them: batches of `batch_size`, at most 8 unacknowledged), timed from
// the first row read to the last durable ack. Parsing is part of the time,
// as it is in the peers' load. With `bulk` the requests ask for the bulk
// path (`eventgraph ingest --bulk`: the server gathers requests into sorted
// files), with as many in flight as the CLI keeps.
//
// Thread-compatible: one call at a time.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "client/connection.h"
#include "tests/bench/bench_data.h"
#include "tests/bench/bench_stats.h"

namespace eventgraph::bench {

struct IngestOutcome {
  // ops: batches; latencies: send to ack; events_per_s: events stored or
  // found already stored per second.
  Summary summary;
  int64_t sent = 0;        // events sent
  int64_t accepted = 0;    // newly stored
  int64_t duplicates = 0;  // already stored
  int64_t rejected = 0;    // by the client (unreadable rows) or the server
};

// Sends every remaining event of *source.
// Errors: the session's final gRPC status (as absl), or the read error.
absl::StatusOr<IngestOutcome> RunIngest(client::Connection* connection,
                                        EventSource* source, int batch_size,
                                        bool bulk);

}  // namespace eventgraph::bench
