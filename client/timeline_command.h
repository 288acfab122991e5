// `eventgraph timeline ACTOR [COUNTERPART]`: event counts per period
// (GetTimeline), as a table with bars, CSV, or the JSON response.
#pragma once

#include <string>

#include "client/connection.h"
#include "client/query_support.h"

namespace eventgraph::client {

struct TimelineOptions {
  std::string actor;
  std::string counterpart;  // "" = all partners
  std::string by = "year";  // year|quarter|month|week|day
  std::string rollup = "none";  // none|country
  bool split = false;           // also each direction apart (--split)
  FilterOptions filter;
};

// Runs the command; returns the exit code (kExitFailure on RPC failure).
int RunTimeline(Connection* connection, const TimelineOptions& options);

}  // namespace eventgraph::client
