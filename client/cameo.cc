#include "client/cameo.h"

#include "absl/strings/ascii.h"
#include "client/absl_compat.h"
#include "storage/reference/cameo_codebook.h"

namespace eventgraph::client {
namespace {

std::string_view Trimmed(std::string_view code) {
  return FromAbsl(absl::StripAsciiWhitespace(ToAbsl(code)));
}

}  // namespace

int QuadClassOfCameoCode(std::string_view code) {
  return reference::CameoQuadClass(Trimmed(code));
}

std::string CameoAction(std::string_view code) {
  return reference::CameoActionText(Trimmed(code));
}

}  // namespace eventgraph::client
