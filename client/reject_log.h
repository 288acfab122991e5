// RejectLog collects the rows an ingest did not store: it counts them, keeps
// the first few for the summary and, when given a path, writes all of them
// as TSV with the header "file\tline\tfield\treason". Tabs and line breaks
// inside values are written as spaces.
//
// Thread-safe: the reading thread (client-side rejections) and the ack
// thread (server-side rejections) both call Add().
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace eventgraph::client {

struct RejectedRow {
  std::string file;
  int64_t line = 0;
  std::string field;
  std::string reason;
};

class RejectLog {
 public:
  // Creates a log that keeps the first `keep` rows in memory and, unless
  // `path` is empty, writes every row to `path` (truncated first).
  // Errors: the file cannot be created (PERMISSION_DENIED, NOT_FOUND,
  // UNKNOWN), with the path in the message.
  static absl::StatusOr<std::unique_ptr<RejectLog>> Open(
      const std::string& path, size_t keep);

  ~RejectLog();
  RejectLog(const RejectLog&) = delete;
  RejectLog& operator=(const RejectLog&) = delete;

  // Records one rejected row.
  void Add(std::string_view file, int64_t line, std::string_view field,
           std::string_view reason);

  // Rows added so far.
  int64_t count() const;

  // The first `keep` rows, in the order added.
  std::vector<RejectedRow> kept() const;

  // Flushes and closes the file. Errors: UNKNOWN if a write failed.
  // Idempotent; Add() after Close() only counts.
  absl::Status Close();

 private:
  RejectLog(std::FILE* file, std::string path, size_t keep)
      : file_(file), path_(std::move(path)), keep_(keep) {}

  mutable std::mutex mutex_;
  std::FILE* file_;  // nullptr when not writing
  const std::string path_;
  const size_t keep_;
  int64_t count_ = 0;
  bool write_failed_ = false;
  std::vector<RejectedRow> kept_;
};

}  // namespace eventgraph::client
