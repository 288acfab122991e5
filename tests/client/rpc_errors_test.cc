#include "client/rpc_errors.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace eventgraph::client {
namespace {

TEST(RpcErrorsTest, NamesCodes) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::INVALID_ARGUMENT),
            "INVALID_ARGUMENT");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAVAILABLE), "UNAVAILABLE");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::DEADLINE_EXCEEDED),
            "DEADLINE_EXCEEDED");
}

TEST(RpcErrorsTest, FormatsPlainStatus) {
  EXPECT_EQ(FormatRpcError(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                        "no actor \"Atlantis\"")),
            "error: NOT_FOUND: no actor \"Atlantis\"\n");
}

TEST(RpcErrorsTest, ListsBadRequestViolations) {
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("from_date");
  violation->set_description("not a valid date YYYY-MM-DD: \"2018-02-30\"");
  violation = bad_request.add_field_violations();
  violation->set_field("page_size");
  violation->set_description("must not be negative");
  google::rpc::Status details;
  details.set_code(3);
  details.set_message("invalid request");
  details.add_details()->PackFrom(google::rpc::ErrorInfo());
  details.add_details()->PackFrom(bad_request);
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT,
                            "invalid request", details.SerializeAsString());
  EXPECT_EQ(FormatRpcError(status),
            "error: INVALID_ARGUMENT: invalid request\n"
            "  from_date: not a valid date YYYY-MM-DD: \"2018-02-30\"\n"
            "  page_size: must not be negative\n");
}

TEST(RpcErrorsTest, IgnoresUndecodableDetails) {
  const grpc::Status status(grpc::StatusCode::INTERNAL, "boom",
                            std::string("\xFF\xFF\xFF", 3));
  EXPECT_EQ(FormatRpcError(status), "error: INTERNAL: boom\n");
}

}  // namespace
}  // namespace eventgraph::client
