// IngestPipeline reads the inputs of `eventgraph ingest`, turns their rows
// into events and hands them to a sender in batches, with the per-row work
// (BuildEvent: dates, numbers, CAMEO fill-in, attributes) spread over
// worker threads.
//
// Stages:
//   1. The reading thread calls RecordReader::Read for one input after the
//      other (record splitting is sequential: CSV quoted fields span lines,
//      JSONL keys grow) and copies each record's cells into a block: one
//      string arena with cell offsets, the line numbers, the input's index
//      and the ColumnMapping its rows follow (shared, immutable; a block
//      holds rows of one mapping only, so a JSONL file whose keys grow
//      starts a new block). Records an earlier run did (--resume) and the
//      reader's own rejections (field count, UTF-8, CSV quoting, JSON) are
//      kept in the block in their row order.
//   2. Worker threads build the events of whole blocks (BuildEvent) and
//      note its rejections by row.
//   3. The sequencer (the thread calling Run()) takes built blocks in
//      reading order and does, row by row, what the single-threaded loader
//      did: count the row, write its rejection to the RejectLog, or add its
//      event to the batch being filled; a batch is sent once it holds
//      `batch_size` events or its cells reach `max_batch_bytes`; the
//      checkpoint tracker is told Sent(batch id, last record) before each
//      send and InputDone() at the end of each input.
//
// Ordering guarantee: because batches are cut by the sequencer from the
// rows in input order, everything observable is the same for every number
// of threads: the batches (ids from 0, events, origins, cut points), the
// client-side rejections and their order in the log, the counters, the
// checkpoint marks and InputDone calls and their order. Only timing
// differs (the reading thread runs ahead of the sender by a few blocks).
// With parse_threads == 1 no thread is started: the caller's thread reads,
// builds and sends each block in turn, through the same code.
//
// Backpressure and memory: at most `parse_threads * 2` blocks are read and
// not yet taken by the sequencer (waiting to be built, being built, or
// built and waiting), plus the one being read; the reading thread waits
// while that many are out. A block holds at most `block_rows` records and
// stops taking records once its cells reach `max_batch_bytes` (one record
// may exceed it); once built it holds their events as well. When the
// sender blocks (IngestSession's in-flight limit), the sequencer stops
// taking blocks, the workers run out of work and the reading thread waits.
//
// Stopping: when the sender refuses a batch (returns false) or an input
// cannot be read to its end, Run() stops the reading and worker threads
// (the reading thread finishes the Read() it is in: a pipe that stays open
// without data delays the stop until it gives a line or ends), joins them
// and frees every block before it returns. Ctrl-C is the default SIGINT:
// the process ends at once.
//
// Thread safety: Run() is called once, from one thread; the sender, the
// RejectLog's Add() for client-side rejections, the counters' updates and
// the CheckpointTracker's Sent()/InputDone() all happen on that thread.
// While Run() is going, the reading thread owns each IngestInput's
// `reader` and `mapping` (it closes a reader at its end and replaces the
// mapping when JSONL keys grow); `path` and the other fields are only
// read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "client/column_mapping.h"
#include "client/ingest_checkpoint.h"
#include "client/ingest_inputs.h"
#include "client/ingest_progress.h"
#include "client/ingest_stream.h"
#include "client/reject_log.h"

namespace eventgraph::client {

// A request is sent early once its cells reach this size, well below
// gRPC's default 4 MiB message limit.
inline constexpr size_t kMaxIngestBatchBytes = 3 << 20;

// Returns the default number of parse threads: half the machine's cores, at
// least 1 and at most 4.
int DefaultParseThreads();

struct IngestPipelineOptions {
  int batch_size = 2000;  // events per batch, >= 1
  bool bulk = false;      // sets IngestRequest.bulk on every batch
  // Threads that build events; 1 runs everything on the caller's thread.
  int parse_threads = 1;
  // Records per block; 0 means max(batch_size, 512). Does not change the
  // batches, only how the work is split.
  int block_rows = 0;
  size_t max_batch_bytes = kMaxIngestBatchBytes;
};

class IngestPipeline {
 public:
  // Sends one batch (IngestSession::Send in the CLI). Returns false when
  // the sender has failed for good: the pipeline then stops.
  using SendFunction = std::function<bool(std::shared_ptr<IngestBatch>)>;

  // `overrides` (the --map flags, used when JSONL keys grow), `rejects` and
  // `counters` must outlive the pipeline; `tracker` may be nullptr (no
  // --resume), else it must outlive the pipeline too.
  IngestPipeline(const IngestPipelineOptions& options,
                 const std::vector<ColumnOverride>* overrides,
                 SendFunction send, RejectLog* rejects,
                 IngestCounters* counters, CheckpointTracker* tracker);
  ~IngestPipeline();

  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Reads every input of *inputs in order and sends its rows as above; an
  // input whose `reader` is nullptr was done whole by an earlier run (its
  // done_rows count as skipped). Returns OK when every input was read (the
  // sender may have failed: its own status says so), or the read error
  // that stopped it, "PATH: message", with the reader's code; the rows
  // before the error were handled, the batch being filled is not sent.
  // REQUIRES: called once; every input with a reader has a mapping.
  absl::Status Run(std::vector<IngestInput>* inputs);

 private:
  const IngestPipelineOptions options_;
  const std::vector<ColumnOverride>* const overrides_;
  const SendFunction send_;
  RejectLog* const rejects_;
  IngestCounters* const counters_;
  CheckpointTracker* const tracker_;
};

}  // namespace eventgraph::client
