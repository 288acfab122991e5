// The graph commands:
//   `path A B`         paths or time-respecting journeys (FindPaths),
//   `neighbors A`      an actor's partners (GetNeighbors),
//   `subgraph A [B…]`  the network around seed actors (GetSubgraph, a
//                      stream gathered whole before it is printed).
// Renderings live in client/graph_output.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/connection.h"
#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::client {

// The edge-filter flags the three commands share.
struct EdgeFilterOptions {
  std::string action;      // --action TEXT
  std::string code;        // --code PREFIX
  std::vector<int> quads;  // --quad 1,2 (or repeated)
  std::optional<double> goldstein_min;  // --goldstein-min X
  std::optional<double> goldstein_max;  // --goldstein-max X
  int min_events = 0;                   // --min-events N (0: any event)
};

// Copies the flags into `*filter`.
void FillEdgeFilter(const EdgeFilterOptions& options,
                    eventgraph::v1::EdgeFilter* filter);

struct PathOptions {
  std::string from_actor;
  std::string to_actor;
  std::string from;  // --from DATE: the window ("" = the data's first day)
  std::string to;    // --to DATE
  std::string mode = "shortest";
  int limit = 0;     // --limit/--k (0: the server's default)
  int max_hops = 0;  // 0: the server's default
  bool directed = false;
  bool strict = false;
  std::string start;  // --start DATE: journeys' earliest departure
  std::string end;    // --end DATE: journeys' latest arrival
  std::optional<int> evidence;  // --evidence N (0: none; unset: default)
  EdgeFilterOptions filter;
  int64_t max_visited = 0;  // 0: the server's default
  int64_t max_edges = 0;
  std::string rollup = "none";  // none|country (the server refuses country)
};

struct NeighborsOptions {
  std::string actor;
  std::string direction = "both";
  std::string from;
  std::string to;
  int limit = 0;  // 0: the server's default (50)
  std::string order = "count";
  EdgeFilterOptions filter;
  std::string rollup = "none";  // none|country: partner countries
};

struct SubgraphOptions {
  std::vector<std::string> seeds;
  int radius = 1;
  std::string direction = "both";
  std::string from;
  std::string to;
  int max_nodes = 0;  // 0: the server's default
  int max_edges = 0;
  EdgeFilterOptions filter;
  // table, json, csv, graphml or dot (the global --output).
  std::string format = "table";
};

// Each runs its command and returns the exit code: kExitUsage for a bad
// flag value, kExitFailure when the RPC fails (NOT_FOUND for an unknown
// actor, INVALID_ARGUMENT...). No path is not a failure.
int RunPath(Connection* connection, const PathOptions& options);
int RunNeighbors(Connection* connection, const NeighborsOptions& options);
int RunSubgraph(Connection* connection, const SubgraphOptions& options);

}  // namespace eventgraph::client
