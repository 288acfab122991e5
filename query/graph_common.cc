#include "query/graph_common.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "query/event_filter.h"
#include "query/field_status.h"

namespace eventgraph::query {
namespace {

absl::StatusOr<int32_t> GoldsteinBound(const std::optional<double>& v,
                                       const char* field, int32_t fallback) {
  if (!v.has_value()) return fallback;
  if (!std::isfinite(*v) || *v < -10.0 || *v > 10.0) {
    return InvalidFieldError(field,
                             absl::StrCat(*v, " is outside -10..10"));
  }
  return static_cast<int32_t>(std::lround(*v * 100.0));
}

}  // namespace

absl::StatusOr<EdgeFilter> EdgeFilter::Compile(const EdgeFilterSpec& spec,
                                               const Reader& graph) {
  // The event-level checks (UTF-8, digits, quad range) are EventFilter's.
  absl::StatusOr<EventFilter> base =
      EventFilter::Make(spec.action, spec.code_prefix, spec.quad_classes);
  if (!base.ok()) return base.status();
  EdgeFilter f;
  if (spec.min_events < 0 || spec.min_events > 1'000'000) {
    return InvalidFieldError("filter.min_events",
                             absl::StrCat(spec.min_events,
                                          " is outside 0..1000000"));
  }
  f.min_events_ = std::max(1, spec.min_events);
  auto gmin = GoldsteinBound(spec.goldstein_min, "filter.goldstein_min", -1000);
  if (!gmin.ok()) return gmin.status();
  auto gmax = GoldsteinBound(spec.goldstein_max, "filter.goldstein_max", 1000);
  if (!gmax.ok()) return gmax.status();
  if (*gmin > *gmax) {
    return InvalidFieldError("filter.goldstein_min",
                             "is greater than filter.goldstein_max");
  }
  f.gmin_ = *gmin;
  f.gmax_ = *gmax;
  f.goldstein_required_ =
      spec.goldstein_min.has_value() || spec.goldstein_max.has_value();

  if (!base->code_prefix().empty()) {
    const auto& codes = graph.codes();
    f.codes_.resize(codes.size());
    for (size_t i = 0; i < codes.size(); ++i) {
      f.codes_[i] = absl::StartsWith(codes[i], base->code_prefix());
    }
  }
  if (!base->folded_action().empty()) {
    const auto& actions = graph.folded_actions();
    f.actions_.resize(actions.size());
    for (size_t i = 0; i < actions.size(); ++i) {
      f.actions_[i] = actions[i] == base->folded_action();
    }
  }
  f.any_quad_ = base->all_quads();
  for (int q = 0; q < storage::kQuadClassCount; ++q) {
    f.quads_[q] = base->KeepsQuad(q);
  }
  f.per_event_ = !base->code_prefix().empty() ||
                 !base->folded_action().empty() || !f.any_quad_ ||
                 f.goldstein_required_;
  return f;
}

bool EdgeFilter::Matches(const Reader& graph, Slot s) const {
  if (!per_event_) return true;
  if (!any_quad_ && !quads_[static_cast<int>(graph.quad(s))]) return false;
  if (!codes_.empty() && !codes_[graph.code_index(s)]) return false;
  if (!actions_.empty() && !actions_[graph.action_index(s)]) return false;
  if (goldstein_required_) {
    const int16_t g = graph.goldstein_centi(s);
    if (g == storage::kNoGoldstein || g < gmin_ || g > gmax_) return false;
  }
  return true;
}

void EdgeStats::Add(const EdgeStats& o) {
  if (o.events == 0) return;
  if (events == 0) {
    first = o.first;
    last = o.last;
  } else {
    first = std::min(first, o.first);
    last = std::max(last, o.last);
  }
  events += o.events;
  for (int q = 0; q < storage::kQuadClassCount; ++q) quad[q] += o.quad[q];
  goldstein_events += o.goldstein_events;
  goldstein_centi += o.goldstein_centi;
}

double EdgeStats::goldstein_mean() const {
  if (goldstein_events == 0) return 0.0;
  return static_cast<double>(goldstein_centi) / 100.0 /
         static_cast<double>(goldstein_events);
}

SlotRange WindowRange(const storage::PairEdges& pair, const GraphWindow& w) {
  const auto& edges = pair.edges;
  auto begin = std::lower_bound(
      edges.begin(), edges.end(), w.from,
      [](const storage::PairEdge& e, Day d) { return e.day < d; });
  auto end = std::upper_bound(
      begin, edges.end(), w.to,
      [](Day d, const storage::PairEdge& e) { return d < e.day; });
  return {static_cast<size_t>(begin - edges.begin()),
          static_cast<size_t>(end - edges.begin())};
}

int64_t CountPairEvents(const Reader& graph, const storage::PairEdges& pair,
                        const GraphWindow& w, const EdgeFilter& filter,
                        int64_t enough) {
  const SlotRange r = WindowRange(pair, w);
  if (!filter.per_event()) return static_cast<int64_t>(r.size());
  int64_t n = 0;
  for (size_t i = r.begin; i < r.end && n < enough; ++i) {
    if (filter.Matches(graph, pair.edges[i].slot)) ++n;
  }
  return n;
}

bool PairQualifies(const Reader& graph, const storage::PairEdges& pair,
                   const GraphWindow& w, const EdgeFilter& filter) {
  return CountPairEvents(graph, pair, w, filter, filter.min_events()) >=
         filter.min_events();
}

EdgeStats SummarizePair(const Reader& graph, const storage::PairEdges& pair,
                        const GraphWindow& w, const EdgeFilter& filter) {
  EdgeStats st;
  const SlotRange r = WindowRange(pair, w);
  for (size_t i = r.begin; i < r.end; ++i) {
    const Slot s = pair.edges[i].slot;
    if (!filter.Matches(graph, s)) continue;
    if (st.events == 0) st.first = pair.edges[i].day;
    st.last = pair.edges[i].day;
    ++st.events;
    ++st.quad[static_cast<int>(graph.quad(s))];
    const int16_t g = graph.goldstein_centi(s);
    if (g != storage::kNoGoldstein) {
      ++st.goldstein_events;
      st.goldstein_centi += g;
    }
  }
  return st;
}

void LatestSlots(const Reader& graph, const storage::PairEdges& pair,
                 const GraphWindow& w, const EdgeFilter& filter, int limit,
                 std::vector<std::pair<Day, Slot>>* out) {
  const SlotRange r = WindowRange(pair, w);
  int taken = 0;
  for (size_t i = r.end; i > r.begin && taken < limit; --i) {
    const storage::PairEdge& edge = pair.edges[i - 1];
    if (!filter.Matches(graph, edge.slot)) continue;
    out->emplace_back(edge.day, edge.slot);
    ++taken;
  }
}

absl::Status SearchBudget::Check() {
  if (visited_actors > max_visited_actors ||
      expanded_edges > max_expanded_edges) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "search budget exhausted after visiting ", visited_actors,
        " actors and expanding ", expanded_edges, " edges (depth ", depth,
        "; limits: ", max_visited_actors, " actors, ", max_expanded_edges,
        " edges)"));
  }
  if ((++calls_ & 4095) == 0 && absl::Now() > deadline) {
    return absl::DeadlineExceededError(absl::StrCat(
        "deadline passed after visiting ", visited_actors,
        " actors and expanding ", expanded_edges, " edges (depth ", depth,
        ")"));
  }
  return absl::OkStatus();
}

}  // namespace eventgraph::query
