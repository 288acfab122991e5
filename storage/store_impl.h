// Private to storage/: the state behind EventStore, shared by the files that
// implement it (event_store.cc, store_write.cc, store_read.cc,
// store_check.cc, store_delete.cc, backup.cc).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "rocksdb/db.h"
#include "storage/event_store.h"

namespace eventgraph::storage {

// Maps a RocksDB status to the Abseil code of the same meaning; `context`
// starts the message.
absl::Status FromRocks(const rocksdb::Status& s, std::string_view context);

class EventStore::Impl {
 public:
  ~Impl();

  StoreOptions options;
  std::unique_ptr<rocksdb::DB> db;
  // Handles are owned here and destroyed before db.
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* identity = nullptr;
  rocksdb::ColumnFamilyHandle* actor_names = nullptr;
  rocksdb::ColumnFamilyHandle* actors = nullptr;
  rocksdb::ColumnFamilyHandle* actor_stats = nullptr;
  rocksdb::ColumnFamilyHandle* actor_events = nullptr;
  rocksdb::ColumnFamilyHandle* dyad_events = nullptr;
  rocksdb::ColumnFamilyHandle* date_index = nullptr;
  rocksdb::ColumnFamilyHandle* counters = nullptr;
  rocksdb::WriteOptions write_options;

  // Serializes the bookkeeping of writers: identity checks, actor creation
  // and id assignment happen under it (so concurrent duplicates cannot both
  // be stored); the batch write itself does not.
  absl::Mutex write_mu;
  EventId next_event_id ABSL_GUARDED_BY(write_mu) = 1;
  ActorId next_actor_id ABSL_GUARDED_BY(write_mu) = 1;
  // Identities of events reserved by a Write whose batch is not yet visible.
  absl::flat_hash_map<std::string, EventId> pending_identities
      ABSL_GUARDED_BY(write_mu);
  std::atomic<int64_t> event_count{0};
  // False while a backup captures the database (storage/backup.cc): new
  // Write calls and deletes wait for it to turn true again.
  bool writes_open ABSL_GUARDED_BY(write_mu) = true;
  // True when no Write is between its reservation and its commit (its
  // batch, event count and graph update all done) and writes are open:
  // the condition under which deletes and backups take write_mu.
  bool WritersIdle() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu) {
    return writes_open && pending_identities.empty();
  }

  // In-memory directory of actors, filled at open and after every write.
  mutable absl::Mutex actors_mu;
  absl::flat_hash_map<std::string, ActorId> actor_by_folded
      ABSL_GUARDED_BY(actors_mu);
  std::vector<std::string> actor_names_by_id ABSL_GUARDED_BY(actors_mu);

  EventStore::CommitListener commit_listener;
  // Every committed event as a dated edge (null without options.graph_index).
  std::unique_ptr<TemporalGraph> graph;
  // Event records LoadGraph could not decode (left out of the graph).
  int64_t graph_skipped_records = 0;

  // Loads meta values and the actor directory. Called once by Open.
  absl::Status Load();
  // Builds `graph` from the events column family. Called once by Open.
  absl::Status LoadGraph();
  // store_check.cc. Calls fn for every decodable event of `snapshot`
  // (nullptr: the latest state) with its identity key; records that do not
  // decode or name unknown actors are skipped and noted in *report when
  // report is not null.
  absl::Status ForEachEvent(
      const rocksdb::Snapshot* snapshot, CheckReport* report,
      const std::function<void(const Event&, std::string identity)>& fn) const;
  // Walks column family `cf` and the sorted `expected` entries together,
  // noting missing, extra and different entries in *report.
  absl::Status CompareFamily(
      const rocksdb::Snapshot* snapshot, rocksdb::ColumnFamilyHandle* cf,
      const char* name,
      const std::vector<std::pair<std::string, std::string>>& expected,
      const std::function<bool(std::string_view, std::string_view)>& same,
      const std::function<std::string(std::string_view, std::string_view)>&
          diff,
      CheckReport* report) const;

  // Reads one meta value as a big-endian u64; `fallback` when absent.
  absl::StatusOr<uint64_t> ReadMetaU64(const char* key, uint64_t fallback);

  // store_delete.cc. Removes the stored events among `ids` (one WriteBatch)
  // with every entry they derive, and adjusts counters, actor statistics,
  // the event count and the graph; appends the ids found to *deleted.
  // REQUIRES: write_mu held with WritersIdle().
  absl::Status DeleteChunk(absl::Span<const EventId> ids,
                           std::vector<EventId>* deleted)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu);
};

}  // namespace eventgraph::storage
