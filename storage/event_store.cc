// EventStore: opening, closing and the actor directory.
#include "storage/event_store.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_buffer_manager.h"
#include "storage/bulk_files.h"
#include "storage/merge_operators.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

rocksdb::ColumnFamilyOptions FamilyOptions(
    const StoreOptions& options, const std::shared_ptr<rocksdb::Cache>& cache,
    bool point_lookups) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = options.write_buffer_bytes;
  cf.max_write_buffer_number = 4;
  cf.level_compaction_dynamic_level_bytes = true;
  cf.compression = rocksdb::kLZ4Compression;
  cf.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.format_version = 5;
  if (point_lookups) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.optimize_filters_for_memory = true;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

}  // namespace

absl::Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(std::string(context), ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(msg);
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain()) {
    return absl::UnavailableError(msg);
  }
  if (s.IsIOError() && absl::StrContains(s.ToString(), "lock")) {
    return absl::UnavailableError(
        absl::StrCat(msg, " (is another eventgraphd using this folder?)"));
  }
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(msg);
  return absl::InternalError(msg);
}

EventStore::Impl::~Impl() {
  if (db) {
    // A flushed database reopens without replaying the write-ahead log.
    db->Flush(rocksdb::FlushOptions(), handles).PermitUncheckedError();
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    handles.clear();
    db->Close();
  }
}

absl::StatusOr<uint64_t> EventStore::Impl::ReadMetaU64(const char* key,
                                                       uint64_t fallback) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), meta, key, &value);
  if (s.IsNotFound()) return fallback;
  RETURN_IF_ERROR(FromRocks(s, key));
  uint64_t v;
  RETURN_IF_ERROR(DecodeU64(value, &v));
  return v;
}

absl::Status EventStore::Impl::Load() {
  ASSIGN_OR_RETURN(uint64_t next_event, ReadMetaU64(kMetaNextEventId, 1));
  ASSIGN_OR_RETURN(uint64_t next_actor, ReadMetaU64(kMetaNextActorId, 1));
  ASSIGN_OR_RETURN(uint64_t count, ReadMetaU64(kMetaEventCount, 0));
  if (next_event == 0 || next_actor == 0 || next_actor > UINT32_MAX) {
    return absl::DataLossError("corrupt id counters in the meta column family");
  }
  {
    absl::MutexLock lock(&write_mu);
    next_event_id = next_event;
    next_actor_id = static_cast<ActorId>(next_actor);
  }
  event_count = static_cast<int64_t>(count);

  absl::MutexLock lock(&actors_mu);
  actor_names_by_id.assign(next_actor, std::string());
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), actors));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ActorId id;
    RETURN_IF_ERROR(DecodeActorKey(
        std::string_view(it->key().data(), it->key().size()), &id));
    ActorRecord record;
    RETURN_IF_ERROR(DecodeActorRecord(
        std::string_view(it->value().data(), it->value().size()), &record));
    if (id == kAnyActor || id >= next_actor) {
      return absl::DataLossError(
          absl::StrCat("actor id ", id, " beyond next_actor_id ", next_actor));
    }
    actor_by_folded[FoldName(record.name)] = id;
    actor_names_by_id[id] = std::move(record.name);
  }
  return FromRocks(it->status(), "loading actors");
}

absl::Status EventStore::Impl::StartGraphAtBudget() {
  // About what an event costs the graph, its pair's share included (70 on
  // the ICEWS files, 74 on 10M generated GDELT rows: docs/PERFORMANCE.md).
  constexpr double kOpenBytesPerEvent = 72;
  const size_t budget = options.graph_memory_bytes;
  const double events = static_cast<double>(event_count.load());
  if (budget == 0 || events * kOpenBytesPerEvent <= budget) {
    return absl::OkStatus();
  }
  // The events the graph will keep (TemporalGraph keeps three quarters of
  // its budget when it drops days), counted back from the newest.
  const auto keep = static_cast<int64_t>(0.75 * static_cast<double>(budget) /
                                         kOpenBytesPerEvent);
  // Walks the whole family from its end: no bound needed.
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), date_index));
  int64_t counted = 0;
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    if (++counted <= keep) continue;
    Day day;
    EventId id;
    RETURN_IF_ERROR(DecodeIndexTail(
        std::string_view(it->key().data(), it->key().size()), kDateKeySize,
        &day, &id));
    // This event's day does not fit whole: start the day after.
    graph->StartAt(day + 1);
    break;
  }
  return FromRocks(it->status(), "counting the graph's days");
}

absl::Status EventStore::Impl::LoadGraph() {
  graph = std::make_unique<TemporalGraph>(options.graph_memory_bytes);
  RETURN_IF_ERROR(StartGraphAtBudget());
  // Exact per-event arrays instead of ones doubled past the count.
  graph->Reserve(static_cast<size_t>(std::max<int64_t>(0, event_count.load())));
  rocksdb::ReadOptions read;
  read.fill_cache = false;  // one pass over everything: keep the cache warm
  read.readahead_size = size_t{4} << 20;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, events));
  constexpr size_t kChunk = 4096;
  std::vector<Event> chunk;
  chunk.reserve(kChunk);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Event& e = chunk.emplace_back();
    // A corrupt record is left out of the graph (and counted) rather than
    // making the whole database unusable; reading it still gives DataLoss.
    if (!DecodeEventKey(std::string_view(it->key().data(), it->key().size()),
                        &e.id)
             .ok() ||
        !DecodeEventGraphFields(
             std::string_view(it->value().data(), it->value().size()), &e)
             .ok()) {
      chunk.pop_back();
      ++graph_skipped_records;
      continue;
    }
    if (chunk.size() == kChunk) {
      graph->Add(absl::MakeConstSpan(chunk));
      chunk.clear();
    }
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "loading the graph"));
  graph->Add(absl::MakeConstSpan(chunk));
  return absl::OkStatus();
}

const TemporalGraph* EventStore::graph() const { return impl_->graph.get(); }

void EventStore::SetCommitListener(CommitListener listener) {
  impl_->commit_listener = std::move(listener);
}

int64_t EventStore::graph_skipped_records() const {
  return impl_->graph_skipped_records;
}

const std::optional<EventStore::FormatUpgrade>& EventStore::format_upgrade()
    const {
  return impl_->format_upgrade;
}

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EventStore::~EventStore() = default;

absl::StatusOr<std::unique_ptr<EventStore>> EventStore::Open(
    const StoreOptions& options) {
  if (options.path.empty()) {
    return absl::InvalidArgumentError("StoreOptions.path is empty");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->write_options.sync = options.sync;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  // Column families added by a later version (actor_profiles, actor_aliases)
  // are created, empty, in a database made before them.
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.keep_log_file_num = 4;
  // Column families that see few writes (meta, actors) would otherwise keep
  // every old WAL file alive, and a restart would replay all of them: past
  // this size the families holding the oldest WAL are flushed.
  db_options.max_total_wal_size = uint64_t{256} << 20;
  // Concurrent Write calls insert into the memtables in parallel.
  db_options.allow_concurrent_memtable_write = true;
  db_options.enable_write_thread_adaptive_yield = true;

  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  if (options.memtable_budget_bytes > 0) {
    // Memtable memory is charged to the cache, which evicts blocks to make
    // room: the two stay within block_cache_bytes together (plus the
    // memtables' excess over it while a flush catches up).
    db_options.write_buffer_manager =
        std::make_shared<rocksdb::WriteBufferManager>(
            options.memtable_budget_bytes, cache);
  }
  rocksdb::ColumnFamilyOptions plain = FamilyOptions(options, cache, false);
  rocksdb::ColumnFamilyOptions lookups = FamilyOptions(options, cache, true);
  rocksdb::ColumnFamilyOptions counters = plain;
  counters.merge_operator = NewCounterMergeOperator();
  rocksdb::ColumnFamilyOptions actor_stats = lookups;
  actor_stats.merge_operator = NewActorStatsMergeOperator();

  rocksdb::ColumnFamilyOptions meta = lookups;
  meta.merge_operator = NewMetaMergeOperator();
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, meta},
      {kCfEvents, lookups},
      {kCfIdentity, lookups},
      {kCfActorNames, lookups},
      {kCfActors, lookups},
      {kCfActorStats, actor_stats},
      {kCfActorEvents, plain},
      {kCfDyadEvents, plain},
      {kCfDateIndex, plain},
      {kCfCounters, counters},
      {kCfActorProfiles, lookups},
      {kCfActorAliases, lookups},
  };
  bool existed = std::filesystem::exists(
      std::filesystem::path(options.path) / "CURRENT");
  if (existed) {
    // Refuse a database with column families this version does not know.
    std::vector<std::string> names;
    RETURN_IF_ERROR(FromRocks(
        rocksdb::DB::ListColumnFamilies(db_options, options.path, &names),
        "listing column families"));
    for (const std::string& name : names) {
      bool known = false;
      for (const auto& f : families) known = known || f.name == name;
      if (!known) {
        return absl::FailedPreconditionError(absl::StrCat(
            options.path, " has an unknown column family \"", name,
            "\": written by a newer EventGraph?"));
      }
    }
  }
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(db_options, options.path,
                                              families, &impl->handles, &raw),
                            absl::StrCat("opening ", options.path)));
  impl->db.reset(raw);
  auto& h = impl->handles;
  impl->meta = h[0];
  impl->events = h[1];
  impl->identity = h[2];
  impl->actor_names = h[3];
  impl->actors = h[4];
  impl->actor_stats = h[5];
  impl->actor_events = h[6];
  impl->dyad_events = h[7];
  impl->date_index = h[8];
  impl->counters = h[9];
  impl->actor_profiles = h[10];
  impl->actor_aliases = h[11];

  std::string version;
  rocksdb::Status s = impl->db->Get(rocksdb::ReadOptions(), impl->meta,
                                    kMetaFormatVersion, &version);
  if (s.IsNotFound()) {
    if (existed) {
      return absl::DataLossError(absl::StrCat(
          options.path, " holds a RocksDB database without an EventGraph "
                        "format_version key"));
    }
    rocksdb::WriteOptions sync_write;
    sync_write.sync = true;
    RETURN_IF_ERROR(FromRocks(impl->db->Put(sync_write, impl->meta,
                                            kMetaFormatVersion, kFormatVersion),
                              "writing format_version"));
  } else {
    RETURN_IF_ERROR(FromRocks(s, "reading format_version"));
    if (version != kFormatVersion &&
        version != kFormatVersionWithoutDyadRecords &&
        version != kFormatVersionWithoutDateValues) {
      return absl::FailedPreconditionError(absl::StrCat(
          options.path, " has on-disk format version ", version,
          "; this server reads version ", kFormatVersion,
          " and upgrades versions ", kFormatVersionWithoutDyadRecords,
          " and ", kFormatVersionWithoutDateValues));
    }
  }
  RETURN_IF_ERROR(impl->Load());
  if (s.ok() && version != kFormatVersion) {
    RETURN_IF_ERROR(impl->UpgradeFormat(version));
  }
  // SST files of a bulk write cut short by a crash: never ingested, so
  // nothing refers to them.
  BulkFiles::RemoveLeftovers(impl->BulkFolder());
  RETURN_IF_ERROR(impl->LoadProfiles());
  if (options.graph_index) RETURN_IF_ERROR(impl->LoadGraph());
  return std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
}

absl::Status EventStore::Flush() {
  rocksdb::FlushOptions flush;
  return FromRocks(impl_->db->Flush(flush, impl_->handles), "flush");
}

std::string EventStore::ActorName(ActorId id) const {
  {
    absl::ReaderMutexLock lock(&impl_->actors_mu);
    if (id < impl_->actor_names_by_id.size() &&
        !impl_->actor_names_by_id[id].empty()) {
      return impl_->actor_names_by_id[id];
    }
  }
  // Written by a Write that has not yet updated the directory.
  std::string value;
  if (!impl_->db->Get(rocksdb::ReadOptions(), impl_->actors, ActorKey(id),
                      &value)
           .ok()) {
    return "";
  }
  ActorRecord record;
  if (!DecodeActorRecord(value, &record).ok()) return "";
  return record.name;
}

std::string EventStore::ActorSortKey(std::string_view name) {
  return FoldName(name);
}

}  // namespace eventgraph::storage
