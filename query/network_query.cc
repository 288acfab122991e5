// GetNeighbors and GetSubgraph: an actor's partners and the network around
// seed actors, from the per-pair lists of the TemporalGraph.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "query/field_status.h"
#include "query/graph_query.h"
#include "query/graph_scope.h"
#include "query/rollup.h"
#include "storage/reference/countries.h"
#include "storage/status_macros.h"

namespace eventgraph::query {
namespace {

bool FollowsOut(Direction d) { return d != Direction::kIn; }
bool FollowsIn(Direction d) { return d != Direction::kOut; }

// The matching events between `a` and each partner, per direction.
struct PartnerStats {
  EdgeStats out;  // a -> partner
  EdgeStats in;   // partner -> a
  EdgeStats Combined(Direction d) const {
    EdgeStats s;
    if (FollowsOut(d)) s.Add(out);
    if (FollowsIn(d)) s.Add(in);
    return s;
  }
};

// Calls fn(pair_index, pair, partner, out) for every pair of `a` in the
// directions `d` follows, self-loops excluded, charging the budget one edge
// per pair. `out` is true for a -> partner.
template <typename Fn>
absl::Status ForEachPartnerPair(const Reader& graph, ActorId a, Direction d,
                                SearchBudget* budget, Fn fn) {
  for (const bool out : {true, false}) {
    if (out ? !FollowsOut(d) : !FollowsIn(d)) continue;
    for (storage::PairIndex p : out ? graph.OutPairs(a) : graph.InPairs(a)) {
      const storage::PairEdges& pair = graph.pair(p);
      const ActorId partner = out ? pair.dst : pair.src;
      if (partner == a) continue;
      ++budget->expanded_edges;
      RETURN_IF_ERROR(budget->Check());
      fn(p, pair, partner, out);
    }
  }
  return absl::OkStatus();
}

// Summaries of every partner of `a` (self-loops excluded) in the window.
absl::Status CollectPartners(const Reader& graph, ActorId a, Direction d,
                             const GraphWindow& w, const EdgeFilter& filter,
                             SearchBudget* budget,
                             absl::flat_hash_map<ActorId, PartnerStats>* out) {
  return ForEachPartnerPair(
      graph, a, d, budget,
      [&](storage::PairIndex, const storage::PairEdges& pair, ActorId partner,
          bool is_out) {
        EdgeStats st = SummarizePair(graph, pair, w, filter);
        if (st.events == 0) return;
        (is_out ? (*out)[partner].out : (*out)[partner].in) = st;
      });
}

// Sort key helpers: a missing Goldstein mean sorts last in either order.
bool BetterNeighbor(const NeighborEntry& x, const NeighborEntry& y,
                    NeighborOrder order) {
  auto by_count = [&] {
    if (x.stats.events != y.stats.events) return x.stats.events > y.stats.events;
    return x.actor < y.actor;
  };
  switch (order) {
    case NeighborOrder::kCount:
      return by_count();
    case NeighborOrder::kCooperative:
    case NeighborOrder::kHostile: {
      const bool xs = x.stats.goldstein_events > 0;
      const bool ys = y.stats.goldstein_events > 0;
      if (xs != ys) return xs;
      const double xm = x.stats.goldstein_mean();
      const double ym = y.stats.goldstein_mean();
      if (xm != ym) {
        return order == NeighborOrder::kCooperative ? xm > ym : xm < ym;
      }
      return by_count();
    }
    case NeighborOrder::kRecent:
      if (x.stats.last != y.stats.last) return x.stats.last > y.stats.last;
      return by_count();
  }
  return by_count();
}

// Every matching event of `a` in the window, with any partner; a self-loop
// counts once.
absl::Status ActorTotal(const Reader& graph, ActorId a, const GraphWindow& w,
                        const EdgeFilter& filter, SearchBudget* budget,
                        EdgeStats* total) {
  for (storage::PairIndex p : graph.OutPairs(a)) {
    ++budget->expanded_edges;
    RETURN_IF_ERROR(budget->Check());
    total->Add(SummarizePair(graph, graph.pair(p), w, filter));
  }
  for (storage::PairIndex p : graph.InPairs(a)) {
    const storage::PairEdges& pair = graph.pair(p);
    if (pair.src == a) continue;
    ++budget->expanded_edges;
    RETURN_IF_ERROR(budget->Check());
    total->Add(SummarizePair(graph, pair, w, filter));
  }
  return absl::OkStatus();
}

// Neighbours ordered by count when the filter tests no event: counts come
// from the pairs' window ranges; names and summaries only for the partners
// that can make the top `limit`.
absl::Status TopByCount(const storage::EventStore& store, const Reader& graph,
                        ActorId a, Direction d, const GraphWindow& w,
                        const EdgeFilter& filter, int limit,
                        SearchBudget* budget, NeighborsResult* result) {
  struct Count {
    int64_t out = 0, in = 0;
    int64_t out_pair = -1, in_pair = -1;
    int64_t total() const { return out + in; }
  };
  absl::flat_hash_map<ActorId, Count> counts;
  RETURN_IF_ERROR(ForEachPartnerPair(
      graph, a, d, budget,
      [&](storage::PairIndex p, const storage::PairEdges& pair,
          ActorId partner, bool out) {
        const int64_t n = static_cast<int64_t>(WindowRange(pair, w).size());
        if (n == 0) return;
        Count& c = counts[partner];
        (out ? c.out : c.in) = n;
        (out ? c.out_pair : c.in_pair) = p;
      }));
  std::vector<std::pair<ActorId, Count>> ranked;
  for (const auto& [id, c] : counts) {
    if (c.total() >= filter.min_events()) ranked.emplace_back(id, c);
  }
  result->total = static_cast<int64_t>(ranked.size());
  if (ranked.size() > static_cast<size_t>(limit)) {
    // Keep every partner with at least the limit-th count (ties are broken
    // by name below).
    std::nth_element(ranked.begin(), ranked.begin() + (limit - 1), ranked.end(),
                     [](const auto& x, const auto& y) {
                       return x.second.total() > y.second.total();
                     });
    const int64_t cut = ranked[limit - 1].second.total();
    ranked.erase(std::remove_if(ranked.begin(), ranked.end(),
                                [cut](const auto& x) {
                                  return x.second.total() < cut;
                                }),
                 ranked.end());
  }
  std::vector<std::pair<std::string, const Count*>> named;
  for (const auto& [id, c] : ranked) named.emplace_back(store.ActorName(id), &c);
  std::sort(named.begin(), named.end(), [](const auto& x, const auto& y) {
    if (x.second->total() != y.second->total()) {
      return x.second->total() > y.second->total();
    }
    return x.first < y.first;
  });
  if (named.size() > static_cast<size_t>(limit)) named.resize(limit);
  for (auto& [name, c] : named) {
    NeighborEntry e;
    e.actor = std::move(name);
    e.out_events = c->out;
    e.in_events = c->in;
    if (c->out_pair >= 0) {
      e.stats.Add(SummarizePair(
          graph, graph.pair(static_cast<storage::PairIndex>(c->out_pair)), w,
          filter));
    }
    if (c->in_pair >= 0) {
      e.stats.Add(SummarizePair(
          graph, graph.pair(static_cast<storage::PairIndex>(c->in_pair)), w,
          filter));
    }
    result->neighbors.push_back(std::move(e));
  }
  return absl::OkStatus();
}

// Partner countries of the actors of `country` (NeighborsQuery::rollup).
absl::Status CountryNeighbors(const storage::EventStore& store,
                              const Reader& graph, const std::string& country,
                              Direction d, const GraphWindow& w,
                              const EdgeFilter& filter, SearchBudget* budget,
                              NeighborsResult* result) {
  absl::flat_hash_map<ActorId, std::string> country_of;
  auto country_of_actor = [&](ActorId id) -> const std::string& {
    auto it = country_of.find(id);
    if (it == country_of.end()) {
      it = country_of.emplace(id, store.CountryOf(id)).first;
    }
    return it->second;
  };
  absl::flat_hash_map<std::string, PartnerStats> partners;
  for (ActorId a : store.CountryMembers(country)) {
    RETURN_IF_ERROR(ForEachPartnerPair(
        graph, a, d, budget,
        [&](storage::PairIndex, const storage::PairEdges& pair,
            ActorId partner, bool is_out) {
          const std::string& c = country_of_actor(partner);
          if (c.empty() || c == country) return;
          EdgeStats st = SummarizePair(graph, pair, w, filter);
          if (st.events == 0) return;
          (is_out ? partners[c].out : partners[c].in).Add(st);
        }));
  }
  for (const auto& [c, st] : partners) {
    NeighborEntry e;
    e.stats = st.Combined(d);
    if (e.stats.events < filter.min_events()) continue;
    e.out_events = FollowsOut(d) ? st.out.events : 0;
    e.in_events = FollowsIn(d) ? st.in.events : 0;
    const reference::Country* known = reference::FindCountryByCode(c);
    e.actor = known != nullptr ? std::string(known->name) : c;
    e.country = c;
    result->neighbors.push_back(std::move(e));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NeighborsResult> FindNeighbors(const storage::EventStore& store,
                                              const NeighborsQuery& query) {
  // Fail fast without the graph index, before checking the fields.
  RETURN_IF_ERROR(GraphOf(store).status());
  ActorId actor = 0;
  std::string country;
  if (query.rollup == Rollup::kCountry) {
    if (query.actor.empty()) return InvalidFieldError("actor", "is required");
    ASSIGN_OR_RETURN(country, ResolveCountry(store, "country", query.actor));
  } else {
    ASSIGN_OR_RETURN(actor, ResolveActor(store, "actor", query.actor));
  }
  ASSIGN_OR_RETURN(int limit, BoundedInt("limit", query.limit,
                                         kDefaultNeighbors, 1, kMaxNeighbors));
  ASSIGN_OR_RETURN(SearchBudget budget, MakeBudget(query.scope));
  NeighborsResult result;
  if (!country.empty()) {
    const reference::Country* known = reference::FindCountryByCode(country);
    result.actor = known != nullptr ? std::string(known->name) : country;
    result.country = country;
  } else {
    result.actor = store.ActorName(actor);
  }
  {
    ASSIGN_OR_RETURN(std::unique_ptr<QueryGraph> graph_lease,
                     QueryGraph::Open(store, query.scope));
    const Reader& graph = graph_lease->reader();
    result.window = graph_lease->window();
    ASSIGN_OR_RETURN(EdgeFilter filter,
                     EdgeFilter::Compile(query.scope.filter, graph));
    if (!country.empty()) {
      RETURN_IF_ERROR(CountryNeighbors(store, graph, country, query.direction,
                                       result.window, filter, &budget,
                                       &result));
    } else if (query.order == NeighborOrder::kCount && !filter.per_event()) {
      // Ranking by count needs only each pair's range in the window (two
      // binary searches); only the partners kept are summarized.
      RETURN_IF_ERROR(TopByCount(store, graph, actor, query.direction,
                                 result.window, filter, limit, &budget,
                                 &result));
      return result;
    } else {
      absl::flat_hash_map<ActorId, PartnerStats> partners;
      RETURN_IF_ERROR(CollectPartners(graph, actor, query.direction,
                                      result.window, filter, &budget,
                                      &partners));
      for (const auto& [id, st] : partners) {
        NeighborEntry e;
        e.stats = st.Combined(query.direction);
        if (e.stats.events < filter.min_events()) continue;
        e.out_events = FollowsOut(query.direction) ? st.out.events : 0;
        e.in_events = FollowsIn(query.direction) ? st.in.events : 0;
        e.actor = store.ActorName(id);  // ties sort by name
        result.neighbors.push_back(std::move(e));
      }
    }
  }
  result.total = static_cast<int64_t>(result.neighbors.size());
  const size_t keep = std::min<size_t>(limit, result.neighbors.size());
  std::partial_sort(result.neighbors.begin(), result.neighbors.begin() + keep,
                    result.neighbors.end(),
                    [&](const NeighborEntry& x, const NeighborEntry& y) {
                      return BetterNeighbor(x, y, query.order);
                    });
  result.neighbors.resize(keep);
  return result;
}

absl::StatusOr<SubgraphResult> FindSubgraph(const storage::EventStore& store,
                                            const SubgraphQuery& query) {
  const absl::Time start = absl::Now();
  // Fail fast without the graph index, before checking the fields.
  RETURN_IF_ERROR(GraphOf(store).status());
  if (query.seeds.empty()) {
    return InvalidFieldError("seeds", "at least one seed actor is required");
  }
  if (query.seeds.size() > static_cast<size_t>(kMaxSeeds)) {
    return InvalidFieldError(
        "seeds", absl::StrCat(query.seeds.size(), " seeds; the limit is ",
                              kMaxSeeds));
  }
  if (query.radius < 0 || query.radius > kMaxSubgraphRadius) {
    return InvalidFieldError(
        "radius",
        absl::StrCat(query.radius, " is outside 0..", kMaxSubgraphRadius));
  }
  ASSIGN_OR_RETURN(int max_nodes,
                   BoundedInt("max_nodes", query.max_nodes,
                              kDefaultSubgraphNodes, 1, kMaxSubgraphNodes));
  ASSIGN_OR_RETURN(int max_edges,
                   BoundedInt("max_edges", query.max_edges,
                              kDefaultSubgraphEdges, 1, kMaxSubgraphEdges));
  std::vector<ActorId> seeds;
  for (size_t i = 0; i < query.seeds.size(); ++i) {
    ASSIGN_OR_RETURN(ActorId id,
                     ResolveActor(store, absl::StrCat("seeds[", i, "]"),
                                  query.seeds[i]));
    if (std::find(seeds.begin(), seeds.end(), id) == seeds.end()) {
      seeds.push_back(id);
    }
  }
  ASSIGN_OR_RETURN(SearchBudget budget, MakeBudget(query.scope));

  SubgraphResult result;
  struct Chosen {
    ActorId id;
    int distance;
    EdgeStats total;
  };
  std::vector<Chosen> chosen;
  struct PairOut {
    ActorId src, dst;
    EdgeStats stats;
  };
  std::vector<PairOut> edges;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<QueryGraph> graph_lease,
                     QueryGraph::Open(store, query.scope));
    const Reader& graph = graph_lease->reader();
    result.window = graph_lease->window();
    ASSIGN_OR_RETURN(EdgeFilter filter,
                     EdgeFilter::Compile(query.scope.filter, graph));
    const GraphWindow& w = result.window;

    absl::flat_hash_map<ActorId, int> distance;
    std::vector<ActorId> frontier;
    for (ActorId s : seeds) {
      if (chosen.size() >= static_cast<size_t>(max_nodes)) {
        result.truncated = true;
        break;
      }
      distance[s] = 0;
      chosen.push_back({s, 0, {}});
      frontier.push_back(s);
      ++budget.visited_actors;
    }
    for (int depth = 1; depth <= query.radius && !frontier.empty() &&
                        !result.truncated;
         ++depth) {
      budget.depth = depth;
      // Candidates of this layer, weighted by their events with the nodes
      // already chosen.
      absl::flat_hash_map<ActorId, int64_t> weight;
      for (ActorId u : frontier) {
        absl::flat_hash_map<ActorId, PartnerStats> partners;
        RETURN_IF_ERROR(CollectPartners(graph, u, query.direction, w, filter,
                                        &budget, &partners));
        for (const auto& [v, st] : partners) {
          if (distance.contains(v)) continue;
          const int64_t n = st.Combined(query.direction).events;
          if (n < filter.min_events()) continue;
          weight[v] += n;
        }
      }
      std::vector<std::pair<ActorId, int64_t>> layer(weight.begin(),
                                                     weight.end());
      std::sort(layer.begin(), layer.end(), [&](const auto& x, const auto& y) {
        if (x.second != y.second) return x.second > y.second;
        return x.first < y.first;
      });
      frontier.clear();
      for (const auto& [v, n] : layer) {
        if (chosen.size() >= static_cast<size_t>(max_nodes)) {
          result.truncated = true;
          break;
        }
        distance[v] = depth;
        chosen.push_back({v, depth, {}});
        frontier.push_back(v);
        ++budget.visited_actors;
        RETURN_IF_ERROR(budget.Check());
      }
    }
    // Totals and the pairs among the chosen nodes.
    for (Chosen& c : chosen) {
      RETURN_IF_ERROR(ActorTotal(graph, c.id, w, filter, &budget, &c.total));
      for (storage::PairIndex p : graph.OutPairs(c.id)) {
        const storage::PairEdges& pair = graph.pair(p);
        if (pair.dst == c.id || !distance.contains(pair.dst)) continue;
        ++budget.expanded_edges;
        RETURN_IF_ERROR(budget.Check());
        EdgeStats st = SummarizePair(graph, pair, w, filter);
        if (st.events >= filter.min_events() && st.events > 0) {
          edges.push_back({pair.src, pair.dst, st});
        }
      }
    }
  }
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const Chosen& x, const Chosen& y) {
                     if (x.distance != y.distance) {
                       return x.distance < y.distance;
                     }
                     return x.total.events > y.total.events;
                   });
  std::sort(edges.begin(), edges.end(), [](const PairOut& x, const PairOut& y) {
    if (x.stats.events != y.stats.events) return x.stats.events > y.stats.events;
    return std::tie(x.src, x.dst) < std::tie(y.src, y.dst);
  });
  if (edges.size() > static_cast<size_t>(max_edges)) {
    edges.resize(max_edges);
    result.truncated = true;
  }
  for (const Chosen& c : chosen) {
    result.nodes.push_back({store.ActorName(c.id), c.distance, c.total});
  }
  for (const PairOut& e : edges) {
    result.edges.push_back(
        {store.ActorName(e.src), store.ActorName(e.dst), e.stats});
  }
  result.report = ReportOf(budget, start);
  return result;
}

}  // namespace eventgraph::query
