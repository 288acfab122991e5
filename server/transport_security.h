// The server's credentials (TLS, mTLS, tokens) and the listen-address
// policy, from the security flags of eventgraphd.
//
// Credentials:
//   --tls-cert/--tls-key      TLS with this certificate chain and key (PEM)
//   --tls-client-ca           also require a client certificate signed by
//                             this CA (mTLS); needs TLS
//   --tokens                  token authentication (server/auth.h). Without
//                             TLS the server uses gRPC's local credentials:
//                             plaintext on the wire, loopback peers only.
// Policy (CheckListenPolicy): a loopback address (127.0.0.0/8, [::1],
// localhost, unix:) is always allowed. Any other address needs both TLS and
// tokens, or --insecure. Tokens without TLS need a loopback address even
// with --insecure: a token must not cross a network in clear text.
//
// Thread safety: functions are thread-safe; a ServerSecurity is not shared.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/server_credentials.h"
#include "server/auth_tokens.h"
#include "server/stream_limiter.h"

namespace eventgraph::server {

struct SecurityOptions {
  std::string listen;         // HOST:PORT as given to --listen
  std::string tls_cert;       // PEM certificate chain file, or ""
  std::string tls_key;        // PEM private key file, or ""
  std::string tls_client_ca;  // PEM CA file for client certificates, or ""
  std::string tokens;         // token file, or ""
  bool insecure = false;      // allow a non-loopback address without both
};

// True for 127.0.0.0/8, ::1, localhost and unix: addresses.
bool IsLoopbackAddress(absl::string_view listen);

// OK, or FailedPrecondition / InvalidArgument saying in one sentence why the
// flags are refused (a non-loopback address without TLS and tokens, a
// certificate without its key, a client CA without TLS, tokens over
// plaintext on a non-loopback address).
absl::Status CheckListenPolicy(const SecurityOptions& options);

struct ServerSecurity {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::unique_ptr<TokenSet> tokens;  // nullptr without --tokens
  std::string description;  // "TLS, client certificates required, tokens (2
                            // readers, ...)"
};

// Checks the policy, reads the files and builds the credentials; with
// tokens, installs TokenAuthProcessor over `tokens` (owned by the result,
// which must outlive the server) and `limiter` (nullptr: no stream limit;
// must outlive the server). Errors name the flag and the file.
absl::StatusOr<ServerSecurity> BuildServerSecurity(
    const SecurityOptions& options, const StreamLimiter* limiter);

}  // namespace eventgraph::server
