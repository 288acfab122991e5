#include "server/stream_limiter.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "grpc/grpc.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/interceptor.h"

namespace eventgraph::server {
namespace {

constexpr absl::string_view kServicePrefix = "/eventgraph.v1.EventGraph/";

// Holds one counted stream; releases it when gRPC destroys the
// interceptors at the end of the call.
class CountedStream : public grpc::experimental::Interceptor {
 public:
  CountedStream(StreamLimiter* limiter, std::string client)
      : limiter_(limiter), client_(std::move(client)) {}
  ~CountedStream() override { limiter_->Release(client_); }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  StreamLimiter* const limiter_;
  const std::string client_;
};

// Drops the port of a peer URI: "ipv4:10.0.0.7:5555" -> "ipv4:10.0.0.7",
// "ipv6:[::1]:5555" -> "ipv6:[::1]".
absl::string_view PeerHost(absl::string_view peer) {
  const size_t colon = peer.rfind(':');
  const size_t first = peer.find(':');
  if (colon == absl::string_view::npos || colon == first) return peer;
  return peer.substr(0, colon);
}

}  // namespace

bool StreamLimiter::TryAcquire(const std::string& client) {
  absl::MutexLock lock(&mu_);
  int& count = active_[client];
  if (max_per_client_ > 0 && count >= max_per_client_) {
    if (count == 0) active_.erase(client);
    return false;
  }
  ++count;
  return true;
}

void StreamLimiter::Release(const std::string& client) {
  absl::MutexLock lock(&mu_);
  auto it = active_.find(client);
  if (it == active_.end()) return;
  if (--it->second <= 0) active_.erase(it);
}

int StreamLimiter::Active(const std::string& client) const {
  absl::MutexLock lock(&mu_);
  auto it = active_.find(client);
  return it == active_.end() ? 0 : it->second;
}

std::string StreamLimiter::LimitMessage() const {
  return absl::StrCat(
      "too many concurrent streams for this client: limit "
      "max-streams-per-client = ",
      max_per_client_, "; wait for one to end");
}

std::optional<absl::string_view> BearerToken(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(authorization.substr(0, kScheme.size()),
                              kScheme)) {
    return std::nullopt;
  }
  absl::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

std::string ClientKey(const TokenSet* tokens, absl::string_view authorization,
                      absl::string_view peer) {
  if (tokens != nullptr) {
    if (std::optional<absl::string_view> token = BearerToken(authorization)) {
      if (auto match = tokens->Find(*token); match.has_value()) {
        return absl::StrCat("token ", match->index + 1);
      }
    }
  }
  return std::string(PeerHost(peer));
}

bool IsStreamingMethod(absl::string_view method) {
  if (!absl::StartsWith(method, kServicePrefix)) return false;
  const std::string name = absl::StrCat("eventgraph.v1.EventGraph.",
                                        method.substr(kServicePrefix.size()));
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          name);
  return descriptor != nullptr &&
         (descriptor->client_streaming() || descriptor->server_streaming());
}

grpc::Status StreamAdmission(const StreamLimiter* limiter,
                             absl::string_view method,
                             const std::string& client) {
  if (limiter == nullptr || limiter->max_per_client() == 0 ||
      !IsStreamingMethod(method) ||
      limiter->Active(client) < limiter->max_per_client()) {
    return grpc::Status::OK;
  }
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      limiter->LimitMessage());
}

grpc::experimental::Interceptor*
StreamLimitInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  if (info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY ||
      !absl::StartsWith(info->method(), kServicePrefix)) {
    return nullptr;
  }
  grpc::ServerContextBase* context = info->server_context();
  absl::string_view authorization;
  const auto& metadata = context->client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    authorization = absl::string_view(it->second.data(), it->second.size());
  }
  std::string client = ClientKey(tokens_, authorization, context->peer());
  if (!limiter_->TryAcquire(client)) {
    // A status with a code makes the transport send it as the call's
    // trailers, so the client sees this code and message.
    const std::string message = limiter_->LimitMessage();
    grpc_call_cancel_with_status(context->c_call(),
                                 GRPC_STATUS_RESOURCE_EXHAUSTED,
                                 message.c_str(), nullptr);
    return nullptr;
  }
  return new CountedStream(limiter_, std::move(client));
}

}  // namespace eventgraph::server
