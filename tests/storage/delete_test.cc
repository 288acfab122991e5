// EventStore::DeleteEvents: after deletes by id, source_event_id and source
// the database checks clean (every index entry, counter and actor statistic
// equals a recount), reads no longer see the events, the graph index agrees
// with the store (also after a reopen), a deleted event can be written
// again, and deletes racing with writes lose no update.
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "storage/event_store.h"
#include "tests/testing/store_testing.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::storage {
namespace {

std::unique_ptr<EventStore> OpenAt(const std::string& path) {
  return testing::OpenStoreAt(path);
}

const char* kNames[] = {"Russia", "North Korea", "China", "Japan", "Iran"};

// `n` events among 5 actors over two years; sources alternate between two
// URLs; source_event_id "e<i>".
std::vector<Event> MakeEvents(int n, int seed, int first_id = 0) {
  std::mt19937 rng(seed);
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.actor = kNames[rng() % 5];
    e.target = kNames[rng() % 5];
    e.action = "Consult";
    e.day = 18000 + static_cast<Day>(rng() % 730);
    e.quad_class = static_cast<QuadClass>(1 + rng() % 4);
    if (rng() % 2) e.goldstein = (static_cast<int>(rng() % 200) - 100) / 10.0;
    if (rng() % 3) e.mentions = static_cast<int64_t>(rng() % 9);
    e.source = (i % 2) ? "https://a.example/x" : "https://b.example/y";
    e.source_event_id = "e" + std::to_string(first_id + i);
    events.push_back(std::move(e));
  }
  return events;
}

void ExpectClean(const EventStore& store) { testing::ExpectChecksClean(store); }

std::vector<EventId> AllIds(const EventStore& store) {
  std::vector<EventId> ids;
  auto c = store.NewCursor(IndexSelector::All(), kMinDay, kMaxDay, false);
  for (; c->Valid(); c->Next()) ids.push_back(c->position().id);
  EXPECT_TRUE(c->status().ok());
  return ids;
}

// Events per directed pair, from the graph index (every pair's day vector).
std::map<std::pair<ActorId, ActorId>, size_t> GraphPairs(const EventStore& s) {
  std::map<std::pair<ActorId, ActorId>, size_t> out;
  TemporalGraph::Reader g(s.graph());
  for (PairIndex p = 0; p < g.pair_count(); ++p) {
    if (!g.pair(p).edges.empty()) {
      out[{g.pair(p).src, g.pair(p).dst}] = g.pair(p).edges.size();
    }
  }
  size_t by_day = 0;
  for (const auto& [day, edges] : g.days()) {
    EXPECT_FALSE(edges.empty()) << "empty day " << day << " kept";
    by_day += edges.size();
  }
  EXPECT_EQ(by_day, g.event_count());
  return out;
}

// The same from the dyad counters of the store.
std::map<std::pair<ActorId, ActorId>, size_t> CounterPairs(
    const EventStore& s) {
  std::map<std::pair<ActorId, ActorId>, size_t> out;
  for (ActorId a = 1; a <= 5; ++a) {
    for (ActorId t = 1; t <= 5; ++t) {
      int64_t n = 0;
      EXPECT_TRUE(s.ScanCounters(a, t, Level::kYear, 0, 10000,
                                 [&](int32_t, const Counter& c) {
                                   for (const auto& q : c.quad) n += q.events;
                                 })
                      .ok());
      if (n > 0) out[{a, t}] = static_cast<size_t>(n);
    }
  }
  return out;
}

TEST(DeleteTest, ByIdKeepsEverythingConsistent) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  auto written = store->Write(MakeEvents(400, 1));
  ASSERT_TRUE(written.ok());
  ASSERT_EQ(written->accepted, 400);
  const std::vector<EventId> ids = written->ids;

  // Every third event, a repeat and two ids that were never stored.
  std::vector<EventId> doomed;
  for (size_t i = 0; i < ids.size(); i += 3) doomed.push_back(ids[i]);
  std::vector<EventId> request = doomed;
  request.push_back(doomed[0]);
  request.push_back(999999);
  request.push_back(888888);

  auto dry = store->DeleteEvents(request, /*dry_run=*/true);
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_EQ(dry->deleted, static_cast<int64_t>(doomed.size()));
  EXPECT_EQ(AllIds(*store).size(), 400u);  // the dry run wrote nothing

  auto result = store->DeleteEvents(request, false);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->deleted, static_cast<int64_t>(doomed.size()));
  EXPECT_EQ(result->not_found, (std::vector<EventId>{999999, 888888}));
  ExpectClean(*store);

  const std::set<EventId> gone(doomed.begin(), doomed.end());
  const std::vector<EventId> left = AllIds(*store);
  EXPECT_EQ(left.size(), 400u - doomed.size());
  for (EventId id : left) EXPECT_FALSE(gone.contains(id)) << id;
  EXPECT_FALSE(store->GetEvents({doomed[1]}).ok());
  auto stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, static_cast<int64_t>(left.size()));
  // Actor and dyad indexes no longer list them either.
  for (ActorId a = 1; a <= 5; ++a) {
    for (Side side : {Side::kOut, Side::kIn}) {
      auto c = store->NewCursor(IndexSelector::Actor(a, side), kMinDay,
                                kMaxDay, true);
      for (; c->Valid(); c->Next()) {
        EXPECT_FALSE(gone.contains(c->position().id));
      }
    }
  }
  // The graph agrees with the counters, now and after a reopen.
  EXPECT_EQ(GraphPairs(*store), CounterPairs(*store));
  {
    TemporalGraph::Reader g(store->graph());
    EXPECT_EQ(g.event_count(), left.size());
  }
  store.reset();
  store = OpenAt(dir.path());
  ExpectClean(*store);
  EXPECT_EQ(GraphPairs(*store), CounterPairs(*store));

  // Deleting again finds nothing.
  auto again = store->DeleteEvents(doomed, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->deleted, 0);
  EXPECT_EQ(again->not_found.size(), doomed.size());
}

TEST(DeleteTest, BySourceEventIdAndSourceThenReingest) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  std::vector<Event> events = MakeEvents(200, 2);
  // "dup" on two days: one identity per day.
  Event a = events[0], b = events[1];
  a.source_event_id = b.source_event_id = "dup";
  a.day = 18010;
  b.day = 18020;
  events.push_back(a);
  events.push_back(b);
  ASSERT_TRUE(store->Write(events).ok());

  auto both = store->FindBySourceEventId(" dup ", std::nullopt);
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->size(), 2u);
  auto one = store->FindBySourceEventId("dup", 18020);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_TRUE(store->FindBySourceEventId("dup", 18030)->empty());
  EXPECT_TRUE(store->FindBySourceEventId("nope", std::nullopt)->empty());

  auto deleted = store->DeleteEvents(*one, false);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->deleted, 1);
  EXPECT_EQ(store->FindBySourceEventId("dup", std::nullopt)->size(), 1u);
  ExpectClean(*store);

  auto from_a = store->FindBySource("https://a.example/x");
  ASSERT_TRUE(from_a.ok());
  EXPECT_EQ(from_a->size(), 100u);
  EXPECT_TRUE(store->FindBySource("https://nowhere.example")->empty());
  auto gone = store->DeleteEvents(*from_a, false);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->deleted, 100);
  EXPECT_TRUE(store->FindBySource("https://a.example/x")->empty());
  ExpectClean(*store);
  EXPECT_EQ(GraphPairs(*store), CounterPairs(*store));
  const int64_t before = store->GetStats()->events;

  // Writing the deleted events again stores them again (new ids).
  std::vector<Event> again;
  for (size_t i = 1; i < 200; i += 2) again.push_back(events[i]);
  auto rewritten = store->Write(again);
  ASSERT_TRUE(rewritten.ok());
  EXPECT_EQ(rewritten->accepted, 100);
  for (EventId id : rewritten->ids) {
    EXPECT_FALSE(std::count(from_a->begin(), from_a->end(), id)) << id;
  }
  EXPECT_EQ(store->GetStats()->events, before + 100);
  EXPECT_EQ(store->FindBySource("https://a.example/x")->size(), 100u);
  ExpectClean(*store);
  EXPECT_EQ(GraphPairs(*store), CounterPairs(*store));
}

TEST(DeleteTest, EverythingOfAnActorGoesAndStatsFollow) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  auto written = store->Write(MakeEvents(300, 3));
  ASSERT_TRUE(written.ok());
  const ActorId iran = *store->FindActor("Iran");
  std::vector<EventId> of_iran;
  for (Side side : {Side::kOut, Side::kIn}) {
    auto c = store->NewCursor(IndexSelector::Actor(iran, side), kMinDay,
                              kMaxDay, false);
    for (; c->Valid(); c->Next()) of_iran.push_back(c->position().id);
  }
  // The first and last event of Russia go too: its first/last days move.
  const ActorId russia = *store->FindActor("Russia");
  auto first = store->NewCursor(IndexSelector::Actor(russia, Side::kOut),
                                kMinDay, kMaxDay, false);
  of_iran.push_back(first->position().id);
  auto result = store->DeleteEvents(of_iran, false);
  ASSERT_TRUE(result.ok());
  ExpectClean(*store);
  auto info = store->GetActor(iran);
  ASSERT_TRUE(info.ok());  // the actor stays, with no events
  EXPECT_EQ(info->stats.event_count(), 0);
  TemporalGraph::Reader g(store->graph());
  for (PairIndex p : g.OutPairs(iran)) EXPECT_TRUE(g.pair(p).edges.empty());
  for (PairIndex p : g.InPairs(iran)) EXPECT_TRUE(g.pair(p).edges.empty());
}

TEST(DeleteTest, ConcurrentWritesAndDeletesLoseNothing) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  auto base = store->Write(MakeEvents(600, 4));
  ASSERT_TRUE(base.ok());
  std::vector<EventId> doomed(base->ids.begin(), base->ids.begin() + 300);
  std::thread writer([&] {
    for (int round = 0; round < 20; ++round) {
      auto r = store->Write(MakeEvents(50, 100 + round, 10000 + round * 50));
      ASSERT_TRUE(r.ok());
    }
  });
  std::thread deleter([&] {
    for (size_t i = 0; i < doomed.size(); i += 10) {
      std::vector<EventId> part(doomed.begin() + i, doomed.begin() + i + 10);
      ASSERT_TRUE(store->DeleteEvents(part, false).ok());
    }
  });
  // Two deleters racing on the same ids delete each event once.
  std::thread rival([&] {
    ASSERT_TRUE(store->DeleteEvents(doomed, false).ok());
  });
  writer.join();
  deleter.join();
  rival.join();
  ExpectClean(*store);
  EXPECT_EQ(store->GetStats()->events, 600 - 300 + 20 * 50);
  EXPECT_EQ(GraphPairs(*store), CounterPairs(*store));
}

TEST(DeleteTest, DeletesRacingWithReingestOfTheSameEvents) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  const std::vector<Event> events = MakeEvents(200, 5);
  ASSERT_TRUE(store->Write(events).ok());
  // One thread keeps deleting whatever the events' ids are now, the other
  // keeps writing them again: each event is stored at most once at any
  // time, and every counter matches a recount at the end.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int round = 0; round < 30; ++round) {
      ASSERT_TRUE(store->Write(events).ok());
    }
    stop = true;
  });
  int64_t deleted = 0;
  while (!stop) {
    auto ids = store->FindBySource("https://a.example/x");
    ASSERT_TRUE(ids.ok());
    auto result = store->DeleteEvents(*ids, false);
    ASSERT_TRUE(result.ok());
    deleted += result->deleted;
  }
  writer.join();
  ExpectClean(*store);
  EXPECT_GT(deleted, 0);
  const int64_t stored = store->GetStats()->events;
  EXPECT_EQ(static_cast<size_t>(stored), AllIds(*store).size());
  EXPECT_LE(stored, 200);
  EXPECT_EQ(GraphPairs(*store), CounterPairs(*store));
}

}  // namespace
}  // namespace eventgraph::storage
