// Renderings of eventgraph.v1.Event for the `events` command: table lines
// (aligned per page, or fixed-width for streams), CSV rows with every field,
// and JSON.
//
// Pure code, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "client/table.h"
#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::client {

// A table with the columns date, id, actor, action, target, code, quad,
// goldstein, source; long cells are cut.
Table EventTable();

// The cells of `event` for EventTable().
std::vector<std::string> EventTableCells(const eventgraph::v1::Event& event);

// The CSV header naming every Event field (location flattened, attributes
// as one JSON object).
std::vector<std::string> EventCsvHeader();

// The CSV cells of `event`, matching EventCsvHeader(). Absent optional
// numbers are empty cells.
std::vector<std::string> EventCsvCells(const eventgraph::v1::Event& event);

}  // namespace eventgraph::client
