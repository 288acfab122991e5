#include "client/rpc_errors.h"

#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace eventgraph::client {

std::string_view StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

std::string FormatRpcError(const grpc::Status& status) {
  std::string text =
      absl::StrCat("error: ", ToAbsl(StatusCodeName(status.error_code())), ": ",
                   status.error_message(), "\n");
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    absl::StrAppend(&text,
                    "  the server wants a valid token: pass --token TOKEN or "
                    "set EVENTGRAPH_TOKEN\n");
  } else if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    absl::StrAppend(&text,
                    "  this token's role may not do that: ask for a token "
                    "with the role named above\n");
  } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
             status.error_message().find("ssl") != std::string::npos) {
    absl::StrAppend(&text,
                    "  TLS failed: check --tls-ca (and --tls-cert/--tls-key "
                    "when the server requires client certificates)\n");
  }
  if (status.error_details().empty()) return text;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return text;
  for (const google::protobuf::Any& detail : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!detail.Is<google::rpc::BadRequest>() ||
        !detail.UnpackTo(&bad_request)) {
      continue;
    }
    for (const auto& violation : bad_request.field_violations()) {
      absl::StrAppend(&text, "  ", violation.field(), ": ",
                      violation.description(), "\n");
    }
  }
  return text;
}

}  // namespace eventgraph::client
