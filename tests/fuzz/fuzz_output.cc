// Fuzzes the client's output writers with events and graph responses built
// from the input, and reads what they write back:
//  - events as CSV (client/event_output.h + csv_writer.h), parsed back with
//    the client's own CsvParser: the same cells; numbers read back exactly
//    (ShortestNumber); the attributes cell is JSON holding the attributes;
//  - events as JSON (client/output.h MessageToJson), parsed back with
//    protobuf's JSON parser: the same message;
//  - subgraphs as GraphML (graph_output.h), parsed with expat: well-formed,
//    and the actor names read back (XML's own rules applied: characters XML
//    cannot hold become U+FFFD, a CR becomes LF);
//  - subgraphs as DOT: every quoted id unquotes to its text; path,
//    neighbour and subgraph CSV rows round-trip like events; the tables
//    render, and render valid UTF-8.
//
// Strings come from the input as they are, so some are not valid UTF-8;
// the round trips are asserted when they are (the server only sends valid
// UTF-8), and for the rest only "no crash, no UB, no leak".
#include <expat.h>
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "client/csv_writer.h"
#include "client/event_output.h"
#include "client/graph_output.h"
#include "client/output.h"
#include "client/row_parser.h"
#include "client/utf8.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "nlohmann/json.hpp"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace v1 = ::eventgraph::v1;
namespace client = ::eventgraph::client;

using ::eventgraph::fuzz::Check;

bool Valid(std::string_view text) {
  return client::FindInvalidUtf8(text) == client::kValidUtf8;
}

std::string Text(FuzzedDataProvider* in) {
  return in->ConsumeRandomLengthString(48);
}

// A finite double, sometimes a "nice" one.
double Number(FuzzedDataProvider* in) {
  if (in->ConsumeBool()) return in->ConsumeIntegralInRange(-1000, 1000) / 8.0;
  const double d = in->ConsumeFloatingPoint<double>();
  return std::isfinite(d) ? d : 0.0;
}

void FillEvent(FuzzedDataProvider* in, v1::Event* e, bool* valid) {
  e->set_id(in->ConsumeIntegral<uint64_t>());
  e->set_date(Text(in));
  e->set_actor(Text(in));
  e->set_action(Text(in));
  e->set_target(Text(in));
  e->set_event_code(Text(in));
  e->set_quad_class(in->ConsumeIntegralInRange(0, 4));
  if (in->ConsumeBool()) e->set_goldstein(Number(in));
  e->set_source(Text(in));
  e->set_source_event_id(Text(in));
  if (in->ConsumeBool()) e->set_mentions(in->ConsumeIntegral<int64_t>());
  if (in->ConsumeBool()) e->set_tone(Number(in));
  if (in->ConsumeBool()) e->mutable_location()->set_country(Text(in));
  if (in->ConsumeBool()) e->mutable_location()->set_lat(Number(in));
  if (in->ConsumeBool()) e->mutable_location()->set_lon(Number(in));
  const int attributes = in->ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < attributes; ++i) {
    (*e->mutable_attributes())[Text(in)] = Text(in);
  }
  *valid = Valid(e->date()) && Valid(e->actor()) && Valid(e->action()) &&
           Valid(e->target()) && Valid(e->event_code()) && Valid(e->source()) &&
           Valid(e->source_event_id()) && Valid(e->location().country());
  for (const auto& [key, value] : e->attributes()) {
    *valid = *valid && Valid(key) && Valid(value);
  }
}

// Writes `cells` as one CSV record and parses it back with the client's
// parser.
void CsvRoundTrip(const std::vector<std::string>& cells) {
  std::ostringstream out;
  client::CsvWriter(&out).WriteRow(cells);
  std::string record = out.str();
  Check(!record.empty() && record.back() == '\n', "a CSV record ends in LF");
  record.pop_back();
  client::CsvParser parser;
  std::vector<std::string_view> read;
  Check(parser.Parse(record, &read) == client::CsvParser::Result::kOk,
        "a written CSV record parses");
  Check(std::vector<std::string>(read.begin(), read.end()) == cells,
        "CSV written then read gives the same cells");
}

void CheckNumberCell(const std::string& cell, bool present, double value) {
  if (!present) {
    Check(cell.empty(), "an absent number is an empty cell");
    return;
  }
  char* end = nullptr;
  const double back = std::strtod(cell.c_str(), &end);
  Check(end == cell.c_str() + cell.size() && back == value,
        "a number's cell reads back as the same number");
}

void FuzzEvent(FuzzedDataProvider* in) {
  v1::Event event;
  bool valid = false;
  FillEvent(in, &event, &valid);

  const std::vector<std::string> cells = client::EventCsvCells(event);
  Check(cells.size() == client::EventCsvHeader().size(),
        "one CSV cell per header column");
  CsvRoundTrip(cells);
  CsvRoundTrip(client::EventCsvHeader());
  CheckNumberCell(cells[7], event.has_goldstein(), event.goldstein());
  CheckNumberCell(cells[11], event.has_tone(), event.tone());
  CheckNumberCell(cells[13], event.location().has_lat(),
                  event.location().lat());
  CheckNumberCell(cells[14], event.location().has_lon(),
                  event.location().lon());
  client::EventTableCells(event);

  if (!valid) {
    (void)client::MessageToJson(event);  // may fail; must not crash
    return;
  }
  if (!event.attributes().empty()) {
    const auto json = nlohmann::json::parse(cells[15], nullptr, false);
    Check(json.is_object() && json.size() == event.attributes().size(),
          "the attributes cell is a JSON object of the attributes");
    for (const auto& [key, value] : event.attributes()) {
      Check(json.contains(key) && json[key] == value,
            "an attribute reads back from the JSON cell");
    }
  } else {
    Check(cells[15].empty(), "no attributes: an empty cell");
  }
  const absl::StatusOr<std::string> json = client::MessageToJson(event);
  Check(json.ok(), "a valid event prints as JSON");
  v1::Event back;
  Check(google::protobuf::util::JsonStringToMessage(*json, &back).ok(),
        "the JSON of an event parses");
  Check(google::protobuf::util::MessageDifferencer::Equals(event, back),
        "an event read back from its JSON is the same");
}

void FillSummary(FuzzedDataProvider* in, v1::EdgeSummary* s) {
  s->set_event_count(in->ConsumeIntegralInRange<int64_t>(0, 1 << 20));
  s->set_verbal_cooperation(in->ConsumeIntegralInRange<int64_t>(0, 1000));
  s->set_material_conflict(in->ConsumeIntegralInRange<int64_t>(0, 1000));
  if (in->ConsumeBool()) s->set_goldstein_mean(Number(in));
  s->set_first_date(in->ConsumeBool() ? "2018-01-03" : Text(in));
  s->set_last_date(in->ConsumeBool() ? "2019-10-30" : Text(in));
}

// What XML makes of `text` in element content: characters XML 1.0 cannot
// hold become U+FFFD (XmlEscape's rule), CR LF and a lone CR become LF.
std::string XmlReadBack(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (byte < 0x20 && byte != '\t' && byte != '\n') {
      out += "\xEF\xBF\xBD";
    } else if (byte == 0xEF && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      out += "\xEF\xBF\xBD";
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

struct GraphmlNames {
  bool in_name = false;
  std::string text;
  std::vector<std::string> names;
};

void XMLCALL OnStart(void* user, const XML_Char* name,
                     const XML_Char** attributes) {
  auto* parsed = static_cast<GraphmlNames*>(user);
  if (std::string_view(name) != "http://graphml.graphdrawing.org/xmlns|data" &&
      std::string_view(name) != "data") {
    return;
  }
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (std::string_view(attributes[i]) == "key" &&
        std::string_view(attributes[i + 1]) == "n_name") {
      parsed->in_name = true;
      parsed->text.clear();
    }
  }
}

void XMLCALL OnEnd(void* user, const XML_Char* name) {
  auto* parsed = static_cast<GraphmlNames*>(user);
  if (parsed->in_name) {
    parsed->names.push_back(parsed->text);
    parsed->in_name = false;
  }
}

void XMLCALL OnText(void* user, const XML_Char* text, int length) {
  auto* parsed = static_cast<GraphmlNames*>(user);
  if (parsed->in_name) parsed->text.append(text, static_cast<size_t>(length));
}

// Reads the quoted DOT ids of `dot` back: each must close, and unescape to
// a string without control characters.
void CheckDot(const std::string& dot) {
  size_t quotes = 0;
  bool inside = false;
  for (size_t i = 0; i < dot.size(); ++i) {
    const char c = dot[i];
    if (inside && c == '\\') {
      Check(i + 1 < dot.size(), "a DOT escape is complete");
      ++i;
      continue;
    }
    if (c == '"') {
      inside = !inside;
      ++quotes;
      continue;
    }
    if (inside) {
      Check(static_cast<unsigned char>(c) >= 0x20,
            "no control character inside a DOT id");
    }
  }
  Check(!inside && quotes % 2 == 0, "every DOT id is closed");
}

void FuzzGraph(FuzzedDataProvider* in) {
  v1::GetSubgraphResponse subgraph;
  subgraph.set_from_date(Text(in));
  subgraph.set_to_date(Text(in));
  subgraph.set_truncated(in->ConsumeBool());
  std::vector<std::string> names;
  const int actors = in->ConsumeIntegralInRange(1, 6);
  for (int i = 0; i < actors; ++i) names.push_back(Text(in));
  const int nodes = in->ConsumeIntegralInRange(0, actors);
  for (int i = 0; i < nodes; ++i) {
    v1::SubgraphNode* node = subgraph.add_nodes();
    node->set_actor(names[i]);
    node->set_distance(in->ConsumeIntegralInRange(0, 4));
    FillSummary(in, node->mutable_total());
  }
  const int edges = in->ConsumeIntegralInRange(0, 8);
  for (int i = 0; i < edges; ++i) {
    v1::SubgraphEdge* edge = subgraph.add_edges();
    edge->set_from_actor(names[in->ConsumeIntegralInRange(0, actors - 1)]);
    edge->set_to_actor(names[in->ConsumeIntegralInRange(0, actors - 1)]);
    FillSummary(in, edge->mutable_summary());
  }
  bool valid = Valid(subgraph.from_date()) && Valid(subgraph.to_date());
  for (const std::string& name : names) valid = valid && Valid(name);
  std::set<std::string> expected;
  for (const auto& node : subgraph.nodes()) expected.insert(node.actor());
  for (const auto& edge : subgraph.edges()) {
    expected.insert(edge.from_actor());
    expected.insert(edge.to_actor());
  }

  const std::string xml = client::SubgraphGraphml(subgraph);
  bool summaries_valid = true;
  for (const auto& node : subgraph.nodes()) {
    summaries_valid = summaries_valid && Valid(node.total().first_date()) &&
                      Valid(node.total().last_date());
  }
  for (const auto& edge : subgraph.edges()) {
    summaries_valid = summaries_valid && Valid(edge.summary().first_date()) &&
                      Valid(edge.summary().last_date());
  }
  if (valid && summaries_valid) {
    GraphmlNames parsed;
    XML_Parser parser = XML_ParserCreate("UTF-8");
    XML_SetUserData(parser, &parsed);
    XML_SetElementHandler(parser, OnStart, OnEnd);
    XML_SetCharacterDataHandler(parser, OnText);
    const auto status =
        XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    if (status != XML_STATUS_OK) {
      fprintf(stderr, "expat: %s at line %lu\n%s\n",
              XML_ErrorString(XML_GetErrorCode(parser)),
              XML_GetCurrentLineNumber(parser), xml.c_str());
    }
    XML_ParserFree(parser);
    Check(status == XML_STATUS_OK, "the GraphML is well-formed XML");
    std::set<std::string> want;
    for (const std::string& name : expected) want.insert(XmlReadBack(name));
    const std::set<std::string> got(parsed.names.begin(), parsed.names.end());
    Check(parsed.names.size() == expected.size() && got == want,
          "the GraphML names every actor once, readably");
  }

  CheckDot(client::SubgraphDot(subgraph));
  for (const std::string& name : names) {
    const std::string quoted = client::DotQuote(name);
    std::string back;
    for (size_t i = 1; i + 1 < quoted.size(); ++i) {
      if (quoted[i] == '\\') ++i;
      back.push_back(quoted[i]);
    }
    std::string want = name;
    for (char& c : want) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    Check(back == want, "a DOT id unquotes to its text");
  }

  for (const auto& edge : subgraph.edges()) {
    CsvRoundTrip(client::SubgraphEdgeCsvCells(edge));
  }
  std::ostringstream table;
  client::PrintSubgraphTable(subgraph, table);
  if (valid && summaries_valid) {
    Check(Valid(table.str()), "a table of valid text is valid UTF-8");
  }

  v1::GetNeighborsResponse neighbours;
  neighbours.set_actor(names[0]);
  for (int i = 1; i < actors; ++i) {
    v1::Neighbor* n = neighbours.add_neighbors();
    n->set_actor(names[i]);
    FillSummary(in, n->mutable_summary());
    n->set_out_count(in->ConsumeIntegralInRange<int64_t>(0, 1000));
    n->set_in_count(in->ConsumeIntegralInRange<int64_t>(0, 1000));
    CsvRoundTrip(client::NeighborCsvCells(*n));
  }
  std::ostringstream neighbour_table;
  client::PrintNeighborsTable(
      neighbours, static_cast<v1::Direction>(in->ConsumeIntegralInRange(0, 3)),
      neighbour_table);

  v1::FindPathsResponse paths;
  const int path_count = in->ConsumeIntegralInRange(0, 3);
  for (int p = 0; p < path_count; ++p) {
    v1::Path* path = paths.add_paths();
    const int hops = in->ConsumeIntegralInRange(1, 4);
    std::string from = names[in->ConsumeIntegralInRange(0, actors - 1)];
    path->add_actors(from);
    for (int h = 0; h < hops; ++h) {
      v1::PathHop* hop = path->add_hops();
      const std::string& to = names[in->ConsumeIntegralInRange(0, actors - 1)];
      path->add_actors(to);
      hop->set_from_actor(from);
      hop->set_to_actor(to);
      from = to;
      if (in->ConsumeBool()) hop->set_cost(Number(in));
      if (in->ConsumeBool()) {
        bool ignored;
        FillEvent(in, hop->add_top_events(), &ignored);
      }
      FillSummary(in, hop->mutable_summary());
      if (in->ConsumeBool()) {
        bool ignored;
        FillEvent(in, hop->mutable_event(), &ignored);
      }
    }
  }
  for (const auto& row : client::PathCsvRows(paths)) CsvRoundTrip(row);
  const auto mode = static_cast<v1::PathMode>(in->ConsumeIntegralInRange(0, 7));
  std::ostringstream path_table;
  client::PrintPathsTable(paths, in->ConsumeBool(), path_table);
  for (const auto& path : paths.paths()) {
    client::PathLine(path, client::IsJourneyMode(mode), false);
    client::PathFacts(path, mode);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  eventgraph::fuzz::QuietProtobuf();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  if (in.ConsumeBool()) {
    FuzzEvent(&in);
  } else {
    FuzzGraph(&in);
  }
  return 0;
}
