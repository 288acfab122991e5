// The end-of-ingest summary and its three renderings: a short human text
// (table), one JSON object (json), or a header and one row (csv).
//
// Pure code, thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "client/output.h"
#include "client/reject_log.h"

namespace eventgraph::client {

// One input file and how it was read.
struct IngestedFile {
  std::string file;
  std::string format;  // DescribeLayout, or "done earlier"
};

struct IngestSummary {
  int64_t files = 0;
  int64_t rows = 0;        // data rows read
  int64_t accepted = 0;    // newly stored
  int64_t duplicates = 0;  // already stored
  int64_t rejected = 0;    // client- and server-side
  int64_t skipped = 0;     // rows done by an earlier run (--resume)
  int retries = 0;         // streams reopened after UNAVAILABLE
  double seconds = 0;
  std::vector<IngestedFile> inputs;
  std::string resume_path;  // the --resume checkpoint, or ""
  std::vector<std::string> ignored_columns;
  std::vector<RejectedRow> rejections;  // the first ones (at most 1000)
  std::string rejects_path;             // where all rejections went, or ""
};

// Rows per second over the whole run (0 when no time passed).
double EventsPerSecond(const IngestSummary& summary);

// Writes the summary to `out` in `format`. The JSON object has the keys
// files, rows, accepted, duplicates, rejected, skipped, retries, seconds,
// events_per_second, ignored_columns, inputs ([{file, format}]) and
// rejections ([{file, line, field, reason}]). The CSV row ends with skipped
// and retries. The text names the formats read and, with --resume or a
// skip, the rows skipped.
void PrintIngestSummary(const IngestSummary& summary, OutputFormat format,
                        std::ostream& out);

}  // namespace eventgraph::client
