#include "client/connection.h"

#include <chrono>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace eventgraph::client {
namespace {

// A page of 1000 events with large attributes can exceed gRPC's 4 MiB
// default.
constexpr int kMaxReceiveBytes = 64 << 20;

std::chrono::system_clock::time_point DeadlineAfter(double seconds) {
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(
             std::chrono::duration<double>(seconds));
}

}  // namespace

Connection::Connection(const GlobalOptions& options) : options_(options) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  channel_ = grpc::CreateCustomChannel(
      options_.server, grpc::InsecureChannelCredentials(), arguments);
  stub_ = eventgraph::v1::EventGraph::NewStub(channel_);
}

void Connection::SetUnaryDeadline(grpc::ClientContext* context) const {
  context->set_deadline(DeadlineAfter(options_.deadline_seconds));
}

void Connection::SetStreamDeadline(grpc::ClientContext* context) const {
  context->set_deadline(DeadlineAfter(options_.stream_deadline_seconds));
}

}  // namespace eventgraph::client
