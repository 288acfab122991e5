// `eventgraph codes [PREFIX] [--quad N]`: the server's CAMEO event codebook
// (ListEventCodes), as a tree-indented table, JSON or CSV.
#pragma once

#include <string>
#include <vector>

#include "client/connection.h"

namespace eventgraph::client {

struct CodesOptions {
  std::string prefix;      // "" every code; "04" root 04 and its sub-codes
  std::vector<int> quads;  // 1..4; empty: all
};

// Prints the codes. Returns the exit code: kExitOk, or kExitFailure when the
// RPC fails (INVALID_ARGUMENT naming `prefix` for a prefix that is not 2 to
// 4 digits). No codes matching is not an error: the table says so.
int RunCodes(Connection* connection, const CodesOptions& options);

}  // namespace eventgraph::client
