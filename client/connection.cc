#include "client/connection.h"

#include <chrono>
#include <fstream>
#include <sstream>

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

bool UsesTls(const GlobalOptions& options) {
  return !options.tls_ca.empty() || !options.tls_cert.empty() ||
         !options.tls_key.empty();
}

// The contents of a PEM file, or "" with *error set.
std::string ReadPem(const char* flag, const std::string& path,
                    std::string* error) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().find("-----BEGIN ") == std::string::npos) {
    *error = std::string(flag) + ": cannot read a PEM file from " + path;
    return "";
  }
  return text.str();
}

}  // namespace

std::string CheckSecurityOptions(const GlobalOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return "--tls-cert and --tls-key go together: give both files";
  }
  for (char c : options.token) {
    if (c <= 0x20 || c >= 0x7f) {
      return "--token: the token must be printable ASCII without blanks";
    }
  }
  std::string error;
  if (!options.tls_ca.empty()) ReadPem("--tls-ca", options.tls_ca, &error);
  if (error.empty() && !options.tls_cert.empty()) {
    ReadPem("--tls-cert", options.tls_cert, &error);
  }
  if (error.empty() && !options.tls_key.empty()) {
    ReadPem("--tls-key", options.tls_key, &error);
  }
  return error;
}

Connection::Connection(const GlobalOptions& options) : options_(options) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::InsecureChannelCredentials();
  if (UsesTls(options_)) {
    std::string ignored;
    grpc::SslCredentialsOptions ssl;
    // Without --tls-ca, gRPC's default roots (the system's) are used.
    if (!options_.tls_ca.empty()) {
      ssl.pem_root_certs = ReadPem("--tls-ca", options_.tls_ca, &ignored);
    }
    if (!options_.tls_cert.empty()) {
      ssl.pem_cert_chain = ReadPem("--tls-cert", options_.tls_cert, &ignored);
      ssl.pem_private_key = ReadPem("--tls-key", options_.tls_key, &ignored);
    }
    credentials = grpc::SslCredentials(ssl);
    if (!options_.tls_server_name.empty()) {
      arguments.SetSslTargetNameOverride(options_.tls_server_name);
    }
  }
  channel_ = grpc::CreateCustomChannel(options_.server, credentials, arguments);
  stub_ = eventgraph::v1::EventGraph::NewStub(channel_);
}

void Connection::AddToken(grpc::ClientContext* context) const {
  if (!options_.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + options_.token);
  }
}

void Connection::SetUnaryDeadline(grpc::ClientContext* context) const {
  context->set_deadline(DeadlineAfter(options_.deadline_seconds));
  AddToken(context);
}

void Connection::SetStreamDeadline(grpc::ClientContext* context) const {
  context->set_deadline(DeadlineAfter(options_.stream_deadline_seconds));
  AddToken(context);
}

}  // namespace eventgraph::client
