#include "server/errors.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "query/field_status.h"

namespace eventgraph::server {
namespace {

grpc::Status WithDetails(grpc::StatusCode code, const std::string& message,
                         const std::vector<Violation>& violations) {
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  if (!violations.empty()) {
    google::rpc::BadRequest bad;
    for (const Violation& v : violations) {
      auto* fv = bad.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    details.add_details()->PackFrom(bad);
  }
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  std::vector<Violation> violations;
  if (std::optional<std::string> field = query::FieldOf(status)) {
    std::string description = message;
    const std::string prefix = *field + ": ";
    if (description.rfind(prefix, 0) == 0) {
      description = description.substr(prefix.size());
    }
    violations.push_back({*field, description});
  }
  return WithDetails(code, message, violations);
}

grpc::Status InvalidArgument(const std::string& message,
                             const std::vector<Violation>& violations) {
  return WithDetails(grpc::StatusCode::INVALID_ARGUMENT, message, violations);
}

}  // namespace eventgraph::server
