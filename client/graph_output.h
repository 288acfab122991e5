// Renderings of the graph responses (FindPaths, GetNeighbors, GetSubgraph)
// for the `path`, `neighbors` and `subgraph` commands: table text, CSV rows,
// GraphML and Graphviz DOT, and the flag names of the graph enums.
//
// Table text is painted when ColourOutput() (client/style.h) is on; every
// other rendering is plain.
//
// Pure code, thread-safe (SetColourOutput must not race with it).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::client {

// ---------------------------------------------------------------- names

// The --mode names: "shortest", "k-shortest", "weighted", "earliest",
// "latest", "fastest", "fewest-hops" (any case); INVALID_ARGUMENT otherwise.
absl::StatusOr<eventgraph::v1::PathMode> ParsePathMode(std::string_view name);

// The --mode name of `mode` ("shortest" for UNSPECIFIED).
std::string_view PathModeName(eventgraph::v1::PathMode mode);

// True for the time-respecting modes (earliest, latest, fastest,
// fewest-hops), whose hops are single events.
bool IsJourneyMode(eventgraph::v1::PathMode mode);

// The --order names: "count", "cooperative", "hostile", "recent" (any
// case); INVALID_ARGUMENT otherwise.
absl::StatusOr<eventgraph::v1::NeighborOrder> ParseNeighborOrder(
    std::string_view name);

// What `subgraph --output` may be. The other commands take the first three.
enum class GraphFormat : uint8_t { kTable, kJson, kCsv, kGraphml, kDot };

// "table", "json", "csv", "graphml" or "dot" (any case); INVALID_ARGUMENT
// otherwise.
absl::StatusOr<GraphFormat> ParseGraphFormat(std::string_view name);

// ---------------------------------------------------------------- pieces

// "12 events, 2018-01-03..2018-10-30"; "1 event, 2018-01-03" when the
// first and last days are the same.
std::string EdgeSpan(const eventgraph::v1::EdgeSummary& summary);

// The quad classes that occur, most cooperative first:
// "5 vcoop, 2 mcoop, 3 vconf, 1 mconf, 1 other"; "no events" for none.
// Cooperation is painted green and conflict red when `colour`.
std::string QuadMix(const eventgraph::v1::EdgeSummary& summary, bool colour);

// "goldstein 1.25 (10 scored)", or "goldstein -" when no event has a score.
std::string GoldsteinText(const eventgraph::v1::EdgeSummary& summary);

// Days from `from` to `to` (both YYYY-MM-DD); nullopt if either is not a
// date.
std::optional<int64_t> DaysBetween(std::string_view from, std::string_view to);

// ---------------------------------------------------------------- paths

// One path on one line, each hop labelled:
//   hop modes: "A —(12 events, 2018-01-03..2018-10-30)→ X —(…)→ B"
//   journeys:  "A —(2019-04-01 Make statement)→ X —(…)→ B"
// Actor names are bold when `colour`.
std::string PathLine(const eventgraph::v1::Path& path, bool journey,
                     bool colour);

// What a path adds to its line: "2 hops", the cost for weighted modes,
// departure, arrival and span for journeys:
//   "2 hops, departs 2019-04-01, arrives 2019-04-05, span 4 days".
std::string PathFacts(const eventgraph::v1::Path& path,
                      eventgraph::v1::PathMode mode);

// The search statistics: "visited 1,234 actors, expanded 5,678 edges,
// depth 3, 12.3 ms".
std::string SearchStatsLine(const eventgraph::v1::SearchStats& stats);

// The whole table output of `path`: a title, each path (numbered from 1)
// with its facts and per-hop evidence (quad mix, Goldstein mean, the top
// events: date, action, code, source), or the server's reason when there
// is none, and the statistics in a dim footer. `directed` is the request's.
void PrintPathsTable(const eventgraph::v1::FindPathsResponse& response,
                     bool directed, std::ostream& out);

// CSV of `path`: one row per hop. Indexes count from 0. The journey columns
// (event_*) are empty for hop modes.
std::vector<std::string> PathCsvHeader();
std::vector<std::vector<std::string>> PathCsvRows(
    const eventgraph::v1::FindPathsResponse& response);

// ---------------------------------------------------------------- neighbours

void PrintNeighborsTable(const eventgraph::v1::GetNeighborsResponse& response,
                         eventgraph::v1::Direction direction,
                         std::ostream& out);
std::vector<std::string> NeighborCsvHeader();
std::vector<std::string> NeighborCsvCells(
    const eventgraph::v1::Neighbor& neighbor);

// ---------------------------------------------------------------- subgraphs

// Adds one streamed chunk to `all`: nodes and edges are appended, the window
// is kept from the first chunk that has it, `truncated` from any chunk.
void AddSubgraphChunk(const eventgraph::v1::GetSubgraphResponse& chunk,
                      eventgraph::v1::GetSubgraphResponse* all);

// Nodes then edges as two tables under a title line.
void PrintSubgraphTable(const eventgraph::v1::GetSubgraphResponse& subgraph,
                        std::ostream& out);

// CSV of `subgraph`: one row per edge (nodes are in json, graphml and dot).
std::vector<std::string> SubgraphCsvHeader();
std::vector<std::string> SubgraphEdgeCsvCells(
    const eventgraph::v1::SubgraphEdge& edge);

// `text` with &, <, >, " and ' as XML entities, and the characters XML 1.0
// cannot hold (controls other than tab, LF, CR; U+FFFE, U+FFFF) as U+FFFD.
std::string XmlEscape(std::string_view text);

// A GraphML document: nodes n0, n1, ... (in subgraph order) with data keys
// name, distance, events, goldstein_mean, first_date, last_date; directed
// edges with events, the quad counts, goldstein_mean, first_date,
// last_date; the window and `truncated` as graph data.
std::string SubgraphGraphml(const eventgraph::v1::GetSubgraphResponse& subgraph);

// `text` as a quoted DOT id: "..." with \ and " escaped and control
// characters as spaces.
std::string DotQuote(std::string_view text);

// A Graphviz digraph `digraph eventgraph { ... }`: one node per actor
// (seeds filled), one edge per actor pair direction with penwidth growing
// with log(events) and coloured green (more cooperation than conflict), red
// (more conflict) or grey.
std::string SubgraphDot(const eventgraph::v1::GetSubgraphResponse& subgraph);

}  // namespace eventgraph::client
