// How long `eventgraph ingest` waits before it tries again a stream the
// server refused as UNAVAILABLE (down, restarting, overloaded): 0.5 s,
// doubling with each consecutive attempt, at most 8 s. With the default of
// 5 retries the loader waits 15.5 s in all before giving up.
//
// Pure code, thread-safe.
#pragma once

#include <chrono>

namespace eventgraph::client {

inline constexpr int kDefaultIngestRetries = 5;

// The wait before retry `attempt` (0 for the first).
std::chrono::milliseconds RetryDelay(int attempt);

}  // namespace eventgraph::client
