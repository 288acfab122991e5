// EventStore::StartBulkLoad: the level-0 triggers of a bulk load.
#include <string>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "storage/event_store.h"
#include "storage/store_impl.h"

namespace eventgraph::storage {
namespace {

// The level size target of a bulk load: past any database's size.
constexpr uint64_t kBulkLoadLevelBaseBytes = uint64_t{1} << 50;

}  // namespace

absl::Status EventStore::Impl::SetBulkLoadOptions(bool bulk) {
  // The usual values are RocksDB's defaults (FamilyOptions keeps them).
  const rocksdb::ColumnFamilyOptions usual;
  const int trigger = bulk ? kBulkLoadL0Files
                           : usual.level0_file_num_compaction_trigger;
  // Writes slow down, then stop, at the same multiples of the trigger as
  // usual (20 and 36 files for 4).
  const int slowdown = bulk ? 3 * kBulkLoadL0Files
                            : usual.level0_slowdown_writes_trigger;
  const int stop = bulk ? 4 * kBulkLoadL0Files
                        : usual.level0_stop_writes_trigger;
  const std::unordered_map<std::string, std::string> values = {
      {"level0_file_num_compaction_trigger", absl::StrCat(trigger)},
      {"level0_slowdown_writes_trigger", absl::StrCat(slowdown)},
      {"level0_stop_writes_trigger", absl::StrCat(stop)},
      // Level 0's compaction score is also its size over the base level's
      // target, which follows this value: 8 ingested chunks already
      // scored 11 with the usual 256 MiB. A bulk load counts files only.
      {"max_bytes_for_level_base",
       absl::StrCat(bulk ? kBulkLoadLevelBaseBytes
                         : usual.max_bytes_for_level_base)},
  };
  for (rocksdb::ColumnFamilyHandle* cf : handles) {
    rocksdb::Status s = db->SetOptions(cf, values);
    if (!s.ok()) {
      return FromRocks(s, absl::StrCat("bulk load options of ", cf->GetName()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<EventStore::BulkLoadScope>>
EventStore::StartBulkLoad() {
  absl::MutexLock lock(&impl_->bulk_mu);
  if (impl_->bulk_scopes == 0) {
    absl::Status s = impl_->SetBulkLoadOptions(true);
    if (!s.ok()) {
      // Some families may have taken the bulk values: put them all back.
      impl_->SetBulkLoadOptions(false).IgnoreError();
      return s;
    }
  }
  ++impl_->bulk_scopes;
  return std::unique_ptr<BulkLoadScope>(new BulkLoadScope(this));
}

EventStore::BulkLoadScope::~BulkLoadScope() {
  Impl& impl = *store_->impl_;
  absl::MutexLock lock(&impl.bulk_mu);
  if (--impl.bulk_scopes == 0) {
    // A failure leaves the bulk triggers until the next open, which sets
    // the usual ones: compactions come later, nothing is lost.
    impl.SetBulkLoadOptions(false).IgnoreError();
  }
}

}  // namespace eventgraph::storage
