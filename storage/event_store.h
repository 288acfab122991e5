// EventStore: the temporal event graph on RocksDB. Actors are nodes, every
// event is a dated edge. The store keeps the events, their identity (for
// idempotent writes), per-actor and per-pair indexes ordered by (day, id),
// a date index, per-actor statistics, and timeline counters per directed
// actor pair and day, month and year, maintained incrementally by merge
// operators. docs/KEY_FORMAT.md describes every key.
//
// Thread safety: an EventStore is safe for concurrent use by many threads.
// Writers take turns only to deduplicate and reserve ids; their RocksDB
// writes run concurrently. Reads never block on writes. One event and all
// its index entries and counters are written in one atomic WriteBatch, so a
// read never sees part of an event; the events of two concurrent Write calls
// may become visible in either order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "storage/affiliation.h"
#include "storage/date.h"
#include "storage/event.h"
#include "storage/event_validation.h"
#include "storage/keys.h"
#include "storage/records.h"
#include "storage/temporal_graph.h"

namespace eventgraph::storage {

struct StoreOptions {
  // Folder of the RocksDB database. Required.
  std::string path;
  // Create the database when the folder holds none. Default: true.
  bool create_if_missing = true;
  // fsync the write-ahead log before a write returns, so acknowledged events
  // survive power loss. Default false: a returned write is in the WAL (OS
  // buffers) and survives a crash of the process, not of the machine.
  bool sync = false;
  // Size of the LRU block cache shared by every column family.
  size_t block_cache_bytes = size_t{256} << 20;
  // Memtable size per column family.
  size_t write_buffer_bytes = size_t{16} << 20;
  // All memtables together: past this, the largest is flushed. Charged to
  // the block cache (rocksdb::WriteBufferManager), so blocks and memtables
  // share block_cache_bytes; 0: no total bound (each family alone).
  size_t memtable_budget_bytes = size_t{128} << 20;
  // Keep the in-memory TemporalGraph for path and network queries (built at
  // open by one scan of the events; about 70 bytes per event).
  bool graph_index = true;
  // Memory budget of the graph index. Past it the graph keeps only its
  // newest days (TemporalGraph, "Memory budget"); a query whose window
  // reaches before them searches a graph of its window read from disk
  // (BuildWindowGraph), which may use as much again. 0: no budget.
  size_t graph_memory_bytes = size_t{1} << 30;
};

// The outcome of one Write call.
struct WriteResult {
  struct Rejection {
    int index;          // position in the input
    FieldError error;   // the field (API name) and the reason
  };
  int64_t accepted = 0;    // newly stored events
  int64_t duplicates = 0;  // already stored, or repeated within the input
  // One per input event: its id (new or existing), 0 when rejected.
  std::vector<EventId> ids;
  std::vector<Rejection> rejections;
};

struct ActorInfo {
  ActorId id = 0;
  std::string name;
  ActorStats stats;
};

// PutActor's input: an actor (created when new) and what is declared about
// it. See storage/affiliation.h for how its country is decided.
struct ActorDeclaration {
  std::string name;
  ActorKind kind = ActorKind::kUnspecified;
  // A country code (ISO3/CAMEO), name or alias; empty declares none (the
  // country then comes from the data or the name).
  std::string country;
  // Replaces the actor's aliases. Each must be free: not another actor's
  // name or alias. The actor's own name is dropped.
  std::vector<std::string> aliases;
};

// An actor's profile as queries see it.
struct ActorDetails {
  ActorId id = 0;
  std::string name;
  ActorKind kind = ActorKind::kUnspecified;
  Affiliation affiliation;           // country (ISO3) and its source
  std::vector<std::string> aliases;  // as declared
};

struct PutActorResult {
  // Problems with the declaration, by API field ("name", "country",
  // "aliases[2]"); when any, nothing was written.
  std::vector<FieldError> errors;
  bool created = false;
  ActorDetails actor;
};

struct StoreStats {
  int64_t events = 0;
  int64_t actors = 0;
  std::optional<Day> first_day;  // absent when the store is empty
  std::optional<Day> last_day;
  int64_t bytes_on_disk = 0;
  // RocksDB's background work still to do: after a load, flushes and
  // compactions run for a while and share the disk and CPU with queries.
  int64_t pending_compaction_bytes = 0;  // estimate, summed over indexes
  int64_t running_compactions = 0;
  int64_t running_flushes = 0;
  int64_t level0_files = 0;  // summed over the families
  int64_t bulk_loads = 0;    // BulkLoadScopes alive
  // The graph index (0 / nullopt without one): its bytes (MemoryBytes), its
  // budget (0: none) and its horizon when it has dropped days.
  int64_t graph_bytes = 0;
  int64_t graph_budget_bytes = 0;
  std::optional<Day> graph_first_day;
};

// What EventStore::Check found.
struct CheckReport {
  static constexpr int kMaxSamples = 100;
  int64_t events = 0;     // event records read
  int64_t entries = 0;    // stored derived entries compared
  int64_t problems = 0;   // everything found wrong
  // The first kMaxSamples problems, each in one line naming the column
  // family, the event or key, and what differs.
  std::vector<std::string> samples;
  bool ok() const { return problems == 0; }
};

// The outcome of one DeleteEvents call.
struct DeleteResult {
  int64_t deleted = 0;  // events removed (with dry_run: that would be)
  // Requested ids that are not stored (never were, or already deleted), in
  // request order.
  std::vector<EventId> not_found;
};

// Which ordered index a cursor walks. Every index is ordered by (day, id).
struct IndexSelector {
  enum class Kind { kAll, kActor, kDyad };
  Kind kind = Kind::kAll;
  ActorId actor = 0;       // kActor, kDyad
  ActorId target = 0;      // kDyad: events actor -> target
  Side side = Side::kOut;  // kActor: kOut = events of `actor` as actor

  static IndexSelector All() { return {}; }
  static IndexSelector Actor(ActorId a, Side s) {
    return {Kind::kActor, a, 0, s};
  }
  static IndexSelector Dyad(ActorId a, ActorId t) {
    return {Kind::kDyad, a, t, Side::kOut};
  }
};

// A position in an index: the entry's day and event id.
struct IndexPosition {
  Day day = 0;
  EventId id = 0;
  friend bool operator==(const IndexPosition&, const IndexPosition&) = default;
  friend auto operator<=>(const IndexPosition&, const IndexPosition&) = default;
};

// Walks one index within a day window, ascending or descending by
// (day, id). Not thread-safe; the store must outlive it.
class IndexCursor {
 public:
  virtual ~IndexCursor() = default;
  // True while positioned on an entry. False at the end and on error.
  virtual bool Valid() const = 0;
  // REQUIRES: Valid().
  virtual IndexPosition position() const = 0;
  // The event's record stored with the entry (EventRecord bytes, for
  // EventStore::DecodeEvent) when the index is a covering one (dyad
  // cursors), else empty: read the event by id. Valid until Next().
  // REQUIRES: Valid().
  virtual std::string_view record() const { return {}; }
  // REQUIRES: Valid().
  virtual void Next() = 0;
  // OK unless iteration failed (I/O error, corrupt key: DataLoss). Check it
  // after every loop.
  virtual absl::Status status() const = 0;
};

class EventStore {
 public:
  // Opens (or creates) the database at options.path. A database of format
  // version 1 or 2 is upgraded in place first (one pass over the events
  // that writes each record into its dyad_events entry, from version 1, and
  // its graph fields into its date_index entry; format_upgrade() says so);
  // a crash during it leaves the old version, upgraded again at the next
  // open. Errors: InvalidArgument for bad options, FailedPrecondition when
  // the folder holds a database of another format version, DataLoss when
  // it is corrupt, Unavailable when another process holds its lock.
  static absl::StatusOr<std::unique_ptr<EventStore>> Open(
      const StoreOptions& options);

  // Flushes memtables and closes the database.
  ~EventStore();

  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Validates, normalizes and stores `events` atomically: every accepted
  // event with all its index entries and counters is in one WriteBatch,
  // durable in the WAL (fsync'd with options.sync) when this returns OK.
  // Invalid events are rejected one by one and never sink the valid ones.
  // An event whose identity is already stored (or appears earlier in the
  // same call) is a duplicate: nothing is written for it and its existing id
  // is returned. Errors (nothing of the call was written): Internal or
  // DataLoss from RocksDB, ResourceExhausted when id space runs out.
  absl::StatusOr<WriteResult> Write(std::vector<Event> events);

  // Bulk load: stores several groups of events (the batches of a loader) in
  // one commit that bypasses the memtables: every column family's entries
  // of the accepted events are sorted into one SST file, and all the files
  // are ingested in one atomic step (RocksDB IngestExternalFiles), durable
  // when this returns. Counters and actor statistics are summed over all
  // the groups first, so large calls write far fewer operands than the
  // same events through Write. Validation, deduplication (against the
  // database, concurrent writers and the other groups) and ids are those of
  // Write; readers see all of the call's events at once or none. Meant for
  // 10^4 to 10^6 events per call: small calls make many small files.
  // Returns one WriteResult per group, indexes relative to the group.
  // Errors: those of Write (nothing of the call was stored).
  absl::StatusOr<std::vector<WriteResult>> WriteBulk(
      std::vector<std::vector<Event>> groups);

  // A bulk load in progress (a loader's stream of WriteBulk calls). While
  // at least one scope is alive, every column family waits for
  // kBulkLoadL0Files level-0 files, instead of RocksDB's usual 4, before it
  // compacts them (and stalls writes later in proportion), and level 0's
  // size no longer triggers compactions either (the level size target is
  // raised past any database). Each WriteBulk call ingests one level-0 file
  // per family whose keys overlap earlier ones (the indexes, the counters);
  // with the usual triggers every few calls merged them with the whole
  // last level, so a load rewrote its indexes again and again (compaction
  // was ~45% of a bulk load's server CPU, all of it during the load). When
  // the last scope ends, the usual values come back and RocksDB compacts
  // what gathered, once, in the background: level 0 straight into the last
  // level of a database loaded from empty. Reads meanwhile see up to that
  // many level-0 files per family: a bulk load is for a database being
  // loaded. Past kBulkLoadL0Files files (2.5 x 10^7 events at the server's
  // default chunk) RocksDB compacts level 0 during the load, once per that
  // many files.
  // Thread safety: scopes may start and end on any threads.
  class BulkLoadScope {
   public:
    ~BulkLoadScope();
    BulkLoadScope(const BulkLoadScope&) = delete;
    BulkLoadScope& operator=(const BulkLoadScope&) = delete;

   private:
    friend class EventStore;
    explicit BulkLoadScope(EventStore* store) : store_(store) {}
    EventStore* store_;
  };
  static constexpr int kBulkLoadL0Files = 256;

  // Starts a bulk load scope (see BulkLoadScope). The store must outlive
  // it. Errors: those of RocksDB's SetOptions (the load still works, with
  // the usual compactions; no scope is started).
  absl::StatusOr<std::unique_ptr<BulkLoadScope>> StartBulkLoad();

  // Frees the buffers that writes keep for the next write (up to ~200 MB
  // after a bulk load of 10^5-event chunks; a few MB after plain writes).
  // Call when a load is over. Thread-safe; writes may run meanwhile.
  void ReleaseWriteMemory();

  // Returns the actor with this name (matched after normalization and case
  // folding), else the actor with this alias (PutActor), else, when `name`
  // is a country's code, name or alias (storage/reference/countries.h), the
  // actor named by that country's name or one of its aliases ("PRK" and
  // "DPRK" find "North Korea"); nullopt when none.
  std::optional<ActorId> FindActor(std::string_view name) const;

  // Creates or updates an actor's profile (kind, declared country,
  // aliases) in one atomic write; queries see the new affiliation at once.
  // Errors: Internal/DataLoss from RocksDB, ResourceExhausted when actor id
  // space runs out. Bad declarations are result.errors, not errors.
  absl::StatusOr<PutActorResult> PutActor(const ActorDeclaration& declaration);

  // Kind, country and aliases of an actor. NotFound for an unknown id.
  absl::StatusOr<ActorDetails> GetActorDetails(ActorId id) const;

  // The country (ISO3) of an actor, "" when it has none or is unknown.
  std::string CountryOf(ActorId id) const;

  // Every actor affiliated with the country (ISO3), ascending by id; empty
  // when none.
  std::vector<ActorId> CountryMembers(std::string_view iso3) const;

  // Calls fn(target) for every actor that `actor` has at least one event
  // towards (target != actor included), ascending, reading one counter key
  // per target. DataLoss on a corrupt key.
  absl::Status ForEachOutPartner(
      ActorId actor, const std::function<void(ActorId)>& fn) const;

  // Returns the actor's name and statistics. NotFound for an unknown id.
  absl::StatusOr<ActorInfo> GetActor(ActorId id) const;

  // Returns the display name of an actor, or "" for an unknown id.
  std::string ActorName(ActorId id) const;

  // Lists actors whose folded name starts with FoldName(prefix), ordered by
  // folded name, starting strictly after the folded name `after` (empty:
  // from the start), at most `limit`. Sets *more when more follow.
  absl::StatusOr<std::vector<ActorInfo>> SearchActors(std::string_view prefix,
                                                      std::string_view after,
                                                      int limit,
                                                      bool* more) const;

  // The folded form under which an actor's name is indexed (for paging).
  static std::string ActorSortKey(std::string_view name);

  // Reads events by id, in the order given, with names resolved. NotFound
  // names the first missing id; DataLoss on a corrupt record.
  absl::StatusOr<std::vector<Event>> GetEvents(
      absl::Span<const EventId> ids) const;

  // Fills *e from the record of event `id` as an index cursor returned it
  // (IndexCursor::record), with names resolved, as GetEvents would.
  // DataLoss naming the event when the record does not decode.
  absl::Status DecodeEvent(EventId id, std::string_view record,
                           Event* e) const;

  // Returns a cursor over the index in [from, to] (inclusive days). With
  // `after`, the cursor starts strictly after that position in the walking
  // direction.
  std::unique_ptr<IndexCursor> NewCursor(
      const IndexSelector& selector, Day from, Day to, bool descending,
      std::optional<IndexPosition> after = std::nullopt) const;

  // Calls fn(period, counter) for every non-empty counter of the directed
  // pair (actor, target) at `level` with period in [from, to], in order.
  // kAnyActor as actor (target) means every actor (target). DataLoss on a
  // corrupt counter.
  absl::Status ScanCounters(
      ActorId actor, ActorId target, Level level, int32_t from, int32_t to,
      const std::function<void(int32_t, const Counter&)>& fn) const;

  // The span of the directed pair's counters at `level`: the first day of
  // its first period with events and the last day of its last one (at
  // kDay, the first and last day with events), or nullopt when the pair has
  // none. A coarser level reads keys next to the ones a timeline of that
  // granularity scans (a pair's keys are ordered by level, then period).
  // DataLoss on a corrupt key.
  absl::StatusOr<std::optional<std::pair<Day, Day>>> CounterSpan(
      ActorId actor, ActorId target, Level level = Level::kDay) const;

  absl::StatusOr<StoreStats> GetStats() const;

  // Called after every committed Write with the newly stored events (ids
  // and actor ids set; names as written, normalized — ActorName gives the
  // canonical spelling that reads return), on the writer's thread, outside
  // the store's locks; events of concurrent writes may arrive in either
  // order. The listener must be fast and thread-safe.
  using CommitListener =
      std::function<void(absl::Span<const Event* const> events)>;
  // REQUIRES: called before the first Write (not synchronized with it).
  void SetCommitListener(CommitListener listener);

  // The in-memory graph of every committed event, or nullptr when
  // options.graph_index is false. Owned by the store.
  const TemporalGraph* graph() const;
  // Event records that could not be decoded when the graph was built at
  // open, and are therefore not in it (0 on a healthy database).
  int64_t graph_skipped_records() const;

  // A graph read from disk for one query, shared with the other queries of
  // the same window, and held until destroyed.
  //
  // Thread safety: not thread-safe; destroy it on any one thread. The graph
  // is safe to read from several threads (TemporalGraph::Reader).
  class WindowGraph {
   public:
    ~WindowGraph();
    WindowGraph(const WindowGraph&) = delete;
    WindowGraph& operator=(const WindowGraph&) = delete;
    const TemporalGraph* graph() const { return graph_.get(); }
    // True when the graph was kept from an earlier call (not read again).
    bool reused() const { return reused_; }

   private:
    friend class EventStore;
    WindowGraph(std::shared_ptr<const TemporalGraph> graph, bool reused,
                std::function<void()> release)
        : graph_(std::move(graph)),
          reused_(reused),
          release_(std::move(release)) {}
    std::shared_ptr<const TemporalGraph> graph_;
    bool reused_;
    std::function<void()> release_;  // gives the store's slot back
  };

  // A graph of the committed events with from <= day <= to, read from the
  // date index and the event records, for a query whose window reaches
  // before graph()->horizon(). The store keeps one such graph: calls on the
  // same window share it, also after they end, until a write or delete of
  // an event on or before `to` (then the next call reads the window again).
  // A call on another window waits until no call holds the kept graph, then
  // replaces it, so such graphs use at most options.graph_memory_bytes.
  // Errors: ResourceExhausted when the window's events need more than
  // options.graph_memory_bytes (the message says where the resident graph
  // starts); FailedPrecondition without options.graph_index; DataLoss on a
  // corrupt date key or record.
  absl::StatusOr<std::unique_ptr<WindowGraph>> BuildWindowGraph(Day from,
                                                                Day to) const;

  // The first and last day that have events; nullopt when the store holds
  // none. DataLoss on a corrupt date key.
  absl::StatusOr<std::optional<std::pair<Day, Day>>> DayRange() const;

  // What Open did to a database of an older format version it upgrades
  // (kFormatVersionWithoutDyadRecords, kFormatVersionWithoutDateValues): the
  // version it had, the events whose index entries it rewrote, and the time
  // it took. nullopt when the database was already current (or new).
  struct FormatUpgrade {
    std::string from_version;
    int64_t events = 0;
    double seconds = 0;
  };
  const std::optional<FormatUpgrade>& format_upgrade() const;

  // Verifies the database against its event records, at one snapshot
  // (concurrent writes are allowed and not seen): every record decodes and
  // names existing actors; every identity, index entry, counter and actor
  // statistic the events derive is stored with the right value, and nothing
  // else is; the event count and id counters agree. Reads every event once
  // per derived column family and holds that family's expected entries in
  // memory (about 100 bytes per event at most; the records that dyad_events
  // entries carry are compared by an 8-byte digest). Problems in the data are
  // reported, not errors. Errors: Internal/DataLoss when RocksDB fails.
  absl::StatusOr<CheckReport> Check() const;

  // Rebuilds every derived column family (identity, actor and dyad indexes,
  // date index, counters, actor statistics) and the event count from the
  // event records, then runs Check and returns its report. Records that do
  // not decode are left out (and reported by the check). Writers wait until
  // it returns; readers may see partial indexes and counters meanwhile.
  absl::StatusOr<CheckReport> Repair();

  // Flushes memtables to SST files (the WAL already makes writes durable).
  absl::Status Flush();

  // ---- Deletion (store_delete.cc).

  // Ids of the stored events whose source_event_id is `source_event_id`
  // (trimmed), ascending; only those on `day` when given (an event's
  // identity is its source_event_id and its day: ICEWS reuses ids on other
  // dates). Without a day it walks the identity column family (28 bytes
  // per event). Empty when none matches. Errors: DataLoss, Internal.
  absl::StatusOr<std::vector<EventId>> FindBySourceEventId(
      std::string_view source_event_id, std::optional<Day> day) const;

  // Ids of the stored events whose source (trimmed, compared exactly) is
  // `source`, ascending. Reads every event record. Errors as above.
  absl::StatusOr<std::vector<EventId>> FindBySource(
      std::string_view source) const;

  // The largest number of ids one atomic WriteBatch of DeleteEvents holds.
  static constexpr size_t kDeleteChunk = 1000;

  // Deletes the stored events among `ids` (repeats ignored): each event's
  // record, identity, index entries, counter and actor-statistics shares,
  // its part of the event count and its edge in the graph go together, in
  // one atomic WriteBatch per kDeleteChunk ids (a crash between chunks
  // leaves the earlier chunks deleted and the database consistent). Deletes
  // are serialized with Write: each chunk waits until no write is in
  // flight, and writes wait for the chunk, so no counter update is lost.
  // Counters and statistics of the touched keys are rewritten (read,
  // subtract, put; removed when they reach zero); an actor keeps its name
  // and id when its last event goes. Since the identity goes too, writing
  // a deleted event again stores it anew, under a new id. With dry_run
  // nothing is written and `deleted` counts the stored ids.
  // Errors: DataLoss when a record to delete does not decode (nothing of
  // its chunk is written), Internal from RocksDB.
  absl::StatusOr<DeleteResult> DeleteEvents(absl::Span<const EventId> ids,
                                            bool dry_run);

 private:
  friend class Backups;  // storage/backup.h: reads the database handle
  class Impl;
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventgraph::storage
