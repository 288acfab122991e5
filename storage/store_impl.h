// Private to storage/: the state behind EventStore, shared by the files that
// implement it (event_store.cc, store_write.cc, store_read.cc,
// store_check.cc, store_delete.cc, backup.cc).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "rocksdb/db.h"
#include "storage/affiliation.h"
#include "storage/event_store.h"

namespace eventgraph::storage {

// Maps a RocksDB status to the Abseil code of the same meaning; `context`
// starts the message.
absl::Status FromRocks(const rocksdb::Status& s, std::string_view context);

// The bytes of a RocksDB slice (valid while the slice is).
inline std::string_view View(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
}

struct CommitEntries;  // store_write.cc
class SortedEntries;  // derived.h

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
  rocksdb::ColumnFamilyHandle* actor_profiles = nullptr;
  rocksdb::ColumnFamilyHandle* actor_aliases = nullptr;
  rocksdb::WriteOptions write_options;

  // Serializes the bookkeeping of writers: identity checks, actor creation
  // and id assignment happen under it (so concurrent duplicates cannot both
  // be stored); the batch write itself does not.
  absl::Mutex write_mu;
  EventId next_event_id ABSL_GUARDED_BY(write_mu) = 1;
  ActorId next_actor_id ABSL_GUARDED_BY(write_mu) = 1;
  // Identities of events reserved by a Write whose batch is not yet visible.
  // The keys view the writer's own strings, which outlive them: a writer
  // erases its entries before it returns (copies were 4% of a bulk load's
  // server CPU).
  absl::flat_hash_map<std::string_view, EventId> pending_identities
      ABSL_GUARDED_BY(write_mu);
  std::atomic<int64_t> event_count{0};
  // The memory of finished commits' entries, reused by the next (a bulk
  // chunk fills ~100 MB; fresh memory costs a page fault per 4 KiB). At
  // most kSpareCommits; ReleaseWriteMemory() empties it. shared_ptr: the
  // type is complete only in store_write.cc.
  static constexpr size_t kSpareCommits = 2;
  absl::Mutex spare_mu;
  std::vector<std::shared_ptr<CommitEntries>> spare_commits
      ABSL_GUARDED_BY(spare_mu);
  // Bulk load scopes alive (store_bulk_load.cc), and the level-0 options
  // they replace while any is.
  absl::Mutex bulk_mu;
  int bulk_scopes ABSL_GUARDED_BY(bulk_mu) = 0;
  // Sets the level-0 triggers of every family: the bulk ones or the usual.
  absl::Status SetBulkLoadOptions(bool bulk) ABSL_EXCLUSIVE_LOCKS_REQUIRED(bulk_mu);
  // The gate of exclusive work (a delete chunk, a backup's capture, a
  // repair): false while one runs. Write calls wait for it to open before
  // they reserve; exclusive work waits for it to open, closes it, then
  // waits for the writes in flight (CloseGate), so a steady stream of
  // writes cannot starve it, and opens it again when done.
  bool writes_open ABSL_GUARDED_BY(write_mu) = true;
  // True when no Write is between its reservation and its commit (its
  // batch, event count and graph update all done).
  bool NoWritesInFlight() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu) {
    return pending_identities.empty();
  }
  // Closes the gate and waits until no write is in flight. REQUIRES:
  // write_mu held (taken with absl::Condition(&writes_open)) and the gate
  // open; the caller opens it again (writes_open = true) when done.
  void CloseGate() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu) {
    writes_open = false;
    write_mu.Await(absl::Condition(this, &Impl::NoWritesInFlight));
  }

  // In-memory directory of actors, filled at open and after every write.
  mutable absl::Mutex actors_mu;
  absl::flat_hash_map<std::string, ActorId> actor_by_folded
      ABSL_GUARDED_BY(actors_mu);
  std::vector<std::string> actor_names_by_id ABSL_GUARDED_BY(actors_mu);
  // Profiles (actor_profiles CF), aliases (folded alias -> actor) and each
  // actor's country with the members of every country (actor_profiles.cc).
  absl::flat_hash_map<ActorId, ActorProfile> profiles ABSL_GUARDED_BY(actors_mu);
  absl::flat_hash_map<std::string, ActorId> actor_by_alias
      ABSL_GUARDED_BY(actors_mu);
  std::vector<Affiliation> affiliation_by_id ABSL_GUARDED_BY(actors_mu);
  absl::flat_hash_map<std::string, absl::btree_set<ActorId>> members_by_country
      ABSL_GUARDED_BY(actors_mu);

  // An actor created by a writer, with the country its first event gives.
  struct NewActor {
    ActorId id;
    std::string folded;
    std::string name;
    std::string data_country;  // ISO3 or empty
  };
  // Writes new actors (names, records, data countries, next_actor_id) in one
  // small batch and adds them to the directory. Called by Write and PutActor.
  absl::Status CreateActors(std::vector<NewActor> created, ActorId next_actor)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu) ABSL_LOCKS_EXCLUDED(actors_mu);
  // Recomputes the country of actor `id` from its name and profile and moves
  // it between the member sets.
  void Affiliate(ActorId id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(actors_mu);
  // Loads profiles and aliases, then affiliates every actor. Called by Open
  // after Load.
  absl::Status LoadProfiles();

  EventStore::CommitListener commit_listener;
  // Every committed event as a dated edge (null without options.graph_index).
  std::unique_ptr<TemporalGraph> graph;
  // Event records LoadGraph could not decode (left out of the graph).
  int64_t graph_skipped_records = 0;
  // BuildWindowGraph's one graph read from disk: kept after its calls end,
  // for the next call on the same window, while no write touches its days.
  struct WindowSlot {
    std::shared_ptr<const TemporalGraph> graph;  // null: none kept
    Day from = 0;  // its window
    Day to = 0;
    bool building = false;  // a call is reading the window from disk
    int users = 0;          // WindowGraphs holding `graph`
    // Writes and deletes of events on or before `to` (of the graph kept or
    // being built), and their count when the kept graph's read began: the
    // graph serves later calls only while the two are equal.
    uint64_t generation = 0;
    uint64_t read_at = 0;
  };
  absl::Mutex window_graph_mu;
  WindowSlot window_slot ABSL_GUARDED_BY(window_graph_mu);
  // Called after a commit or a delete of events whose earliest day is
  // `first_day`: invalidates the window graph kept when they touch it.
  void NoteWindowWrite(Day first_day) ABSL_LOCKS_EXCLUDED(window_graph_mu);
  // store_window_graph.cc. BuildWindowGraph's read of a window from disk
  // (one scan of the date index; the errors BuildWindowGraph names).
  absl::StatusOr<std::unique_ptr<TemporalGraph>> ReadWindowGraph(
      Day from, Day to) const;

  // store_write.cc. Validates, deduplicates, reserves ids and commits
  // `events` (EventStore::Write: one WriteBatch; WriteBulk: SST files).
  // `is_new`, when not null, gets one flag per input event: stored by this
  // call (false for rejected and duplicate events).
  enum class Commit { kBatch, kFiles };
  absl::StatusOr<WriteResult> WriteEvents(std::vector<Event> events,
                                          Commit commit,
                                          std::vector<bool>* is_new);
  // The two commits of WriteEvents: the entries of `c` with the meta
  // operands (next event id max_id + 1, `accepted` more events), atomically.
  absl::Status CommitAsBatch(CommitEntries& c, EventId max_id,
                             int64_t accepted);
  // A CommitEntries from spare_commits, or a new one (empty either way).
  std::shared_ptr<CommitEntries> TakeCommitEntries();
  // Clears `c` and keeps it for the next commit, unless enough are kept.
  void GiveBackCommitEntries(std::shared_ptr<CommitEntries> c);
  absl::Status CommitAsFiles(CommitEntries& c, EventId max_id,
                             int64_t accepted);
  // Where WriteBulk writes its SST files before they are ingested: a
  // folder inside the database folder, emptied at open.
  std::string BulkFolder() const { return options.path + "/bulk-ingest"; }

  // store_upgrade.cc. From format version 1, writes every event's record
  // into its dyad_events entry; from versions 1 and 2, its graph fields
  // into its date_index entry; then format version 3. Sets format_upgrade.
  // Called by Open after Load, before any write.
  absl::Status UpgradeFormat(const std::string& from_version);
  std::optional<EventStore::FormatUpgrade> format_upgrade;

  // Loads meta values and the actor directory. Called once by Open.
  absl::Status Load();
  // Builds `graph` from the events column family. Called once by Open.
  absl::Status LoadGraph();
  // With a graph budget that the stored events exceed: starts the empty
  // graph at the horizon the budget will hold, counted from the date
  // index, so the scan does not drop days again and again.
  absl::Status StartGraphAtBudget();
  // store_check.cc. Calls fn for every decodable event of `snapshot`
  // (nullptr: the latest state) with its identity key and its record's
  // bytes as stored (valid during the call); records that do not decode or
  // name unknown actors are skipped and noted in *report when report is not
  // null.
  absl::Status ForEachEvent(
      const rocksdb::Snapshot* snapshot, CheckReport* report,
      const std::function<void(const Event&, std::string identity,
                               std::string_view record)>& fn) const;
  // Walks column family `cf` and the sorted `expected` entries together,
  // noting missing, extra and different entries in *report.
  absl::Status CompareFamily(
      const rocksdb::Snapshot* snapshot, rocksdb::ColumnFamilyHandle* cf,
      const char* name,
      const SortedEntries& expected,
      const std::function<bool(std::string_view, std::string_view)>& same,
      const std::function<std::string(std::string_view, std::string_view)>&
          diff,
      CheckReport* report) const;

  // Reads one meta value as a big-endian u64; `fallback` when absent.
  absl::StatusOr<uint64_t> ReadMetaU64(const char* key, uint64_t fallback);

  // store_delete.cc. Removes the stored events among `ids` (one WriteBatch)
  // with every entry they derive, and adjusts counters, actor statistics,
  // the event count and the graph; appends the ids found to *deleted.
  // REQUIRES: write_mu held and the gate closed by this thread (CloseGate).
  absl::Status DeleteChunk(absl::Span<const EventId> ids,
                           std::vector<EventId>* deleted)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu);
};

}  // namespace eventgraph::storage
