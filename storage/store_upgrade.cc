// EventStore::Open's in-place upgrade to format version 3 from version 1,
// whose dyad_events and date_index entries were empty, and from version 2,
// whose date_index entries were empty. Version 3's dyad entries carry their
// events' records (the covering dyad index) and its date entries the
// events' graph fields.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "rocksdb/write_batch.h"
#include "storage/event_store.h"
#include "storage/keys.h"
#include "storage/records.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"

namespace eventgraph::storage {

absl::Status EventStore::Impl::UpgradeFormat(const std::string& from_version) {
  const absl::Time start = absl::Now();
  const bool dyads = from_version == kFormatVersionWithoutDyadRecords;
  // No WAL: a crash before the version key is written leaves the old
  // version, whose readers ignore these values, and the next open upgrades
  // again. The flush below makes the entries durable before the version
  // says so.
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
    // Records that do not decode keep their empty entries: Check reports
    // them, as it reports them in the events family.
    if (!DecodeEventKey(key, &e.id).ok() ||
        !DecodeEventRecord(record, &e).ok()) {
      continue;
    }
    if (dyads) {
      batch.Put(dyad_events,
                DyadEventKey(e.actor_id, e.target_id, e.day, e.id),
                rocksdb::Slice(record.data(), record.size()));
    }
    batch.Put(date_index, DateKey(e.day, e.id), EncodeEventGraphFields(e));
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
  RETURN_IF_ERROR(FromRocks(db->Flush(flush, {dyad_events, date_index}),
                            "upgrading: flushing"));
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
