// Formatting of failed RPCs for the user.
//
// Pure code, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "grpcpp/support/status.h"

namespace eventgraph::client {

// Returns the canonical name of `code`, e.g. "INVALID_ARGUMENT".
std::string_view StatusCodeName(grpc::StatusCode code);

// Returns "error: <CODE_NAME>: <message>\n" and, when the status details (the
// grpc-status-details-bin trailer) hold a google.rpc.Status with a
// google.rpc.BadRequest, one "  <field>: <description>\n" line per field
// violation. Undecodable details are ignored. UNAUTHENTICATED and
// PERMISSION_DENIED get a second line saying what to do (--token,
// EVENTGRAPH_TOKEN, another role); so does an UNAVAILABLE that mentions
// SSL (--tls-ca, --tls-cert/--tls-key).
std::string FormatRpcError(const grpc::Status& status);

}  // namespace eventgraph::client
