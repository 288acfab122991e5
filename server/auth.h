// Token authentication and role checks for every call (--tokens).
//
// A call presents `authorization: Bearer <token>` metadata. The decision,
// made before any handler runs:
//   - health and reflection (RequiredRole kNone): allowed without a token;
//   - no authorization metadata, another scheme, or an unknown token:
//     UNAUTHENTICATED;
//   - a known token whose role is below RequiredRole(method):
//     PERMISSION_DENIED naming the role needed and the token's role;
//   - otherwise allowed.
// Denials are logged at info level with the method and the reason; a token
// is never logged nor put in a message.
//
// TokenAuthProcessor plugs the decision into gRPC as the
// AuthMetadataProcessor of the server credentials (server/
// transport_security.h), which runs it for each call before the call
// reaches the service.
//
// Thread safety: thread-safe (the TokenSet is immutable).
#pragma once

#include <optional>

#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/support/status.h"
#include "server/auth_tokens.h"
#include "server/stream_limiter.h"

namespace eventgraph::server {

// The decision above. `authorization` is nullopt when the call has no
// authorization metadata.
grpc::Status Authorize(const TokenSet& tokens, absl::string_view method,
                       std::optional<absl::string_view> authorization);

class TokenAuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  // `tokens` and `limiter` (nullptr: no stream limit) must outlive the
  // processor (and so the server). After Authorize, a streaming call of a
  // token at its stream limit is refused here (StreamAdmission), before it
  // reaches the service.
  TokenAuthProcessor(const TokenSet* tokens, const StreamLimiter* limiter)
      : tokens_(tokens), limiter_(limiter) {}

  // The check is a few comparisons: it runs on gRPC's thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata,
                       grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const TokenSet* const tokens_;
  const StreamLimiter* const limiter_;
};

}  // namespace eventgraph::server
