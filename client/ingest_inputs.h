// The inputs of `eventgraph ingest`: the files to read (folders expanded as
// ingest_files.h says), each opened with its layout decided (formats.h) and
// its columns mapped with its format's profile (format_profiles.h), and,
// with --resume, how much of each an earlier run already did.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "client/column_mapping.h"
#include "client/ingest_checkpoint.h"
#include "client/ingest_command.h"
#include "client/record_reader.h"

namespace eventgraph::client {

struct IngestInput {
  std::string path;
  int64_t size = -1;  // bytes, -1 for a pipe
  // nullptr when the whole file was done by an earlier run.
  std::unique_ptr<RecordReader> reader;
  // Shared with the blocks of the ingest pipeline (ingest_pipeline.h); replaced
  // by a new mapping when JSONL keys grow.
  std::shared_ptr<const ColumnMapping> mapping;
  // --resume: records starting at or before this line are done.
  int64_t done_through_line = 0;
  // --resume, a file done whole: its record count and last line.
  int64_t done_rows = 0;
  int64_t done_last_line = 0;
  std::string description;  // DescribeLayout, or "done earlier"
};

// Expands `options.files`, opens and maps every input, and with a
// checkpoint marks what is done (a file whose size changed since is read
// from the start). Prints every problem, and notes on skipped files, to
// stderr. Returns false on a usage problem (an unreadable file, a missing
// required column, a --map column no input has): nothing may be sent then.
bool OpenIngestInputs(const IngestOptions& options,
                      const std::vector<ColumnOverride>& overrides,
                      const Checkpoint* checkpoint,
                      std::vector<IngestInput>* inputs);

}  // namespace eventgraph::client
