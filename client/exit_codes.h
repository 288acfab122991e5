// Process exit codes of the eventgraph command.
#pragma once

namespace eventgraph::client {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // an RPC or I/O failure
inline constexpr int kExitUsage = 2;    // bad command line or input files

}  // namespace eventgraph::client
