// The options every command shares and the channel to the server.
//
// Every RPC gets a deadline: unary calls --deadline, streaming calls
// --stream-deadline (streams are also watched for stalls of --deadline),
// and, with --token, the metadata `authorization: Bearer <token>`.
// --tls-ca turns TLS on (the server's certificate must chain to that CA);
// --tls-cert/--tls-key add a client certificate (mTLS).
//
// A Connection is thread-safe (the gRPC stub is).
#pragma once

#include <memory>
#include <string>

#include "client/exit_codes.h"
#include "client/output.h"
#include "eventgraph/v1/eventgraph.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace eventgraph::client {

struct GlobalOptions {
  // host:port of the server. Default also from $EVENTGRAPH_SERVER.
  std::string server = "127.0.0.1:50051";
  // Deadline of each unary RPC, and the longest a stream may go without
  // progress, in seconds. Default 30.
  double deadline_seconds = 30;
  // Deadline of each streaming RPC (IngestStream, StreamEvents), in
  // seconds. Default one day.
  double stream_deadline_seconds = 86400;
  OutputFormat output = OutputFormat::kTable;
  // Security (docs/API.md, "Security"). token: also $EVENTGRAPH_TOKEN.
  std::string token;
  std::string tls_ca;           // PEM CA file; non-empty turns TLS on
  std::string tls_cert;         // PEM client certificate chain (mTLS)
  std::string tls_key;          // PEM client private key (mTLS)
  std::string tls_server_name;  // expected name in the server certificate
};

// Checks the security options and reads the PEM files: "" when they are
// usable, else one line saying what is wrong ("--tls-ca: cannot read
// ca.pem"). TLS is on when any of tls_ca, tls_cert, tls_key is set.
std::string CheckSecurityOptions(const GlobalOptions& options);

class Connection {
 public:
  // Creates a channel to options.server: TLS when options ask for it (see
  // CheckSecurityOptions, which should pass first; unreadable files leave
  // their part empty), else plaintext. Connects lazily: an unreachable
  // server shows up as UNAVAILABLE on the first RPC.
  explicit Connection(const GlobalOptions& options);

  eventgraph::v1::EventGraph::Stub& stub() { return *stub_; }
  const GlobalOptions& options() const { return options_; }

  // Sets the deadline of a unary RPC on *context: now + --deadline; and the
  // token metadata (every command prepares its context through this or
  // SetStreamDeadline).
  void SetUnaryDeadline(grpc::ClientContext* context) const;

  // Sets the deadline of a streaming RPC: now + --stream-deadline; and the
  // token metadata.
  void SetStreamDeadline(grpc::ClientContext* context) const;

 private:
  void AddToken(grpc::ClientContext* context) const;

  GlobalOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<eventgraph::v1::EventGraph::Stub> stub_;
};

}  // namespace eventgraph::client
