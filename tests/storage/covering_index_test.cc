// The covering dyad index (format version 2): every dyad_events entry
// carries its event's record, written by both write paths, checked and
// repaired by Check/Repair, and added in place to a version 1 database at
// open. The date index's graph fields (format version 3): read by
// BuildWindowGraph, added in place to version 1 and 2 databases.
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/event_store.h"
#include "storage/keys.h"
#include "storage/records.h"
#include "storage/temporal_graph.h"
#include "tests/testing/raw_db.h"
#include "tests/testing/store_testing.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::storage {
namespace {

using testing::WithRawDb;

const char* const kNames[] = {"Russia", "North Korea", "China", "Japan"};

// `n` events among four actors, with every optional field set on some.
std::vector<Event> MakeEvents(int n, int seed) {
  std::mt19937 rng(seed);
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.actor = kNames[rng() % 4];
    e.target = kNames[rng() % 4];
    e.action = i % 3 ? "Consult" : "Make statement";
    e.event_code = i % 3 ? "040" : "010";
    e.day = 18000 + static_cast<Day>(rng() % 400);
    e.quad_class = static_cast<QuadClass>(rng() % 5);
    if (rng() % 2) e.goldstein = (static_cast<int>(rng() % 200) - 100) / 10.0;
    if (rng() % 2) e.mentions = static_cast<int64_t>(rng() % 50);
    if (i % 5 == 0) e.attributes = {{"SOURCEURL", "https://example.org/" +
                                                      std::to_string(i)}};
    e.source = "test";
    e.source_event_id = std::to_string(seed) + "-" + std::to_string(i);
    events.push_back(std::move(e));
  }
  return events;
}

// Every event of every dyad, read from the records its dyad_events entries
// carry, equals the event read by id; actor and date cursors carry none.
// Returns how many dyad entries were compared.
int ExpectDyadRecordsEqualEvents(const EventStore& store) {
  int compared = 0;
  for (const char* a : kNames) {
    for (const char* b : kNames) {
      const ActorId x = *store.FindActor(a);
      const ActorId y = *store.FindActor(b);
      auto c = store.NewCursor(IndexSelector::Dyad(x, y), kMinDay, kMaxDay,
                               /*descending=*/false);
      for (; c->Valid(); c->Next()) {
        const EventId id = c->position().id;
        EXPECT_FALSE(c->record().empty()) << "event " << id;
        Event from_index;
        EXPECT_TRUE(store.DecodeEvent(id, c->record(), &from_index).ok());
        auto by_id = store.GetEvents({id});
        EXPECT_TRUE(by_id.ok()) << by_id.status();
        if (!by_id.ok()) return compared;
        const Event& e = (*by_id)[0];
        EXPECT_EQ(EncodeEventRecord(from_index), EncodeEventRecord(e));
        EXPECT_EQ(from_index.id, id);
        EXPECT_EQ(from_index.actor, a);
        EXPECT_EQ(from_index.target, b);
        EXPECT_EQ(from_index.attributes, e.attributes);
        ++compared;
      }
      EXPECT_TRUE(c->status().ok()) << c->status();
    }
  }
  auto actor = store.NewCursor(IndexSelector::Actor(1, Side::kOut), kMinDay,
                               kMaxDay, false);
  EXPECT_TRUE(actor->Valid());
  if (actor->Valid()) EXPECT_TRUE(actor->record().empty());
  auto all = store.NewCursor(IndexSelector::All(), kMinDay, kMaxDay, false);
  EXPECT_TRUE(all->Valid());
  if (all->Valid()) EXPECT_TRUE(all->record().empty());
  return compared;
}

// Sets every value of family `cf` to "" (what an older format wrote);
// returns how many entries there were.
int EmptyValues(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), cf));
  int n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    EXPECT_TRUE(db->Put(rocksdb::WriteOptions(), cf, it->key(), "").ok());
    ++n;
  }
  EXPECT_TRUE(it->status().ok());
  return n;
}

// The events of a graph read from the date index over every day (-1 when
// it cannot be built).
int64_t WindowGraphEvents(const EventStore& store) {
  auto window = store.BuildWindowGraph(kMinDay, kMaxDay - 1);
  EXPECT_TRUE(window.ok()) << window.status();
  if (!window.ok()) return -1;
  return static_cast<int64_t>(
      TemporalGraph::Reader((*window)->graph()).event_count());
}

TEST(CoveringIndexTest, BothWritePathsStoreTheRecordWithTheDyadEntry) {
  testing::TempDir dir;
  auto store = testing::OpenStoreAt(dir.path());
  ASSERT_TRUE(store->Write(MakeEvents(300, 1)).ok());
  std::vector<std::vector<Event>> chunks = {MakeEvents(200, 2),
                                            MakeEvents(100, 3)};
  auto bulk = store->WriteBulk(std::move(chunks));
  ASSERT_TRUE(bulk.ok()) << bulk.status();
  EXPECT_EQ(ExpectDyadRecordsEqualEvents(*store), 600);
  // Both write the graph fields into the date entries too.
  EXPECT_EQ(WindowGraphEvents(*store), 600);
  testing::ExpectChecksClean(*store);
}

TEST(CoveringIndexTest, CheckFindsAMissingOrWrongRecordAndRepairFixesIt) {
  testing::TempDir dir;
  {
    auto store = testing::OpenStoreAt(dir.path());
    ASSERT_TRUE(store->Write(MakeEvents(300, 1)).ok());
  }
  WithRawDb(dir.path(), [](rocksdb::DB* db, auto& cf) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), cf[kCfDyadEvents]));
    it->SeekToFirst();
    ASSERT_TRUE(it->Valid());
    const std::string first = it->key().ToString();
    const std::string first_record = it->value().ToString();
    it->Next();
    ASSERT_TRUE(it->Valid());
    const std::string second = it->key().ToString();
    ASSERT_NE(it->value().ToString(), first_record);
    rocksdb::WriteOptions w;
    ASSERT_TRUE(db->Put(w, cf[kCfDyadEvents], first, "").ok());
    // Another event's record under the second key.
    ASSERT_TRUE(db->Put(w, cf[kCfDyadEvents], second, first_record).ok());
  });
  auto store = testing::OpenStoreAt(dir.path());
  auto report = store->Check();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->problems, 2);
  std::string all;
  for (const auto& s : report->samples) all += s + "\n";
  EXPECT_NE(all.find("dyad_events: event"), std::string::npos) << all;
  EXPECT_NE(all.find("carries no event record"), std::string::npos) << all;
  EXPECT_NE(all.find("differs from the one in the events family"),
            std::string::npos)
      << all;
  auto repaired = store->Repair();
  ASSERT_TRUE(repaired.ok()) << repaired.status();
  EXPECT_TRUE(repaired->ok()) << repaired->samples[0];
  EXPECT_EQ(ExpectDyadRecordsEqualEvents(*store), 300);
}

TEST(CoveringIndexTest, AVersionOneDatabaseIsUpgradedAtOpen) {
  testing::TempDir dir;
  {
    auto store = testing::OpenStoreAt(dir.path());
    ASSERT_TRUE(store->Write(MakeEvents(400, 4)).ok());
    EXPECT_FALSE(store->format_upgrade().has_value());
  }
  // Make it what version 1 wrote: empty dyad and date values.
  int emptied = 0;
  WithRawDb(dir.path(), [&](rocksdb::DB* db, auto& cf) {
    emptied = EmptyValues(db, cf[kCfDyadEvents]);
    ASSERT_EQ(EmptyValues(db, cf[kCfDateIndex]), emptied);
    rocksdb::WriteOptions w;
    ASSERT_TRUE(db->Put(w, cf["default"], kMetaFormatVersion,
                        kFormatVersionWithoutDyadRecords)
                    .ok());
  });
  ASSERT_EQ(emptied, 400);
  {
    auto store = testing::OpenStoreAt(dir.path());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->format_upgrade().has_value());
    EXPECT_EQ(store->format_upgrade()->from_version, "1");
    EXPECT_EQ(store->format_upgrade()->events, 400);
    EXPECT_EQ(ExpectDyadRecordsEqualEvents(*store), 400);
    EXPECT_EQ(WindowGraphEvents(*store), 400);
    testing::ExpectChecksClean(*store);
    // Writes after the upgrade carry their records too.
    ASSERT_TRUE(store->Write(MakeEvents(50, 5)).ok());
    EXPECT_EQ(ExpectDyadRecordsEqualEvents(*store), 450);
  }
  std::string version;
  WithRawDb(dir.path(), [&](rocksdb::DB* db, auto& cf) {
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), cf["default"],
                        kMetaFormatVersion, &version)
                    .ok());
  });
  EXPECT_EQ(version, kFormatVersion);
  auto again = testing::OpenStoreAt(dir.path());
  EXPECT_FALSE(again->format_upgrade().has_value());
}

TEST(CoveringIndexTest, AVersionTwoDatabaseGetsItsDateValuesAtOpen) {
  testing::TempDir dir;
  {
    auto store = testing::OpenStoreAt(dir.path());
    ASSERT_TRUE(store->Write(MakeEvents(400, 6)).ok());
  }
  // Make it what version 2 wrote: empty date values.
  WithRawDb(dir.path(), [&](rocksdb::DB* db, auto& cf) {
    ASSERT_EQ(EmptyValues(db, cf[kCfDateIndex]), 400);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf["default"],
                        kMetaFormatVersion, kFormatVersionWithoutDateValues)
                    .ok());
  });
  {
    auto store = testing::OpenStoreAt(dir.path());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->format_upgrade().has_value());
    EXPECT_EQ(store->format_upgrade()->from_version, "2");
    EXPECT_EQ(store->format_upgrade()->events, 400);
    EXPECT_EQ(WindowGraphEvents(*store), 400);
    EXPECT_EQ(ExpectDyadRecordsEqualEvents(*store), 400);
    testing::ExpectChecksClean(*store);
  }
  auto again = testing::OpenStoreAt(dir.path());
  EXPECT_FALSE(again->format_upgrade().has_value());
}

TEST(CoveringIndexTest, ACorruptDateValueIsDataLossForAWindowGraph) {
  testing::TempDir dir;
  {
    auto store = testing::OpenStoreAt(dir.path());
    ASSERT_TRUE(store->Write(MakeEvents(50, 7)).ok());
  }
  WithRawDb(dir.path(), [&](rocksdb::DB* db, auto& cf) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), cf[kCfDateIndex]));
    it->SeekToFirst();
    ASSERT_TRUE(it->Valid());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[kCfDateIndex], it->key(),
                        "\x03garbage")
                    .ok());
  });
  auto store = testing::OpenStoreAt(dir.path());
  ASSERT_NE(store, nullptr);
  auto window = store->BuildWindowGraph(kMinDay, kMaxDay - 1);
  EXPECT_EQ(window.status().code(), absl::StatusCode::kDataLoss)
      << window.status();
  // Check names it too.
  auto report = store->Check();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
}

}  // namespace
}  // namespace eventgraph::storage
