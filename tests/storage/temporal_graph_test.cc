// The in-memory graph index: kept in step with writes, rebuilt identically
// at open, sorted by day whatever the order of arrival.
#include "storage/temporal_graph.h"

#include <map>
#include <random>
#include <set>
#include <tuple>

#include "gtest/gtest.h"
#include "storage/event_store.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::storage {
namespace {

// A canonical dump of a graph: per pair (src, dst) the list of (day, id,
// quad, goldstein, code, action); per day the list of (src, dst, id).
struct Dump {
  std::map<std::pair<ActorId, ActorId>,
           std::vector<std::tuple<Day, EventId, int, int, std::string,
                                  std::string>>>
      pairs;
  std::map<Day, std::multiset<std::tuple<ActorId, ActorId, EventId>>> days;
  friend bool operator==(const Dump&, const Dump&) = default;
};

Dump DumpOf(const TemporalGraph& graph) {
  TemporalGraph::Reader r(&graph);
  Dump d;
  std::set<PairIndex> seen;
  for (ActorId a = 0; a < r.actor_limit(); ++a) {
    for (PairIndex p : r.OutPairs(a)) {
      const PairEdges& pair = r.pair(p);
      EXPECT_EQ(pair.src, a);
      EXPECT_TRUE(seen.insert(p).second);
      EXPECT_EQ(r.FindPair(pair.src, pair.dst), int64_t{p});
      EXPECT_TRUE(std::is_sorted(pair.edges.begin(), pair.edges.end(),
                                 [](const PairEdge& a, const PairEdge& b) {
                                   return a.day < b.day;
                                 }));
      auto& list = d.pairs[{pair.src, pair.dst}];
      for (const PairEdge& edge : pair.edges) {
        const Slot s = edge.slot;
        list.emplace_back(edge.day, r.id(s), static_cast<int>(r.quad(s)),
                          r.goldstein_centi(s), r.codes()[r.code_index(s)],
                          r.folded_actions()[r.action_index(s)]);
      }
      // The order inside a day follows arrival; compare as sets of days.
      std::sort(list.begin(), list.end());
    }
    for (PairIndex p : r.InPairs(a)) EXPECT_EQ(r.pair(p).dst, a);
  }
  EXPECT_EQ(seen.size(), r.pair_count());
  size_t events = 0;
  for (const auto& [day, edges] : r.days()) {
    for (const DayEdge& e : edges) {
      d.days[day].emplace(e.src, e.dst, r.id(e.slot));
      ++events;
    }
  }
  EXPECT_EQ(events, r.event_count());
  return d;
}

std::vector<Event> RandomEvents(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  const char* names[] = {"Russia", "North Korea", "China", "Japan",
                         "South Korea", "United States"};
  const char* codes[] = {"010", "042", "0431", "190", "057"};
  std::vector<Event> out;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.actor = names[rng() % 6];
    e.target = names[rng() % 6];
    e.action = (rng() % 2) ? "Make statement" : "Host a visit";
    e.day = 11000 + static_cast<Day>(rng() % 400);  // arrives out of order
    e.event_code = codes[rng() % 5];
    e.quad_class = static_cast<QuadClass>(rng() % 5);
    if (rng() % 3) e.goldstein = (static_cast<int>(rng() % 201) - 100) / 10.0;
    e.source_event_id = std::to_string(seed) + "-" + std::to_string(i);
    out.push_back(std::move(e));
  }
  return out;
}

TEST(TemporalGraphTest, FollowsWritesAndIsRebuiltIdenticallyAtOpen) {
  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  Dump before;
  size_t accepted = 0;
  {
    auto store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    for (uint32_t batch = 0; batch < 5; ++batch) {
      std::vector<Event> events = RandomEvents(300, batch);
      // A repeated batch adds nothing to the graph either.
      auto first = (*store)->Write(events);
      ASSERT_TRUE(first.ok());
      accepted += first->accepted;
      auto again = (*store)->Write(events);
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again->accepted, 0);
    }
    ASSERT_NE((*store)->graph(), nullptr);
    before = DumpOf(*(*store)->graph());
    {
      TemporalGraph::Reader r((*store)->graph());
      EXPECT_EQ(r.event_count(), accepted);
    }
    EXPECT_GT((*store)->graph()->MemoryBytes(), accepted * 20);
  }
  auto reopened = EventStore::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(DumpOf(*(*reopened)->graph()), before);
  // The stored events agree with the graph: every pair entry is an event of
  // that pair on that day.
  for (const auto& [pair, list] : before.pairs) {
    std::vector<EventId> ids;
    for (const auto& item : list) ids.push_back(std::get<1>(item));
    auto events = (*reopened)->GetEvents(ids);
    ASSERT_TRUE(events.ok());
    for (size_t i = 0; i < ids.size(); ++i) {
      EXPECT_EQ((*events)[i].actor_id, pair.first);
      EXPECT_EQ((*events)[i].target_id, pair.second);
      EXPECT_EQ((*events)[i].day, std::get<0>(list[i]));
    }
  }
}

TEST(TemporalGraphTest, GraphIndexCanBeTurnedOff) {
  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  options.graph_index = false;
  auto store = EventStore::Open(options);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->graph(), nullptr);
  ASSERT_TRUE((*store)->Write(RandomEvents(10, 7)).ok());
}

TEST(TemporalGraphTest, MissingGoldsteinAndSelfLoops) {
  TemporalGraph graph;
  std::vector<Event> events(3);
  for (int i = 0; i < 3; ++i) {
    events[i].id = i + 1;
    events[i].actor_id = 1;
    events[i].target_id = i == 2 ? 1 : 2;
    events[i].day = 20 - i;
    events[i].action = "Consult";
  }
  events[0].goldstein = 7.25;
  graph.Add(absl::MakeConstSpan(events));
  TemporalGraph::Reader r(&graph);
  ASSERT_EQ(r.pair_count(), 2u);
  const PairEdges& p = r.pair(static_cast<PairIndex>(r.FindPair(1, 2)));
  ASSERT_EQ(p.edges.size(), 2u);
  EXPECT_EQ(p.edges[0].day, 19);  // sorted on insert
  EXPECT_EQ(p.edges[1].day, 20);
  EXPECT_EQ(r.goldstein_centi(p.edges[1].slot), 725);
  EXPECT_EQ(r.goldstein_centi(p.edges[0].slot), kNoGoldstein);
  const int64_t self = r.FindPair(1, 1);
  ASSERT_GE(self, 0);
  EXPECT_EQ(r.OutPairs(1).size(), 2u);
  EXPECT_EQ(r.InPairs(1).size(), 1u);  // the self-loop
  EXPECT_EQ(r.folded_actions()[r.action_index(0)], "consult");
  EXPECT_TRUE(r.OutPairs(99).empty());
}

}  // namespace
}  // namespace eventgraph::storage
