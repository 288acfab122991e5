#include "storage/event_store.h"

#include <mutex>
#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::storage {
namespace {

Event Make(std::string actor, std::string target, std::string date,
           std::string action = "Consult") {
  Event e;
  e.actor = std::move(actor);
  e.target = std::move(target);
  e.action = std::move(action);
  e.day = *ParseDate(date);
  return e;
}

std::unique_ptr<EventStore> OpenAt(const std::string& path) {
  StoreOptions options;
  options.path = path;
  auto store = EventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return std::move(*store);
}

std::vector<IndexPosition> Walk(IndexCursor& c) {
  std::vector<IndexPosition> out;
  for (; c.Valid(); c.Next()) out.push_back(c.position());
  EXPECT_TRUE(c.status().ok());
  return out;
}

TEST(EventStoreTest, BadEventsNeverSinkGoodOnes) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  std::vector<Event> events = {Make("Russia", "North Korea", "2024-06-19"),
                               Make("", "North Korea", "2024-06-19"),
                               Make("North Korea", "Russia", "2024-06-19")};
  events[2].goldstein = 42;
  events.push_back(Make("Russia", "China", "2001-07-16"));
  auto result = store->Write(events);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->accepted, 2);
  EXPECT_EQ(result->duplicates, 0);
  ASSERT_EQ(result->rejections.size(), 2u);
  EXPECT_EQ(result->rejections[0].index, 1);
  EXPECT_EQ(result->rejections[0].error.field, "actor");
  EXPECT_EQ(result->rejections[1].index, 2);
  EXPECT_EQ(result->rejections[1].error.field, "goldstein");
  EXPECT_NE(result->ids[0], 0u);
  EXPECT_EQ(result->ids[1], 0u);
  EXPECT_EQ(result->ids[2], 0u);
  EXPECT_NE(result->ids[3], 0u);
  auto stats = store->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, 2);
  EXPECT_EQ(stats->actors, 3);
}

TEST(EventStoreTest, WritesAreIdempotent) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  std::vector<Event> events = {Make("Russia", "North Korea", "2024-06-19"),
                               Make(" RUSSIA ", "north korea", "2024-06-19"),
                               Make("Russia", "North Korea", "2024-06-20")};
  events[2].source_event_id = "gdelt-1";
  auto first = store->Write(events);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->accepted, 2);  // the second repeats the first
  EXPECT_EQ(first->duplicates, 1);
  EXPECT_EQ(first->ids[0], first->ids[1]);
  // Same source_event_id and day with other fields: the same event.
  Event changed = Make("Someone", "Else", "2024-06-20");
  changed.source_event_id = "gdelt-1";
  events.push_back(changed);
  auto second = store->Write(events);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->accepted, 0);
  EXPECT_EQ(second->duplicates, 4);
  EXPECT_EQ(second->ids[2], first->ids[2]);
  EXPECT_EQ(second->ids[3], first->ids[2]);
  EXPECT_EQ(store->GetStats()->events, 2);
  EXPECT_FALSE(store->FindActor("Someone").has_value());
  // The same source_event_id on another day is another event (ICEWS).
  Event other_day = Make("Russia", "North Korea", "2024-06-21");
  other_day.source_event_id = "gdelt-1";
  auto third = store->Write({other_day});
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->accepted, 1);
}

// Only identities up to the largest stored one are looked up: events
// before, on and after the last stored day, new and repeated, in one call
// (and in a bulk write, then after a reopen) are each told apart.
TEST(EventStoreTest, DuplicatesAroundTheLargestStoredIdentity) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  auto event = [](const char* date, const char* id) {
    Event e = Make("Russia", "North Korea", date);
    e.source_event_id = id;
    return e;
  };
  auto first = store->Write({event("2024-06-19", "a"), event("2024-06-19", "b"),
                             event("2001-01-01", "c")});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->accepted, 3);
  std::vector<Event> mixed = {event("2024-06-19", "a"), event("2024-06-19", "z"),
                              event("2024-06-20", "a"), event("2001-01-01", "c"),
                              event("2000-12-31", "c"), event("2024-06-19", "b"),
                              event("2024-06-20", "a")};
  auto second = store->Write(mixed);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->accepted, 3);    // z, the 20th's a, the 31st's c
  EXPECT_EQ(second->duplicates, 4);  // a, c, b stored; the 20th's a again
  EXPECT_EQ(second->ids[0], first->ids[0]);
  EXPECT_EQ(second->ids[3], first->ids[2]);
  EXPECT_EQ(second->ids[5], first->ids[1]);
  EXPECT_EQ(second->ids[6], second->ids[2]);
  store.reset();
  store = OpenAt(dir.path());
  auto bulk = store->WriteBulk({{event("2024-06-20", "a"), event("2024-06-21", "a"),
                                 event("1999-01-01", "a"), event("2001-01-01", "c")}});
  ASSERT_TRUE(bulk.ok()) << bulk.status();
  ASSERT_EQ(bulk->size(), 1u);
  EXPECT_EQ((*bulk)[0].accepted, 2);
  EXPECT_EQ((*bulk)[0].duplicates, 2);
  EXPECT_EQ((*bulk)[0].ids[0], second->ids[2]);
  EXPECT_EQ(store->GetStats()->events, 8);
}

TEST(EventStoreTest, ConcurrentWritersStoreEachEventOnce) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  std::vector<Event> events;
  for (int i = 0; i < 500; ++i) {
    events.push_back(Make("A" + std::to_string(i % 17), "B" + std::to_string(i % 5),
                          "2010-01-01"));
    events.back().source_event_id = std::to_string(i);
  }
  std::vector<std::thread> threads;
  std::atomic<int64_t> accepted{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto r = store->Write(events);
      ASSERT_TRUE(r.ok());
      accepted += r->accepted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 500);
  EXPECT_EQ(store->GetStats()->events, 500);
}

TEST(EventStoreTest, ConcurrentOverlappingWritersKeepIdsAndCountsRight) {
  testing::TempDir dir;
  std::set<EventId> ids;
  {
    auto store = OpenAt(dir.path());
    // Four writers, each 20 batches; batch b of writer w holds events
    // (w + b) % 8 * 50 .. + 100: neighbours overlap, new actors appear late.
    std::vector<std::thread> threads;
    std::mutex mu;
    for (int w = 0; w < 4; ++w) {
      threads.emplace_back([&, w] {
        for (int b = 0; b < 20; ++b) {
          std::vector<Event> batch;
          int base = ((w + b) % 8) * 50;
          for (int i = base; i < base + 100; ++i) {
            batch.push_back(Make("Actor " + std::to_string(i % 37 + b),
                                 "Target " + std::to_string(i % 11), "2012-05-01"));
            batch.back().source_event_id = std::to_string(i);
          }
          auto r = store->Write(batch);
          ASSERT_TRUE(r.ok()) << r.status();
          std::lock_guard<std::mutex> lock(mu);
          for (EventId id : r->ids) ids.insert(id);
        }
      });
    }
    for (auto& t : threads) t.join();
    // 450 distinct source_event_ids on one day: 450 events, each id once.
    EXPECT_EQ(ids.size(), 450u);
    EXPECT_EQ(store->GetStats()->events, 450);
    auto all = store->NewCursor(IndexSelector::All(), kMinDay, kMaxDay, false);
    EXPECT_EQ(Walk(*all).size(), 450u);
  }
  // After reopening, the count is right and new ids never reuse old ones.
  auto store = OpenAt(dir.path());
  EXPECT_EQ(store->GetStats()->events, 450);
  auto r = store->Write({Make("Late", "Comer", "2012-05-02")});
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->ids[0], *ids.rbegin());
}

TEST(EventStoreTest, EverythingSurvivesReopen) {
  testing::TempDir dir;
  EventId id;
  {
    auto store = OpenAt(dir.path());
    Event e = Make("Vladimir Putin", "Kim Jong Un", "2024-06-19", "Make a visit");
    e.goldstein = 1.9;
    e.attributes = {{"note", "first in 24 years"}};
    auto r = store->Write({e});
    ASSERT_TRUE(r.ok());
    id = r->ids[0];
  }
  auto store = OpenAt(dir.path());
  auto events = store->GetEvents({id});
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ((*events)[0].actor, "Vladimir Putin");
  EXPECT_EQ((*events)[0].target, "Kim Jong Un");
  EXPECT_EQ((*events)[0].goldstein, 1.9);
  EXPECT_EQ((*events)[0].attributes[0].second, "first in 24 years");
  EXPECT_EQ(store->GetStats()->events, 1);
  // New ids continue after the old ones.
  auto r = store->Write({Make("A", "B", "2020-01-01")});
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->ids[0], id);
  auto putin = store->FindActor("vladimir putin");
  ASSERT_TRUE(putin.has_value());
  auto info = store->GetActor(*putin);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->stats.out_count, 1);
  EXPECT_EQ(FormatDate(info->stats.first_day), "2024-06-19");
}

TEST(EventStoreTest, OpenFailsClearly) {
  testing::TempDir dir;
  { OpenAt(dir.path()); }
  StoreOptions options;
  options.path = dir.Sub("missing");
  options.create_if_missing = false;
  auto missing = EventStore::Open(options);
  EXPECT_FALSE(missing.ok());
  options.path = dir.path();
  auto second = EventStore::Open(options);
  ASSERT_TRUE(second.ok());
  // The lock is held: a second open of the same folder fails clearly.
  auto third = EventStore::Open(options);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), absl::StatusCode::kUnavailable);
}

TEST(EventStoreTest, CursorsWalkWindowsBothWaysAndResumeAfterAPosition) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  std::vector<Event> events;
  for (const char* d : {"1950-01-01", "2000-07-19", "2000-07-19", "2024-06-19",
                        "9999-12-31"}) {
    events.push_back(Make("Russia", "North Korea", d));
    events.back().source = d + std::to_string(events.size());
  }
  ASSERT_TRUE(store->Write(events).ok());
  ActorId ru = *store->FindActor("Russia");
  ActorId nk = *store->FindActor("North Korea");
  auto all = store->NewCursor(IndexSelector::Dyad(ru, nk), kMinDay, kMaxDay, false);
  auto asc = Walk(*all);
  ASSERT_EQ(asc.size(), 5u);
  EXPECT_TRUE(std::is_sorted(asc.begin(), asc.end()));
  auto desc_cursor =
      store->NewCursor(IndexSelector::Dyad(ru, nk), kMinDay, kMaxDay, true);
  auto desc = Walk(*desc_cursor);
  EXPECT_TRUE(std::equal(asc.rbegin(), asc.rend(), desc.begin()));
  // Window bounds are inclusive.
  Day d2000 = *ParseDate("2000-07-19");
  auto window = store->NewCursor(IndexSelector::Dyad(ru, nk), d2000,
                                 *ParseDate("2024-06-19"), false);
  EXPECT_EQ(Walk(*window).size(), 3u);
  // Resume strictly after a position.
  auto after = store->NewCursor(IndexSelector::Dyad(ru, nk), kMinDay, kMaxDay,
                                false, asc[1]);
  auto rest = Walk(*after);
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest[0], asc[2]);
  auto before = store->NewCursor(IndexSelector::Dyad(ru, nk), kMinDay,
                                 kMaxDay, true, asc[2]);
  auto head = Walk(*before);
  ASSERT_EQ(head.size(), 2u);
  EXPECT_EQ(head[0], asc[1]);
  // The reverse direction of the pair is another index.
  auto reverse = store->NewCursor(IndexSelector::Dyad(nk, ru), kMinDay, kMaxDay, false);
  EXPECT_TRUE(Walk(*reverse).empty());
  auto in = store->NewCursor(IndexSelector::Actor(nk, Side::kIn), kMinDay, kMaxDay, false);
  EXPECT_EQ(Walk(*in).size(), 5u);
  auto stats = store->GetStats();
  EXPECT_EQ(FormatDate(*stats->first_day), "1950-01-01");
  EXPECT_EQ(FormatDate(*stats->last_day), "9999-12-31");
}

TEST(EventStoreTest, CountersEqualARecount) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  std::vector<Event> events;
  for (int i = 0; i < 300; ++i) {
    Event e = Make(i % 3 ? "Russia" : "North Korea", i % 5 ? "North Korea" : "Russia",
                   FormatDate(*ParseDate("2018-01-01") + i % 40));
    e.quad_class = static_cast<QuadClass>(i % 5);
    if (i % 2) e.goldstein = (i % 21) - 10;
    e.mentions = i;
    e.source = std::to_string(i);
    events.push_back(e);
  }
  // Two batches, so counters are merged across writes.
  ASSERT_TRUE(store->Write({events.begin(), events.begin() + 123}).ok());
  ASSERT_TRUE(store->Write({events.begin() + 123, events.end()}).ok());
  ActorId ru = *store->FindActor("Russia");
  ActorId nk = *store->FindActor("North Korea");
  Counter expected;
  for (const Event& e : events) {
    if (e.actor == "Russia" && e.target == "North Korea") expected.AddEvent(e);
  }
  for (Level level : {Level::kDay, Level::kMonth, Level::kYear}) {
    Counter sum;
    ASSERT_TRUE(store
                    ->ScanCounters(ru, nk, level, INT32_MIN + 1, INT32_MAX - 1,
                                   [&](int32_t, const Counter& c) { sum.Add(c); })
                    .ok());
    for (int q = 0; q < kQuadClassCount; ++q) {
      EXPECT_EQ(sum.quad[q].events, expected.quad[q].events);
      EXPECT_EQ(sum.quad[q].goldstein_centi, expected.quad[q].goldstein_centi);
      EXPECT_EQ(sum.quad[q].mentions, expected.quad[q].mentions);
    }
  }
}

TEST(EventStoreTest, CounterSpansAtEachLevel) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path());
  ASSERT_TRUE(store
                  ->Write({Make("Russia", "North Korea", "2019-03-15"),
                           Make("Russia", "North Korea", "2020-11-30"),
                           Make("Russia", "North Korea", "2021-07-02"),
                           Make("North Korea", "Russia", "2000-02-29"),
                           Make("Japan", "China", "9999-12-31")})
                  .ok());
  const ActorId ru = *store->FindActor("Russia");
  const ActorId nk = *store->FindActor("North Korea");
  auto span = [&](ActorId a, ActorId t, Level level) {
    auto s = store->CounterSpan(a, t, level);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : std::nullopt;
  };
  auto days = [](const char* first, const char* last) {
    return std::optional<std::pair<Day, Day>>({*ParseDate(first), *ParseDate(last)});
  };
  EXPECT_EQ(span(ru, nk, Level::kDay), days("2019-03-15", "2021-07-02"));
  EXPECT_EQ(span(ru, nk, Level::kMonth), days("2019-03-01", "2021-07-31"));
  EXPECT_EQ(span(ru, nk, Level::kYear), days("2019-01-01", "2021-12-31"));
  EXPECT_EQ(span(nk, ru, Level::kMonth), days("2000-02-01", "2000-02-29"));
  // Every event of Russia, whoever the target.
  EXPECT_EQ(span(ru, kAnyActor, Level::kYear), days("2019-01-01", "2021-12-31"));
  EXPECT_EQ(span(kAnyActor, ru, Level::kDay), days("2000-02-29", "2000-02-29"));
  // The last representable day: a span never runs past it.
  const ActorId jp = *store->FindActor("Japan");
  const ActorId cn = *store->FindActor("China");
  for (Level level : {Level::kDay, Level::kMonth, Level::kYear}) {
    auto s = span(jp, cn, level);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->second, kMaxDay);
  }
  // No events between the two in this direction.
  EXPECT_EQ(span(cn, jp, Level::kYear), std::nullopt);
}

}  // namespace
}  // namespace eventgraph::storage
