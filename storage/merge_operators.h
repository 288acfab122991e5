// RocksDB merge operators for the counters and actor_stats column families.
// Many writers bump the same counters; a merge adds an operand without
// reading the old value. A corrupt operand makes the merge fail, which
// RocksDB reports as Corruption (mapped to DataLoss).
//
// Thread safety: stateless, thread-safe.
#pragma once

#include <memory>

#include "rocksdb/merge_operator.h"

namespace eventgraph::storage {

// Adds Counter values (records.h) field by field.
std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator();

// Adds ActorStats: counts add, first_day takes the min, last_day the max.
std::shared_ptr<rocksdb::MergeOperator> NewActorStatsMergeOperator();

// Meta values (u64, big-endian) of the default column family: the key
// kMetaEventCount adds, every other key keeps the maximum (next ids), so
// that concurrent writes may land in any order.
std::shared_ptr<rocksdb::MergeOperator> NewMetaMergeOperator();

}  // namespace eventgraph::storage
