// The in-memory graph index: kept in step with writes, rebuilt identically
// at open, sorted by day whatever the order of arrival.
#include "storage/temporal_graph.h"

#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>
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
  // A pair whose events were all removed stays listed, with none: the same
  // as no pair.
  std::erase_if(d.pairs, [](const auto& item) { return item.second.empty(); });
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

// Events with ids and actor ids set, for graphs built without a store: n
// events among `actors` actors over `days` days, in random day order.
std::vector<Event> GraphEvents(int n, int actors, int days, uint32_t seed,
                               EventId first_id = 1) {
  std::mt19937 rng(seed);
  const char* codes[] = {"010", "042", "0431", "190", "057"};
  std::vector<Event> out(n);
  for (int i = 0; i < n; ++i) {
    Event& e = out[i];
    e.id = first_id + i;
    e.actor_id = 1 + rng() % actors;
    e.target_id = 1 + rng() % actors;
    e.day = 10000 + static_cast<Day>(rng() % days);
    e.event_code = codes[rng() % 5];
    e.action = (rng() % 2) ? "Make statement" : "Host a visit";
    e.quad_class = static_cast<QuadClass>(rng() % 5);
    if (rng() % 3) e.goldstein = (static_cast<int>(rng() % 201) - 100) / 10.0;
  }
  return out;
}

// An unbounded graph of the events on or after `horizon`, added in order.
Dump DumpFrom(const std::vector<Event>& events, Day horizon) {
  TemporalGraph reference;
  for (const Event& e : events) {
    if (e.day >= horizon) reference.Add(absl::MakeConstSpan(&e, 1));
  }
  return DumpOf(reference);
}

TEST(TemporalGraphTest, BudgetKeepsTheNewestDaysThatFit) {
  constexpr size_t kBudget = 256 << 10;
  TemporalGraph graph(kBudget);
  EXPECT_EQ(graph.memory_budget(), kBudget);
  std::vector<Event> added;
  Day last_horizon = kMinDay;
  for (uint32_t batch = 0; batch < 40; ++batch) {
    std::vector<Event> events =
        GraphEvents(500, 300, 600, batch, 1 + batch * 500);
    graph.Add(absl::MakeConstSpan(events));
    added.insert(added.end(), events.begin(), events.end());
    EXPECT_LE(graph.MemoryBytes(), kBudget) << "batch " << batch;
    const Day horizon = graph.horizon();
    EXPECT_GE(horizon, last_horizon) << "the horizon never moves back";
    last_horizon = horizon;
  }
  // 20k events need about a megabyte: the graph dropped days.
  EXPECT_GT(graph.evictions(), 0);
  const Day horizon = graph.horizon();
  ASSERT_GT(horizon, 10000);
  ASSERT_LT(horizon, 10600);
  {
    TemporalGraph::Reader r(&graph);
    EXPECT_FALSE(r.complete());
    EXPECT_EQ(r.horizon(), horizon);
    EXPECT_GT(r.event_count(), 0u);
  }
  // It holds exactly the events on or after its horizon.
  EXPECT_EQ(DumpOf(graph), DumpFrom(added, horizon));
  // An event older than the horizon is ignored.
  std::vector<Event> late = GraphEvents(1, 300, 1, 99, 1'000'000);
  late[0].day = horizon - 1;
  graph.Add(absl::MakeConstSpan(late));
  EXPECT_EQ(DumpOf(graph), DumpFrom(added, horizon));
  // Removal still works after the rebuilds.
  std::vector<Event> gone;
  for (const Event& e : added) {
    if (e.day >= horizon && gone.size() < 50) gone.push_back(e);
  }
  EXPECT_EQ(graph.Remove(absl::MakeConstSpan(gone)), gone.size());
  std::vector<Event> kept;
  for (const Event& e : added) {
    bool removed = false;
    for (const Event& g : gone) removed = removed || g.id == e.id;
    if (!removed) kept.push_back(e);
  }
  EXPECT_EQ(DumpOf(graph), DumpFrom(kept, horizon));
}

TEST(TemporalGraphTest, NoBudgetKeepsEverything) {
  TemporalGraph graph;
  std::vector<Event> events = GraphEvents(20000, 300, 600, 5);
  graph.Add(absl::MakeConstSpan(events));
  EXPECT_EQ(graph.horizon(), kMinDay);
  EXPECT_EQ(graph.evictions(), 0);
  EXPECT_EQ(DumpOf(graph), DumpFrom(events, kMinDay));
  // The cheap estimate is within a factor of two of the count.
  const double ratio = static_cast<double>(graph.ApproximateBytes()) /
                       static_cast<double>(graph.MemoryBytes());
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 2.0);
}

// The events of a store, read back with their ids and actor ids.
std::vector<Event> StoredEvents(const EventStore& store, EventId max_id) {
  std::vector<EventId> ids;
  for (EventId id = 1; id <= max_id; ++id) ids.push_back(id);
  auto events = store.GetEvents(ids);
  EXPECT_TRUE(events.ok()) << events.status();
  return events.ok() ? *events : std::vector<Event>();
}

// Options of a store whose graph has a 64 KiB budget.
StoreOptions BoundedOptions(const std::string& path) {
  StoreOptions options;
  options.path = path;
  options.graph_memory_bytes = 64 << 10;
  return options;
}

// Writes 3,200 events over 400 days (more than a 64 KiB graph holds);
// returns the largest event id (0 on failure, reported).
EventId WriteBudgetEvents(EventStore* store) {
  EventId max_id = 0;
  for (uint32_t batch = 0; batch < 8; ++batch) {
    auto written = store->Write(RandomEvents(400, 100 + batch));
    EXPECT_TRUE(written.ok()) << written.status();
    if (!written.ok()) return 0;
    for (EventId id : written->ids) max_id = std::max(max_id, id);
  }
  return max_id;
}

TEST(TemporalGraphTest, StoreBudgetReadsOlderWindowsFromDisk) {
  testing::TempDir dir;
  const StoreOptions options = BoundedOptions(dir.path());
  auto store = EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  const EventId max_id = WriteBudgetEvents(store->get());
  ASSERT_GT(max_id, 0u);
  const std::vector<Event> all = StoredEvents(**store, max_id);
  ASSERT_EQ(all.size(), max_id);
  const TemporalGraph* resident = (*store)->graph();
  const Day horizon = resident->horizon();
  ASSERT_GT(horizon, 11000) << "the budget should have dropped days";
  EXPECT_LE(resident->MemoryBytes(), options.graph_memory_bytes);
  EXPECT_EQ(DumpOf(*resident), DumpFrom(all, horizon));

  auto range = (*store)->DayRange();
  ASSERT_TRUE(range.ok());
  ASSERT_TRUE(range->has_value());
  Day first = kMaxDay;
  Day last = kMinDay;
  for (const Event& e : all) {
    first = std::min(first, e.day);
    last = std::max(last, e.day);
  }
  EXPECT_EQ((*range)->first, first);
  EXPECT_EQ((*range)->second, last);

  // A window's graph from disk holds exactly the window's events.
  for (auto [from, to] : {std::pair<Day, Day>{11000, 11060},
                          {11100, 11101}, {horizon - 30, horizon + 30}}) {
    auto window = (*store)->BuildWindowGraph(from, to);
    ASSERT_TRUE(window.ok()) << window.status();
    std::vector<Event> inside;
    for (const Event& e : all) {
      if (e.day >= from && e.day <= to) inside.push_back(e);
    }
    EXPECT_EQ(DumpOf(*(*window)->graph()), DumpFrom(inside, kMinDay))
        << from << ".." << to;
  }

  // A window too big for the budget is refused, naming the way out.
  auto whole = (*store)->BuildWindowGraph(kMinDay, kMaxDay);
  ASSERT_EQ(whole.status().code(), absl::StatusCode::kResourceExhausted)
      << whole.status();
  EXPECT_NE(whole.status().message().find("--graph-memory-mb"),
            std::string::npos);
  EXPECT_NE(whole.status().message().find(FormatDate(horizon)),
            std::string::npos)
      << whole.status();

  // One window graph at a time: a call on another window waits while the
  // kept one is held.
  {
    auto held = (*store)->BuildWindowGraph(11000, 11010);
    ASSERT_TRUE(held.ok());
    std::atomic<bool> done{false};
    std::thread second([&] {
      auto other = (*store)->BuildWindowGraph(11020, 11030);
      EXPECT_TRUE(other.ok());
      done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(done.load());
    held->reset();
    second.join();
    EXPECT_TRUE(done.load());
  }

  // Reopened, the graph again holds the newest days that fit.
  store->reset();
  auto reopened = EventStore::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  const TemporalGraph* again = (*reopened)->graph();
  EXPECT_GT(again->horizon(), 11000);
  // The scan starts at the horizon counted from the date index: it does
  // not drop days again and again as it goes (at most once, when the
  // estimate per event was low).
  EXPECT_LE(again->evictions(), 1);
  EXPECT_LE(again->MemoryBytes(), options.graph_memory_bytes);
  EXPECT_EQ(DumpOf(*again), DumpFrom(all, again->horizon()));
}

TEST(TemporalGraphTest, WindowGraphIsKeptForTheNextCallOnItsWindow) {
  testing::TempDir dir;
  auto store = EventStore::Open(BoundedOptions(dir.path()));
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_GT(WriteBudgetEvents(store->get()), 0u);
  // The graph of a window is kept for the next call on it, and shared by
  // calls at once; a write of one of its days makes the next call read it
  // again, a write after it does not.
  {
    auto first_call = (*store)->BuildWindowGraph(11000, 11050);
    ASSERT_TRUE(first_call.ok());
    auto second_call = (*store)->BuildWindowGraph(11000, 11050);  // no wait
    ASSERT_TRUE(second_call.ok());
    EXPECT_TRUE((*second_call)->reused());
    EXPECT_EQ((*second_call)->graph(), (*first_call)->graph());
  }
  {
    auto again = (*store)->BuildWindowGraph(11000, 11050);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE((*again)->reused());
  }
  std::vector<Event> later = RandomEvents(3, 500);
  for (Event& e : later) e.day = 11051;
  ASSERT_TRUE((*store)->Write(later).ok());
  {
    auto after_later = (*store)->BuildWindowGraph(11000, 11050);
    ASSERT_TRUE(after_later.ok());
    EXPECT_TRUE((*after_later)->reused());
  }
  std::vector<Event> inside = RandomEvents(3, 501);
  for (Event& e : inside) e.day = 11050;
  auto inside_written = (*store)->Write(inside);
  ASSERT_TRUE(inside_written.ok());
  ASSERT_EQ(inside_written->accepted, 3);
  {
    auto reread = (*store)->BuildWindowGraph(11000, 11050);
    ASSERT_TRUE(reread.ok());
    EXPECT_FALSE((*reread)->reused());
    std::set<EventId> ids;
    TemporalGraph::Reader r((*reread)->graph());
    for (const auto& [day, edges] : r.days()) {
      for (const DayEdge& e : edges) ids.insert(r.id(e.slot));
    }
    for (EventId id : inside_written->ids) EXPECT_TRUE(ids.contains(id));
  }
  // A delete inside the window makes the next call read it again too.
  auto deleted = (*store)->DeleteEvents({inside_written->ids[0]}, false);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  {
    auto reread = (*store)->BuildWindowGraph(11000, 11050);
    ASSERT_TRUE(reread.ok());
    EXPECT_FALSE((*reread)->reused());
    TemporalGraph::Reader r((*reread)->graph());
    for (const auto& [day, edges] : r.days()) {
      for (const DayEdge& e : edges) {
        EXPECT_NE(r.id(e.slot), inside_written->ids[0]);
      }
    }
  }

}

}  // namespace
}  // namespace eventgraph::storage
