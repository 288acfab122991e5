// The small lookup commands: `actors [PREFIX]` (SearchActors, one page),
// `actor NAME` (GetActor) and `stats` (GetStats).
#pragma once

#include <string>

#include "client/connection.h"

namespace eventgraph::client {

struct ActorsOptions {
  std::string prefix;  // "" lists all actors by name
  int page_size = 0;   // 0: the server's default (100)
  std::string page_token;
};

// Each returns the exit code (kExitFailure on RPC failure, e.g. NOT_FOUND
// for an unknown actor).
int RunActors(Connection* connection, const ActorsOptions& options);
int RunActor(Connection* connection, const std::string& name);
int RunStats(Connection* connection);

}  // namespace eventgraph::client
