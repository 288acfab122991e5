// The options every command shares and the channel to the server.
//
// Every RPC gets a deadline: unary calls --deadline, streaming calls
// --stream-deadline (streams are also watched for stalls of --deadline).
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
};

class Connection {
 public:
  // Creates an insecure channel to options.server. Connects lazily: an
  // unreachable server shows up as UNAVAILABLE on the first RPC.
  explicit Connection(const GlobalOptions& options);

  eventgraph::v1::EventGraph::Stub& stub() { return *stub_; }
  const GlobalOptions& options() const { return options_; }

  // Sets the deadline of a unary RPC on *context: now + --deadline.
  void SetUnaryDeadline(grpc::ClientContext* context) const;

  // Sets the deadline of a streaming RPC: now + --stream-deadline.
  void SetStreamDeadline(grpc::ClientContext* context) const;

 private:
  GlobalOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<eventgraph::v1::EventGraph::Stub> stub_;
};

}  // namespace eventgraph::client
