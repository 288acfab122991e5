// eventgraph-bench's output: a table for people, or one JSON document
//   {"results": [{"name", "ops", "ops_per_s", "p50_ms", "p95_ms", "p99_ms",
//                 "errors", "seconds", "events_per_s" (ingest only),
//                 "cold_ms" and "result" (the peers' queries)}],
//    "server": {"address", "local", "rss_mb", "db_bytes", "events"},
//    "config": {...}}
// rss_mb is null for a server that is not local.
//
// Thread-compatible.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/bench/bench_stats.h"

namespace eventgraph::bench {

struct BenchResult {
  std::string name;
  Summary summary;
  double cold_ms = -1;     // -1: not reported
  nlohmann::json result;   // null: not reported
};

struct ServerFacts {
  std::string address;
  bool local = false;
  double rss_mb = -1;    // -1: unknown
  int64_t db_bytes = -1;  // -1: unknown
  int64_t events = -1;
};

nlohmann::json ReportJson(const std::vector<BenchResult>& results, const ServerFacts& server,
                          const nlohmann::json& config);

void PrintTable(const std::vector<BenchResult>& results, const ServerFacts& server,
                std::ostream& out);

}  // namespace eventgraph::bench
