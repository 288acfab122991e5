// Private to storage/: what an event adds to the database besides its
// record — identity, index entries, counter and actor-statistics operands.
// EventStore::Write, Check and Repair all derive them here, so that the
// three agree by construction.
//
// Thread safety: a DerivedEntries is not thread-safe; the functions are.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "rocksdb/write_batch.h"
#include "storage/event.h"
#include "storage/records.h"

namespace eventgraph::storage {

// Key-value pairs of one column family, sorted before they are used
// (memtable inserts in key order reuse the skip list's search path).
class SortedEntries {
 public:
  void Add(std::string key, std::string value) {
    entries_.emplace_back(std::move(key), std::move(value));
  }
  void Sort();
  void PutInto(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf);
  void MergeInto(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf);
  // REQUIRES: Sort() called since the last Add.
  const std::vector<std::pair<std::string, std::string>>& entries() const {
    return entries_;
  }
  size_t size() const { return entries_.size(); }
  void Clear() { entries_.clear(); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// The derived entries of a set of events, per column family. Counters and
// actor statistics are summed per key (one merge operand per key).
struct DerivedEntries {
  SortedEntries identity;      // identity key -> event id
  SortedEntries actor_events;  // both sides
  SortedEntries dyad_events;
  SortedEntries date_index;
  // Nodes: a Counter is 160 bytes, and a bulk write holds ~10^6 of them
  // (a flat map would move them all at every growth).
  absl::node_hash_map<std::string, Counter> counters;
  absl::flat_hash_map<ActorId, ActorStats> actor_stats;

  // Adds everything `e` derives. `identity_key` is IdentityKey(e, ...).
  // REQUIRES: e.id, e.actor_id, e.target_id and e.day are set.
  void Add(const Event& e, std::string identity_key);
};

}  // namespace eventgraph::storage
