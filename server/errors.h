// Mapping of absl::Status to grpc::Status. Codes are equal by value; the
// message is kept; a google.rpc.Status goes in the details, with a
// google.rpc.BadRequest when the status names a field (query/field_status.h).
//
// Thread safety: thread-safe (pure functions).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace eventgraph::server {

struct Violation {
  std::string field;
  std::string description;
};

grpc::Status ToGrpcStatus(const absl::Status& status);

// INVALID_ARGUMENT with one BadRequest field violation per entry; `message`
// summarizes.
grpc::Status InvalidArgument(const std::string& message,
                             const std::vector<Violation>& violations);

}  // namespace eventgraph::server
