#include "client/graph_commands.h"

#include <chrono>
#include <iostream>

#include "absl/status/status.h"
#include "client/actor_commands.h"
#include "client/csv_writer.h"
#include "client/graph_output.h"
#include "client/output.h"
#include "client/query_support.h"
#include "client/stall_watchdog.h"

namespace eventgraph::client {
namespace {

namespace v1 = eventgraph::v1;

int UsageError(const absl::Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  return kExitUsage;
}

void PrintPathsCsv(const v1::FindPathsResponse& response) {
  CsvWriter csv(&std::cout);
  csv.WriteRow(PathCsvHeader());
  for (const auto& row : PathCsvRows(response)) csv.WriteRow(row);
}

void PrintNeighborsCsv(const v1::GetNeighborsResponse& response) {
  CsvWriter csv(&std::cout);
  csv.WriteRow(NeighborCsvHeader());
  for (const auto& neighbor : response.neighbors()) {
    csv.WriteRow(NeighborCsvCells(neighbor));
  }
}

void PrintSubgraphCsv(const v1::GetSubgraphResponse& subgraph) {
  CsvWriter csv(&std::cout);
  csv.WriteRow(SubgraphCsvHeader());
  for (const auto& edge : subgraph.edges()) {
    csv.WriteRow(SubgraphEdgeCsvCells(edge));
  }
}

// Reads every chunk of the stream into `*subgraph`. Stalls of --deadline
// seconds cancel the call.
grpc::Status ReadSubgraph(Connection* connection,
                          const v1::GetSubgraphRequest& request,
                          v1::GetSubgraphResponse* subgraph) {
  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  const auto stall_timeout =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(
              connection->options().deadline_seconds));
  StallWatchdog watchdog(&context, stall_timeout);
  watchdog.Arm();
  auto reader = connection->stub().GetSubgraph(&context, request);
  v1::GetSubgraphResponse chunk;
  while (reader->Read(&chunk)) {
    watchdog.Touch();
    AddSubgraphChunk(chunk, subgraph);
  }
  watchdog.Disarm();
  grpc::Status status = reader->Finish();
  if (watchdog.fired()) {
    status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "the server sent nothing for --deadline seconds; "
                          "cancelled");
  }
  return status;
}

}  // namespace

void FillEdgeFilter(const EdgeFilterOptions& options, v1::EdgeFilter* filter) {
  filter->set_action(options.action);
  filter->set_event_code_prefix(options.code);
  for (int quad : options.quads) filter->add_quad_classes(quad);
  if (options.goldstein_min) filter->set_goldstein_min(*options.goldstein_min);
  if (options.goldstein_max) filter->set_goldstein_max(*options.goldstein_max);
  filter->set_min_events(options.min_events);
}

int RunPath(Connection* connection, const PathOptions& options) {
  auto mode = ParsePathMode(options.mode);
  if (!mode.ok()) return UsageError(mode.status());
  auto rollup = ParseRollup(options.rollup);
  if (!rollup.ok()) return UsageError(rollup.status());
  v1::FindPathsRequest request;
  request.set_rollup(*rollup);
  request.set_from_actor(options.from_actor);
  request.set_to_actor(options.to_actor);
  request.set_from_date(DateFlag(options.from));
  request.set_to_date(DateFlag(options.to));
  request.set_directed(options.directed);
  FillEdgeFilter(options.filter, request.mutable_filter());
  request.set_mode(*mode);
  request.set_max_hops(options.max_hops);
  request.set_limit(options.limit);
  request.set_start_date(DateFlag(options.start));
  request.set_end_date(DateFlag(options.end));
  request.set_strict(options.strict);
  // The API's 0 is its default (3 events); --evidence 0 means none (-1).
  if (options.evidence) {
    request.set_evidence_events(*options.evidence == 0 ? -1
                                                       : *options.evidence);
  }
  request.set_max_visited_actors(options.max_visited);
  request.set_max_expanded_edges(options.max_edges);

  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  v1::FindPathsResponse response;
  const grpc::Status status =
      connection->stub().FindPaths(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);

  const OutputFormat format = connection->options().output;
  if (response.truncated()) {
    std::cerr << "note: more shortest paths exist than the "
              << response.paths_size() << " shown; raise --limit\n";
  }
  if (response.paths().empty() && format != OutputFormat::kTable) {
    std::cerr << "no path: " << response.reason() << "\n";
  }
  switch (format) {
    case OutputFormat::kJson:
      return PrintJsonLine(response);
    case OutputFormat::kCsv:
      PrintPathsCsv(response);
      break;
    case OutputFormat::kTable:
      PrintPathsTable(response, options.directed, std::cout);
      break;
  }
  return kExitOk;
}

int RunNeighbors(Connection* connection, const NeighborsOptions& options) {
  auto direction = ParseDirection(options.direction);
  if (!direction.ok()) return UsageError(direction.status());
  auto order = ParseNeighborOrder(options.order);
  if (!order.ok()) return UsageError(order.status());
  auto rollup = ParseRollup(options.rollup);
  if (!rollup.ok()) return UsageError(rollup.status());
  v1::GetNeighborsRequest request;
  request.set_rollup(*rollup);
  request.set_actor(options.actor);
  request.set_direction(*direction);
  request.set_from_date(DateFlag(options.from));
  request.set_to_date(DateFlag(options.to));
  FillEdgeFilter(options.filter, request.mutable_filter());
  request.set_limit(options.limit);
  request.set_order(*order);

  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  v1::GetNeighborsResponse response;
  const grpc::Status status =
      connection->stub().GetNeighbors(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);

  switch (connection->options().output) {
    case OutputFormat::kJson:
      return PrintJsonLine(response);
    case OutputFormat::kCsv:
      PrintNeighborsCsv(response);
      break;
    case OutputFormat::kTable:
      PrintNeighborsTable(response, *direction, std::cout);
      break;
  }
  return kExitOk;
}

int RunSubgraph(Connection* connection, const SubgraphOptions& options) {
  auto direction = ParseDirection(options.direction);
  if (!direction.ok()) return UsageError(direction.status());
  auto format = ParseGraphFormat(options.format);
  if (!format.ok()) return UsageError(format.status());
  v1::GetSubgraphRequest request;
  for (const std::string& seed : options.seeds) request.add_seeds(seed);
  request.set_radius(options.radius);
  request.set_direction(*direction);
  request.set_from_date(DateFlag(options.from));
  request.set_to_date(DateFlag(options.to));
  FillEdgeFilter(options.filter, request.mutable_filter());
  request.set_max_nodes(options.max_nodes);
  request.set_max_edges(options.max_edges);

  v1::GetSubgraphResponse subgraph;
  const grpc::Status status = ReadSubgraph(connection, request, &subgraph);
  if (!status.ok()) return ReportRpcError(status);

  if (subgraph.truncated()) {
    std::cerr << "note: the subgraph was cut at --max-nodes or --max-edges ("
              << subgraph.nodes_size() << " actors, " << subgraph.edges_size()
              << " edges); raise them for the whole network\n";
  }
  switch (*format) {
    case GraphFormat::kJson:
      return PrintJsonLine(subgraph);
    case GraphFormat::kCsv:
      PrintSubgraphCsv(subgraph);
      break;
    case GraphFormat::kGraphml:
      std::cout << SubgraphGraphml(subgraph);
      break;
    case GraphFormat::kDot:
      std::cout << SubgraphDot(subgraph);
      break;
    case GraphFormat::kTable:
      PrintSubgraphTable(subgraph, std::cout);
      break;
  }
  std::cout.flush();
  return kExitOk;
}

}  // namespace eventgraph::client
