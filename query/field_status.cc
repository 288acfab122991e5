#include "query/field_status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace eventgraph::query {
namespace {
constexpr char kFieldPayload[] = "type.eventgraph.dev/field";
}  // namespace

absl::Status InvalidFieldError(std::string_view field,
                               std::string_view description) {
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat(std::string(field), ": ", std::string(description)));
  status.SetPayload(kFieldPayload, absl::Cord(std::string(field)));
  return status;
}

std::optional<std::string> FieldOf(const absl::Status& status) {
  auto payload = status.GetPayload(kFieldPayload);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

}  // namespace eventgraph::query
