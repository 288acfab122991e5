#include "server/auth.h"

#include <spdlog/spdlog.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "server/stream_limiter.h"

namespace eventgraph::server {
namespace {

grpc::Status Deny(grpc::StatusCode code, absl::string_view method,
                  const std::string& message) {
  spdlog::info("auth: {} {}: {}",
               code == grpc::StatusCode::UNAUTHENTICATED ? "UNAUTHENTICATED"
                                                         : "PERMISSION_DENIED",
               std::string(method), message);
  return grpc::Status(code, message);
}

}  // namespace

grpc::Status Authorize(const TokenSet& tokens, absl::string_view method,
                       std::optional<absl::string_view> authorization) {
  const Role needed = RequiredRole(method);
  if (needed == Role::kNone) return grpc::Status::OK;
  if (!authorization.has_value()) {
    return Deny(grpc::StatusCode::UNAUTHENTICATED, method,
                "missing token: send the metadata `authorization: Bearer "
                "<token>` (CLI: --token or EVENTGRAPH_TOKEN)");
  }
  const std::optional<absl::string_view> token = BearerToken(*authorization);
  if (!token.has_value()) {
    return Deny(grpc::StatusCode::UNAUTHENTICATED, method,
                "the authorization metadata must be `Bearer <token>`");
  }
  const std::optional<TokenSet::Match> match = tokens.Find(*token);
  if (!match.has_value()) {
    return Deny(grpc::StatusCode::UNAUTHENTICATED, method, "unknown token");
  }
  if (match->role < needed) {
    return Deny(
        grpc::StatusCode::PERMISSION_DENIED, method,
        absl::StrCat(method.substr(method.rfind('/') + 1), " needs the ",
                     RoleName(needed), " role; this token has the ",
                     RoleName(match->role), " role"));
  }
  return grpc::Status::OK;
}

grpc::Status TokenAuthProcessor::Process(const InputMetadata& auth_metadata,
                                         grpc::AuthContext* /*context*/,
                                         OutputMetadata* /*consumed*/,
                                         OutputMetadata* /*response*/) {
  absl::string_view method;
  std::optional<absl::string_view> authorization;
  for (const auto& [key, value] : auth_metadata) {
    const absl::string_view k(key.data(), key.size());
    const absl::string_view v(value.data(), value.size());
    if (k == ":path") {
      method = v;
    } else if (k == "authorization") {
      authorization = v;
    }
  }
  // The authorization metadata stays visible to the stream limiter
  // (server/stream_limiter.h), which counts streams per token.
  grpc::Status status = Authorize(*tokens_, method, authorization);
  if (!status.ok()) return status;
  return StreamAdmission(limiter_, method,
                         ClientKey(tokens_, authorization.value_or(""), ""));
}

}  // namespace eventgraph::server
