// Tests of FindHopPaths: hand-made graphs for the edge cases, and random
// small graphs checked against a brute-force enumeration of every simple
// path in the window's graph.
#include "query/hop_paths.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "storage/event.h"
#include "storage/temporal_graph.h"

namespace eventgraph::query {
namespace {

using storage::Event;
using storage::QuadClass;
using storage::TemporalGraph;

// ---------------------------------------------------------------------------
// Building graphs.

struct Spec {
  ActorId src;
  ActorId dst;
  Day day = 10;
  int quad = 1;
  std::optional<double> goldstein = 1.0;
  std::string code = "010";
};

std::vector<Event> MakeEvents(const std::vector<Spec>& specs) {
  std::vector<Event> events;
  for (const Spec& s : specs) {
    Event e;
    e.id = events.size() + 1;
    e.actor_id = s.src;
    e.target_id = s.dst;
    e.actor = absl::StrCat("A", s.src);
    e.target = absl::StrCat("A", s.dst);
    e.action = "Make statement";
    e.day = s.day;
    e.quad_class = static_cast<QuadClass>(s.quad);
    e.goldstein = s.goldstein;
    e.event_code = s.code;
    events.push_back(std::move(e));
  }
  return events;
}

// A graph of `specs` with a search over it.
class Fixture {
 public:
  explicit Fixture(const std::vector<Spec>& specs)
      : events_(MakeEvents(specs)) {
    graph_.Add(absl::MakeConstSpan(events_));
  }

  const std::vector<Event>& events() const { return events_; }

  absl::StatusOr<HopResult> Find(const HopRequest& request,
                                 const EdgeFilterSpec& spec = {},
                                 SearchBudget* budget = nullptr) {
    TemporalGraph::Reader reader(&graph_);
    absl::StatusOr<EdgeFilter> filter = EdgeFilter::Compile(spec, reader);
    if (!filter.ok()) return filter.status();
    SearchBudget local;
    return FindHopPaths(reader, *filter, request,
                        budget != nullptr ? budget : &local);
  }

 private:
  std::vector<Event> events_;
  TemporalGraph graph_;
};

HopRequest Request(ActorId from, ActorId to, HopMode mode, bool directed,
                   int max_hops = 4, int limit = 10) {
  HopRequest r;
  r.from = from;
  r.to = to;
  r.mode = mode;
  r.directed = directed;
  r.max_hops = max_hops;
  r.limit = limit;
  return r;
}

std::vector<std::vector<ActorId>> ActorsOf(const HopResult& result) {
  std::vector<std::vector<ActorId>> out;
  for (const FoundPath& p : result.paths) out.push_back(p.actors);
  return out;
}

std::string Show(const std::vector<ActorId>& actors) {
  return absl::StrJoin(actors, "-");
}

// ---------------------------------------------------------------------------
// The brute-force model of a window's graph.

class Model {
 public:
  Model(const std::vector<Event>& events, const EdgeFilterSpec& spec,
        const GraphWindow& window, bool directed)
      : directed_(directed) {
    struct Sum {
      int64_t n = 0;
      int64_t g_events = 0;
      int64_t g_centi = 0;
    };
    std::map<std::pair<ActorId, ActorId>, Sum> pairs;
    for (const Event& e : events) {
      if (!Matches(e, spec, window)) continue;
      Sum& sum = pairs[{e.actor_id, e.target_id}];
      ++sum.n;
      if (e.goldstein.has_value()) {
        ++sum.g_events;
        sum.g_centi += std::lround(*e.goldstein * 100.0);
      }
    }
    const int64_t need = std::max(1, spec.min_events);
    for (const auto& [key, sum] : pairs) {
      const auto [u, v] = key;
      if (u == v) continue;
      Sum total = sum;
      if (!directed) {
        if (edges_.count({u, v}) > 0) continue;  // done from (v, u)
        auto it = pairs.find({v, u});
        if (it != pairs.end()) {
          total.n += it->second.n;
          total.g_events += it->second.g_events;
          total.g_centi += it->second.g_centi;
        }
      }
      if (total.n < need) continue;
      const double mean = total.g_events == 0
                              ? 0.0
                              : static_cast<double>(total.g_centi) / 100.0 /
                                    static_cast<double>(total.g_events);
      const double cost = 21.0 / (static_cast<double>(total.n) * (mean + 11.0));
      edges_[{u, v}] = cost;
      if (!directed) edges_[{v, u}] = cost;
    }
    for (const auto& [key, cost] : edges_) {
      adjacency_[key.first].push_back(key.second);
    }
  }

  static bool Matches(const Event& e, const EdgeFilterSpec& spec,
                      const GraphWindow& w) {
    if (e.day < w.from || e.day > w.to) return false;
    if (!spec.quad_classes.empty() &&
        std::find(spec.quad_classes.begin(), spec.quad_classes.end(),
                  static_cast<int>(e.quad_class)) == spec.quad_classes.end()) {
      return false;
    }
    if (!absl::StartsWith(e.event_code, spec.code_prefix)) return false;
    if (spec.goldstein_min.has_value() || spec.goldstein_max.has_value()) {
      if (!e.goldstein.has_value()) return false;
      const long g = std::lround(*e.goldstein * 100.0);
      if (spec.goldstein_min && g < std::lround(*spec.goldstein_min * 100)) {
        return false;
      }
      if (spec.goldstein_max && g > std::lround(*spec.goldstein_max * 100)) {
        return false;
      }
    }
    return true;
  }

  std::optional<double> Cost(ActorId u, ActorId v) const {
    auto it = edges_.find({u, v});
    if (it == edges_.end()) return std::nullopt;
    return it->second;
  }

  // The actors linked from `u`, in order.
  const std::vector<ActorId>& Neighbours(ActorId u) const {
    static const std::vector<ActorId> kNone;
    auto it = adjacency_.find(u);
    return it == adjacency_.end() ? kNone : it->second;
  }

  struct Path {
    std::vector<ActorId> actors;
    double cost = 0;
    size_t hops() const { return actors.size() - 1; }
  };

  // Every simple path from `from` to `to` with at most max_hops hops.
  std::vector<Path> AllPaths(ActorId from, ActorId to, int max_hops) const {
    std::vector<Path> out;
    Path current;
    current.actors.push_back(from);
    Walk(to, max_hops, &current, &out);
    return out;
  }

 private:
  void Walk(ActorId to, int max_hops, Path* current,
            std::vector<Path>* out) const {
    const ActorId u = current->actors.back();
    if (u == to) {
      out->push_back(*current);
      return;
    }
    if (static_cast<int>(current->hops()) == max_hops) return;
    auto it = adjacency_.find(u);
    if (it == adjacency_.end()) return;
    for (ActorId v : it->second) {
      if (std::find(current->actors.begin(), current->actors.end(), v) !=
          current->actors.end()) {
        continue;
      }
      const double saved = current->cost;
      current->cost += edges_.at({u, v});
      current->actors.push_back(v);
      Walk(to, max_hops, current, out);
      current->actors.pop_back();
      current->cost = saved;
    }
  }

  bool directed_;
  std::map<std::pair<ActorId, ActorId>, double> edges_;
  std::map<ActorId, std::vector<ActorId>> adjacency_;
};

// Checks that every path of `result` is a loopless path of the model's
// graph from `from` to `to` within max_hops, with the model's costs.
void ExpectValidPaths(const HopResult& result, const Model& model, ActorId from,
                      ActorId to, int max_hops) {
  for (const FoundPath& p : result.paths) {
    SCOPED_TRACE(Show(p.actors));
    ASSERT_GE(p.actors.size(), 2u);
    ASSERT_EQ(p.hops.size() + 1, p.actors.size());
    EXPECT_EQ(p.actors.front(), from);
    EXPECT_EQ(p.actors.back(), to);
    EXPECT_LE(static_cast<int>(p.hops.size()), max_hops);
    std::vector<ActorId> sorted = p.actors;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end())
        << "repeated actor";
    double sum = 0;
    for (size_t i = 0; i < p.hops.size(); ++i) {
      const FoundHop& hop = p.hops[i];
      EXPECT_EQ(hop.from, p.actors[i]);
      EXPECT_EQ(hop.to, p.actors[i + 1]);
      EXPECT_FALSE(hop.slot.has_value());
      const std::optional<double> cost = model.Cost(hop.from, hop.to);
      ASSERT_TRUE(cost.has_value())
          << "no edge " << hop.from << " -> " << hop.to;
      EXPECT_NEAR(hop.cost, *cost, 1e-12);
      sum += hop.cost;
    }
    EXPECT_NEAR(p.cost, sum, 1e-9);
  }
}

// ---------------------------------------------------------------------------
// EdgeCost.

TEST(EdgeCostTest, Formula) {
  EdgeStats hostile;
  hostile.events = 1;
  hostile.goldstein_events = 1;
  hostile.goldstein_centi = -1000;
  EXPECT_DOUBLE_EQ(EdgeCost(hostile), 21.0);

  EdgeStats friendly;
  friendly.events = 2;
  friendly.goldstein_events = 2;
  friendly.goldstein_centi = 2000;
  EXPECT_DOUBLE_EQ(EdgeCost(friendly), 0.5);

  EdgeStats unscored;  // no Goldstein: g = 0
  unscored.events = 3;
  EXPECT_DOUBLE_EQ(EdgeCost(unscored), 21.0 / 33.0);

  EXPECT_TRUE(std::isinf(EdgeCost(EdgeStats{})));
}

// ---------------------------------------------------------------------------
// Edge cases.

constexpr HopMode kAllModes[] = {HopMode::kShortest, HopMode::kKShortest,
                                 HopMode::kWeighted};

TEST(HopPathsTest, WindowBoundsAreInclusive) {
  // 1 -> 2 on day 10, 2 -> 3 on day 20, 1 -> 3 on day 9 and day 21.
  Fixture f({{1, 2, 10}, {2, 3, 20}, {1, 3, 9}, {1, 3, 21}});
  for (HopMode mode : kAllModes) {
    HopRequest r = Request(1, 3, mode, /*directed=*/true);
    r.window = {10, 20};
    absl::StatusOr<HopResult> result = f.Find(r);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(ActorsOf(*result),
              (std::vector<std::vector<ActorId>>{{1, 2, 3}}));
    // One day less at either end loses a hop.
    r.window = {11, 20};
    result = f.Find(r);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->paths.empty());
    r.window = {10, 19};
    result = f.Find(r);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->paths.empty());
    // One day more picks up the direct events.
    r.window = {9, 20};
    result = f.Find(r);
    ASSERT_TRUE(result.ok());
    ASSERT_FALSE(result->paths.empty());
    EXPECT_EQ(result->paths[0].actors, (std::vector<ActorId>{1, 3}));
  }
}

TEST(HopPathsTest, SelfLoopsIgnored) {
  Fixture f({{1, 1}, {1, 1}, {2, 2}, {1, 3}, {3, 3}, {3, 2}});
  for (HopMode mode : kAllModes) {
    for (bool directed : {true, false}) {
      absl::StatusOr<HopResult> result =
          f.Find(Request(1, 2, mode, directed, 4, 5));
      ASSERT_TRUE(result.ok());
      ASSERT_EQ(ActorsOf(*result),
                (std::vector<std::vector<ActorId>>{{1, 3, 2}}));
    }
  }
  // Actors joined only by self-loops are not linked.
  Fixture loops({{1, 1}, {2, 2}});
  for (HopMode mode : kAllModes) {
    absl::StatusOr<HopResult> result =
        loops.Find(Request(1, 2, mode, /*directed=*/false));
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->paths.empty());
  }
}

TEST(HopPathsTest, DirectedAndUndirectedDifferOnOneWayChain) {
  Fixture f({{1, 2}, {2, 3}});
  for (HopMode mode : kAllModes) {
    absl::StatusOr<HopResult> forward = f.Find(Request(1, 3, mode, true));
    ASSERT_TRUE(forward.ok());
    EXPECT_EQ(ActorsOf(*forward),
              (std::vector<std::vector<ActorId>>{{1, 2, 3}}));
    absl::StatusOr<HopResult> against = f.Find(Request(3, 1, mode, true));
    ASSERT_TRUE(against.ok());
    EXPECT_TRUE(against->paths.empty());
    absl::StatusOr<HopResult> either = f.Find(Request(3, 1, mode, false));
    ASSERT_TRUE(either.ok());
    EXPECT_EQ(ActorsOf(*either),
              (std::vector<std::vector<ActorId>>{{3, 2, 1}}));
  }
}

TEST(HopPathsTest, UndirectedSumsBothDirections) {
  // One event each way between 1 and 2 with g = 2: with min_events 2 only
  // the undirected graph has the edge, and its cost counts both events.
  Fixture f({{1, 2, 10, 1, 2.0}, {2, 1, 11, 1, 2.0}});
  EdgeFilterSpec two;
  two.min_events = 2;
  for (HopMode mode : kAllModes) {
    absl::StatusOr<HopResult> directed = f.Find(Request(1, 2, mode, true), two);
    ASSERT_TRUE(directed.ok());
    EXPECT_TRUE(directed->paths.empty());
    absl::StatusOr<HopResult> undirected =
        f.Find(Request(1, 2, mode, false), two);
    ASSERT_TRUE(undirected.ok());
    ASSERT_EQ(undirected->paths.size(), 1u);
    EXPECT_DOUBLE_EQ(undirected->paths[0].cost, 21.0 / (2 * 13.0));
    // Found from the other end too (an in pair and an out pair, one edge).
    absl::StatusOr<HopResult> back = f.Find(Request(2, 1, mode, false), two);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->paths.size(), 1u);
  }
}

TEST(HopPathsTest, TiesReturnEveryShortestPath) {
  // 1 -> {2, 3} -> 4, and a longer 1 -> 5 -> 6 -> 4.
  Fixture f({{1, 3}, {3, 4}, {1, 2}, {2, 4}, {1, 5}, {5, 6}, {6, 4}});
  absl::StatusOr<HopResult> result =
      f.Find(Request(1, 4, HopMode::kShortest, true));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ActorsOf(*result),
            (std::vector<std::vector<ActorId>>{{1, 2, 4}, {1, 3, 4}}));
  EXPECT_FALSE(result->truncated);
  for (const FoundPath& p : result->paths) {
    EXPECT_DOUBLE_EQ(p.cost, 2 * 21.0 / 12.0);
  }
  // k-shortest: the two 2-hop paths (tied: by actor ids), then the 3-hop.
  result = f.Find(Request(1, 4, HopMode::kKShortest, true));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ActorsOf(*result), (std::vector<std::vector<ActorId>>{
                                   {1, 2, 4}, {1, 3, 4}, {1, 5, 6, 4}}));
  EXPECT_FALSE(result->truncated);
}

TEST(HopPathsTest, EqualCostsBreakOnActorIds) {
  // 1 -> {4, 3, 2} -> {7, 6, 5} -> 9 (all pairs), every edge alike: nine
  // paths of equal hops and cost, returned in order of actor ids.
  std::vector<Spec> specs;
  for (ActorId a : {4u, 3u, 2u}) {
    specs.push_back({1, a});
    for (ActorId b : {7u, 6u, 5u}) specs.push_back({a, b});
  }
  for (ActorId b : {7u, 6u, 5u}) specs.push_back({b, 9});
  Fixture f(specs);
  std::vector<std::vector<ActorId>> expected;
  for (ActorId a : {2u, 3u, 4u}) {
    for (ActorId b : {5u, 6u, 7u}) expected.push_back({1, a, b, 9});
  }
  // 1-2-8-9 before 1-3-7-9 although 7 < 8.
  Fixture crossed({{1, 3}, {3, 7}, {7, 9}, {1, 2}, {2, 8}, {8, 9}});
  for (HopMode mode : kAllModes) {
    for (int limit : {1, 2}) {
      absl::StatusOr<HopResult> result =
          crossed.Find(Request(1, 9, mode, false, 4, limit));
      ASSERT_TRUE(result.ok());
      ASSERT_EQ(result->paths.size(), static_cast<size_t>(limit));
      EXPECT_EQ(result->paths[0].actors, (std::vector<ActorId>{1, 2, 8, 9}));
    }
  }
  for (HopMode mode : kAllModes) {
    for (int limit : {4, 9}) {
      absl::StatusOr<HopResult> result =
          f.Find(Request(1, 9, mode, true, 4, limit));
      ASSERT_TRUE(result.ok());
      EXPECT_EQ(ActorsOf(*result),
                std::vector<std::vector<ActorId>>(expected.begin(),
                                                  expected.begin() + limit));
    }
  }
}

TEST(HopPathsTest, LimitTruncatesShortestPaths) {
  // 1 -> {2..6} -> 7: five shortest paths.
  std::vector<Spec> specs;
  for (ActorId m = 2; m <= 6; ++m) {
    specs.push_back({1, m});
    specs.push_back({m, 7});
  }
  Fixture f(specs);
  absl::StatusOr<HopResult> result =
      f.Find(Request(1, 7, HopMode::kShortest, true, 4, 3));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->truncated);
  EXPECT_EQ(ActorsOf(*result), (std::vector<std::vector<ActorId>>{
                                   {1, 2, 7}, {1, 3, 7}, {1, 4, 7}}));
  result = f.Find(Request(1, 7, HopMode::kShortest, true, 4, 5));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->truncated);
  EXPECT_EQ(result->paths.size(), 5u);
  result = f.Find(Request(1, 7, HopMode::kKShortest, true, 4, 3));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->truncated);
  EXPECT_EQ(result->paths.size(), 3u);
}

TEST(HopPathsTest, NoPath) {
  Fixture f({{1, 2}, {3, 4}});
  for (HopMode mode : kAllModes) {
    for (bool directed : {true, false}) {
      absl::StatusOr<HopResult> result = f.Find(Request(1, 4, mode, directed));
      ASSERT_TRUE(result.ok());
      EXPECT_TRUE(result->paths.empty());
      EXPECT_FALSE(result->truncated);
    }
  }
}

TEST(HopPathsTest, PathLongerThanMaxHopsNotReturned) {
  Fixture f({{1, 2}, {2, 3}, {3, 4}, {4, 5}});
  for (HopMode mode : kAllModes) {
    absl::StatusOr<HopResult> result = f.Find(Request(1, 5, mode, false, 3));
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->paths.empty());
    result = f.Find(Request(1, 5, mode, false, 4));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(ActorsOf(*result),
              (std::vector<std::vector<ActorId>>{{1, 2, 3, 4, 5}}));
  }
}

TEST(HopPathsTest, IsolatedActor) {
  // Actor 5 has only events outside the window; 9 has none at all (past
  // actor_limit); 6 only a self-loop.
  Fixture f({{1, 2}, {2, 3}, {5, 1, 100}, {6, 6}});
  for (HopMode mode : kAllModes) {
    for (ActorId lonely : {5u, 6u, 9u, 1000u}) {
      HopRequest r = Request(1, lonely, mode, false);
      r.window = {0, 50};
      absl::StatusOr<HopResult> result = f.Find(r);
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_TRUE(result->paths.empty());
      r = Request(lonely, 3, mode, false);
      r.window = {0, 50};
      result = f.Find(r);
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_TRUE(result->paths.empty());
    }
  }
}

TEST(HopPathsTest, WeightedPrefersCheapLongerPath) {
  // 1 -> 3: one hostile event (cost 21). 1 -> 2 -> 3: three cooperative
  // events per hop (cost 21 / (3 * 19) each).
  std::vector<Spec> specs = {{1, 3, 10, 4, -10.0}};
  for (int i = 0; i < 3; ++i) {
    specs.push_back({1, 2, 10 + i, 1, 8.0});
    specs.push_back({2, 3, 10 + i, 1, 8.0});
  }
  Fixture f(specs);
  absl::StatusOr<HopResult> weighted =
      f.Find(Request(1, 3, HopMode::kWeighted, true, 4, 5));
  ASSERT_TRUE(weighted.ok());
  ASSERT_EQ(ActorsOf(*weighted),
            (std::vector<std::vector<ActorId>>{{1, 2, 3}, {1, 3}}));
  EXPECT_DOUBLE_EQ(weighted->paths[0].cost, 2 * 21.0 / 57.0);
  EXPECT_DOUBLE_EQ(weighted->paths[0].hops[0].cost, 21.0 / 57.0);
  EXPECT_DOUBLE_EQ(weighted->paths[1].cost, 21.0);
  absl::StatusOr<HopResult> by_hops =
      f.Find(Request(1, 3, HopMode::kKShortest, true, 4, 5));
  ASSERT_TRUE(by_hops.ok());
  EXPECT_EQ(ActorsOf(*by_hops),
            (std::vector<std::vector<ActorId>>{{1, 3}, {1, 2, 3}}));
  // Shortest reports costs too.
  absl::StatusOr<HopResult> shortest =
      f.Find(Request(1, 3, HopMode::kShortest, true));
  ASSERT_TRUE(shortest.ok());
  ASSERT_EQ(shortest->paths.size(), 1u);
  EXPECT_DOUBLE_EQ(shortest->paths[0].cost, 21.0);
}

TEST(HopPathsTest, WeightedRespectsHopLimit) {
  // Cheap 1-2-3-4 (3 hops) and expensive 1-5-4 (2 hops).
  std::vector<Spec> specs = {{1, 5, 10, 4, -10.0}, {5, 4, 10, 4, -10.0}};
  for (int i = 0; i < 5; ++i) {
    specs.push_back({1, 2, 10 + i, 1, 10.0});
    specs.push_back({2, 3, 10 + i, 1, 10.0});
    specs.push_back({3, 4, 10 + i, 1, 10.0});
  }
  Fixture f(specs);
  absl::StatusOr<HopResult> result =
      f.Find(Request(1, 4, HopMode::kWeighted, false, 3, 2));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ActorsOf(*result),
            (std::vector<std::vector<ActorId>>{{1, 2, 3, 4}, {1, 5, 4}}));
  result = f.Find(Request(1, 4, HopMode::kWeighted, false, 2, 2));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ActorsOf(*result), (std::vector<std::vector<ActorId>>{{1, 5, 4}}));
}

TEST(HopPathsTest, FilterAppliesDuringExpansion) {
  // Only the quad-4 route 1 -> 3 -> 4 survives a conflict filter.
  Fixture f({{1, 2, 10, 1}, {2, 4, 10, 1}, {1, 3, 10, 4}, {3, 4, 10, 4}});
  EdgeFilterSpec conflict;
  conflict.quad_classes = {4};
  absl::StatusOr<HopResult> result =
      f.Find(Request(1, 4, HopMode::kShortest, true), conflict);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ActorsOf(*result), (std::vector<std::vector<ActorId>>{{1, 3, 4}}));
}

TEST(HopPathsTest, BudgetExhaustion) {
  std::vector<Spec> specs;
  std::mt19937 rng(7);
  for (int i = 0; i < 400; ++i) {
    specs.push_back({static_cast<ActorId>(1 + rng() % 60),
                     static_cast<ActorId>(1 + rng() % 60)});
  }
  specs.push_back({1, 60});
  Fixture f(specs);
  for (HopMode mode : kAllModes) {
    SearchBudget budget;
    budget.max_expanded_edges = 3;
    absl::StatusOr<HopResult> result =
        f.Find(Request(1, 60, mode, false), {}, &budget);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted)
        << result.status();
    SearchBudget actors;
    actors.max_visited_actors = 2;
    result = f.Find(Request(1, 60, mode, false), {}, &actors);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted)
        << result.status();
    SearchBudget late;
    late.deadline = absl::InfinitePast();
    // The clock is read every 4096 checks: a tiny graph may finish first.
    result = f.Find(Request(1, 60, mode, false), {}, &late);
    EXPECT_TRUE(result.ok() ||
                result.status().code() == absl::StatusCode::kDeadlineExceeded)
        << result.status();
  }
}

TEST(HopPathsTest, BudgetUsageReported) {
  Fixture f({{1, 2}, {2, 3}, {3, 4}});
  SearchBudget budget;
  absl::StatusOr<HopResult> result =
      f.Find(Request(1, 4, HopMode::kShortest, false), {}, &budget);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->paths.size(), 1u);
  EXPECT_EQ(budget.depth, 3);
  EXPECT_GE(budget.visited_actors, 4);
  EXPECT_LE(budget.visited_actors, 4);
  EXPECT_GT(budget.expanded_edges, 0);
}

TEST(HopPathsTest, InvalidRequests) {
  Fixture f({{1, 2}});
  for (HopRequest r : {Request(1, 1, HopMode::kShortest, false),
                       Request(0, 2, HopMode::kShortest, false),
                       Request(1, 0, HopMode::kShortest, false),
                       Request(1, 2, HopMode::kShortest, false, 0),
                       Request(1, 2, HopMode::kKShortest, false, 9),
                       Request(1, 2, HopMode::kWeighted, false, 4, 0)}) {
    EXPECT_EQ(f.Find(r).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

// ---------------------------------------------------------------------------
// Random graphs against brute force.

const char* const kCodes[] = {"010", "014", "042", "0431", "190", "193", "112"};

std::vector<Spec> RandomSpecs(std::mt19937* rng, ActorId actors, int count) {
  std::vector<Spec> specs;
  for (int i = 0; i < count; ++i) {
    Spec s;
    s.src = 1 + (*rng)() % actors;
    s.dst = 1 + (*rng)() % actors;
    s.day = static_cast<Day>((*rng)() % 30);
    s.quad = static_cast<int>((*rng)() % 5);
    if ((*rng)() % 5 == 0) {
      s.goldstein.reset();
    } else {
      s.goldstein =
          static_cast<double>(static_cast<int>((*rng)() % 41) - 20) / 2.0;
    }
    s.code = kCodes[(*rng)() % 7];
    specs.push_back(s);
  }
  return specs;
}

std::vector<EdgeFilterSpec> Filters() {
  std::vector<EdgeFilterSpec> filters(5);
  filters[1].quad_classes = {1, 4};
  filters[2].code_prefix = "01";
  filters[3].goldstein_min = -2.0;
  filters[3].goldstein_max = 5.0;
  filters[4].min_events = 2;
  return filters;
}

bool ByHopsThenCost(const Model::Path& a, const Model::Path& b) {
  return std::forward_as_tuple(a.hops(), a.cost, a.actors) <
         std::forward_as_tuple(b.hops(), b.cost, b.actors);
}

bool ByCostThenHops(const Model::Path& a, const Model::Path& b) {
  return std::forward_as_tuple(a.cost, a.hops(), a.actors) <
         std::forward_as_tuple(b.cost, b.hops(), b.actors);
}

void CheckAgainstModel(Fixture* f, const Model& model,
                       const EdgeFilterSpec& spec, const HopRequest& base,
                       std::mt19937* rng) {
  std::vector<Model::Path> all =
      model.AllPaths(base.from, base.to, base.max_hops);

  // kShortest: every minimum-hop path, in order of actor ids.
  {
    HopRequest r = base;
    r.mode = HopMode::kShortest;
    r.limit = (*rng)() % 2 == 0 ? 100 : 1 + static_cast<int>((*rng)() % 3);
    absl::StatusOr<HopResult> result = f->Find(r, spec);
    ASSERT_TRUE(result.ok()) << result.status();
    ExpectValidPaths(*result, model, r.from, r.to, r.max_hops);
    size_t min_hops = SIZE_MAX;
    for (const Model::Path& p : all) min_hops = std::min(min_hops, p.hops());
    std::vector<std::vector<ActorId>> expected;
    for (const Model::Path& p : all) {
      if (p.hops() == min_hops) expected.push_back(p.actors);
    }
    std::sort(expected.begin(), expected.end());
    const size_t limit = static_cast<size_t>(r.limit);
    EXPECT_EQ(result->truncated, expected.size() > limit);
    if (expected.size() > limit) expected.resize(limit);
    EXPECT_EQ(ActorsOf(*result), expected) << "shortest, limit " << limit;
  }

  // kKShortest: the (hops, cost) sequence of the best k.
  {
    HopRequest r = base;
    r.mode = HopMode::kKShortest;
    r.limit = 1 + static_cast<int>((*rng)() % 8);
    absl::StatusOr<HopResult> result = f->Find(r, spec);
    ASSERT_TRUE(result.ok()) << result.status();
    ExpectValidPaths(*result, model, r.from, r.to, r.max_hops);
    EXPECT_FALSE(result->truncated);
    std::vector<Model::Path> expected = all;
    std::sort(expected.begin(), expected.end(), ByHopsThenCost);
    if (expected.size() > static_cast<size_t>(r.limit)) {
      expected.resize(r.limit);
    }
    ASSERT_EQ(result->paths.size(), expected.size()) << "k-shortest";
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(result->paths[i].hops.size(), expected[i].hops())
          << "k-shortest #" << i;
      EXPECT_NEAR(result->paths[i].cost, expected[i].cost, 1e-9)
          << "k-shortest #" << i;
      // Both add costs from the first hop: ties break on actor ids.
      EXPECT_EQ(Show(result->paths[i].actors), Show(expected[i].actors))
          << "k-shortest #" << i;
    }
    std::vector<std::vector<ActorId>> distinct = ActorsOf(*result);
    std::sort(distinct.begin(), distinct.end());
    EXPECT_EQ(std::adjacent_find(distinct.begin(), distinct.end()),
              distinct.end());
  }

  // kWeighted: the cost sequence of the k cheapest.
  {
    HopRequest r = base;
    r.mode = HopMode::kWeighted;
    r.limit = 1 + static_cast<int>((*rng)() % 8);
    absl::StatusOr<HopResult> result = f->Find(r, spec);
    ASSERT_TRUE(result.ok()) << result.status();
    ExpectValidPaths(*result, model, r.from, r.to, r.max_hops);
    std::vector<Model::Path> expected = all;
    std::sort(expected.begin(), expected.end(), ByCostThenHops);
    if (expected.size() > static_cast<size_t>(r.limit)) {
      expected.resize(r.limit);
    }
    ASSERT_EQ(result->paths.size(), expected.size()) << "weighted";
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_NEAR(result->paths[i].cost, expected[i].cost, 1e-9)
          << "weighted #" << i;
      EXPECT_EQ(Show(result->paths[i].actors), Show(expected[i].actors))
          << "weighted #" << i;
    }
    std::vector<std::vector<ActorId>> distinct = ActorsOf(*result);
    std::sort(distinct.begin(), distinct.end());
    EXPECT_EQ(std::adjacent_find(distinct.begin(), distinct.end()),
              distinct.end());
  }
}

TEST(HopPathsRandomTest, MatchesBruteForce) {
  const std::vector<EdgeFilterSpec> filters = Filters();
  int cases = 0;
  int with_paths = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    const ActorId actors = 8 + rng() % 8;
    const int count = 20 + static_cast<int>(rng() % 61);
    Fixture f(RandomSpecs(&rng, actors, count));
    for (bool directed : {true, false}) {
      for (size_t fi = 0; fi < filters.size(); ++fi) {
        for (int w = 0; w < 2; ++w) {
          GraphWindow window;
          if (w == 1) {
            const Day a = static_cast<Day>(rng() % 30);
            const Day b = static_cast<Day>(rng() % 30);
            window = {std::min(a, b), std::max(a, b) + 10};
          }
          HopRequest base;
          base.from = 1 + rng() % actors;
          base.to = 1 + rng() % actors;
          if (base.to == base.from) base.to = base.from % actors + 1;
          base.directed = directed;
          base.window = window;
          base.max_hops = 1 + static_cast<int>(rng() % 6);
          const Model model(f.events(), filters[fi], window, directed);
          SCOPED_TRACE(absl::StrCat("seed ", seed, " directed ", directed,
                                    " filter ", fi, " window ", window.from,
                                    "..", window.to, " ", base.from, " -> ",
                                    base.to, " max_hops ", base.max_hops));
          CheckAgainstModel(&f, model, filters[fi], base, &rng);
          ++cases;
          if (!model.AllPaths(base.from, base.to, base.max_hops).empty()) {
            ++with_paths;
          }
          if (HasFatalFailure()) return;
        }
      }
    }
  }
  // The random graphs must exercise both outcomes.
  EXPECT_GT(with_paths, cases / 4);
  EXPECT_LT(with_paths, cases);
}

// A bigger graph with a hub: hop counts and the number of shortest paths
// against a plain breadth-first search with path counting.
TEST(HopPathsRandomTest, HubGraphShortestCounts) {
  std::mt19937 rng(42);
  constexpr ActorId kActors = 1500;
  std::vector<Spec> specs;
  for (int i = 0; i < 30000; ++i) {
    Spec s;
    // Actor 1 is a hub in a quarter of the events.
    s.src = rng() % 4 == 0 ? 1 : 1 + rng() % kActors;
    s.dst = 1 + rng() % kActors;
    if (rng() % 2 == 0) std::swap(s.src, s.dst);
    s.day = static_cast<Day>(rng() % 365);
    specs.push_back(s);
  }
  Fixture f(specs);
  GraphWindow window{0, 120};
  for (bool directed : {true, false}) {
    const Model model(f.events(), EdgeFilterSpec{}, window, directed);
    for (int trial = 0; trial < 20; ++trial) {
      const ActorId from = 2 + rng() % (kActors - 1);
      ActorId to = 2 + rng() % (kActors - 1);
      if (to == from) to = from == 2 ? 3 : 2;
      // Breadth-first search counting shortest paths.
      std::map<ActorId, int> dist = {{from, 0}};
      std::map<ActorId, double> ways = {{from, 1}};
      std::vector<ActorId> frontier = {from};
      while (!frontier.empty() && dist.count(to) == 0) {
        std::vector<ActorId> next;
        for (ActorId u : frontier) {
          for (ActorId v : model.Neighbours(u)) {
            auto [it, inserted] = dist.emplace(v, dist[u] + 1);
            if (inserted) next.push_back(v);
            if (it->second == dist[u] + 1) ways[v] += ways[u];
          }
        }
        frontier = std::move(next);
      }
      const int limit = trial % 2 == 0 ? 3 : 50;
      HopRequest r = Request(from, to, HopMode::kShortest, directed, 8, limit);
      r.window = window;
      absl::StatusOr<HopResult> result = f.Find(r);
      ASSERT_TRUE(result.ok()) << result.status();
      ExpectValidPaths(*result, model, from, to, 8);
      if (dist.count(to) == 0 || dist[to] > 8) {
        EXPECT_TRUE(result->paths.empty());
        continue;
      }
      ASSERT_FALSE(result->paths.empty());
      EXPECT_EQ(static_cast<int>(result->paths[0].hops.size()), dist[to]);
      const double total = ways[to];
      EXPECT_EQ(result->truncated, total > limit);
      EXPECT_EQ(static_cast<double>(result->paths.size()),
                std::min(total, static_cast<double>(limit)));
    }
  }
}

}  // namespace
}  // namespace eventgraph::query
