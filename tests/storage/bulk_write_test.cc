// EventStore::WriteBulk: the same events stored through WriteBulk and
// through Write give the same ids, records, counters and a database that
// checks clean; per-group results (accepted, duplicates, rejections with
// group-relative indexes) are exact; a second bulk load of the same events
// adds nothing; bulk loads mix with ordinary writes (before, after and
// concurrently) without storing a duplicate or losing a count; everything
// survives a reopen; leftover files of a cut-short bulk write are removed;
// a bulk load scope lets level-0 files gather and has them compacted when
// it ends.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
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

const char* kNames[] = {"Russia", "North Korea", "China", "Japan", "Iran",
                        "United States", "Military (Russia)"};

// `n` events among 7 actors over three years, source_event_id "e<first+i>".
std::vector<Event> MakeEvents(int n, int seed, int first = 0) {
  std::mt19937 rng(seed);
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.actor = kNames[rng() % 7];
    e.target = kNames[rng() % 7];
    e.action = "Consult";
    e.day = 18000 + static_cast<Day>(rng() % 1100);
    e.quad_class = static_cast<QuadClass>(1 + rng() % 4);
    if (rng() % 2) e.goldstein = (static_cast<int>(rng() % 200) - 100) / 10.0;
    if (rng() % 3) e.mentions = static_cast<int64_t>(rng() % 9);
    e.source = "https://a.example/x";
    e.source_event_id = "e" + std::to_string(first + i);
    events.push_back(std::move(e));
  }
  return events;
}

void ExpectClean(const EventStore& store) { testing::ExpectChecksClean(store); }

// Every year counter of every directed pair (and the "any" series), by
// actor names, as event counts.
std::map<std::string, int64_t> YearCounts(const EventStore& store) {
  std::map<std::string, int64_t> out;
  std::vector<std::pair<std::string, ActorId>> actors = {{"*", kAnyActor}};
  for (const char* name : kNames) {
    auto id = store.FindActor(name);
    if (id) actors.emplace_back(name, *id);
  }
  for (const auto& [an, a] : actors) {
    for (const auto& [tn, t] : actors) {
      if (a == kAnyActor && t == kAnyActor) continue;
      absl::Status s = store.ScanCounters(
          a, t, Level::kYear, 0, 10000, [&](int32_t year, const Counter& c) {
            int64_t n = 0;
            for (const auto& q : c.quad) n += q.events;
            out[an + ">" + tn + "@" + std::to_string(year)] = n;
          });
      EXPECT_TRUE(s.ok()) << s;
    }
  }
  return out;
}

int64_t Stored(const EventStore& store) {
  auto stats = store.GetStats();
  EXPECT_TRUE(stats.ok());
  return stats.ok() ? stats->events : -1;
}

TEST(BulkWriteTest, SameResultAsWriteWithExactGroupResults) {
  testing::TempDir dir;
  auto plain = OpenAt(dir.path() + "/plain");
  auto bulk = OpenAt(dir.path() + "/bulk");
  ASSERT_TRUE(plain && bulk);

  // Three groups: the second repeats two events of the first and has a bad
  // event; the third repeats one of its own.
  std::vector<Event> all = MakeEvents(3000, 1);
  std::vector<std::vector<Event>> groups(3);
  groups[0].assign(all.begin(), all.begin() + 1000);
  groups[1].assign(all.begin() + 1000, all.begin() + 2000);
  groups[1].insert(groups[1].begin() + 10, all[5]);
  groups[1].insert(groups[1].begin() + 20, all[6]);
  Event bad = all[7];
  bad.actor = "";
  bad.source_event_id = "bad";
  groups[1].insert(groups[1].begin() + 30, bad);  // index 30 of group 1
  groups[2].assign(all.begin() + 2000, all.end());
  groups[2].push_back(all[2500]);

  for (const auto& g : groups) {
    auto r = plain->Write(g);
    ASSERT_TRUE(r.ok()) << r.status();
  }
  auto results = bulk->WriteBulk(groups);
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].accepted, 1000);
  EXPECT_EQ((*results)[0].duplicates, 0);
  EXPECT_EQ((*results)[1].accepted, 1000);
  EXPECT_EQ((*results)[1].duplicates, 2);
  ASSERT_EQ((*results)[1].rejections.size(), 1u);
  EXPECT_EQ((*results)[1].rejections[0].index, 30);
  EXPECT_EQ((*results)[1].rejections[0].error.field, "actor");
  EXPECT_EQ((*results)[1].ids[30], 0u);
  EXPECT_EQ((*results)[1].ids[10], (*results)[0].ids[5]);  // the duplicate
  EXPECT_EQ((*results)[2].accepted, 1000);
  EXPECT_EQ((*results)[2].duplicates, 1);
  EXPECT_EQ((*results)[2].ids.back(), (*results)[2].ids[500]);
  for (const auto& r : *results) {
    EXPECT_EQ(r.ids.size(), groups[&r - &(*results)[0]].size());
  }

  EXPECT_EQ(Stored(*bulk), 3000);
  EXPECT_EQ(Stored(*plain), 3000);
  ExpectClean(*bulk);
  EXPECT_EQ(YearCounts(*bulk), YearCounts(*plain));
  EXPECT_FALSE(YearCounts(*bulk).empty());
  // The same records under the same ids.
  std::vector<EventId> ids;
  for (EventId id = 1; id <= 3000; ++id) ids.push_back(id);
  auto a = plain->GetEvents(ids);
  auto b = bulk->GetEvents(ids);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].actor, (*b)[i].actor);
    EXPECT_EQ((*a)[i].day, (*b)[i].day);
    EXPECT_EQ((*a)[i].source_event_id, (*b)[i].source_event_id);
  }

  // Loading the same groups again adds nothing.
  auto again = bulk->WriteBulk(groups);
  ASSERT_TRUE(again.ok()) << again.status();
  int64_t accepted = 0, duplicates = 0;
  for (const auto& r : *again) {
    accepted += r.accepted;
    duplicates += r.duplicates;
  }
  EXPECT_EQ(accepted, 0);
  EXPECT_EQ(duplicates, 3003);
  EXPECT_EQ(Stored(*bulk), 3000);
  ExpectClean(*bulk);
}

TEST(BulkWriteTest, MixesWithWritesAndSurvivesReopen) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  std::vector<Event> all = MakeEvents(6000, 2);
  {
    auto store = OpenAt(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Write({all.begin(), all.begin() + 1000}).ok());
    // A bulk load overlapping what Write stored: only the new ones count.
    auto r = store->WriteBulk({{all.begin() + 500, all.begin() + 3000}});
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ((*r)[0].accepted, 2000);
    EXPECT_EQ((*r)[0].duplicates, 500);
    ASSERT_TRUE(store->Write({all.begin() + 3000, all.begin() + 4000}).ok());
    EXPECT_EQ(Stored(*store), 4000);
    ExpectClean(*store);
  }
  {
    auto store = OpenAt(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(Stored(*store), 4000);
    ExpectClean(*store);
    // Writers and bulk loads at once, over overlapping events.
    std::thread writer([&] {
      for (int k = 3500; k < 6000; k += 250) {
        auto r = store->Write({all.begin() + k, all.begin() + k + 250});
        EXPECT_TRUE(r.ok()) << r.status();
      }
    });
    // The reused commit buffers may be released at any time.
    std::atomic<bool> done{false};
    std::thread releaser([&] {
      while (!done) {
        store->ReleaseWriteMemory();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    for (int k = 3000; k < 6000; k += 1500) {
      auto r = store->WriteBulk({{all.begin() + k, all.begin() + k + 1500}});
      EXPECT_TRUE(r.ok()) << r.status();
    }
    writer.join();
    done = true;
    releaser.join();
    EXPECT_EQ(Stored(*store), 6000);
    ExpectClean(*store);
    ASSERT_NE(store->graph(), nullptr);
    TemporalGraph::Reader g(store->graph());
    size_t edges = 0;
    for (PairIndex p = 0; p < g.pair_count(); ++p) edges += g.pair(p).edges.size();
    EXPECT_EQ(edges, 6000u);
  }
  auto store = OpenAt(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(Stored(*store), 6000);
  ExpectClean(*store);
}

// Waits (at most a minute) until RocksDB has no flush or compaction running
// or pending; returns the stats then.
StoreStats Settled(const EventStore& store) {
  StoreStats stats;
  for (int i = 0; i < 600; ++i) {
    auto s = store.GetStats();
    EXPECT_TRUE(s.ok()) << s.status();
    if (!s.ok()) break;
    stats = *s;
    if (stats.running_compactions == 0 && stats.running_flushes == 0 &&
        stats.pending_compaction_bytes == 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return stats;
}

TEST(BulkWriteTest, BulkLoadScopeLetsLevel0FilesGatherThenCompactsThem) {
  testing::TempDir dir;
  auto store = OpenAt(dir.path() + "/db");
  ASSERT_TRUE(store);
  std::vector<Event> all = MakeEvents(6 * 400, 3);
  auto outer = store->StartBulkLoad();
  ASSERT_TRUE(outer.ok()) << outer.status();
  auto inner = store->StartBulkLoad();  // scopes nest (two loaders)
  ASSERT_TRUE(inner.ok()) << inner.status();
  EXPECT_EQ(Settled(*store).bulk_loads, 2);
  // Six calls over the same actors and years: every call's files overlap
  // the earlier ones' in the indexes, the counters, the statistics and the
  // meta values, so each lands at level 0 (the first at the last level).
  for (int k = 0; k < 6; ++k) {
    auto r = store->WriteBulk(
        {{all.begin() + k * 400, all.begin() + (k + 1) * 400}});
    ASSERT_TRUE(r.ok()) << r.status();
  }
  // With the usual trigger (4 files) RocksDB would have compacted them;
  // here they stay: at least 5 in each of those six families.
  const StoreStats during = Settled(*store);
  EXPECT_GE(during.level0_files, 6 * 5);
  // One scope ending changes nothing while the other lives.
  inner->reset();
  const StoreStats one_left = Settled(*store);
  EXPECT_EQ(one_left.bulk_loads, 1);
  EXPECT_EQ(one_left.level0_files, during.level0_files);
  // The last one ending brings the usual trigger back: RocksDB compacts the
  // gathered files (fewer than 4 stay per family, none here).
  outer->reset();
  const StoreStats after = Settled(*store);
  EXPECT_EQ(after.bulk_loads, 0);
  EXPECT_LT(after.level0_files, 4);
  EXPECT_EQ(after.events, 6 * 400);
  ExpectClean(*store);
}

TEST(BulkWriteTest, LeftoversOfACutShortBulkWriteAreRemovedAtOpen) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  { ASSERT_TRUE(OpenAt(path)); }
  std::filesystem::create_directories(path + "/bulk-ingest");
  std::ofstream(path + "/bulk-ingest/1-7-events.sst") << "half a file";
  auto store = OpenAt(path);
  ASSERT_TRUE(store);
  EXPECT_FALSE(std::filesystem::exists(path + "/bulk-ingest/1-7-events.sst"));
  auto r = store->WriteBulk({MakeEvents(10, 3)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].accepted, 10);
  // The written files were moved into the database.
  EXPECT_TRUE(!std::filesystem::exists(path + "/bulk-ingest") ||
              std::filesystem::is_empty(path + "/bulk-ingest"));
  ExpectClean(*store);
}

}  // namespace
}  // namespace eventgraph::storage
