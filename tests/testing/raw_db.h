// Helper of the storage tests that damage or rewrite a closed store's data
// with RocksDB directly (only storage tests may include RocksDB).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "storage/merge_operators.h"

namespace eventgraph::testing {

// Opens the closed store at `path` as a plain RocksDB database with all its
// column families and runs fn(db, families_by_name). The merge operators
// are set, since the WAL may hold merge operands to replay.
template <typename Fn>
void WithRawDb(const std::string& path, Fn fn) {
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& n : names) {
    rocksdb::ColumnFamilyOptions cf;
    if (n == storage::kCfCounters) {
      cf.merge_operator = storage::NewCounterMergeOperator();
    }
    if (n == storage::kCfActorStats) {
      cf.merge_operator = storage::NewActorStatsMergeOperator();
    }
    if (n == "default") cf.merge_operator = storage::NewMetaMergeOperator();
    families.emplace_back(n, cf);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &db)
          .ok());
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
  for (size_t i = 0; i < names.size(); ++i) by_name[names[i]] = handles[i];
  fn(db, by_name);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

}  // namespace eventgraph::testing
