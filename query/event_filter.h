// Filters on events, pushed into every scan of the query layer.
//
// Thread safety: an EventFilter is immutable after construction; Matches is
// thread-safe.
#pragma once

#include <bitset>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/event.h"
#include "storage/records.h"

namespace eventgraph::query {

class EventFilter {
 public:
  EventFilter() = default;

  // Builds a filter. `action` is matched exactly after normalization and case
  // folding; `code_prefix` is a CAMEO root or code prefix of 2 to 4 digits
  // ("04" consult, "19" fight; empty: any); `quad_classes`
  // lists classes 1..4 to keep (empty: all). Errors: InvalidArgument naming
  // the field ("filter.event_code_prefix", "filter.quad_classes").
  static absl::StatusOr<EventFilter> Make(const std::string& action,
                                          const std::string& code_prefix,
                                          const std::vector<int>& quad_classes);

  // True when an event must be read to decide (action or code filters):
  // counters cannot answer such a query.
  bool NeedsEvents() const { return !action_.empty() || !code_prefix_.empty(); }

  bool Matches(const storage::Event& event) const;

  // `counter` with the quad classes outside the filter zeroed.
  storage::Counter Mask(const storage::Counter& counter) const;

  // The folded action ("" for any), the code prefix ("" for any), and
  // whether quad class q is kept.
  const std::string& folded_action() const { return action_; }
  const std::string& code_prefix() const { return code_prefix_; }
  bool KeepsQuad(int q) const { return quads_.none() || quads_.test(q); }
  bool all_quads() const { return quads_.none(); }

  // A stable text form, for page-token fingerprints.
  std::string CanonicalText() const;

 private:
  std::string action_;  // folded
  std::string code_prefix_;
  std::bitset<storage::kQuadClassCount> quads_;  // none set: all
};

}  // namespace eventgraph::query
