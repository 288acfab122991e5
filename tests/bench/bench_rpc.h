// gRPC plumbing shared by the query workloads and the peers' queries.
// Thread-safe (free functions).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "eventgraph/v1/eventgraph.grpc.pb.h"

namespace eventgraph::bench {

// A stub on a channel of its own: with a local subchannel pool, two stubs
// made here never share a TCP connection (each client thread is a client).
inline std::unique_ptr<eventgraph::v1::EventGraph::Stub> NewStub(
    const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(64 << 20);
  return eventgraph::v1::EventGraph::NewStub(grpc::CreateCustomChannel(
      address, grpc::InsecureChannelCredentials(), args));
}

inline void SetDeadline(grpc::ClientContext* context, double seconds) {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6)));
}

}  // namespace eventgraph::bench
