// eventgraph-bench: named workloads against a real EventGraph server over
// gRPC on loopback, in the manner of RocksDB's db_bench.
//
//   eventgraph-bench [--benchmarks=ingest,actor,timeline,events,neighbors,path,earliest,mixed]
//                    [--server ADDR | --eventgraphd PATH [--server-arg=FLAG ...]]
//                    (--data FILE | --generate N) [--threads N] [--duration S]
//                    [--seed N] [--output table|json]
//   eventgraph-bench --params work/<dataset>/params.json --data FILE ...
//                    [--bulk] [--settle S]
//
// Without --server it starts eventgraphd on a fresh database in a temporary
// folder (port 0) and stops it at the end. The events of --data (any format
// `eventgraph ingest` reads) or --generate (synthetic GDELT 2.0 rows) are
// loaded by the ingest workload; the query workloads draw their parameters
// from a seeded sample of them (bench_workloads.h). With --params it runs
// the peers' queries instead (bench_params.h), after W0_load, the ingest
// of the whole file. --settle waits, after the load, until the server has
// no flush or compaction left (GetStats), at most S seconds, so that the
// queries do not share the machine with the load's background work.
//
// Exit status: 0 when every workload ran without a failed call, 1 when a
// call failed (the report still shows everything), 2 on a usage error or
// when the server or the data cannot be had.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "absl/strings/str_split.h"
#include "client/connection.h"
#include "tests/bench/bench_data.h"
#include "tests/bench/bench_ingest.h"
#include "tests/bench/bench_params.h"
#include "tests/bench/bench_report.h"
#include "tests/bench/bench_rpc.h"
#include "tests/bench/bench_server.h"
#include "tests/bench/bench_workloads.h"

namespace eventgraph::bench {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Waits until the server reports no running flush or compaction, no
// pending compaction bytes and no bulk load whose compactions wait for its
// end, polling GetStats, for at most `max_s` seconds.
// Returns the seconds waited and whether the server got there.
std::pair<double, bool> Settle(const std::string& address, double max_s) {
  auto stub = NewStub(address);
  const auto start = Clock::now();
  for (;;) {
    grpc::ClientContext context;
    SetDeadline(&context, 10);
    eventgraph::v1::GetStatsResponse stats;
    const grpc::Status status =
        stub->GetStats(&context, eventgraph::v1::GetStatsRequest(), &stats);
    const double waited = std::chrono::duration<double>(Clock::now() - start).count();
    if (status.ok() && stats.running_compactions() == 0 && stats.running_flushes() == 0 &&
        stats.pending_compaction_bytes() == 0 && stats.bulk_loads() == 0) {
      return {waited, true};
    }
    if (waited >= max_s) return {waited, false};
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

struct Flags {
  std::string benchmarks = "ingest,timeline,events,neighbors,path,earliest,mixed";
  std::string server;
  std::string eventgraphd;
  std::vector<std::string> server_args;
  std::string data;
  uint64_t generate = 0;
  int threads = 0;
  double duration = 5;
  uint64_t seed = 1;
  std::string output = "table";
  std::string params;
  int runs = 20;
  int warmup = 3;
  int batch_size = 2000;
  bool bulk = false;
  double settle = 0;
  size_t sample = 100000;
  double deadline = 10;
  bool keep_db = false;
};

// A temporary folder removed at the end (generated data lives here).
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "eventgraph-bench-data-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

int Fail(const std::string& message) {
  std::cerr << "eventgraph-bench: " << message << "\n";
  return 2;
}

int Run(const Flags& flags) {
  std::vector<std::string> names = absl::StrSplit(flags.benchmarks, ',', absl::SkipEmpty());
  bool ingest = false;
  for (const std::string& name : names) {
    if (name == "ingest") {
      ingest = true;
    } else if (!IsQueryWorkload(name)) {
      return Fail("unknown benchmark \"" + name +
                  "\" (ingest, timeline, events, neighbors, path, earliest, mixed)");
    }
  }
  json params;
  if (!flags.params.empty()) {
    auto read = ReadPeerParams(flags.params);
    if (!read.ok()) return Fail(std::string(read.status().message()));
    params = *std::move(read);
  }

  // The server.
  std::unique_ptr<BenchServer> server;
  if (flags.server.empty()) {
    BenchServer::Options options;
    options.binary = flags.eventgraphd.empty() ? DefaultServerBinary() : flags.eventgraphd;
    options.args = flags.server_args;
    options.keep_db = flags.keep_db;
    auto started = BenchServer::StartLocal(options);
    if (!started.ok()) return Fail(std::string(started.status().message()));
    server = *std::move(started);
    if (flags.keep_db) std::cerr << "database folder: " << server->folder() << "\n";
  } else {
    server = BenchServer::Remote(flags.server);
  }
  // A local server starts empty: it must be loaded, timed or not.
  const bool load = ingest || server->local();

  // The data.
  TempFolder temp;
  std::unique_ptr<EventSource> source;
  if (flags.generate > 0) {
    if (temp.path().empty()) return Fail("cannot create a temporary folder");
    auto generated = EventSource::Generate(flags.generate, flags.seed, temp.path(), flags.sample);
    if (!generated.ok()) return Fail(std::string(generated.status().message()));
    source = *std::move(generated);
  } else if (!flags.data.empty()) {
    auto opened = EventSource::OpenFile(flags.data, flags.seed, flags.sample);
    if (!opened.ok()) return Fail(std::string(opened.status().message()));
    source = *std::move(opened);
  }

  std::vector<BenchResult> results;
  bool failed = false;
  client::GlobalOptions connection_options;
  connection_options.server = server->address();
  connection_options.deadline_seconds = 60;
  auto connection = std::make_unique<client::Connection>(connection_options);
  if (source != nullptr && load) {
    auto outcome = RunIngest(connection.get(), source.get(), flags.batch_size, flags.bulk);
    if (!outcome.ok()) return Fail(std::string(outcome.status().message()));
    if (ingest || !params.is_null()) {
      BenchResult result;
      result.name = params.is_null() ? "ingest" : "W0_load";
      result.summary = outcome->summary;
      result.result = {{"sent", outcome->sent},
                       {"accepted", outcome->accepted},
                       {"duplicates", outcome->duplicates},
                       {"rejected", outcome->rejected}};
      if (flags.settle > 0) {
        const auto [waited, settled] = Settle(server->address(), flags.settle);
        result.result["settle_s"] = waited;
        result.result["settled"] = settled;
      }
      results.push_back(std::move(result));
    } else if (flags.settle > 0) {
      Settle(server->address(), flags.settle);
    }
  } else if (source != nullptr) {
    source->Drain();  // sample only: the server already holds the data
    if (!source->status().ok()) return Fail(std::string(source->status().message()));
  }

  // The loading channel and the heap the load used are not the queries':
  // close the one and give the other back before timing anything.
  connection.reset();
  malloc_trim(0);

  if (!params.is_null()) {
    PeerQueryOptions options;
    options.address = server->address();
    options.warmup = flags.warmup;
    options.runs = flags.runs;
    options.deadline_s = std::max(flags.deadline, 60.0);
    auto ran = RunPeerQueries(params, options);
    if (!ran.ok()) {
      std::cerr << "eventgraph-bench: " << ran.status().message() << "\n";
      failed = true;
    } else {
      for (PeerQueryResult& query : *ran) {
        results.push_back({query.name, query.summary, query.cold_ms, std::move(query.result)});
      }
    }
  } else {
    for (const std::string& name : names) {
      if (name == "ingest") continue;
      if (source == nullptr) return Fail("the query workloads need --data or --generate");
      QueryOptions options;
      options.address = server->address();
      options.threads = flags.threads > 0 ? flags.threads : (name == "mixed" ? 32 : 1);
      options.duration_s = flags.duration;
      options.seed = flags.seed;
      options.deadline_s = flags.deadline;
      auto summary = RunQueryWorkload(name, source->sample(), options);
      if (!summary.ok()) return Fail(std::string(summary.status().message()));
      if (summary->errors > 0) failed = true;
      results.push_back({name, *summary, -1, nullptr});
    }
  }

  ServerFacts facts;
  facts.address = server->address();
  facts.local = server->local();
  facts.rss_mb = server->rss_mb();
  {
    auto stub = NewStub(server->address());
    grpc::ClientContext context;
    SetDeadline(&context, flags.deadline);
    eventgraph::v1::GetStatsRequest request;
    eventgraph::v1::GetStatsResponse stats;
    grpc::Status status = stub->GetStats(&context, request, &stats);
    if (status.ok()) {
      facts.db_bytes = stats.bytes_on_disk();
      facts.events = stats.events();
    } else {
      facts.db_bytes = server->db_bytes_on_disk();
    }
  }
  json config = {{"benchmarks", flags.benchmarks},
                 {"data", source != nullptr ? json(source->path()) : json(nullptr)},
                 {"generate", flags.generate},
                 {"threads", flags.threads},
                 {"duration_s", flags.duration},
                 {"seed", flags.seed},
                 {"params", flags.params.empty() ? json(nullptr) : json(flags.params)},
                 {"runs", flags.runs},
                 {"warmup", flags.warmup},
                 {"bulk", flags.bulk},
                 {"settle_s", flags.settle}};
  if (flags.output == "json") {
    std::cout << ReportJson(results, facts, config).dump(1) << "\n";
  } else {
    PrintTable(results, facts, std::cout);
  }
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace eventgraph::bench

int main(int argc, char** argv) {
  eventgraph::bench::Flags flags;
  CLI::App app{"eventgraph-bench: EventGraph workloads over gRPC"};
  app.add_option("--benchmarks", flags.benchmarks,
                 "Comma-separated: ingest, timeline, events, neighbors, path, earliest, mixed")
      ->capture_default_str();
  app.add_option("--server", flags.server, "HOST:PORT of a running server (default: start one)");
  app.add_option("--eventgraphd", flags.eventgraphd,
                 "Server binary to start (default: <build>/server/eventgraphd)");
  app.add_option("--server-arg", flags.server_args,
                 "A flag for the started server, e.g. --server-arg=--cache-mb=256");
  auto* data = app.add_option("--data", flags.data, "Event file, any format the loader reads");
  auto* generate = app.add_option("--generate", flags.generate,
                                  "Generate N synthetic GDELT-shaped events instead")
                       ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000'000}));
  data->excludes(generate);
  app.add_option("--threads", flags.threads,
                 "Client threads of the query workloads (default 1; mixed: 32)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--duration", flags.duration, "Seconds each query workload runs")
      ->capture_default_str()->check(CLI::Range(0.01, 86400.0));
  app.add_option("--seed", flags.seed, "Seed of the data generator and the query parameters")
      ->capture_default_str();
  app.add_option("--output", flags.output, "table or json")
      ->capture_default_str()->check(CLI::IsMember({"table", "json"}));
  app.add_option("--params", flags.params,
                 "Run the peers' queries of this params.json (../shared/peers/run.sh)");
  app.add_option("--runs", flags.runs, "--params: timed runs per query")
      ->capture_default_str()->check(CLI::Range(1, 100000));
  app.add_option("--warmup", flags.warmup, "--params: warm-up runs per query")
      ->capture_default_str()->check(CLI::Range(0, 100000));
  app.add_option("--batch-size", flags.batch_size, "Events per ingest request")
      ->capture_default_str()->check(CLI::Range(1, 10000));
  app.add_flag("--bulk", flags.bulk,
               "ingest and W0_load: ask for the bulk path (as `eventgraph ingest --bulk`)");
  app.add_option("--settle", flags.settle,
                 "After the load, wait up to this many seconds for the server's flushes "
                 "and compactions to finish (0: do not wait)")
      ->capture_default_str()->check(CLI::Range(0.0, 86400.0));
  app.add_option("--sample", flags.sample, "Events kept to draw query parameters from")
      ->capture_default_str()->check(CLI::Range(size_t{1}, size_t{100'000'000}));
  app.add_option("--deadline", flags.deadline, "Deadline of each query RPC, seconds")
      ->capture_default_str()->check(CLI::Range(0.001, 3600.0));
  app.add_flag("--keep-db", flags.keep_db, "Keep the started server's database folder");
  CLI11_PARSE(app, argc, argv);
  if (flags.data.empty() && flags.generate == 0 && flags.server.empty()) {
    std::cerr << "eventgraph-bench: --data FILE or --generate N is needed\n";
    return 2;
  }
  return eventgraph::bench::Run(flags);
}
