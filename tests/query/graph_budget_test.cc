// Path, journey, neighbour and rollup queries on a store whose graph index
// has a memory budget too small for its data give the answers of a store
// without one: windows inside the graph's newest days search it, windows
// reaching before them search a graph read from disk, and a window too big
// for the budget is refused with ResourceExhausted.
#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "query/graph_query.h"
#include "query/timeline.h"
#include "storage/date.h"
#include "storage/event_store.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::query {
namespace {

using storage::Day;
using storage::Event;

constexpr Day kFirstDay = 15000;
constexpr int kDays = 900;

std::vector<std::string> ActorNames() {
  std::vector<std::string> names = {"Russia", "Military (Russia)",
                                    "North Korea", "Government (North Korea)",
                                    "China"};
  for (int i = 0; i < 45; ++i) names.push_back("Actor " + std::to_string(i));
  return names;
}

std::vector<Event> Events(uint32_t seed, int n) {
  const std::vector<std::string> names = ActorNames();
  std::mt19937 rng(seed);
  std::vector<Event> out;
  for (int i = 0; i < n; ++i) {
    Event e;
    // Skewed towards the first actors, like countries in real data.
    const auto pick = [&] {
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      return names[static_cast<size_t>(u * u * names.size())];
    };
    e.actor = pick();
    e.target = pick();
    e.action = (rng() % 3) ? "Consult" : "Threaten";
    e.event_code = (rng() % 3) ? "040" : "138";
    e.quad_class = static_cast<storage::QuadClass>(1 + rng() % 4);
    if (rng() % 2) e.goldstein = static_cast<int>(rng() % 201 - 100) / 10.0;
    e.day = kFirstDay + static_cast<Day>(rng() % kDays);
    e.source = std::to_string(seed) + "/" + std::to_string(i);
    out.push_back(std::move(e));
  }
  return out;
}

class GraphBudgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int k = 0; k < 2; ++k) {
      storage::StoreOptions options;
      options.path = dirs_[k].path();
      options.graph_memory_bytes = k == 0 ? size_t{160} << 10 : 0;
      auto store = storage::EventStore::Open(options);
      ASSERT_TRUE(store.ok()) << store.status();
      stores_[k] = std::move(*store);
    }
    for (uint32_t batch = 0; batch < 12; ++batch) {
      const std::vector<Event> events = Events(batch, 1000);
      for (auto& store : stores_) {
        auto written = store->Write(events);
        ASSERT_TRUE(written.ok()) << written.status();
        ASSERT_EQ(written->accepted, 1000);
      }
    }
    horizon_ = bounded().graph()->horizon();
  }

  const storage::EventStore& bounded() const { return *stores_[0]; }
  const storage::EventStore& full() const { return *stores_[1]; }

  testing::TempDir dirs_[2];
  std::unique_ptr<storage::EventStore> stores_[2];
  Day horizon_ = storage::kMinDay;
};

// What a path result must agree on: the paths' actor lists (as a set: the
// order of equal paths is not specified) and each hop's event count;
// journeys' objective: arrival day and hops (earliest arrival), departure
// day and hops (latest departure).
std::string Canonical(const PathsResult& r, PathMode mode) {
  const bool journey = IsJourney(mode);
  const std::string window = storage::FormatDate(r.window.from) + ".." +
                             storage::FormatDate(r.window.to) + ": ";
  if (r.truncated) {
    // More shortest paths than the limit: which of them are returned is not
    // specified (it follows the graph's inner order), only how many and
    // how long.
    std::string out = window + std::to_string(r.paths.size()) + " paths of";
    for (const PathAnswer& p : r.paths) {
      out += " " + std::to_string(p.hops.size());
    }
    return out + " hops (truncated)";
  }
  std::set<std::string> paths;
  for (const PathAnswer& p : r.paths) {
    std::string text;
    if (journey) {
      const std::optional<Day> end = mode == PathMode::kLatestDeparture
                                         ? p.departure
                                         : p.arrival;
      text = std::to_string(p.hops.size()) + " hops, " +
             std::to_string(end.value_or(0));
    } else {
      for (size_t i = 0; i < p.actors.size(); ++i) {
        text += p.actors[i];
        if (i < p.hops.size()) {
          text += " -(" + std::to_string(p.hops[i].stats.events) + ")- ";
        }
      }
    }
    paths.insert(text);
  }
  std::string out = window;
  for (const std::string& p : paths) out += "[" + p + "] ";
  return out + r.reason;
}

TEST_F(GraphBudgetTest, TheBudgetDroppedDays) {
  ASSERT_GT(horizon_, kFirstDay + 100);
  ASSERT_LT(horizon_, kFirstDay + kDays);
  EXPECT_LE(bounded().graph()->MemoryBytes(), size_t{160} << 10);
  EXPECT_EQ(full().graph()->horizon(), storage::kMinDay);
  auto stats = bounded().GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->graph_budget_bytes, 160 << 10);
  EXPECT_EQ(stats->graph_first_day, horizon_);
  EXPECT_GT(stats->graph_bytes, 0);
}

TEST_F(GraphBudgetTest, PathsAndJourneysMatchAStoreWithoutBudget) {
  const std::vector<std::string> names = ActorNames();
  std::mt19937 rng(3);
  // Windows: inside the resident days, reaching before them, and wholly
  // before them, each about two months (the disk graph's budget holds it).
  const std::vector<std::pair<Day, Day>> windows = {
      {horizon_, horizon_ + 60},
      {horizon_ - 30, horizon_ + 30},
      {kFirstDay + 10, kFirstDay + 70},
      {kFirstDay + 200, kFirstDay + 230}};
  int found = 0;
  int from_disk = 0;
  for (const auto& [from, to] : windows) {
    for (int i = 0; i < 12; ++i) {
      PathQuery q;
      q.from_actor = names[rng() % 12];
      q.to_actor = names[rng() % names.size()];
      if (q.from_actor == q.to_actor) continue;
      q.scope.from = from;
      q.scope.to = to;
      for (PathMode mode : {PathMode::kShortest, PathMode::kEarliestArrival,
                            PathMode::kLatestDeparture}) {
        q.mode = mode;
        SCOPED_TRACE(q.from_actor + " -> " + q.to_actor + " " +
                     storage::FormatDate(from) + ".." +
                     storage::FormatDate(to) + " mode " +
                     std::to_string(static_cast<int>(mode)));
        auto a = FindPaths(bounded(), q);
        auto b = FindPaths(full(), q);
        ASSERT_TRUE(a.ok()) << a.status();
        ASSERT_TRUE(b.ok()) << b.status();
        EXPECT_EQ(Canonical(*a, mode), Canonical(*b, mode));
        found += a->paths.empty() ? 0 : 1;
        from_disk += from < horizon_ ? 1 : 0;
      }
    }
  }
  EXPECT_GT(found, 20);
  EXPECT_GT(from_disk, 20);
}

TEST_F(GraphBudgetTest, NeighborsAndSubgraphsMatchAStoreWithoutBudget) {
  for (const auto& [from, to] : std::vector<std::pair<Day, Day>>{
           {horizon_ + 5, horizon_ + 50}, {kFirstDay + 100, kFirstDay + 160}}) {
    NeighborsQuery q;
    q.actor = "Russia";
    q.scope.from = from;
    q.scope.to = to;
    q.limit = 1000;
    auto a = FindNeighbors(bounded(), q);
    auto b = FindNeighbors(full(), q);
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    const auto list = [](const NeighborsResult& r) {
      std::map<std::string, std::tuple<int64_t, int64_t, int64_t>> m;
      for (const NeighborEntry& e : r.neighbors) {
        m[e.actor] = {e.stats.events, e.out_events, e.in_events};
      }
      return m;
    };
    EXPECT_GT(a->neighbors.size(), 5u);
    EXPECT_EQ(list(*a), list(*b));
    EXPECT_EQ(a->total, b->total);

    SubgraphQuery s;
    s.seeds = {"North Korea"};
    s.radius = 2;
    s.scope.from = from;
    s.scope.to = to;
    auto sa = FindSubgraph(bounded(), s);
    auto sb = FindSubgraph(full(), s);
    ASSERT_TRUE(sa.ok()) << sa.status();
    ASSERT_TRUE(sb.ok()) << sb.status();
    std::map<std::string, int> na, nb;
    for (const auto& n : sa->nodes) na[n.actor] = n.distance;
    for (const auto& n : sb->nodes) nb[n.actor] = n.distance;
    EXPECT_EQ(na, nb);
    EXPECT_EQ(sa->edges.size(), sb->edges.size());
  }
}

TEST_F(GraphBudgetTest, RollupTimelinesUseThePairsOnDisk) {
  // The graph lists only the pairs of its newest days; a country rollup
  // must still count pairs seen only before them.
  TimelineQuery q;
  q.subject = {"RUS", "PRK", Direction::kBoth, Rollup::kCountry};
  q.granularity = Granularity::kMonth;
  auto a = ComputeTimeline(bounded(), q);
  auto b = ComputeTimeline(full(), q);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(a->buckets.size(), b->buckets.size());
  int64_t total = 0;
  for (size_t i = 0; i < a->buckets.size(); ++i) {
    for (int c = 0; c < storage::kQuadClassCount; ++c) {
      EXPECT_EQ(a->buckets[i].counter.quad[c].events,
                b->buckets[i].counter.quad[c].events)
          << "bucket " << i;
      total += a->buckets[i].counter.quad[c].events;
    }
  }
  EXPECT_GT(total, 100);
  std::map<std::string, int64_t> ca, cb;
  for (const Contributor& k : a->contributors) ca[k.actor] = k.events;
  for (const Contributor& k : b->contributors) cb[k.actor] = k.events;
  EXPECT_EQ(ca, cb);
}

TEST_F(GraphBudgetTest, AWindowTooBigForTheBudgetIsRefused) {
  PathQuery q;
  q.from_actor = "Russia";
  q.to_actor = "Actor 40";
  // No window: the whole data, more than the budget holds.
  auto whole = FindPaths(bounded(), q);
  ASSERT_EQ(whole.status().code(), absl::StatusCode::kResourceExhausted)
      << whole.status();
  EXPECT_NE(whole.status().message().find(storage::FormatDate(horizon_)),
            std::string::npos)
      << whole.status();
  // The same question from the horizon on is answered from memory.
  q.scope.from = horizon_;
  auto recent = FindPaths(bounded(), q);
  ASSERT_TRUE(recent.ok()) << recent.status();
  auto reference = FindPaths(full(), q);
  ASSERT_TRUE(reference.ok());
  EXPECT_EQ(Canonical(*recent, PathMode::kShortest),
            Canonical(*reference, PathMode::kShortest));
  // An open start resolves to the data's first day, not the graph's.
  NeighborsQuery n;
  n.actor = "Russia";
  n.scope.to = kFirstDay + 20;
  auto early = FindNeighbors(bounded(), n);
  ASSERT_TRUE(early.ok()) << early.status();
  auto early_ref = FindNeighbors(full(), n);
  ASSERT_TRUE(early_ref.ok());
  EXPECT_EQ(early->window.from, early_ref->window.from);
  EXPECT_EQ(early->total, early_ref->total);
}

}  // namespace
}  // namespace eventgraph::query
