// Errors that name the request field at fault. An InvalidArgument status
// made here carries the field path as a payload; the server turns it into a
// google.rpc.BadRequest field violation.
//
// Thread safety: thread-safe (pure functions).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace eventgraph::query {

// Returns InvalidArgument("<field>: <description>") carrying `field`.
absl::Status InvalidFieldError(std::string_view field,
                               std::string_view description);

// The field named by a status made by InvalidFieldError, if any.
std::optional<std::string> FieldOf(const absl::Status& status);

}  // namespace eventgraph::query
