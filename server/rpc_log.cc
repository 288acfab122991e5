#include "server/rpc_log.h"

#include <spdlog/spdlog.h>

#include "absl/time/clock.h"
#include "server/errors.h"

namespace eventgraph::server {

void LogRpc(const char* method, absl::Time start, const grpc::Status& status) {
  const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
  switch (status.error_code()) {
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::DATA_LOSS:
    case grpc::StatusCode::UNKNOWN:
      spdlog::warn("{} failed in {:.3f} ms: code {}: {}", method, ms,
                   static_cast<int>(status.error_code()),
                   status.error_message());
      return;
    default:
      spdlog::debug("{} code {} in {:.3f} ms {}", method,
                    static_cast<int>(status.error_code()), ms,
                    status.error_message());
  }
}

grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* ctx,
                                      const char* method, absl::Time start,
                                      const absl::Status& status) {
  grpc::Status mapped = ToGrpcStatus(status);
  LogRpc(method, start, mapped);
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(mapped);
  return reactor;
}

}  // namespace eventgraph::server
