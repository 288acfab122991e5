#include "query/event_filter.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "query/field_status.h"
#include "storage/reference/cameo_codebook.h"
#include "storage/text.h"

namespace eventgraph::query {

absl::StatusOr<EventFilter> EventFilter::Make(
    const std::string& action, const std::string& code_prefix,
    const std::vector<int>& quad_classes) {
  EventFilter f;
  if (!storage::IsValidUtf8(action)) {
    return InvalidFieldError("filter.action", "is not valid UTF-8");
  }
  f.action_ = storage::FoldName(action);
  std::string_view code = storage::TrimAscii(code_prefix);
  // A root ("04" consult, "19" fight), a base code ("043") or a full code:
  // a single digit is no CAMEO root.
  if (!code.empty() && !reference::IsWellFormedCameoCode(code)) {
    return InvalidFieldError(
        "filter.event_code_prefix",
        "must be a CAMEO root or code of 2 to 4 digits, e.g. \"04\" "
        "(consult), \"19\" (fight) or \"190\"");
  }
  f.code_prefix_ = std::string(code);
  for (int q : quad_classes) {
    if (q < 1 || q > 4) {
      return InvalidFieldError("filter.quad_classes",
                               absl::StrCat(q, " is not a quad class 1..4"));
    }
    f.quads_.set(q);
  }
  return f;
}

bool EventFilter::Matches(const storage::Event& e) const {
  if (quads_.any() && !quads_.test(static_cast<int>(e.quad_class))) {
    return false;
  }
  if (!code_prefix_.empty() && !absl::StartsWith(e.event_code, code_prefix_)) {
    return false;
  }
  if (!action_.empty() && storage::FoldName(e.action) != action_) return false;
  return true;
}

storage::Counter EventFilter::Mask(const storage::Counter& counter) const {
  if (quads_.none()) return counter;
  storage::Counter masked;
  for (int q = 0; q < storage::kQuadClassCount; ++q) {
    if (quads_.test(q)) masked.quad[q] = counter.quad[q];
  }
  return masked;
}

std::string EventFilter::CanonicalText() const {
  return absl::StrCat(action_, "|", code_prefix_, "|", quads_.to_string());
}

}  // namespace eventgraph::query
