// The per-call decision (server/auth.h), the listen policy
// (server/transport_security.h) and the stream limiter.
#include "server/auth.h"

#include "gtest/gtest.h"
#include "server/stream_limiter.h"
#include "server/transport_security.h"

namespace eventgraph::server {
namespace {

constexpr char kReader[] = "reader-0123456789abcdef";
constexpr char kWriter[] = "writer-0123456789abcdef";
constexpr char kAdmin[] = "admin-0123456789abcdef0";

TokenSet Tokens() {
  return *TokenSet::Parse(std::string("reader ") + kReader + "\nwriter " +
                          kWriter + "\nadmin " + kAdmin + "\n");
}

std::string Bearer(const char* token) { return std::string("Bearer ") + token; }

TEST(AuthorizeTest, Matrix) {
  const TokenSet tokens = Tokens();
  const std::string read = "/eventgraph.v1.EventGraph/GetStats";
  const std::string write = "/eventgraph.v1.EventGraph/Ingest";
  const std::string admin = "/eventgraph.v1.EventGraph/CheckDatabase";
  EXPECT_TRUE(Authorize(tokens, read, Bearer(kReader)).ok());
  EXPECT_EQ(Authorize(tokens, write, Bearer(kReader)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Authorize(tokens, admin, Bearer(kReader)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Authorize(tokens, read, Bearer(kWriter)).ok());
  EXPECT_TRUE(Authorize(tokens, write, Bearer(kWriter)).ok());
  EXPECT_EQ(Authorize(tokens, admin, Bearer(kWriter)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  for (const std::string& method : {read, write, admin}) {
    EXPECT_TRUE(Authorize(tokens, method, Bearer(kAdmin)).ok()) << method;
    EXPECT_EQ(Authorize(tokens, method, std::nullopt).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(Authorize(tokens, method, Bearer("unknown-0123456789abcdef"))
                  .error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(
        Authorize(tokens, method, std::string("Basic ") + kAdmin).error_code(),
        grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(Authorize(tokens, method, kAdmin).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_TRUE(
      Authorize(tokens, "/grpc.health.v1.Health/Check", std::nullopt).ok());
  // The scheme is case-insensitive (RFC 6750).
  EXPECT_TRUE(Authorize(tokens, read, std::string("bearer ") + kReader).ok());
}

TEST(AuthorizeTest, MessagesNameTheRoleAndNeverTheToken) {
  const TokenSet tokens = Tokens();
  const grpc::Status denied = Authorize(
      tokens, "/eventgraph.v1.EventGraph/CheckDatabase", Bearer(kWriter));
  EXPECT_EQ(denied.error_message(),
            "CheckDatabase needs the admin role; this token has the writer "
            "role");
  const grpc::Status unknown =
      Authorize(tokens, "/eventgraph.v1.EventGraph/GetStats",
                Bearer("wrong-0123456789ab"));
  EXPECT_EQ(unknown.error_message().find("wrong-0123456789ab"),
            std::string::npos);
  EXPECT_NE(
      Authorize(tokens, "/eventgraph.v1.EventGraph/GetStats", std::nullopt)
          .error_message()
          .find("authorization: Bearer"),
      std::string::npos);
}

TEST(ListenPolicyTest, LoopbackAddresses) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackAddress("127.1.2.3:0"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:50051"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]:50051"));
  EXPECT_TRUE(IsLoopbackAddress("unix:/run/eventgraph.sock"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopbackAddress("[::]:50051"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.7:50051"));
  EXPECT_FALSE(IsLoopbackAddress("127.0.0.1.example.org:50051"));
  EXPECT_FALSE(IsLoopbackAddress("eventgraph.example.org:50051"));
  EXPECT_FALSE(IsLoopbackAddress(":50051"));
}

TEST(ListenPolicyTest, NonLoopbackNeedsTlsAndTokensOrInsecure) {
  SecurityOptions options;
  options.listen = "0.0.0.0:50051";
  absl::Status refused = CheckListenPolicy(options);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("--insecure"), std::string::npos);
  options.insecure = true;
  EXPECT_TRUE(CheckListenPolicy(options).ok());
  options.insecure = false;
  options.tls_cert = "cert.pem";
  options.tls_key = "key.pem";
  EXPECT_FALSE(CheckListenPolicy(options).ok());  // TLS but no tokens
  options.tokens = "tokens.txt";
  EXPECT_TRUE(CheckListenPolicy(options).ok());
  options.tls_cert.clear();
  options.tls_key.clear();
  options.insecure = true;  // tokens in clear text over a network: never
  EXPECT_NE(CheckListenPolicy(options).message().find("clear text"),
            std::string::npos);
  options.listen = "127.0.0.1:0";
  EXPECT_TRUE(CheckListenPolicy(options).ok());
}

TEST(ListenPolicyTest, FlagCombinations) {
  SecurityOptions options;
  options.listen = "127.0.0.1:0";
  options.tls_cert = "cert.pem";
  EXPECT_EQ(CheckListenPolicy(options).code(),
            absl::StatusCode::kInvalidArgument);
  options.tls_cert.clear();
  options.tls_client_ca = "ca.pem";
  EXPECT_NE(CheckListenPolicy(options).message().find("--tls-client-ca"),
            std::string::npos);
}

TEST(StreamLimiterTest, CountsPerClient) {
  StreamLimiter limiter(2);
  EXPECT_TRUE(limiter.TryAcquire("a"));
  EXPECT_TRUE(limiter.TryAcquire("a"));
  EXPECT_FALSE(limiter.TryAcquire("a"));
  EXPECT_TRUE(limiter.TryAcquire("b"));
  EXPECT_EQ(limiter.Active("a"), 2);
  limiter.Release("a");
  EXPECT_TRUE(limiter.TryAcquire("a"));
  limiter.Release("a");
  limiter.Release("a");
  limiter.Release("b");
  EXPECT_EQ(limiter.Active("a"), 0);
  EXPECT_EQ(limiter.Active("b"), 0);
  EXPECT_NE(limiter.LimitMessage().find("max-streams-per-client = 2"),
            std::string::npos);
}

TEST(StreamLimiterTest, EarlyAdmissionOfStreamsOnly) {
  EXPECT_TRUE(IsStreamingMethod("/eventgraph.v1.EventGraph/IngestStream"));
  EXPECT_TRUE(IsStreamingMethod("/eventgraph.v1.EventGraph/WatchEvents"));
  EXPECT_TRUE(IsStreamingMethod("/eventgraph.v1.EventGraph/GetSubgraph"));
  EXPECT_FALSE(IsStreamingMethod("/eventgraph.v1.EventGraph/Ingest"));
  EXPECT_FALSE(IsStreamingMethod("/eventgraph.v1.EventGraph/Nope"));
  EXPECT_FALSE(IsStreamingMethod("/grpc.health.v1.Health/Watch"));
  StreamLimiter limiter(1);
  const std::string watch = "/eventgraph.v1.EventGraph/WatchEvents";
  EXPECT_TRUE(StreamAdmission(&limiter, watch, "token 1").ok());
  ASSERT_TRUE(limiter.TryAcquire("token 1"));
  const grpc::Status refused = StreamAdmission(&limiter, watch, "token 1");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(refused.error_message().find("max-streams-per-client = 1"),
            std::string::npos);
  EXPECT_TRUE(StreamAdmission(&limiter, watch, "token 2").ok());
  EXPECT_TRUE(
      StreamAdmission(&limiter, "/eventgraph.v1.EventGraph/GetStats", "token 1")
          .ok());
  EXPECT_TRUE(StreamAdmission(nullptr, watch, "token 1").ok());
}

TEST(StreamLimiterTest, ClientKeys) {
  const TokenSet tokens = Tokens();
  EXPECT_EQ(ClientKey(&tokens, Bearer(kWriter), "ipv4:10.0.0.1:5000"),
            "token 2");
  EXPECT_EQ(ClientKey(&tokens, "", "ipv4:10.0.0.1:5000"), "ipv4:10.0.0.1");
  EXPECT_EQ(ClientKey(nullptr, Bearer(kWriter), "ipv6:[::1]:5000"),
            "ipv6:[::1]");
  EXPECT_EQ(BearerToken("Bearer  abc "), "abc");
  EXPECT_FALSE(BearerToken("Bearer ").has_value());
  EXPECT_FALSE(BearerToken("Token abc").has_value());
}

}  // namespace
}  // namespace eventgraph::server
