// The server a benchmark talks to: either one given by address, or a local
// eventgraphd started here on a fresh database in a temporary folder,
// listening on a free loopback port (port 0 and --port-file).
//
// Either way the benchmark reaches it through real gRPC on loopback.
//
// Not thread-safe.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace eventgraph::bench {

class BenchServer {
 public:
  struct Options {
    std::string binary;            // eventgraphd
    std::vector<std::string> args;  // extra flags, e.g. --cache-mb 256
    bool keep_db = false;           // leave the temporary folder behind
  };

  // Starts `options.binary --db TMP/db --listen 127.0.0.1:0 --port-file
  // TMP/port` and waits (up to 60 s) for the port file.
  // Errors: INTERNAL if the binary cannot be started, exits, or never
  // writes its port.
  static absl::StatusOr<std::unique_ptr<BenchServer>> StartLocal(
      const Options& options);

  // A server someone else runs; rss_mb() is unknown for it.
  static std::unique_ptr<BenchServer> Remote(const std::string& address);

  // Stops a local server (SIGTERM, then SIGKILL after 30 s) and removes its
  // folder unless keep_db.
  ~BenchServer();

  const std::string& address() const { return address_; }
  bool local() const { return pid_ > 0; }
  // Resident set size of a local server (VmRSS of /proc/PID/status) in
  // MiB; -1 for a remote one or when it cannot be read.
  double rss_mb() const;
  // Bytes of the local database folder (du), -1 for a remote server.
  int64_t db_bytes_on_disk() const;
  const std::string& folder() const { return folder_; }

 private:
  BenchServer() = default;

  std::string address_;
  pid_t pid_ = -1;
  std::string folder_;
  bool keep_db_ = false;
};

// The eventgraphd next to this binary in the build tree
// (<build>/tests/bench/eventgraph-bench -> <build>/server/eventgraphd).
std::string DefaultServerBinary();

}  // namespace eventgraph::bench
