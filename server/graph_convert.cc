#include "server/graph_convert.h"

#include "absl/strings/str_cat.h"
#include "query/field_status.h"
#include "server/actor_convert.h"
#include "server/convert.h"
#include "storage/status_macros.h"

namespace eventgraph::server {
namespace {

absl::StatusOr<query::PathMode> ModeFromProto(v1::PathMode mode) {
  switch (mode) {
    case v1::PATH_MODE_UNSPECIFIED:
    case v1::PATH_MODE_SHORTEST:
      return query::PathMode::kShortest;
    case v1::PATH_MODE_K_SHORTEST:
      return query::PathMode::kKShortest;
    case v1::PATH_MODE_WEIGHTED:
      return query::PathMode::kWeighted;
    case v1::PATH_MODE_EARLIEST_ARRIVAL:
      return query::PathMode::kEarliestArrival;
    case v1::PATH_MODE_LATEST_DEPARTURE:
      return query::PathMode::kLatestDeparture;
    case v1::PATH_MODE_FASTEST:
      return query::PathMode::kFastest;
    case v1::PATH_MODE_FEWEST_HOPS:
      return query::PathMode::kFewestHops;
    default:
      return query::InvalidFieldError(
          "mode", absl::StrCat(static_cast<int>(mode), " is not a PathMode"));
  }
}

absl::StatusOr<query::NeighborOrder> OrderFromProto(v1::NeighborOrder order) {
  switch (order) {
    case v1::NEIGHBOR_ORDER_UNSPECIFIED:
    case v1::NEIGHBOR_ORDER_COUNT:
      return query::NeighborOrder::kCount;
    case v1::NEIGHBOR_ORDER_COOPERATIVE:
      return query::NeighborOrder::kCooperative;
    case v1::NEIGHBOR_ORDER_HOSTILE:
      return query::NeighborOrder::kHostile;
    case v1::NEIGHBOR_ORDER_RECENT:
      return query::NeighborOrder::kRecent;
    default:
      return query::InvalidFieldError(
          "order",
          absl::StrCat(static_cast<int>(order), " is not a NeighborOrder"));
  }
}

}  // namespace

absl::StatusOr<query::GraphScope> ScopeFromProto(const std::string& from_date,
                                                 const std::string& to_date,
                                                 const v1::EdgeFilter& filter) {
  query::GraphScope s;
  ASSIGN_OR_RETURN(s.from, ParseDateField("from_date", from_date));
  ASSIGN_OR_RETURN(s.to, ParseDateField("to_date", to_date));
  s.filter.action = filter.action();
  s.filter.code_prefix = filter.event_code_prefix();
  s.filter.quad_classes.assign(filter.quad_classes().begin(),
                               filter.quad_classes().end());
  if (filter.has_goldstein_min()) s.filter.goldstein_min = filter.goldstein_min();
  if (filter.has_goldstein_max()) s.filter.goldstein_max = filter.goldstein_max();
  s.filter.min_events = filter.min_events();
  return s;
}

absl::StatusOr<query::PathQuery> FromProto(const v1::FindPathsRequest& in) {
  query::PathQuery q;
  q.from_actor = in.from_actor();
  q.to_actor = in.to_actor();
  ASSIGN_OR_RETURN(q.scope,
                   ScopeFromProto(in.from_date(), in.to_date(), in.filter()));
  q.scope.max_visited_actors = in.max_visited_actors();
  q.scope.max_expanded_edges = in.max_expanded_edges();
  q.directed = in.directed();
  ASSIGN_OR_RETURN(q.mode, ModeFromProto(in.mode()));
  q.max_hops = in.max_hops();
  q.limit = in.limit();
  ASSIGN_OR_RETURN(q.start, ParseDateField("start_date", in.start_date()));
  ASSIGN_OR_RETURN(q.end, ParseDateField("end_date", in.end_date()));
  q.strict = in.strict();
  q.evidence_events = in.evidence_events();
  ASSIGN_OR_RETURN(query::Rollup rollup, FromProto(in.rollup(), "rollup"));
  if (rollup != query::Rollup::kNone) {
    return query::InvalidFieldError(
        "rollup", "FindPaths does not support ROLLUP_COUNTRY yet");
  }
  return q;
}

absl::StatusOr<query::NeighborsQuery> FromProto(
    const v1::GetNeighborsRequest& in) {
  query::NeighborsQuery q;
  q.actor = in.actor();
  ASSIGN_OR_RETURN(q.direction, FromProto(in.direction(), "direction"));
  ASSIGN_OR_RETURN(q.scope,
                   ScopeFromProto(in.from_date(), in.to_date(), in.filter()));
  q.limit = in.limit();
  ASSIGN_OR_RETURN(q.order, OrderFromProto(in.order()));
  ASSIGN_OR_RETURN(q.rollup, FromProto(in.rollup(), "rollup"));
  return q;
}

absl::StatusOr<query::SubgraphQuery> FromProto(
    const v1::GetSubgraphRequest& in) {
  query::SubgraphQuery q;
  q.seeds.assign(in.seeds().begin(), in.seeds().end());
  q.radius = in.has_radius() ? in.radius() : 1;
  ASSIGN_OR_RETURN(q.direction, FromProto(in.direction(), "direction"));
  ASSIGN_OR_RETURN(q.scope,
                   ScopeFromProto(in.from_date(), in.to_date(), in.filter()));
  q.max_nodes = in.max_nodes();
  q.max_edges = in.max_edges();
  return q;
}

void ToProto(const query::EdgeStats& in, v1::EdgeSummary* out) {
  out->set_event_count(in.events);
  out->set_verbal_cooperation(in.quad[1]);
  out->set_material_cooperation(in.quad[2]);
  out->set_verbal_conflict(in.quad[3]);
  out->set_material_conflict(in.quad[4]);
  out->set_unclassified(in.quad[0]);
  out->set_goldstein_events(in.goldstein_events);
  if (in.goldstein_events > 0) out->set_goldstein_mean(in.goldstein_mean());
  if (in.events > 0) {
    out->set_first_date(storage::FormatDate(in.first));
    out->set_last_date(storage::FormatDate(in.last));
  }
}

void ToProto(const query::PathsResult& in, v1::PathMode mode,
             v1::FindPathsResponse* out) {
  out->set_from_actor(in.from_actor);
  out->set_to_actor(in.to_actor);
  out->set_mode(mode == v1::PATH_MODE_UNSPECIFIED ? v1::PATH_MODE_SHORTEST
                                                  : mode);
  out->set_from_date(storage::FormatDate(in.window.from));
  out->set_to_date(storage::FormatDate(in.window.to));
  for (const query::PathAnswer& p : in.paths) {
    v1::Path* path = out->add_paths();
    for (const std::string& a : p.actors) path->add_actors(a);
    path->set_cost(p.cost);
    if (p.departure) path->set_departure_date(storage::FormatDate(*p.departure));
    if (p.arrival) path->set_arrival_date(storage::FormatDate(*p.arrival));
    for (const query::HopEvidence& h : p.hops) {
      v1::PathHop* hop = path->add_hops();
      hop->set_from_actor(h.from);
      hop->set_to_actor(h.to);
      ToProto(h.stats, hop->mutable_summary());
      for (const storage::Event& e : h.top_events) {
        ToProto(e, hop->add_top_events());
      }
      if (h.event) ToProto(*h.event, hop->mutable_event());
      hop->set_cost(h.cost);
    }
  }
  out->set_reason(in.reason);
  out->set_truncated(in.truncated);
  v1::SearchStats* stats = out->mutable_stats();
  stats->set_visited_actors(in.report.visited_actors);
  stats->set_expanded_edges(in.report.expanded_edges);
  stats->set_depth(in.report.depth);
  stats->set_elapsed_ms(in.report.elapsed_ms);
}

void ToProto(const query::NeighborsResult& in, v1::GetNeighborsResponse* out) {
  out->set_actor(in.actor);
  out->set_from_date(storage::FormatDate(in.window.from));
  out->set_to_date(storage::FormatDate(in.window.to));
  out->set_total_neighbors(in.total);
  out->set_country(in.country);
  for (const query::NeighborEntry& n : in.neighbors) {
    v1::Neighbor* nb = out->add_neighbors();
    nb->set_actor(n.actor);
    ToProto(n.stats, nb->mutable_summary());
    nb->set_out_count(n.out_events);
    nb->set_in_count(n.in_events);
    nb->set_country(n.country);
  }
}

}  // namespace eventgraph::server
