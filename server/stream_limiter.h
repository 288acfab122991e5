// The limit on concurrent streaming calls per client (--max-streams-per-
// client).
//
// A client is its token when token authentication is on ("token 3", the
// token's line in the file, never the token itself), else its peer address
// without the port ("ipv4:10.0.0.7"). Only streaming calls of
// eventgraph.v1.EventGraph count (IngestStream, StreamEvents, GetSubgraph,
// WatchEvents, ...); unary calls and the health and reflection services do
// not.
//
// Enforcement: StreamLimitInterceptorFactory counts a stream from the
// moment gRPC creates its interceptors until the call is over. A stream
// beyond the limit is cancelled at once with RESOURCE_EXHAUSTED ("too many
// concurrent streams for this client: limit max-streams-per-client = 8");
// its handler then sees a cancelled call, so a bidi or client stream
// reads nothing. With tokens, TokenAuthProcessor (server/auth.h) already
// refuses a stream of a client at its limit before the call reaches the
// service (StreamAdmission), so no handler runs for it; the interceptor
// stays the exact count (two streams opened at the same instant both pass
// the early check, and the second is cancelled there).
//
// Thread safety: thread-safe.
#pragma once

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status.h"
#include "server/auth_tokens.h"

namespace eventgraph::server {

class StreamLimiter {
 public:
  // `max_per_client` 0 means unlimited.
  explicit StreamLimiter(int max_per_client)
      : max_per_client_(max_per_client) {}

  int max_per_client() const { return max_per_client_; }

  // Counts one more stream of `client`; false (and nothing counted) when
  // the client already has max_per_client streams.
  bool TryAcquire(const std::string& client);
  // Ends one stream counted by TryAcquire.
  void Release(const std::string& client);
  // Streams open for `client` now.
  int Active(const std::string& client) const;

  // The message of the RESOURCE_EXHAUSTED status.
  std::string LimitMessage() const;

 private:
  const int max_per_client_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, int> active_ ABSL_GUARDED_BY(mu_);
};

// The client key described above. `tokens` is nullptr without token
// authentication; `authorization` the value of the authorization metadata
// (empty when missing); `peer` gRPC's peer URI ("ipv4:127.0.0.1:43210").
std::string ClientKey(const TokenSet* tokens, absl::string_view authorization,
                      absl::string_view peer);

// The token of an `authorization: Bearer <token>` value (scheme
// case-insensitive, RFC 6750), or nullopt when the value has another form.
std::optional<absl::string_view> BearerToken(absl::string_view authorization);

// True when `method` ("/eventgraph.v1.EventGraph/WatchEvents") is a
// streaming RPC of eventgraph.v1.EventGraph (from the generated
// descriptors).
bool IsStreamingMethod(absl::string_view method);

// The early check for TokenAuthProcessor: OK, or RESOURCE_EXHAUSTED with
// LimitMessage() when `method` is a streaming method and `client` already
// has max_per_client streams. `limiter` may be nullptr (no limit).
grpc::Status StreamAdmission(const StreamLimiter* limiter,
                             absl::string_view method,
                             const std::string& client);

class StreamLimitInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `limiter` and `tokens` (nullptr without tokens) must outlive the server.
  StreamLimitInterceptorFactory(StreamLimiter* limiter, const TokenSet* tokens)
      : limiter_(limiter), tokens_(tokens) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  StreamLimiter* const limiter_;
  const TokenSet* const tokens_;
};

}  // namespace eventgraph::server
