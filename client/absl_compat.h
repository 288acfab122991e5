// Debian's Abseil is built with its own absl::string_view rather than an
// alias of std::string_view, so absl's string functions do not take a
// std::string_view. ToAbsl() adapts one at the call site.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace eventgraph::client {

inline absl::string_view ToAbsl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

inline std::string_view FromAbsl(absl::string_view text) {
  return std::string_view(text.data(), text.size());
}

}  // namespace eventgraph::client
