// The small lookup commands: `actors [PREFIX]` (SearchActors, one page),
// `actor NAME` (GetActor) and `stats` (GetStats); the field printing the
// admin commands share (client/admin_commands.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

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

// Prints name/value pairs: aligned "name: value" lines for table, a header
// and one row for CSV (JSON is the caller's: print the message instead).
void PrintFields(const std::vector<std::pair<std::string, std::string>>& fields,
                 OutputFormat format);
// "1.5 MiB": a byte count for people.
std::string HumanBytes(int64_t bytes);

}  // namespace eventgraph::client
