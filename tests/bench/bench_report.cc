#include "tests/bench/bench_report.h"

#include "absl/strings/str_format.h"

namespace eventgraph::bench {

using json = nlohmann::json;

json ReportJson(const std::vector<BenchResult>& results, const ServerFacts& server,
                const json& config) {
  json doc = {{"results", json::array()}};
  for (const BenchResult& r : results) {
    json item = {{"name", r.name},
                 {"ops", r.summary.ops},
                 {"ops_per_s", r.summary.ops_per_s},
                 {"p50_ms", r.summary.p50_ms},
                 {"p95_ms", r.summary.p95_ms},
                 {"p99_ms", r.summary.p99_ms},
                 {"errors", r.summary.errors},
                 {"seconds", r.summary.seconds}};
    if (r.summary.events_per_s >= 0) item["events_per_s"] = r.summary.events_per_s;
    if (r.cold_ms >= 0) item["cold_ms"] = r.cold_ms;
    if (!r.result.is_null()) item["result"] = r.result;
    doc["results"].push_back(std::move(item));
  }
  doc["server"] = {{"address", server.address},
                   {"local", server.local},
                   {"rss_mb", server.rss_mb >= 0 ? json(server.rss_mb) : json(nullptr)},
                   {"db_bytes", server.db_bytes >= 0 ? json(server.db_bytes) : json(nullptr)},
                   {"events", server.events >= 0 ? json(server.events) : json(nullptr)}};
  doc["config"] = config;
  return doc;
}

namespace {

// A short form of a peer query's answer for the table.
std::string Brief(const json& result) {
  if (result.is_null()) return "";
  if (result.is_object() && result.contains("hops")) {
    return result["hops"].is_null() ? "no path" : absl::StrFormat("%d hops", result["hops"].get<int>());
  }
  if (result.is_object() && result.contains("arrival")) {
    return result["arrival"].is_null() ? "never" : "arrives " + result["arrival"].get<std::string>();
  }
  if (result.is_object() && result.contains("accepted")) {
    return absl::StrFormat("%d stored", result["accepted"].get<int64_t>());
  }
  if (result.is_array()) {
    int64_t total = 0;
    bool counts = !result.empty() && result[0].is_array() && result[0].back().is_number();
    for (const json& row : result) {
      if (counts) total += row.back().get<int64_t>();
    }
    return counts ? absl::StrFormat("%d rows, sum %d", result.size(), total)
                  : absl::StrFormat("%d rows", result.size());
  }
  return result.dump();
}

}  // namespace

void PrintTable(const std::vector<BenchResult>& results, const ServerFacts& server,
                std::ostream& out) {
  out << absl::StrFormat("%-12s %9s %11s %9s %9s %9s %12s %6s  %s\n", "workload", "ops",
                         "ops/s", "p50 ms", "p95 ms", "p99 ms", "events/s", "errors", "answer");
  for (const BenchResult& r : results) {
    const Summary& s = r.summary;
    out << absl::StrFormat("%-12s %9d %11.1f %9.3f %9.3f %9.3f %12s %6d  %s\n", r.name, s.ops,
                           s.ops_per_s, s.p50_ms, s.p95_ms, s.p99_ms,
                           s.events_per_s >= 0 ? absl::StrFormat("%.0f", s.events_per_s) : "",
                           s.errors, Brief(r.result));
  }
  out << absl::StrFormat("server %s%s: RSS %s, database %s bytes, %d events\n", server.address,
                         server.local ? " (local)" : "",
                         server.rss_mb >= 0 ? absl::StrFormat("%.1f MiB", server.rss_mb) : "unknown",
                         server.db_bytes >= 0 ? absl::StrFormat("%d", server.db_bytes) : "unknown",
                         server.events);
}

}  // namespace eventgraph::bench
