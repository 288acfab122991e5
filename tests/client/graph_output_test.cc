#include "client/graph_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "client/csv_writer.h"
#include "client/style.h"
#include "eventgraph/v1/eventgraph.pb.h"

#include <expat.h>

namespace eventgraph::client {
namespace {

namespace v1 = eventgraph::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

v1::EdgeSummary Summary(int64_t events, std::string first, std::string last,
                        std::vector<int64_t> quads = {},
                        std::optional<double> goldstein = std::nullopt) {
  v1::EdgeSummary summary;
  summary.set_event_count(events);
  quads.resize(5, 0);
  summary.set_verbal_cooperation(quads[0]);
  summary.set_material_cooperation(quads[1]);
  summary.set_verbal_conflict(quads[2]);
  summary.set_material_conflict(quads[3]);
  summary.set_unclassified(quads[4]);
  if (goldstein) {
    summary.set_goldstein_mean(*goldstein);
    summary.set_goldstein_events(events);
  }
  summary.set_first_date(std::move(first));
  summary.set_last_date(std::move(last));
  return summary;
}

v1::Event MakeEvent(std::string date, std::string actor, std::string action,
                    std::string target, std::string code, int quad,
                    std::string source) {
  v1::Event event;
  event.set_id(42);
  event.set_date(std::move(date));
  event.set_actor(std::move(actor));
  event.set_action(std::move(action));
  event.set_target(std::move(target));
  event.set_event_code(std::move(code));
  event.set_quad_class(quad);
  event.set_source(std::move(source));
  return event;
}

// Russia -(12 events)- China -(1 event)- Japan.
v1::Path HopPath() {
  v1::Path path;
  for (const char* actor : {"Russia", "China", "Japan"}) path.add_actors(actor);
  v1::PathHop* first = path.add_hops();
  first->set_from_actor("Russia");
  first->set_to_actor("China");
  *first->mutable_summary() =
      Summary(12, "2018-01-03", "2018-10-30", {5, 2, 3, 2, 0}, 1.25);
  *first->add_top_events() =
      MakeEvent("2018-10-30", "Russia", "Make statement", "China", "010", 1,
                "http://example.org/a");
  *first->add_top_events() = MakeEvent("2018-10-01", "China", "Host a visit",
                                       "Russia", "042", 1, "doc-3");
  first->set_cost(0.25);
  v1::PathHop* second = path.add_hops();
  second->set_from_actor("China");
  second->set_to_actor("Japan");
  *second->mutable_summary() =
      Summary(1, "2018-05-05", "2018-05-05", {0, 0, 0, 1, 0});
  second->set_cost(1.5);
  path.set_cost(1.75);
  return path;
}

// Russia -(2019-04-01 Make statement)-> China -(2019-04-05 Sign)-> Japan.
v1::Path JourneyPath() {
  v1::Path path;
  for (const char* actor : {"Russia", "China", "Japan"}) path.add_actors(actor);
  const struct {
    const char* from;
    const char* to;
    const char* date;
    const char* action;
  } hops[] = {{"Russia", "China", "2019-04-01", "Make statement"},
              {"China", "Japan", "2019-04-05", "Sign formal agreement"}};
  for (const auto& h : hops) {
    v1::PathHop* hop = path.add_hops();
    hop->set_from_actor(h.from);
    hop->set_to_actor(h.to);
    *hop->mutable_summary() = Summary(3, "2019-01-01", "2019-06-01");
    *hop->mutable_event() =
        MakeEvent(h.date, h.from, h.action, h.to, "010", 1, "s");
  }
  path.set_departure_date("2019-04-01");
  path.set_arrival_date("2019-04-05");
  return path;
}

// ---------------------------------------------------------------- names

TEST(GraphNamesTest, ParsesModesOrdersAndFormats) {
  EXPECT_EQ(*ParsePathMode("shortest"), v1::PATH_MODE_SHORTEST);
  EXPECT_EQ(*ParsePathMode("K-Shortest"), v1::PATH_MODE_K_SHORTEST);
  EXPECT_EQ(*ParsePathMode("earliest"), v1::PATH_MODE_EARLIEST_ARRIVAL);
  EXPECT_EQ(*ParsePathMode("latest"), v1::PATH_MODE_LATEST_DEPARTURE);
  EXPECT_EQ(*ParsePathMode("fewest-hops"), v1::PATH_MODE_FEWEST_HOPS);
  EXPECT_FALSE(ParsePathMode("longest").ok());
  for (const char* name : {"shortest", "k-shortest", "weighted", "earliest",
                           "latest", "fastest", "fewest-hops"}) {
    EXPECT_EQ(PathModeName(*ParsePathMode(name)), name);
  }
  EXPECT_EQ(PathModeName(v1::PATH_MODE_UNSPECIFIED), "shortest");
  EXPECT_TRUE(IsJourneyMode(v1::PATH_MODE_FASTEST));
  EXPECT_FALSE(IsJourneyMode(v1::PATH_MODE_WEIGHTED));
  EXPECT_EQ(*ParseNeighborOrder("Hostile"), v1::NEIGHBOR_ORDER_HOSTILE);
  EXPECT_EQ(*ParseNeighborOrder("recent"), v1::NEIGHBOR_ORDER_RECENT);
  EXPECT_FALSE(ParseNeighborOrder("alphabetical").ok());
  EXPECT_EQ(*ParseGraphFormat("GraphML"), GraphFormat::kGraphml);
  EXPECT_EQ(*ParseGraphFormat("dot"), GraphFormat::kDot);
  EXPECT_EQ(*ParseGraphFormat("csv"), GraphFormat::kCsv);
  EXPECT_FALSE(ParseGraphFormat("gexf").ok());
}

// ---------------------------------------------------------------- pieces

TEST(GraphPiecesTest, EdgeSpanQuadMixGoldstein) {
  EXPECT_EQ(EdgeSpan(Summary(12, "2018-01-03", "2018-10-30")),
            "12 events, 2018-01-03..2018-10-30");
  EXPECT_EQ(EdgeSpan(Summary(1, "2018-01-03", "2018-01-03")),
            "1 event, 2018-01-03");
  EXPECT_EQ(EdgeSpan(Summary(12345, "", "")), "12,345 events");

  const v1::EdgeSummary mixed =
      Summary(13, "a", "b", {5, 2, 0, 2, 4}, -1.234);
  EXPECT_EQ(QuadMix(mixed, false), "5 vcoop, 2 mcoop, 2 mconf, 4 other");
  EXPECT_EQ(QuadMix(Summary(0, "", ""), false), "no events");
  EXPECT_EQ(StripEscapes(QuadMix(mixed, true)), QuadMix(mixed, false));
  EXPECT_THAT(QuadMix(mixed, true), HasSubstr(Paint("5 vcoop", Style::kGreen)));
  EXPECT_THAT(QuadMix(mixed, true), HasSubstr(Paint("2 mconf", Style::kRed)));

  EXPECT_EQ(GoldsteinText(mixed), "goldstein -1.23");
  v1::EdgeSummary partly = mixed;
  partly.set_goldstein_events(4);
  EXPECT_EQ(GoldsteinText(partly), "goldstein -1.23 (4 scored)");
  EXPECT_EQ(GoldsteinText(Summary(3, "", "")), "goldstein -");
}

TEST(GraphPiecesTest, DaysBetween) {
  EXPECT_EQ(DaysBetween("2019-04-01", "2019-04-05"), 4);
  EXPECT_EQ(DaysBetween("2020-02-28", "2020-03-01"), 2);  // leap year
  EXPECT_EQ(DaysBetween("2019-02-28", "2019-03-01"), 1);
  EXPECT_EQ(DaysBetween("2018-12-31", "2018-01-01"), -364);
  EXPECT_EQ(DaysBetween("2019-02-30", "2019-03-01"), std::nullopt);
  EXPECT_EQ(DaysBetween("", "2019-03-01"), std::nullopt);
  EXPECT_EQ(DaysBetween("2019/03/01", "2019-03-01"), std::nullopt);
}

// ---------------------------------------------------------------- paths

TEST(PathLineTest, HopPathShowsEventCountsAndDates) {
  EXPECT_EQ(PathLine(HopPath(), /*journey=*/false, /*colour=*/false),
            "Russia \xE2\x80\x94(12 events, 2018-01-03..2018-10-30)\xE2\x86\x92"
            " China \xE2\x80\x94(1 event, 2018-05-05)\xE2\x86\x92 Japan");
}

TEST(PathLineTest, JourneyShowsEachHopsEvent) {
  EXPECT_EQ(PathLine(JourneyPath(), /*journey=*/true, /*colour=*/false),
            "Russia \xE2\x80\x94(2019-04-01 Make statement)\xE2\x86\x92 China "
            "\xE2\x80\x94(2019-04-05 Sign formal agreement)\xE2\x86\x92 Japan");
}

TEST(PathLineTest, ColourPaintsNamesOnly) {
  const std::string painted = PathLine(HopPath(), false, true);
  EXPECT_THAT(painted, HasSubstr(Paint("Russia", Style::kBold)));
  EXPECT_EQ(StripEscapes(painted), PathLine(HopPath(), false, false));
}

TEST(PathLineTest, FactsPerMode) {
  EXPECT_EQ(PathFacts(HopPath(), v1::PATH_MODE_SHORTEST), "2 hops");
  EXPECT_EQ(PathFacts(HopPath(), v1::PATH_MODE_WEIGHTED), "2 hops, cost 1.75");
  EXPECT_EQ(PathFacts(JourneyPath(), v1::PATH_MODE_EARLIEST_ARRIVAL),
            "2 hops, departs 2019-04-01, arrives 2019-04-05, span 4 days");
  v1::Path same_day = JourneyPath();
  same_day.set_arrival_date("2019-04-02");
  same_day.mutable_hops()->RemoveLast();
  EXPECT_EQ(PathFacts(same_day, v1::PATH_MODE_FASTEST),
            "1 hop, departs 2019-04-01, arrives 2019-04-02, span 1 day");
}

TEST(PathTableTest, PrintsPathsEvidenceAndStats) {
  v1::FindPathsResponse response;
  response.set_from_actor("Russia");
  response.set_to_actor("Japan");
  response.set_mode(v1::PATH_MODE_SHORTEST);
  response.set_from_date("2018-01-01");
  response.set_to_date("2018-12-31");
  *response.add_paths() = HopPath();
  response.mutable_stats()->set_visited_actors(1234);
  response.mutable_stats()->set_expanded_edges(56789);
  response.mutable_stats()->set_depth(2);
  response.mutable_stats()->set_elapsed_ms(3.26);
  std::ostringstream out;
  PrintPathsTable(response, /*directed=*/false, out);
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("Russia \xE2\x86\x92 Japan: 1 shortest path, "
                              "2018-01-01 to 2018-12-31, undirected\n"));
  EXPECT_THAT(text, HasSubstr("\n1. " + PathLine(HopPath(), false, false) +
                              "\n   2 hops\n"));
  EXPECT_THAT(text, HasSubstr("   Russia \xE2\x86\x94 China: 5 vcoop, 2 mcoop, "
                              "3 vconf, 2 mconf; goldstein 1.25\n"));
  // Top events: date, direction against the hop, action, code, source.
  EXPECT_THAT(text, HasSubstr("     2018-10-30  \xE2\x86\x92  Make statement  "
                              "010  http://example.org/a\n"));
  EXPECT_THAT(text, HasSubstr("     2018-10-01  \xE2\x86\x90  Host a visit    "
                              "042  doc-3\n"));
  EXPECT_THAT(text, HasSubstr("   China \xE2\x86\x94 Japan: 1 mconf; "
                              "goldstein -\n"));
  EXPECT_THAT(text, HasSubstr("\nvisited 1,234 actors, expanded 56,789 edges, "
                              "depth 2, 3.3 ms\n"));
  EXPECT_THAT(text, Not(HasSubstr("\x1b[")));
}

TEST(PathTableTest, NoPathPrintsTheServersReason) {
  v1::FindPathsResponse response;
  response.set_from_actor("A");
  response.set_to_actor("B");
  response.set_mode(v1::PATH_MODE_EARLIEST_ARRIVAL);
  response.set_from_date("2018-01-01");
  response.set_to_date("2018-12-31");
  response.set_reason("no time-respecting journey from A to B");
  std::ostringstream out;
  PrintPathsTable(response, /*directed=*/true, out);
  EXPECT_EQ(out.str(),
            "A \xE2\x86\x92 B: 0 earliest-arrival journeys, 2018-01-01 to "
            "2018-12-31, directed\n"
            "no path: no time-respecting journey from A to B\n");
}

TEST(PathTableTest, StatsFooterIsDimWithColour) {
  v1::FindPathsResponse response;
  response.mutable_stats()->set_visited_actors(2);
  SetColourOutput(true);
  std::ostringstream out;
  PrintPathsTable(response, false, out);
  SetColourOutput(false);
  EXPECT_THAT(out.str(),
              HasSubstr(Paint("visited 2 actors, expanded 0 edges, depth 0, "
                              "0 ms",
                              Style::kDim)));
}

TEST(PathCsvTest, OneRowPerHop) {
  v1::FindPathsResponse response;
  response.set_mode(v1::PATH_MODE_WEIGHTED);
  *response.add_paths() = HopPath();
  *response.add_paths() = JourneyPath();
  const std::vector<std::string> header = PathCsvHeader();
  const auto rows = PathCsvRows(response);
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  const auto column = [&header](const std::string& name) {
    return static_cast<size_t>(
        std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(column("event_source"), header.size());
  EXPECT_THAT(std::vector<std::string>(header.begin(), header.begin() + 7),
              ElementsAre("path_index", "hop_index", "from", "to",
                          "event_count", "verbal_cooperation",
                          "material_cooperation"));
  EXPECT_EQ(rows[0][column("path_index")], "0");
  EXPECT_EQ(rows[0][column("hop_index")], "0");
  EXPECT_EQ(rows[0][column("from")], "Russia");
  EXPECT_EQ(rows[0][column("to")], "China");
  EXPECT_EQ(rows[0][column("event_count")], "12");
  EXPECT_EQ(rows[0][column("first_date")], "2018-01-03");
  EXPECT_EQ(rows[0][column("last_date")], "2018-10-30");
  EXPECT_EQ(rows[0][column("goldstein_mean")], "1.25");
  EXPECT_EQ(rows[0][column("cost")], "0.25");
  EXPECT_EQ(rows[0][column("path_cost")], "1.75");
  EXPECT_EQ(rows[0][column("event_id")], "");  // hop modes have no event
  EXPECT_EQ(rows[1][column("hop_index")], "1");
  EXPECT_EQ(rows[1][column("goldstein_mean")], "");
  EXPECT_EQ(rows[1][column("material_conflict")], "1");
  EXPECT_EQ(rows[2][column("path_index")], "1");
  EXPECT_EQ(rows[3][column("event_date")], "2019-04-05");
  EXPECT_EQ(rows[3][column("event_action")], "Sign formal agreement");
  EXPECT_EQ(rows[3][column("event_id")], "42");
  EXPECT_EQ(rows[3][column("arrival_date")], "2019-04-05");
}

// ---------------------------------------------------------------- neighbours

TEST(NeighborOutputTest, CsvAndTable) {
  v1::GetNeighborsResponse response;
  response.set_actor("Russia");
  response.set_from_date("2018-01-01");
  response.set_to_date("2018-12-31");
  response.set_total_neighbors(7);
  v1::Neighbor* china = response.add_neighbors();
  china->set_actor("China");
  *china->mutable_summary() =
      Summary(5, "2018-02-01", "2018-09-09", {3, 0, 2, 0, 0}, 2.5);
  china->set_out_count(3);
  china->set_in_count(2);

  const std::vector<std::string> header = NeighborCsvHeader();
  const std::vector<std::string> cells = NeighborCsvCells(*china);
  ASSERT_EQ(header.size(), cells.size());
  EXPECT_THAT(std::vector<std::string>(header.begin(), header.begin() + 4),
              ElementsAre("actor", "event_count", "out_count", "in_count"));
  EXPECT_THAT(std::vector<std::string>(cells.begin(), cells.begin() + 4),
              ElementsAre("China", "5", "3", "2"));
  EXPECT_EQ(header.back(), "last_date");
  EXPECT_EQ(cells.back(), "2018-09-09");

  std::ostringstream out;
  PrintNeighborsTable(response, v1::DIRECTION_BOTH, out);
  EXPECT_EQ(out.str(),
            "Russia \xE2\x86\x94 7 partners, 2018-01-01 to 2018-12-31, "
            "showing 1\n"
            "actor  events  out  in  vcoop  mcoop  vconf  mconf  goldstein  "
            "first       last\n"
            "China       5    3   2      3      0      2      0        2.5  "
            "2018-02-01  2018-09-09\n");
}

// ---------------------------------------------------------------- subgraphs

// Seeds "A <&\"> B" (with XML specials) and Plain; an edge each way.
v1::GetSubgraphResponse Subgraph() {
  v1::GetSubgraphResponse subgraph;
  subgraph.set_from_date("2018-01-01");
  subgraph.set_to_date("2018-12-31");
  v1::SubgraphNode* special = subgraph.add_nodes();
  special->set_actor("A <&\"> B 'q'");
  special->set_distance(0);
  *special->mutable_total() = Summary(101, "2018-01-02", "2018-12-30");
  v1::SubgraphNode* plain = subgraph.add_nodes();
  plain->set_actor("Plain\\Name");
  plain->set_distance(1);
  *plain->mutable_total() = Summary(1, "2018-03-03", "2018-03-03");
  v1::SubgraphEdge* forth = subgraph.add_edges();
  forth->set_from_actor(special->actor());
  forth->set_to_actor(plain->actor());
  *forth->mutable_summary() =
      Summary(100, "2018-01-02", "2018-12-30", {60, 10, 20, 10, 0}, 3.5);
  v1::SubgraphEdge* back = subgraph.add_edges();
  back->set_from_actor(plain->actor());
  back->set_to_actor(special->actor());
  *back->mutable_summary() =
      Summary(1, "2018-03-03", "2018-03-03", {0, 0, 0, 1, 0}, -10);
  return subgraph;
}

TEST(SubgraphTest, ChunksAddUp) {
  const v1::GetSubgraphResponse whole = Subgraph();
  v1::GetSubgraphResponse first;
  first.set_from_date(whole.from_date());
  first.set_to_date(whole.to_date());
  *first.mutable_nodes() = whole.nodes();
  v1::GetSubgraphResponse second;
  *second.mutable_edges() = whole.edges();
  second.set_truncated(true);
  v1::GetSubgraphResponse all;
  AddSubgraphChunk(first, &all);
  AddSubgraphChunk(second, &all);
  v1::GetSubgraphResponse expected = whole;
  expected.set_truncated(true);
  EXPECT_EQ(all.SerializeAsString(), expected.SerializeAsString());
}

TEST(SubgraphTest, CsvRowPerEdge) {
  const v1::GetSubgraphResponse subgraph = Subgraph();
  const std::vector<std::string> header = SubgraphCsvHeader();
  const std::vector<std::string> cells = SubgraphEdgeCsvCells(subgraph.edges(0));
  ASSERT_EQ(header.size(), cells.size());
  EXPECT_THAT(std::vector<std::string>(header.begin(), header.begin() + 3),
              ElementsAre("from", "to", "event_count"));
  EXPECT_THAT(std::vector<std::string>(cells.begin(), cells.begin() + 3),
              ElementsAre("A <&\"> B 'q'", "Plain\\Name", "100"));
  std::ostringstream out;
  CsvWriter csv(&out);
  csv.WriteRow(cells);
  EXPECT_EQ(out.str().substr(0, 33), "\"A <&\"\"> B 'q'\",Plain\\Name,100,60");
}

TEST(SubgraphTest, TableListsNodesAndEdges) {
  std::ostringstream out;
  PrintSubgraphTable(Subgraph(), out);
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("subgraph: 2 actors, 2 edges, 2018-01-01 to "
                              "2018-12-31\n"));
  EXPECT_THAT(text, HasSubstr("actor         distance  events"));
  EXPECT_THAT(text, HasSubstr("\nfrom          to            events  vcoop"));
  EXPECT_THAT(text, HasSubstr("Plain\\Name    A <&\"> B 'q'       1"));
}

TEST(XmlEscapeTest, EscapesSpecialsAndDropsNonXmlCharacters) {
  EXPECT_EQ(XmlEscape("<&\">'"), "&lt;&amp;&quot;&gt;&apos;");
  EXPECT_EQ(XmlEscape("tab\tok\nok"), "tab\tok\nok");
  EXPECT_EQ(XmlEscape(std::string("a\x01" "b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(XmlEscape("x\xEF\xBF\xBFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(XmlEscape("Caf\xC3\xA9"), "Caf\xC3\xA9");
}

// What expat reads back from a GraphML document.
struct ParsedGraphml {
  std::map<std::string, std::string> keys;  // id -> for
  std::map<std::string, std::map<std::string, std::string>> nodes;
  std::vector<std::map<std::string, std::string>> edges;  // + source/target
  std::map<std::string, std::string> graph;
  std::string graph_attribute_edgedefault;

  // Parse state.
  std::vector<std::string> stack;
  std::string current_node;
  std::string data_key;
  std::string text;
};

const char* Attribute(const XML_Char** attributes, std::string_view name) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (name == attributes[i]) return attributes[i + 1];
  }
  return "";
}

void XMLCALL OnStart(void* user, const XML_Char* name,
                     const XML_Char** attributes) {
  auto* parsed = static_cast<ParsedGraphml*>(user);
  const std::string element = name;
  if (element == "key") {
    parsed->keys[Attribute(attributes, "id")] = Attribute(attributes, "for");
  } else if (element == "graph") {
    parsed->graph_attribute_edgedefault = Attribute(attributes, "edgedefault");
  } else if (element == "node") {
    parsed->current_node = Attribute(attributes, "id");
    parsed->nodes[parsed->current_node];
  } else if (element == "edge") {
    parsed->edges.push_back({{"source", Attribute(attributes, "source")},
                             {"target", Attribute(attributes, "target")}});
  } else if (element == "data") {
    parsed->data_key = Attribute(attributes, "key");
    parsed->text.clear();
  }
  parsed->stack.push_back(element);
}

void XMLCALL OnEnd(void* user, const XML_Char* name) {
  auto* parsed = static_cast<ParsedGraphml*>(user);
  parsed->stack.pop_back();
  if (std::string_view(name) != "data") return;
  const std::string& parent = parsed->stack.back();
  if (parent == "node") {
    parsed->nodes[parsed->current_node][parsed->data_key] = parsed->text;
  } else if (parent == "edge") {
    parsed->edges.back()[parsed->data_key] = parsed->text;
  } else if (parent == "graph") {
    parsed->graph[parsed->data_key] = parsed->text;
  }
}

void XMLCALL OnText(void* user, const XML_Char* text, int length) {
  static_cast<ParsedGraphml*>(user)->text.append(text, length);
}

ParsedGraphml ParseGraphml(const std::string& xml) {
  ParsedGraphml parsed;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &parsed);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  const auto ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()),
                            /*isFinal=*/1);
  EXPECT_EQ(ok, XML_STATUS_OK)
      << XML_ErrorString(XML_GetErrorCode(parser)) << " at line "
      << XML_GetCurrentLineNumber(parser) << "\n"
      << xml;
  XML_ParserFree(parser);
  return parsed;
}

TEST(GraphmlTest, ParsesBackWithEscapedNamesAndData) {
  v1::GetSubgraphResponse subgraph = Subgraph();
  subgraph.set_truncated(true);
  const ParsedGraphml parsed = ParseGraphml(SubgraphGraphml(subgraph));
  EXPECT_EQ(parsed.graph_attribute_edgedefault, "directed");
  EXPECT_EQ(parsed.graph.at("g_from_date"), "2018-01-01");
  EXPECT_EQ(parsed.graph.at("g_to_date"), "2018-12-31");
  EXPECT_EQ(parsed.graph.at("g_truncated"), "true");
  ASSERT_EQ(parsed.nodes.size(), 2u);
  const auto& special = parsed.nodes.at("n0");
  EXPECT_EQ(special.at("n_name"), "A <&\"> B 'q'");
  EXPECT_EQ(special.at("n_distance"), "0");
  EXPECT_EQ(special.at("n_events"), "101");
  EXPECT_EQ(special.at("n_first_date"), "2018-01-02");
  EXPECT_EQ(special.count("n_goldstein_mean"), 0u);  // absent: no data
  EXPECT_EQ(parsed.nodes.at("n1").at("n_name"), "Plain\\Name");
  ASSERT_EQ(parsed.edges.size(), 2u);
  const auto& forth = parsed.edges[0];
  EXPECT_EQ(forth.at("source"), "n0");
  EXPECT_EQ(forth.at("target"), "n1");
  EXPECT_EQ(forth.at("e_events"), "100");
  EXPECT_EQ(forth.at("e_verbal_cooperation"), "60");
  EXPECT_EQ(forth.at("e_material_cooperation"), "10");
  EXPECT_EQ(forth.at("e_verbal_conflict"), "20");
  EXPECT_EQ(forth.at("e_material_conflict"), "10");
  EXPECT_EQ(forth.at("e_unclassified"), "0");
  EXPECT_EQ(forth.at("e_goldstein_mean"), "3.5");
  EXPECT_EQ(forth.at("e_first_date"), "2018-01-02");
  EXPECT_EQ(forth.at("e_last_date"), "2018-12-30");
  EXPECT_EQ(parsed.edges[1].at("source"), "n1");
  EXPECT_EQ(parsed.edges[1].at("e_goldstein_mean"), "-10");
  // Every data key used is declared for its element.
  for (const auto& [id, node] : parsed.nodes) {
    for (const auto& [key, value] : node) {
      EXPECT_EQ(parsed.keys.at(key), "node") << key;
    }
  }
  for (const auto& edge : parsed.edges) {
    for (const auto& [key, value] : edge) {
      if (key == "source" || key == "target") continue;
      EXPECT_EQ(parsed.keys.at(key), "edge") << key;
    }
  }
}

TEST(GraphmlTest, EdgeEndpointsMissingFromNodesBecomeNodes) {
  v1::GetSubgraphResponse subgraph;
  v1::SubgraphEdge* edge = subgraph.add_edges();
  edge->set_from_actor("X");
  edge->set_to_actor("Y");
  const ParsedGraphml parsed = ParseGraphml(SubgraphGraphml(subgraph));
  ASSERT_EQ(parsed.nodes.size(), 2u);
  EXPECT_EQ(parsed.nodes.at("n0").at("n_name"), "X");
  EXPECT_EQ(parsed.nodes.at("n1").at("n_name"), "Y");
  EXPECT_EQ(parsed.edges[0].at("target"), "n1");
}

TEST(GraphmlTest, EmptySubgraphIsValid) {
  const ParsedGraphml parsed = ParseGraphml(SubgraphGraphml({}));
  EXPECT_TRUE(parsed.nodes.empty());
  EXPECT_EQ(parsed.graph.at("g_truncated"), "false");
}

TEST(DotTest, QuotesAndEscapesIds) {
  EXPECT_EQ(DotQuote("Russia"), "\"Russia\"");
  EXPECT_EQ(DotQuote("a \"b\" c"), "\"a \\\"b\\\" c\"");
  EXPECT_EQ(DotQuote("ends\\"), "\"ends\\\\\"");
  EXPECT_EQ(DotQuote("two\nlines"), "\"two lines\"");
}

TEST(DotTest, DigraphWithWidthsAndColours) {
  const std::string dot = SubgraphDot(Subgraph());
  EXPECT_EQ(dot.rfind("digraph eventgraph {\n", 0), 0u) << dot;
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  // The seed is filled; names are quoted and escaped.
  EXPECT_THAT(dot, HasSubstr("  \"A <&\\\"> B 'q'\" [style=\"rounded,filled\""));
  EXPECT_THAT(dot, HasSubstr("  \"Plain\\\\Name\" [tooltip="));
  // 100 events, more cooperation: 1 + ln(100) = 5.61, green.
  EXPECT_THAT(dot, HasSubstr("\"A <&\\\"> B 'q'\" -> \"Plain\\\\Name\" "
                             "[label=\"100\", penwidth=5.61, "
                             "color=\"#1a9850\""));
  // 1 conflict event: width 1, red.
  EXPECT_THAT(dot, HasSubstr("\"Plain\\\\Name\" -> \"A <&\\\"> B 'q'\" "
                             "[label=\"1\", penwidth=1, color=\"#d73027\""));
  // Every quote inside the document is escaped or closes a string: an even
  // number of unescaped quotes per line.
  std::istringstream lines(dot);
  for (std::string line; std::getline(lines, line);) {
    int quotes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
        continue;
      }
      if (line[i] == '"') ++quotes;
    }
    EXPECT_EQ(quotes % 2, 0) << line;
  }
}

TEST(DotTest, BalancedEdgeIsGrey) {
  v1::GetSubgraphResponse subgraph;
  v1::SubgraphEdge* edge = subgraph.add_edges();
  edge->set_from_actor("X");
  edge->set_to_actor("Y");
  *edge->mutable_summary() = Summary(4, "", "", {1, 0, 1, 0, 2});
  EXPECT_THAT(SubgraphDot(subgraph), HasSubstr("color=\"#7f7f7f\""));
}

}  // namespace
}  // namespace eventgraph::client
