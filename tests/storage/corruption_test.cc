// Corrupt or foreign data on disk gives DataLoss or FailedPrecondition,
// never a crash. The test writes bad bytes with RocksDB directly.
#include <memory>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/event_store.h"
#include "storage/coding.h"
#include "storage/keys.h"
#include "storage/merge_operators.h"
#include "tests/testing/raw_db.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::storage {
namespace {

using testing::WithRawDb;

std::unique_ptr<EventStore> Fill(const std::string& path) {
  StoreOptions options;
  options.path = path;
  auto store = EventStore::Open(options);
  EXPECT_TRUE(store.ok());
  Event e;
  e.actor = "Russia";
  e.target = "North Korea";
  e.action = "Consult";
  e.day = 100;
  EXPECT_TRUE((*store)->Write({e}).ok());
  return std::move(*store);
}

TEST(CorruptionTest, AnotherFormatVersionIsRefused) {
  testing::TempDir dir;
  Fill(dir.path()).reset();
  WithRawDb(dir.path(), [](rocksdb::DB* db, auto& cf) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf["default"],
                        kMetaFormatVersion, "999").ok());
  });
  StoreOptions options;
  options.path = dir.path();
  auto store = EventStore::Open(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("999"), std::string::npos);
}

TEST(CorruptionTest, AForeignRocksDbIsDataLoss) {
  testing::TempDir dir;
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, dir.path(), &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "x", "y").ok());
    delete db;
  }
  StoreOptions options;
  options.path = dir.path();
  auto store = EventStore::Open(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
}

TEST(CorruptionTest, CorruptRecordsAndKeysAreDataLoss) {
  testing::TempDir dir;
  Fill(dir.path()).reset();
  WithRawDb(dir.path(), [](rocksdb::DB* db, auto& cf) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[kCfEvents], EventKey(1),
                        "\x01garbage").ok());
    // An index key inside the scanned range, but too short.
    std::string short_key = DyadEventPrefix(1, 2);
    PutOrderedInt32(&short_key, 100);
    short_key += "abc";
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[kCfDyadEvents], short_key,
                        "").ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[kCfCounters],
                        CounterKey(1, 2, Level::kDay, 101), "\xff").ok());
  });
  StoreOptions options;
  options.path = dir.path();
  auto store = EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // The graph is built without the corrupt record, and says so.
  EXPECT_EQ((*store)->graph_skipped_records(), 1);
  auto events = (*store)->GetEvents({1});
  EXPECT_EQ(events.status().code(), absl::StatusCode::kDataLoss);
  auto cursor = (*store)->NewCursor(IndexSelector::Dyad(1, 2), kMinDay, kMaxDay, false);
  while (cursor->Valid()) cursor->Next();
  EXPECT_EQ(cursor->status().code(), absl::StatusCode::kDataLoss);
  absl::Status scan = (*store)->ScanCounters(1, 2, Level::kDay, 0, 1000,
                                             [](int32_t, const Counter&) {});
  EXPECT_FALSE(scan.ok());
}

}  // namespace
}  // namespace eventgraph::storage
