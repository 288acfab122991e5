// The small lookup commands: `actors [PREFIX]` (SearchActors, one page),
// `actor NAME` (GetActor), `stats` (GetStats), and `admin check [--repair]`
// (CheckDatabase).
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

struct AdminOptions {
  std::string action = "check";  // the only action so far
  bool repair = false;
};
// Prints what the check compared and every problem the server describes.
// Returns kExitOk when the database is consistent, kExitFailure when the
// check found problems or the RPC failed. The call gets the streaming
// deadline (a check reads the whole database).
int RunAdmin(Connection* connection, const AdminOptions& options);

}  // namespace eventgraph::client
