// EventStore::Open's in-place upgrade from format version 1, whose
// dyad_events entries were empty, to version 2, whose entries carry their
// events' records (the covering dyad index).
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "rocksdb/write_batch.h"
#include "storage/event_store.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"

namespace eventgraph::storage {

absl::Status EventStore::Impl::UpgradeDyadRecords(
    const std::string& from_version) {
  const absl::Time start = absl::Now();
  // No WAL: a crash before the version key is written leaves version 1,
  // whose readers ignore dyad values, and the next open upgrades again.
  // The flush below makes the entries durable before the version says so.
  rocksdb::WriteOptions no_wal;
  no_wal.disableWAL = true;
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, events));
  constexpr int kBatchEvents = 10000;
  rocksdb::WriteBatch batch;
  int in_batch = 0;
  int64_t upgraded = 0;
  Event e;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    const std::string_view record(it->value().data(), it->value().size());
    // Records that do not decode keep their empty entry: Check reports
    // them, as it reports them in the events family.
    if (!DecodeEventKey(key, &e.id).ok() ||
        !DecodeEventRecord(record, &e).ok()) {
      continue;
    }
    batch.Put(dyad_events, DyadEventKey(e.actor_id, e.target_id, e.day, e.id),
              rocksdb::Slice(record.data(), record.size()));
    ++upgraded;
    if (++in_batch == kBatchEvents) {
      RETURN_IF_ERROR(FromRocks(db->Write(no_wal, &batch), "upgrading"));
      batch.Clear();
      in_batch = 0;
    }
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "upgrading: reading events"));
  RETURN_IF_ERROR(FromRocks(db->Write(no_wal, &batch), "upgrading"));
  rocksdb::FlushOptions flush;
  flush.wait = true;
  RETURN_IF_ERROR(
      FromRocks(db->Flush(flush, dyad_events), "upgrading: flushing"));
  rocksdb::WriteOptions sync_write;
  sync_write.sync = true;
  RETURN_IF_ERROR(FromRocks(
      db->Put(sync_write, meta, kMetaFormatVersion, kFormatVersion),
      "upgrading: writing format_version"));
  format_upgrade = EventStore::FormatUpgrade{
      from_version, upgraded, absl::ToDoubleSeconds(absl::Now() - start)};
  return absl::OkStatus();
}

}  // namespace eventgraph::storage
