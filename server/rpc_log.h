// Logging of RPCs to stderr through spdlog: one line per call at debug
// level, warnings for server-side failures (INTERNAL, DATA_LOSS, UNKNOWN).
//
// Thread safety: thread-safe.
#pragma once

#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace eventgraph::server {

void LogRpc(const char* method, absl::Time start, const grpc::Status& status);

}  // namespace eventgraph::server
