// eventgraphd: the EventGraph server.
//
//   eventgraphd --db DIR --listen 127.0.0.1:50051 [--config FILE] ...
//   eventgraphd --restore-backup ID --backup-dir BACKUPS --db NEWDIR
//
// Serves the eventgraph.v1.EventGraph API, the gRPC health service and
// server reflection. SIGTERM or SIGINT shut it down gracefully: health turns
// NOT_SERVING, new calls are refused, calls in flight finish (up to
// --shutdown-grace seconds), memtables are flushed and the database closed.

#include <malloc.h>

#include <csignal>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/executor.h"
#include "server/method_roles.h"
#include "server/restore.h"
#include "server/service.h"
#include "server/stream_limiter.h"
#include "server/transport_security.h"
#include "storage/event_store.h"
#include "storage/heap.h"
#include "storage/keys.h"

namespace {

// SIGTERM and SIGINT: the serving main thread waits for them (sigwait in
// Run), so every other thread must block them, and threads inherit the mask
// of the thread that creates them. Run blocks them first thing: gRPC starts
// threads of its own (its timer, executor and resolver) as soon as the
// first credentials are built, and a signal delivered to one of those, with
// the default action, killed the server without a graceful shutdown. (A
// --restore-backup run does not block them: Ctrl-C stops it.)
sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

struct Flags {
  std::string db = "eventgraph-data";
  std::string listen = "127.0.0.1:50051";
  std::string port_file;
  bool sync = false;
  size_t cache_mb = 256;
  size_t write_buffer_mb = 16;
  size_t memtable_mb = 128;
  int max_message_mb = 64;
  int workers = 2;
  double shutdown_grace = 10;
  std::string log_level = "info";
  bool graph_index = true;
  size_t graph_memory_mb = 1024;
  // Security and limits (server/transport_security.h, stream_limiter.h).
  eventgraph::server::SecurityOptions security;
  int max_streams_per_client = 16;
  int bulk_chunk_events = eventgraph::server::kDefaultBulkChunkEvents;
  std::string backup_dir;       // "": DefaultBackupDir(db)
  uint32_t restore_backup = 0;  // > 0: restore this backup and exit
};

int Run(const Flags& flags) {
  const sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto logger = spdlog::stderr_color_mt("eventgraphd");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(flags.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  // Security first: a refused address or a bad token file stops the server
  // before it opens the database.
  eventgraph::server::SecurityOptions security_options = flags.security;
  security_options.listen = flags.listen;
  eventgraph::server::StreamLimiter stream_limiter(
      flags.max_streams_per_client);
  auto security = eventgraph::server::BuildServerSecurity(security_options,
                                                          &stream_limiter);
  if (!security.ok()) {
    spdlog::critical("{}", std::string(security.status().message()));
    return 1;
  }
  for (const std::string& method : eventgraph::server::UnlistedMethods(
           *eventgraph::v1::IngestRequest::descriptor()
                ->file()
                ->FindServiceByName("EventGraph"))) {
    spdlog::warn("{} has no entry in server/method_roles.cc: it needs the "
                 "admin role",
                 method);
  }

  eventgraph::storage::StoreOptions options;
  options.path = flags.db;
  options.sync = flags.sync;
  options.block_cache_bytes = flags.cache_mb << 20;
  options.write_buffer_bytes = flags.write_buffer_mb << 20;
  options.memtable_budget_bytes = flags.memtable_mb << 20;
  options.graph_index = flags.graph_index;
  options.graph_memory_bytes = flags.graph_memory_mb << 20;
  const absl::Time open_start = absl::Now();
  auto store = eventgraph::storage::EventStore::Open(options);
  if (!store.ok()) {
    spdlog::critical("cannot open the database: {}", store.status().ToString());
    return 1;
  }
  if (const auto& upgrade = (*store)->format_upgrade(); upgrade) {
    spdlog::warn(
        "upgraded the database from format version {} to {}: {} events' "
        "index entries rewritten in {:.1f} s",
        upgrade->from_version, eventgraph::storage::kFormatVersion,
        upgrade->events, upgrade->seconds);
  }
  if (const auto* graph = (*store)->graph(); graph != nullptr) {
    size_t pairs;
    eventgraph::storage::Day horizon;
    {
      eventgraph::storage::TemporalGraph::Reader reader(graph);
      pairs = reader.pair_count();
      horizon = reader.horizon();
    }
    spdlog::info(
        "opened in {:.2f} s; graph index {} MiB of {} ({} directed pairs{})",
        absl::ToDoubleSeconds(absl::Now() - open_start),
        graph->MemoryBytes() >> 20,
        graph->memory_budget() == 0
            ? std::string("no budget")
            : absl::StrCat(graph->memory_budget() >> 20, " MiB"),
        pairs,
        horizon == eventgraph::storage::kMinDay
            ? std::string()
            : absl::StrCat("; holds the days from ",
                           eventgraph::storage::FormatDate(horizon)));
    if ((*store)->graph_skipped_records() > 0) {
      spdlog::error("{} corrupt event records could not be read and are "
                    "missing from the graph index",
                    (*store)->graph_skipped_records());
    }
  }
  auto executor = std::make_unique<eventgraph::server::Executor>(flags.workers);
  eventgraph::server::EventGraphService service(store->get(), executor.get());
  service.set_bulk_chunk_events(flags.bulk_chunk_events);
  auto backups = std::make_unique<eventgraph::storage::Backups>(
      store->get(), flags.backup_dir.empty()
                        ? eventgraph::server::DefaultBackupDir(flags.db)
                        : flags.backup_dir);
  service.SetBackups(backups.get());
  (*store)->SetCommitListener(
      [hub = service.watch_hub()](
          absl::Span<const eventgraph::storage::Event* const> events) {
        hub->Publish(events);
      });

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(flags.listen, security->credentials, &port);
  if (flags.max_streams_per_client > 0) {
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(
        std::make_unique<eventgraph::server::StreamLimitInterceptorFactory>(
            &stream_limiter, security->tokens.get()));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(flags.max_message_mb << 20);
  builder.SetMaxSendMessageSize(flags.max_message_mb << 20);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::critical("cannot listen on {}", flags.listen);
    return 1;
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  auto stats = (*store)->GetStats();
  spdlog::info("eventgraphd {} serving {} on port {} ({} events, {} actors)",
               EVENTGRAPH_VERSION, flags.db, port,
               stats.ok() ? stats->events : -1, stats.ok() ? stats->actors : -1);
  spdlog::info("settings: cache {} MiB, write buffer {} MiB, sync {}, workers "
               "{}, max message {} MiB, shutdown grace {} s, graph index {}",
               flags.cache_mb, flags.write_buffer_mb, flags.sync ? "on" : "off",
               flags.workers, flags.max_message_mb, flags.shutdown_grace,
               flags.graph_index ? "on" : "off");
  spdlog::info("memtables {} MiB in all (charged to the cache); bulk chunks "
               "of {} events; heap {}",
               flags.memtable_mb, flags.bulk_chunk_events,
               eventgraph::storage::HeapAllocatorName());
  spdlog::info("security: {}; max streams per client {}", security->description,
               flags.max_streams_per_client);
  spdlog::info("backup folder {}", backups->dir());
  if (!flags.port_file.empty()) {
    std::ofstream(flags.port_file) << port << "\n";
  }

  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("signal {}: shutting down", signal);
  server->GetHealthCheckService()->SetServingStatus(false);
  service.watch_hub()->Close();  // live feeds end now, not at the grace
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(
                       static_cast<int64_t>(flags.shutdown_grace * 1000)));
  server->Wait();
  executor.reset();  // runs what was submitted
  backups.reset();
  absl::Status flushed = (*store)->Flush();
  if (!flushed.ok()) spdlog::error("flush: {}", flushed.ToString());
  store->reset();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

// jemalloc's options, read when it starts (MALLOC_CONF adds to them; other
// allocators never read this). Blocks of 8 MiB and more (a bulk chunk's
// vectors and sort buffers) otherwise go to an arena that returns their
// pages at once, so each chunk faulted them in again: page faults were 4%
// of a bulk load's server CPU. They now wait for jemalloc's usual decay
// (about 10 s) like the rest: 30% fewer page faults, and a 10M bulk load's
// wall time 69.8-71.3 s against 72.3-78.6 s in alternating runs.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "oversize_threshold:0";
}

int main(int argc, char** argv) {
  // With the C library's malloc (EVENTGRAPH_ALLOCATOR=system, sanitizer
  // builds; jemalloc ignores these): ingest allocates and frees large
  // buffers (request arenas of 64 KiB-1 MiB, bulk chunks of ~100 MiB) all
  // the time: served from the heap and kept (up to 64 MiB free per heap)
  // instead of mmap'ed and returned, they cost no page faults at each reuse.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  Flags flags;
  CLI::App app{"eventgraphd: the EventGraph temporal event-graph server"};
  app.set_config("--config", "", "Read flags from a TOML or INI file");
  app.add_option("--db", flags.db, "RocksDB folder (created when missing)")
      ->capture_default_str();
  app.add_option("--listen", flags.listen, "Address to listen on, HOST:PORT "
                 "(port 0 picks a free one)")
      ->capture_default_str();
  app.add_option("--port-file", flags.port_file,
                 "Write the bound port here once serving");
  app.add_flag("--sync", flags.sync,
               "fsync the WAL before every ack (survives power loss)");
  app.add_option("--cache-mb", flags.cache_mb, "Block cache size in MiB")
      ->capture_default_str()->check(CLI::Range(8, 1 << 20));
  app.add_option("--write-buffer-mb", flags.write_buffer_mb,
                 "Memtable size per column family in MiB")
      ->capture_default_str()->check(CLI::Range(4, 4096));
  app.add_option("--memtable-mb", flags.memtable_mb,
                 "All memtables together in MiB, charged to the block cache "
                 "(0: no total bound)")
      ->capture_default_str()->check(CLI::Range(0, 1 << 20));
  app.add_option("--max-message-mb", flags.max_message_mb,
                 "Largest gRPC message accepted or sent, in MiB")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  app.add_option("--workers", flags.workers,
                 "Threads that store ingested batches and stream events")
      ->capture_default_str()->check(CLI::Range(1, 64));
  app.add_option("--shutdown-grace", flags.shutdown_grace,
                 "Seconds in-flight calls get to finish on shutdown")
      ->capture_default_str();
  app.add_option("--graph-index", flags.graph_index,
                 "Keep the in-memory graph for paths, neighbours and subgraphs "
                 "(about 70 bytes per event)")
      ->capture_default_str();
  app.add_option("--graph-memory-mb", flags.graph_memory_mb,
                 "Memory budget of the graph index in MiB (0: none). Past it "
                 "the graph keeps its newest days; a query whose window "
                 "starts earlier reads its window's graph from disk, using "
                 "up to as much again")
      ->capture_default_str()->check(CLI::Range(0, 1 << 24));
  app.add_option("--tls-cert", flags.security.tls_cert,
                 "TLS certificate chain (PEM); with --tls-key turns TLS on");
  app.add_option("--tls-key", flags.security.tls_key, "TLS private key (PEM)");
  app.add_option("--tls-client-ca", flags.security.tls_client_ca,
                 "Require client certificates signed by this CA (PEM; mTLS)");
  app.add_option("--tokens", flags.security.tokens,
                 "Token file, one `ROLE TOKEN` a line (reader, writer, "
                 "admin): every call but health and reflection needs one");
  app.add_flag("--insecure", flags.security.insecure,
               "Allow a non-loopback --listen without both TLS and tokens");
  app.add_option("--max-streams-per-client", flags.max_streams_per_client,
                 "Concurrent streaming calls per token (or per peer address "
                 "without tokens); 0: no limit")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  app.add_option("--bulk-chunk-events", flags.bulk_chunk_events,
                 "Events a bulk ingest stream gathers per SST commit")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  app.add_option("--log-level", flags.log_level,
                 "trace, debug, info, warn, error or critical")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error",
                             "critical"}));
  app.add_option("--backup-dir", flags.backup_dir,
                 "Folder of the backups (CreateBackup...); default: the --db "
                 "folder's name + \"-backups\", beside it");
  app.add_option("--restore-backup", flags.restore_backup,
                 "Restore backup ID of --backup-dir into --db (a new or empty "
                 "folder) and exit; no server starts")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  if (flags.restore_backup > 0) {
    if (app.count("--db") == 0) {
      std::cerr << "eventgraphd: --restore-backup needs --db NEWDIR\n";
      return 2;
    }
    return eventgraph::server::RunRestore(flags.restore_backup,
                                          flags.backup_dir, flags.db);
  }
  return Run(flags);
}
