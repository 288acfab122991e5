#include "client/graph_output.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/absl_compat.h"
#include "client/output.h"
#include "client/style.h"
#include "client/table.h"

namespace eventgraph::client {
namespace {

namespace v1 = eventgraph::v1;

constexpr std::string_view kEmDash = "\xE2\x80\x94";      // —
constexpr std::string_view kRightArrow = "\xE2\x86\x92";  // →
constexpr std::string_view kLeftArrow = "\xE2\x86\x90";   // ←
constexpr std::string_view kBothArrow = "\xE2\x86\x94";   // ↔
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Indentation of a path's facts and hops, and of a hop's events.
constexpr std::string_view kHopIndent = "   ";
constexpr std::string_view kEventIndent = "     ";

// Edge colours of the DOT output.
constexpr std::string_view kCooperationColour = "#1a9850";
constexpr std::string_view kConflictColour = "#d73027";
constexpr std::string_view kNeutralColour = "#7f7f7f";
constexpr std::string_view kSeedColour = "#ffe08a";

std::string MaybePaint(std::string_view text, Style style, bool colour) {
  return colour ? Paint(text, style) : std::string(text);
}

std::string Plural(int64_t count, std::string_view one, std::string_view many) {
  return absl::StrCat(WithThousands(count), " ",
                      ToAbsl(count == 1 ? one : many));
}

std::string OptionalMean(const v1::EdgeSummary& summary) {
  return summary.has_goldstein_mean() ? ShortestNumber(summary.goldstein_mean())
                                      : std::string();
}

// The cells every summary row of a table shares, and their styles.
std::vector<std::string> SummaryCells(const v1::EdgeSummary& summary) {
  return {absl::StrCat(summary.verbal_cooperation()),
          absl::StrCat(summary.material_cooperation()),
          absl::StrCat(summary.verbal_conflict()),
          absl::StrCat(summary.material_conflict()),
          summary.has_goldstein_mean()
              ? FormatNumber(summary.goldstein_mean(), 2)
              : std::string("-"),
          summary.first_date(),
          summary.last_date()};
}

std::vector<Style> SummaryStyles(const v1::EdgeSummary& summary) {
  const auto paint = [](int64_t count, Style style) {
    return count > 0 ? style : Style::kPlain;
  };
  return {paint(summary.verbal_cooperation(), Style::kGreen),
          paint(summary.material_cooperation(), Style::kGreen),
          paint(summary.verbal_conflict(), Style::kRed),
          paint(summary.material_conflict(), Style::kRed)};
}

std::vector<TableColumn> SummaryColumns() {
  return {{"vcoop", Align::kRight}, {"mcoop", Align::kRight},
          {"vconf", Align::kRight}, {"mconf", Align::kRight},
          {"goldstein", Align::kRight}, {"first"}, {"last"}};
}

// The CSV cells of a summary, matching SummaryCsvHeader().
std::vector<std::string> SummaryCsvCells(const v1::EdgeSummary& summary) {
  return {absl::StrCat(summary.event_count()),
          absl::StrCat(summary.verbal_cooperation()),
          absl::StrCat(summary.material_cooperation()),
          absl::StrCat(summary.verbal_conflict()),
          absl::StrCat(summary.material_conflict()),
          absl::StrCat(summary.unclassified()),
          OptionalMean(summary),
          absl::StrCat(summary.goldstein_events()),
          summary.first_date(),
          summary.last_date()};
}

std::vector<std::string> SummaryCsvHeader() {
  return {"event_count",       "verbal_cooperation", "material_cooperation",
          "verbal_conflict",   "material_conflict",  "unclassified",
          "goldstein_mean",    "goldstein_events",   "first_date",
          "last_date"};
}

template <typename... Parts>
std::vector<std::string> Concat(std::vector<std::string> first,
                                const Parts&... rest) {
  (first.insert(first.end(), rest.begin(), rest.end()), ...);
  return first;
}

// What a mode finds, for the title line.
std::string ModeNoun(v1::PathMode mode, int count) {
  const bool one = count == 1;
  switch (mode) {
    case v1::PATH_MODE_K_SHORTEST:
      return one ? "k-shortest path" : "k-shortest paths";
    case v1::PATH_MODE_WEIGHTED:
      return one ? "cheapest path" : "cheapest paths";
    case v1::PATH_MODE_EARLIEST_ARRIVAL:
      return one ? "earliest-arrival journey" : "earliest-arrival journeys";
    case v1::PATH_MODE_LATEST_DEPARTURE:
      return one ? "latest-departure journey" : "latest-departure journeys";
    case v1::PATH_MODE_FASTEST:
      return one ? "fastest journey" : "fastest journeys";
    case v1::PATH_MODE_FEWEST_HOPS:
      return one ? "fewest-hops journey" : "fewest-hops journeys";
    default:
      return one ? "shortest path" : "shortest paths";
  }
}

bool HasCost(v1::PathMode mode) {
  return mode == v1::PATH_MODE_WEIGHTED || mode == v1::PATH_MODE_K_SHORTEST;
}

// "2019-04-01 Make statement": the event that makes a journey's hop.
std::string JourneyLabel(const v1::PathHop& hop) {
  if (!hop.has_event() || hop.event().date().empty()) {
    return EdgeSpan(hop.summary());
  }
  return absl::StrCat(hop.event().date(), " ", hop.event().action());
}

bool SameName(std::string_view a, std::string_view b) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(ToAbsl(a))) ==
         absl::AsciiStrToLower(absl::StripAsciiWhitespace(ToAbsl(b)));
}

// "→" when the event goes from the hop's first actor to its second, "←"
// when it goes the other way (undirected searches), "" when unclear.
std::string_view EventArrow(const v1::PathHop& hop, const v1::Event& event) {
  if (SameName(event.actor(), hop.from_actor()) &&
      SameName(event.target(), hop.to_actor())) {
    return kRightArrow;
  }
  if (SameName(event.actor(), hop.to_actor()) &&
      SameName(event.target(), hop.from_actor())) {
    return kLeftArrow;
  }
  return "";
}

// The evidence of one hop: a line with its summary, then its top events.
void PrintHop(const v1::PathHop& hop, v1::PathMode mode, bool directed,
              bool colour, std::ostream& out) {
  std::vector<std::string> parts;
  if (IsJourneyMode(mode)) parts.push_back(EdgeSpan(hop.summary()));
  parts.push_back(QuadMix(hop.summary(), colour));
  parts.push_back(GoldsteinText(hop.summary()));
  if (HasCost(mode)) {
    parts.push_back(absl::StrCat("cost ", FormatNumber(hop.cost(), 4)));
  }
  out << kHopIndent << MaybePaint(hop.from_actor(), Style::kBold, colour)
      << " " << (directed ? kRightArrow : kBothArrow) << " "
      << MaybePaint(hop.to_actor(), Style::kBold, colour) << ": "
      << absl::StrJoin(parts, "; ") << "\n";
  if (hop.top_events().empty()) return;
  Table events({{"date"},
                {""},
                {"action", Align::kLeft, 40},
                {"code"},
                {"source", Align::kLeft, 60}});
  events.set_colour(colour);
  for (const v1::Event& event : hop.top_events()) {
    const int quad = event.quad_class();
    const Style style = quad == 1 || quad == 2   ? Style::kGreen
                        : quad == 3 || quad == 4 ? Style::kRed
                                                 : Style::kPlain;
    events.AddRow({event.date(), std::string(EventArrow(hop, event)),
                   event.action(), event.event_code(), event.source()},
                  {Style::kPlain, Style::kPlain, style});
  }
  std::ostringstream table;
  events.Print(table, /*titles=*/false);
  std::istringstream lines(table.str());
  for (std::string line; std::getline(lines, line);) {
    out << kEventIndent << line << "\n";
  }
}

// The actors of the subgraph in order, with the edges' endpoints that are
// not among the nodes appended (a server keeps them consistent; this keeps
// GraphML valid if one does not).
std::vector<std::string> SubgraphActors(
    const v1::GetSubgraphResponse& subgraph,
    std::map<std::string, size_t>* index) {
  std::vector<std::string> actors;
  const auto add = [&](const std::string& name) {
    if (index->emplace(name, actors.size()).second) actors.push_back(name);
  };
  for (const auto& node : subgraph.nodes()) add(node.actor());
  for (const auto& edge : subgraph.edges()) {
    add(edge.from_actor());
    add(edge.to_actor());
  }
  return actors;
}

void GraphmlData(std::string* xml, std::string_view indent,
                 std::string_view key, std::string_view value) {
  absl::StrAppend(xml, ToAbsl(indent), "<data key=\"", ToAbsl(key), "\">",
                  XmlEscape(value), "</data>\n");
}

void GraphmlSummary(std::string* xml, std::string_view prefix,
                    const v1::EdgeSummary& summary, bool quads) {
  constexpr std::string_view kIndent = "      ";
  const std::string p(prefix);
  GraphmlData(xml, kIndent, p + "events", absl::StrCat(summary.event_count()));
  if (quads) {
    GraphmlData(xml, kIndent, p + "verbal_cooperation",
                absl::StrCat(summary.verbal_cooperation()));
    GraphmlData(xml, kIndent, p + "material_cooperation",
                absl::StrCat(summary.material_cooperation()));
    GraphmlData(xml, kIndent, p + "verbal_conflict",
                absl::StrCat(summary.verbal_conflict()));
    GraphmlData(xml, kIndent, p + "material_conflict",
                absl::StrCat(summary.material_conflict()));
    GraphmlData(xml, kIndent, p + "unclassified",
                absl::StrCat(summary.unclassified()));
  }
  if (summary.has_goldstein_mean()) {
    GraphmlData(xml, kIndent, p + "goldstein_mean",
                ShortestNumber(summary.goldstein_mean()));
  }
  if (!summary.first_date().empty()) {
    GraphmlData(xml, kIndent, p + "first_date", summary.first_date());
  }
  if (!summary.last_date().empty()) {
    GraphmlData(xml, kIndent, p + "last_date", summary.last_date());
  }
}

}  // namespace

// ---------------------------------------------------------------- names

absl::StatusOr<v1::PathMode> ParsePathMode(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "shortest") return v1::PATH_MODE_SHORTEST;
  if (lower == "k-shortest") return v1::PATH_MODE_K_SHORTEST;
  if (lower == "weighted") return v1::PATH_MODE_WEIGHTED;
  if (lower == "earliest") return v1::PATH_MODE_EARLIEST_ARRIVAL;
  if (lower == "latest") return v1::PATH_MODE_LATEST_DEPARTURE;
  if (lower == "fastest") return v1::PATH_MODE_FASTEST;
  if (lower == "fewest-hops") return v1::PATH_MODE_FEWEST_HOPS;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown path mode \"", ToAbsl(name),
                   "\" (shortest, k-shortest, weighted, earliest, latest, "
                   "fastest, fewest-hops)"));
}

std::string_view PathModeName(v1::PathMode mode) {
  switch (mode) {
    case v1::PATH_MODE_K_SHORTEST:
      return "k-shortest";
    case v1::PATH_MODE_WEIGHTED:
      return "weighted";
    case v1::PATH_MODE_EARLIEST_ARRIVAL:
      return "earliest";
    case v1::PATH_MODE_LATEST_DEPARTURE:
      return "latest";
    case v1::PATH_MODE_FASTEST:
      return "fastest";
    case v1::PATH_MODE_FEWEST_HOPS:
      return "fewest-hops";
    default:
      return "shortest";
  }
}

bool IsJourneyMode(v1::PathMode mode) {
  return mode == v1::PATH_MODE_EARLIEST_ARRIVAL ||
         mode == v1::PATH_MODE_LATEST_DEPARTURE ||
         mode == v1::PATH_MODE_FASTEST || mode == v1::PATH_MODE_FEWEST_HOPS;
}

absl::StatusOr<v1::NeighborOrder> ParseNeighborOrder(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "count") return v1::NEIGHBOR_ORDER_COUNT;
  if (lower == "cooperative") return v1::NEIGHBOR_ORDER_COOPERATIVE;
  if (lower == "hostile") return v1::NEIGHBOR_ORDER_HOSTILE;
  if (lower == "recent") return v1::NEIGHBOR_ORDER_RECENT;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown neighbor order \"", ToAbsl(name),
                   "\" (count, cooperative, hostile, recent)"));
}

absl::StatusOr<GraphFormat> ParseGraphFormat(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "table") return GraphFormat::kTable;
  if (lower == "json") return GraphFormat::kJson;
  if (lower == "csv") return GraphFormat::kCsv;
  if (lower == "graphml") return GraphFormat::kGraphml;
  if (lower == "dot") return GraphFormat::kDot;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown output format \"", ToAbsl(name),
                   "\" (table, json, csv, graphml, dot)"));
}

// ---------------------------------------------------------------- pieces

std::string EdgeSpan(const v1::EdgeSummary& summary) {
  std::string text = Plural(summary.event_count(), "event", "events");
  if (summary.first_date().empty()) return text;
  absl::StrAppend(&text, ", ", summary.first_date());
  if (!summary.last_date().empty() &&
      summary.last_date() != summary.first_date()) {
    absl::StrAppend(&text, "..", summary.last_date());
  }
  return text;
}

std::string QuadMix(const v1::EdgeSummary& summary, bool colour) {
  const struct {
    int64_t count;
    std::string_view name;
    Style style;
  } quads[] = {{summary.verbal_cooperation(), "vcoop", Style::kGreen},
               {summary.material_cooperation(), "mcoop", Style::kGreen},
               {summary.verbal_conflict(), "vconf", Style::kRed},
               {summary.material_conflict(), "mconf", Style::kRed},
               {summary.unclassified(), "other", Style::kPlain}};
  std::vector<std::string> parts;
  for (const auto& quad : quads) {
    if (quad.count <= 0) continue;
    parts.push_back(MaybePaint(
        absl::StrCat(WithThousands(quad.count), " ", ToAbsl(quad.name)),
        quad.style, colour));
  }
  if (parts.empty()) return "no events";
  return absl::StrJoin(parts, ", ");
}

std::string GoldsteinText(const v1::EdgeSummary& summary) {
  if (!summary.has_goldstein_mean()) return "goldstein -";
  std::string text =
      absl::StrCat("goldstein ", FormatNumber(summary.goldstein_mean(), 2));
  if (summary.goldstein_events() < summary.event_count()) {
    absl::StrAppend(&text, " (", WithThousands(summary.goldstein_events()),
                    " scored)");
  }
  return text;
}

std::optional<int64_t> DaysBetween(std::string_view from, std::string_view to) {
  const auto parse = [](std::string_view text)
      -> std::optional<std::chrono::sys_days> {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
      return std::nullopt;
    }
    int parts[3] = {0, 0, 0};
    const size_t starts[3] = {0, 5, 8};
    const size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
      for (size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
        if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
          return std::nullopt;
        }
        parts[p] = parts[p] * 10 + (text[i] - '0');
      }
    }
    const std::chrono::year_month_day date{
        std::chrono::year(parts[0]),
        std::chrono::month(static_cast<unsigned>(parts[1])),
        std::chrono::day(static_cast<unsigned>(parts[2]))};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date);
  };
  const auto a = parse(from);
  const auto b = parse(to);
  if (!a || !b) return std::nullopt;
  return (*b - *a).count();
}

// ---------------------------------------------------------------- paths

std::string PathLine(const v1::Path& path, bool journey, bool colour) {
  const auto name = [colour](const std::string& actor) {
    return MaybePaint(actor, Style::kBold, colour);
  };
  if (path.hops().empty()) {
    std::vector<std::string> names;
    for (const std::string& actor : path.actors()) names.push_back(name(actor));
    return absl::StrJoin(names, absl::StrCat(" ", ToAbsl(kRightArrow), " "));
  }
  std::string line = name(path.actors().empty() ? path.hops(0).from_actor()
                                                 : path.actors(0));
  for (const v1::PathHop& hop : path.hops()) {
    const std::string label =
        journey ? JourneyLabel(hop) : EdgeSpan(hop.summary());
    absl::StrAppend(&line, " ", ToAbsl(kEmDash), "(", label, ")",
                    ToAbsl(kRightArrow), " ", name(hop.to_actor()));
  }
  return line;
}

std::string PathFacts(const v1::Path& path, v1::PathMode mode) {
  std::vector<std::string> facts;
  facts.push_back(Plural(path.hops_size(), "hop", "hops"));
  if (HasCost(mode)) {
    facts.push_back(absl::StrCat("cost ", FormatNumber(path.cost(), 4)));
  }
  if (IsJourneyMode(mode)) {
    if (!path.departure_date().empty()) {
      facts.push_back(absl::StrCat("departs ", path.departure_date()));
    }
    if (!path.arrival_date().empty()) {
      facts.push_back(absl::StrCat("arrives ", path.arrival_date()));
    }
    if (const auto days =
            DaysBetween(path.departure_date(), path.arrival_date())) {
      facts.push_back(
          absl::StrCat("span ", *days, *days == 1 ? " day" : " days"));
    }
  }
  return absl::StrJoin(facts, ", ");
}

std::string SearchStatsLine(const v1::SearchStats& stats) {
  return absl::StrCat("visited ", WithThousands(stats.visited_actors()),
                      " actors, expanded ",
                      WithThousands(stats.expanded_edges()), " edges, depth ",
                      stats.depth(), ", ", FormatNumber(stats.elapsed_ms(), 1),
                      " ms");
}

void PrintPathsTable(const v1::FindPathsResponse& response, bool directed,
                     std::ostream& out) {
  const bool colour = ColourOutput();
  const v1::PathMode mode = response.mode();
  const bool journey = IsJourneyMode(mode);
  out << MaybePaint(response.from_actor(), Style::kBold, colour) << " "
      << kRightArrow << " "
      << MaybePaint(response.to_actor(), Style::kBold, colour) << ": "
      << response.paths_size() << " " << ModeNoun(mode, response.paths_size())
      << ", " << response.from_date() << " to " << response.to_date() << ", "
      << (directed ? "directed" : "undirected") << "\n";
  if (response.paths().empty()) {
    out << "no path: "
        << (response.reason().empty() ? std::string("none found")
                                      : response.reason())
        << "\n";
  }
  int number = 0;
  for (const v1::Path& path : response.paths()) {
    out << "\n" << ++number << ". " << PathLine(path, journey, colour) << "\n";
    out << kHopIndent << PathFacts(path, mode) << "\n";
    for (const v1::PathHop& hop : path.hops()) {
      PrintHop(hop, mode, directed, colour, out);
    }
  }
  if (response.has_stats()) {
    out << "\n"
        << MaybePaint(SearchStatsLine(response.stats()), Style::kDim, colour)
        << "\n";
  }
}

std::vector<std::string> PathCsvHeader() {
  return Concat({"path_index", "hop_index", "from", "to"}, SummaryCsvHeader(),
                std::vector<std::string>{"cost", "path_cost", "departure_date",
                                         "arrival_date", "event_id",
                                         "event_date", "event_actor",
                                         "event_action", "event_target",
                                         "event_code", "event_source"});
}

std::vector<std::vector<std::string>> PathCsvRows(
    const v1::FindPathsResponse& response) {
  std::vector<std::vector<std::string>> rows;
  for (int p = 0; p < response.paths_size(); ++p) {
    const v1::Path& path = response.paths(p);
    for (int h = 0; h < path.hops_size(); ++h) {
      const v1::PathHop& hop = path.hops(h);
      const bool has_event = hop.has_event() && !hop.event().date().empty();
      const v1::Event& event = hop.event();
      rows.push_back(Concat(
          {absl::StrCat(p), absl::StrCat(h), hop.from_actor(), hop.to_actor()},
          SummaryCsvCells(hop.summary()),
          std::vector<std::string>{
              ShortestNumber(hop.cost()), ShortestNumber(path.cost()),
              path.departure_date(), path.arrival_date(),
              has_event ? absl::StrCat(event.id()) : std::string(),
              event.date(), event.actor(), event.action(), event.target(),
              event.event_code(), event.source()}));
    }
  }
  return rows;
}

// ---------------------------------------------------------------- neighbours

void PrintNeighborsTable(const v1::GetNeighborsResponse& response,
                         v1::Direction direction, std::ostream& out) {
  const std::string_view arrow = direction == v1::DIRECTION_OUT ? kRightArrow
                                 : direction == v1::DIRECTION_IN
                                     ? kLeftArrow
                                     : kBothArrow;
  out << MaybePaint(response.actor(), Style::kBold, ColourOutput()) << " " << arrow << " "
      << Plural(response.total_neighbors(), "partner", "partners") << ", "
      << response.from_date() << " to " << response.to_date();
  if (response.neighbors_size() < response.total_neighbors()) {
    out << ", showing " << response.neighbors_size();
  }
  out << "\n";
  if (response.neighbors().empty()) {
    out << "(no neighbors)\n";
    return;
  }
  std::vector<TableColumn> columns = {{"actor", Align::kLeft, 40},
                                      {"events", Align::kRight},
                                      {"out", Align::kRight},
                                      {"in", Align::kRight}};
  for (TableColumn& column : SummaryColumns()) columns.push_back(column);
  Table table(std::move(columns));
  for (const v1::Neighbor& neighbor : response.neighbors()) {
    std::vector<Style> styles(4, Style::kPlain);
    for (Style style : SummaryStyles(neighbor.summary())) {
      styles.push_back(style);
    }
    table.AddRow(Concat({neighbor.actor(),
                         absl::StrCat(neighbor.summary().event_count()),
                         absl::StrCat(neighbor.out_count()),
                         absl::StrCat(neighbor.in_count())},
                        SummaryCells(neighbor.summary())),
                 std::move(styles));
  }
  table.Print(out);
}

std::vector<std::string> NeighborCsvHeader() {
  std::vector<std::string> header = {"actor"};
  for (std::string& name : SummaryCsvHeader()) {
    header.push_back(std::move(name));
    if (header.back() == "event_count") {
      header.push_back("out_count");
      header.push_back("in_count");
    }
  }
  return header;
}

std::vector<std::string> NeighborCsvCells(const v1::Neighbor& neighbor) {
  std::vector<std::string> summary = SummaryCsvCells(neighbor.summary());
  std::vector<std::string> cells = {neighbor.actor(), summary[0],
                                    absl::StrCat(neighbor.out_count()),
                                    absl::StrCat(neighbor.in_count())};
  cells.insert(cells.end(), summary.begin() + 1, summary.end());
  return cells;
}

// ---------------------------------------------------------------- subgraphs

void AddSubgraphChunk(const v1::GetSubgraphResponse& chunk,
                      v1::GetSubgraphResponse* all) {
  if (all->from_date().empty()) all->set_from_date(chunk.from_date());
  if (all->to_date().empty()) all->set_to_date(chunk.to_date());
  all->mutable_nodes()->MergeFrom(chunk.nodes());
  all->mutable_edges()->MergeFrom(chunk.edges());
  if (chunk.truncated()) all->set_truncated(true);
}

void PrintSubgraphTable(const v1::GetSubgraphResponse& subgraph,
                        std::ostream& out) {
  out << "subgraph: " << Plural(subgraph.nodes_size(), "actor", "actors")
      << ", " << Plural(subgraph.edges_size(), "edge", "edges") << ", "
      << subgraph.from_date() << " to " << subgraph.to_date()
      << (subgraph.truncated() ? " (truncated)" : "") << "\n\n";

  std::vector<TableColumn> node_columns = {{"actor", Align::kLeft, 40},
                                           {"distance", Align::kRight},
                                           {"events", Align::kRight}};
  for (TableColumn& column : SummaryColumns()) node_columns.push_back(column);
  Table nodes(std::move(node_columns));
  for (const v1::SubgraphNode& node : subgraph.nodes()) {
    std::vector<Style> styles = {Style::kPlain, Style::kPlain, Style::kPlain};
    for (Style style : SummaryStyles(node.total())) styles.push_back(style);
    nodes.AddRow(Concat({node.actor(), absl::StrCat(node.distance()),
                         absl::StrCat(node.total().event_count())},
                        SummaryCells(node.total())),
                 std::move(styles));
  }
  if (subgraph.nodes().empty()) {
    out << "(no actors)\n";
  } else {
    nodes.Print(out);
  }
  out << "\n";

  std::vector<TableColumn> edge_columns = {{"from", Align::kLeft, 32},
                                           {"to", Align::kLeft, 32},
                                           {"events", Align::kRight}};
  for (TableColumn& column : SummaryColumns()) edge_columns.push_back(column);
  Table edges(std::move(edge_columns));
  for (const v1::SubgraphEdge& edge : subgraph.edges()) {
    std::vector<Style> styles = {Style::kPlain, Style::kPlain, Style::kPlain};
    for (Style style : SummaryStyles(edge.summary())) styles.push_back(style);
    edges.AddRow(Concat({edge.from_actor(), edge.to_actor(),
                         absl::StrCat(edge.summary().event_count())},
                        SummaryCells(edge.summary())),
                 std::move(styles));
  }
  if (subgraph.edges().empty()) {
    out << "(no edges)\n";
  } else {
    edges.Print(out);
  }
}

std::vector<std::string> SubgraphCsvHeader() {
  return Concat({"from", "to"}, SummaryCsvHeader());
}

std::vector<std::string> SubgraphEdgeCsvCells(const v1::SubgraphEdge& edge) {
  return Concat({edge.from_actor(), edge.to_actor()},
                SummaryCsvCells(edge.summary()));
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case '\'':
        out += "&apos;";
        continue;
      default:
        break;
    }
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += kReplacement;
      continue;
    }
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
    if (byte == 0xEF && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) == 0xBE ||
         static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
      out += kReplacement;
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string SubgraphGraphml(const v1::GetSubgraphResponse& subgraph) {
  struct Key {
    std::string_view id;
    std::string_view domain;
    std::string_view name;
    std::string_view type;
  };
  static constexpr Key kKeys[] = {
      {"g_from_date", "graph", "from_date", "string"},
      {"g_to_date", "graph", "to_date", "string"},
      {"g_truncated", "graph", "truncated", "boolean"},
      {"n_name", "node", "name", "string"},
      {"n_distance", "node", "distance", "int"},
      {"n_events", "node", "events", "long"},
      {"n_goldstein_mean", "node", "goldstein_mean", "double"},
      {"n_first_date", "node", "first_date", "string"},
      {"n_last_date", "node", "last_date", "string"},
      {"e_events", "edge", "events", "long"},
      {"e_verbal_cooperation", "edge", "verbal_cooperation", "long"},
      {"e_material_cooperation", "edge", "material_cooperation", "long"},
      {"e_verbal_conflict", "edge", "verbal_conflict", "long"},
      {"e_material_conflict", "edge", "material_conflict", "long"},
      {"e_unclassified", "edge", "unclassified", "long"},
      {"e_goldstein_mean", "edge", "goldstein_mean", "double"},
      {"e_first_date", "edge", "first_date", "string"},
      {"e_last_date", "edge", "last_date", "string"},
  };
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
      "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const Key& key : kKeys) {
    absl::StrAppend(&xml, "  <key id=\"", ToAbsl(key.id), "\" for=\"",
                    ToAbsl(key.domain), "\" attr.name=\"", ToAbsl(key.name),
                    "\" attr.type=\"", ToAbsl(key.type), "\"/>\n");
  }
  absl::StrAppend(&xml,
                  "  <graph id=\"eventgraph\" edgedefault=\"directed\">\n");
  constexpr std::string_view kGraphIndent = "    ";
  GraphmlData(&xml, kGraphIndent, "g_from_date", subgraph.from_date());
  GraphmlData(&xml, kGraphIndent, "g_to_date", subgraph.to_date());
  GraphmlData(&xml, kGraphIndent, "g_truncated",
              subgraph.truncated() ? "true" : "false");

  std::map<std::string, size_t> index;
  const std::vector<std::string> actors = SubgraphActors(subgraph, &index);
  for (size_t i = 0; i < actors.size(); ++i) {
    absl::StrAppend(&xml, "    <node id=\"n", i, "\">\n");
    GraphmlData(&xml, "      ", "n_name", actors[i]);
    if (i < static_cast<size_t>(subgraph.nodes_size())) {
      const v1::SubgraphNode& node = subgraph.nodes(static_cast<int>(i));
      GraphmlData(&xml, "      ", "n_distance", absl::StrCat(node.distance()));
      GraphmlSummary(&xml, "n_", node.total(), /*quads=*/false);
    }
    absl::StrAppend(&xml, "    </node>\n");
  }
  for (int i = 0; i < subgraph.edges_size(); ++i) {
    const v1::SubgraphEdge& edge = subgraph.edges(i);
    absl::StrAppend(&xml, "    <edge id=\"e", i, "\" source=\"n",
                    index.at(edge.from_actor()), "\" target=\"n",
                    index.at(edge.to_actor()), "\">\n");
    GraphmlSummary(&xml, "e_", edge.summary(), /*quads=*/true);
    absl::StrAppend(&xml, "    </edge>\n");
  }
  absl::StrAppend(&xml, "  </graph>\n</graphml>\n");
  return xml;
}

std::string DotQuote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string SubgraphDot(const v1::GetSubgraphResponse& subgraph) {
  std::string dot = "digraph eventgraph {\n";
  absl::StrAppend(
      &dot, "  graph [label=",
      DotQuote(absl::StrCat("eventgraph subgraph, ", subgraph.from_date(),
                            " to ", subgraph.to_date(),
                            subgraph.truncated() ? " (truncated)" : "")),
      ", labelloc=t];\n", "  node [shape=box, style=rounded];\n");
  for (const v1::SubgraphNode& node : subgraph.nodes()) {
    const std::string tooltip =
        absl::StrCat(node.actor(), ": distance ", node.distance(), ", ",
                     EdgeSpan(node.total()));
    absl::StrAppend(&dot, "  ", DotQuote(node.actor()), " [");
    if (node.distance() == 0) {
      absl::StrAppend(&dot, "style=\"rounded,filled\", fillcolor=\"",
                      ToAbsl(kSeedColour), "\", ");
    }
    absl::StrAppend(&dot, "tooltip=", DotQuote(tooltip), "];\n");
  }
  for (const v1::SubgraphEdge& edge : subgraph.edges()) {
    const v1::EdgeSummary& summary = edge.summary();
    const int64_t cooperation =
        summary.verbal_cooperation() + summary.material_cooperation();
    const int64_t conflict =
        summary.verbal_conflict() + summary.material_conflict();
    const std::string_view colour = cooperation > conflict ? kCooperationColour
                                    : conflict > cooperation
                                        ? kConflictColour
                                        : kNeutralColour;
    const double penwidth =
        1 + std::log(static_cast<double>(
                std::max<int64_t>(1, summary.event_count())));
    const std::string tooltip =
        absl::StrCat(edge.from_actor(), " -> ", edge.to_actor(), ": ",
                     EdgeSpan(summary), "; ", QuadMix(summary, false), "; ",
                     GoldsteinText(summary));
    absl::StrAppend(&dot, "  ", DotQuote(edge.from_actor()), " -> ",
                    DotQuote(edge.to_actor()), " [label=\"",
                    summary.event_count(), "\", penwidth=",
                    FormatNumber(penwidth, 2), ", color=\"", ToAbsl(colour),
                    "\", tooltip=", DotQuote(tooltip), "];\n");
  }
  dot += "}\n";
  return dot;
}

}  // namespace eventgraph::client
