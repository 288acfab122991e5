// The --resume checkpoint of `eventgraph ingest`: for each input file, how
// far its rows are done (acknowledged by the server, or rejected), so that
// a rerun skips them.
//
// The file is JSON:
//   {"version": 1, "files": [{"path": "/data/a.tsv.gz", "size": 1234,
//     "line": 5678, "rows": 5001, "complete": false}, ...]}
// Records starting at lines <= `line` are done (`rows` of them); `complete`
// says the whole file is. A file is known by its absolute path and its
// size: one whose size changed is read from the start.
//
// Save() writes a temporary file beside the checkpoint, fsyncs it and
// renames it over the checkpoint, so a crash leaves the old checkpoint or
// the new one, never a mix.
//
// CheckpointTracker keeps the checkpoint in step with an ingest: the
// reading thread says which input position each batch reaches, the ack
// thread says which batch was acknowledged, and once every batch up to one
// is acknowledged, its position is saved. Acknowledged rows are therefore
// never read again, and rows not acknowledged are never skipped.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace eventgraph::client {

struct CheckpointEntry {
  std::string path;  // absolute (CheckpointKey)
  int64_t size = -1;
  int64_t line = 0;
  int64_t rows = 0;
  bool complete = false;
};

// The key of `path` in a checkpoint: absolute and lexically normal.
std::string CheckpointKey(std::string_view path);

// Pure data plus file I/O; not thread-safe.
class Checkpoint {
 public:
  // Loads `path`; a missing file is an empty checkpoint.
  // Errors: INVALID_ARGUMENT for a file that is not a checkpoint, UNKNOWN
  // or PERMISSION_DENIED when it cannot be read.
  static absl::StatusOr<Checkpoint> Load(const std::string& path);

  // Writes the checkpoint to `path` atomically (see above).
  // Errors: UNKNOWN or PERMISSION_DENIED, naming the path.
  absl::Status Save(const std::string& path) const;

  // The entry of `path` (any spelling), or nullptr.
  const CheckpointEntry* Find(std::string_view path) const;

  // Adds `entry`, replacing one with the same path.
  void Put(CheckpointEntry entry);

  const std::vector<CheckpointEntry>& entries() const { return entries_; }

 private:
  std::vector<CheckpointEntry> entries_;
};

// How far reading has come: the input's index in the run, the line of the
// last record handled, and how many records of that input were handled
// (skipped ones included).
struct InputMark {
  uint32_t file = 0;
  int64_t line = 0;
  int64_t rows = 0;
};

// Thread-safe.
class CheckpointTracker {
 public:
  // `inputs`: path and size of every input of the run, in reading order
  // ("-" is never recorded). `start` is the loaded checkpoint; its entries
  // for other files are kept.
  CheckpointTracker(std::string path, Checkpoint start,
                    std::vector<std::pair<std::string, int64_t>> inputs);

  // Reading thread: batch `id` (ids count up from 0 in sending order)
  // takes the input to `mark`. Call before the batch is sent.
  void Sent(int64_t id, InputMark mark);

  // Reading thread: input `file` was read to its end: `rows` records in
  // all, the last starting at line `last_line`.
  void InputDone(uint32_t file, int64_t rows, int64_t last_line);

  // Ack thread: batch `id` is acknowledged. Saves when the acknowledged
  // prefix of batches grows.
  void Acked(int64_t id);

  // Every batch is acknowledged and every input read: records every input
  // as complete and saves.
  void Finish();

  // Saves now (e.g. before starting, to find an unwritable path early).
  absl::Status Save();

  // The first error of a save, OK if none.
  absl::Status status() const;

 private:
  // Records `mark`: inputs before mark.file complete, mark.file partly.
  void ApplyLocked(const InputMark& mark);
  void SaveLocked();

  const std::string path_;
  const std::vector<std::pair<std::string, int64_t>> inputs_;
  mutable std::mutex mutex_;
  Checkpoint checkpoint_;
  std::map<int64_t, InputMark> marks_;  // sent, not yet in the saved prefix
  std::set<int64_t> acked_;             // acknowledged out of order
  int64_t next_id_ = 0;                 // first batch not yet saved
  std::vector<InputMark> input_ends_;   // rows -1 until InputDone
  absl::Status status_;
};

}  // namespace eventgraph::client
