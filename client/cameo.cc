#include "client/cameo.h"

#include "absl/strings/ascii.h"
#include "client/absl_compat.h"

namespace eventgraph::client {

int QuadClassOfCameoCode(std::string_view code) {
  const std::string_view text =
      FromAbsl(absl::StripAsciiWhitespace(ToAbsl(code)));
  if (text.size() < 2 || !absl::ascii_isdigit(text[0]) ||
      !absl::ascii_isdigit(text[1])) {
    return 0;
  }
  const int root = (text[0] - '0') * 10 + (text[1] - '0');
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return 0;
}

std::string CameoAction(std::string_view code) {
  std::string action = "CAMEO ";
  action.append(FromAbsl(absl::StripAsciiWhitespace(ToAbsl(code))));
  return action;
}

}  // namespace eventgraph::client
