// `eventgraph ingest FILE|FOLDER...`: loads event files into the server
// over the IngestStream RPC. Formats (GDELT 1.0 and 2.0, ICEWS, quadruples,
// generic TSV, CSV and JSONL; plain, gzip'd or a one-file ZIP) are told
// apart per file (formats.h) unless --format names one; a folder stands
// for its event files in the date order of their names (ingest_files.h).
//
// Rows that cannot be sent are rejected on the client; the server's
// per-item rejections are mapped back to file and line. Both go to the
// --rejects file and are counted in the summary, which goes to stdout.
// Progress goes to stderr. Rows become events on --parse-threads
// threads, with the same batches, rejections and checkpoints for any number
// (ingest_pipeline.h). A server that is briefly unavailable is waited
// for (ingest_session.h). With --resume FILE, a checkpoint of the rows done
// is kept as batches are acknowledged and a rerun skips them
// (ingest_checkpoint.h).
#pragma once

#include <string>
#include <vector>

#include "client/connection.h"
#include "client/ingest_backoff.h"

namespace eventgraph::client {

struct IngestOptions {
  std::vector<std::string> files;  // files or folders; "-" reads stdin
  // auto, gdelt1, gdelt2, icews, quad, tsv, csv, jsonl
  std::string format = "auto";
  std::vector<std::string> maps;            // COLUMN=FIELD
  int batch_size = 2000;                    // events per request, 1..10000
  std::string rejects_path;                 // "" writes no rejects file
  std::string resume_path;                  // "" keeps no checkpoint
  int max_retries = kDefaultIngestRetries;  // for an UNAVAILABLE server
  bool quiet = false;                       // no progress output
  // Bulk load: the server stores the batches as SST files, a chunk at a
  // time (IngestRequest.bulk); acks come per chunk.
  bool bulk = false;
  // Threads that turn rows into events (ingest_pipeline.h); 0 means
  // DefaultParseThreads(), 1 parses on the sending thread.
  int parse_threads = 0;
};

// Runs the ingest and returns the exit code: kExitOk when every row was
// read and acknowledged (rejections included), kExitUsage for bad flags,
// unreadable files or folders, missing required columns or an unusable
// checkpoint (nothing is sent then), kExitFailure when the RPC failed (after
// the retries) or a file could not be read to the end (stderr says how
// many rows were acknowledged; the checkpoint has them).
int RunIngest(Connection* connection, const IngestOptions& options);

}  // namespace eventgraph::client
