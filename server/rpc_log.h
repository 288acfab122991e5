// Logging of RPCs to stderr through spdlog: one line per call at debug
// level, warnings for server-side failures (INTERNAL, DATA_LOSS, UNKNOWN);
// and the end of every unary handler.
//
// Thread safety: thread-safe.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/status.h"

namespace eventgraph::server {

void LogRpc(const char* method, absl::Time start, const grpc::Status& status);

// Finishes a unary call with `status` mapped to gRPC (ToGrpcStatus), logs
// it, and returns the reactor for the handler to return.
grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* ctx,
                                      const char* method, absl::Time start,
                                      const absl::Status& status);

}  // namespace eventgraph::server
