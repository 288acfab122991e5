// `eventgraph events [ACTOR] [COUNTERPART]`: lists events. One page with
// ListEvents, or with --all every event through StreamEvents, written out
// as the chunks arrive (never buffered whole).
#pragma once

#include <cstdint>
#include <string>

#include "client/connection.h"
#include "client/query_support.h"

namespace eventgraph::client {

struct EventsOptions {
  std::string actor;        // "" = all events
  std::string counterpart;  // requires actor
  FilterOptions filter;
  std::string rollup = "none";  // none|country
  int page_size = 0;  // 0: the server's default (100)
  std::string page_token;
  bool descending = false;
  bool all = false;   // stream to the end instead of one page
  int64_t limit = 0;  // with --all: at most this many (0: no limit)
};

// Runs the command; returns the exit code (kExitFailure on RPC failure).
int RunEvents(Connection* connection, const EventsOptions& options);

}  // namespace eventgraph::client
