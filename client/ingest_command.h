// `eventgraph ingest FILE...`: loads event files (TSV, CSV or JSONL, plain
// or gzip'd) into the server over the IngestStream RPC.
//
// Rows that cannot be sent are rejected on the client; the server's
// per-item rejections are mapped back to file and line. Both go to the
// --rejects file and are counted in the summary, which goes to stdout.
// Progress goes to stderr.
#pragma once

#include <string>
#include <vector>

#include "client/connection.h"

namespace eventgraph::client {

struct IngestOptions {
  std::vector<std::string> files;  // "-" reads standard input
  std::string format = "auto";     // auto, tsv, csv, jsonl
  std::vector<std::string> maps;   // COLUMN=FIELD
  int batch_size = 2000;           // events per request, 1..10000
  std::string rejects_path;        // "" writes no rejects file
  bool quiet = false;              // no progress output
};

// Runs the ingest and returns the exit code: kExitOk when every row was
// read and acknowledged (rejections included), kExitUsage for bad flags,
// unreadable files or missing required columns (nothing is sent then),
// kExitFailure when the RPC failed or a file could not be read to the end
// (stderr says how many rows were acknowledged).
int RunIngest(Connection* connection, const IngestOptions& options);

}  // namespace eventgraph::client
