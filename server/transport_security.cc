#include "server/transport_security.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/auth.h"

namespace eventgraph::server {
namespace {

// The host part of HOST:PORT ("[::1]:50051" -> "::1").
absl::string_view ListenHost(absl::string_view listen) {
  if (absl::StartsWith(listen, "[")) {
    const size_t end = listen.find(']');
    return end == absl::string_view::npos ? listen.substr(1)
                                          : listen.substr(1, end - 1);
  }
  const size_t colon = listen.rfind(':');
  return colon == absl::string_view::npos ? listen : listen.substr(0, colon);
}

absl::StatusOr<std::string> ReadPem(const char* flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(flag, ": cannot read ", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": ", path, " is not a PEM file"));
  }
  return text.str();
}

// Warns when the token file can be read by other users.
void WarnIfShared(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    spdlog::warn("--tokens: {} is readable by other users; chmod 600 it", path);
  }
}

}  // namespace

bool IsLoopbackAddress(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") ||
      absl::StartsWith(listen, "unix-abstract:")) {
    return true;
  }
  if (absl::StartsWith(listen, "ipv4:")) listen.remove_prefix(5);
  if (absl::StartsWith(listen, "ipv6:")) listen.remove_prefix(5);
  const absl::string_view host = ListenHost(listen);
  if (absl::EqualsIgnoreCase(host, "localhost") || host == "::1") return true;
  const std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  int first = 0;
  if (octets.size() != 4 || !absl::SimpleAtoi(octets[0], &first)) return false;
  for (absl::string_view octet : octets) {
    int value = 0;
    if (!absl::SimpleAtoi(octet, &value) || value < 0 || value > 255) {
      return false;
    }
  }
  return first == 127;
}

absl::Status CheckListenPolicy(const SecurityOptions& options) {
  const bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: give both files");
  }
  if (!options.tls_client_ca.empty() && !tls) {
    return absl::InvalidArgumentError(
        "--tls-client-ca needs TLS: give --tls-cert and --tls-key too");
  }
  const bool tokens = !options.tokens.empty();
  const bool loopback = IsLoopbackAddress(options.listen);
  if (loopback) return absl::OkStatus();
  if (tokens && !tls) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to listen on ", options.listen,
        ": tokens without TLS would cross the network in clear text; add "
        "--tls-cert and --tls-key, or listen on a loopback address"));
  }
  if (!(tls && tokens) && !options.insecure) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to listen on ", options.listen,
        ": a non-loopback address needs TLS (--tls-cert, --tls-key) and "
        "tokens (--tokens); add --insecure to serve it ",
        tls ? "without tokens" : "in plaintext", " anyway"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ServerSecurity> BuildServerSecurity(
    const SecurityOptions& options, const StreamLimiter* limiter) {
  if (absl::Status policy = CheckListenPolicy(options); !policy.ok()) {
    return policy;
  }
  ServerSecurity security;
  std::vector<std::string> parts;
  if (!options.tls_cert.empty()) {
    auto cert = ReadPem("--tls-cert", options.tls_cert);
    if (!cert.ok()) return cert.status();
    auto key = ReadPem("--tls-key", options.tls_key);
    if (!key.ok()) return key.status();
    grpc::SslServerCredentialsOptions ssl(
        GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    ssl.pem_key_cert_pairs.push_back({*key, *cert});
    parts.push_back("TLS");
    if (!options.tls_client_ca.empty()) {
      auto ca = ReadPem("--tls-client-ca", options.tls_client_ca);
      if (!ca.ok()) return ca.status();
      ssl.pem_root_certs = *ca;
      ssl.client_certificate_request =
          GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
      parts.push_back("client certificates required");
    }
    security.credentials = grpc::SslServerCredentials(ssl);
  } else if (!options.tokens.empty()) {
    // Plaintext, but through credentials that run the auth processor;
    // they accept loopback (or unix socket) peers only.
    security.credentials = grpc::experimental::LocalServerCredentials(
        absl::StartsWith(options.listen, "unix") ? UDS : LOCAL_TCP);
    parts.push_back("plaintext (loopback)");
  } else {
    security.credentials = grpc::InsecureServerCredentials();
    parts.push_back("plaintext");
  }
  if (!options.tokens.empty()) {
    auto tokens = TokenSet::Load(options.tokens);
    if (!tokens.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--tokens: ", tokens.status().message()));
    }
    WarnIfShared(options.tokens);
    security.tokens = std::make_unique<TokenSet>(*std::move(tokens));
    security.credentials->SetAuthMetadataProcessor(
        std::make_shared<TokenAuthProcessor>(security.tokens.get(), limiter));
    parts.push_back(absl::StrCat(
        "tokens (", security.tokens->Count(Role::kReader), " reader, ",
        security.tokens->Count(Role::kWriter), " writer, ",
        security.tokens->Count(Role::kAdmin), " admin)"));
  } else {
    parts.push_back("no tokens");
  }
  security.description = absl::StrJoin(parts, ", ");
  return security;
}

}  // namespace eventgraph::server
