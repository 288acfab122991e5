// Measures EventStore::Write throughput in process (no gRPC), to separate
// storage cost from transport cost. Synthetic events: 20,000 actors with a
// skewed activity, dates spread over 11 years.
//   store_write_bench [EVENTS] [BATCH] [DIR] [keep|fresh] [bulk]
// With "keep" the folder is not emptied first (to grow an existing database).
// With "bulk" the events go through WriteBulk, 100,000 per call in groups of
// BATCH (as the server's bulk ingest gathers them).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "storage/event_store.h"

using namespace eventgraph::storage;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 200000;
  const int batch = argc > 2 ? std::atoi(argv[2]) : 2000;
  const std::string dir = argc > 3 ? argv[3] : "/tmp/eventgraph-write-bench";
  const bool keep = argc > 4 && std::string(argv[4]) == "keep";
  const bool bulk = argc > 5 && std::string(argv[5]) == "bulk";
  constexpr int kBulkChunk = 100000;
  if (!keep) std::filesystem::remove_all(dir);
  StoreOptions options;
  options.path = dir;
  if (const char* mb = std::getenv("WRITE_BUFFER_MB")) options.write_buffer_bytes = std::atoi(mb) << 20;
  auto store = EventStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  std::mt19937_64 rng(1);
  std::vector<std::string> actors;
  for (int i = 0; i < 20000; ++i) actors.push_back("Actor " + std::to_string(i));
  auto pick = [&] {
    // Skewed: low ids are far more frequent.
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return actors[static_cast<size_t>(u * u * u * actors.size())];
  };
  const Day start = *ParseDate("2005-01-01");
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Event> events;
  std::vector<std::vector<Event>> groups;
  int grouped = 0;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.actor = pick();
    e.target = pick();
    e.action = "Consult";
    e.day = start + static_cast<Day>(i * 4000LL / n);
    e.source = "synthetic-" + std::to_string(rng());
    events.push_back(std::move(e));
    if (static_cast<int>(events.size()) < batch && i != n - 1) continue;
    if (bulk) {
      grouped += static_cast<int>(events.size());
      groups.push_back(std::move(events));
      events.clear();
      if (grouped < kBulkChunk && i != n - 1) continue;
      auto r = (*store)->WriteBulk(std::move(groups));
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
        return 1;
      }
      groups.clear();
      grouped = 0;
      continue;
    }
    auto r = (*store)->Write(std::move(events));
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    events.clear();
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%d events in %.2f s: %.0f events/s\n", n, s, n / s);
  return 0;
}
