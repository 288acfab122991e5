#include "storage/backup.h"

#include <atomic>
#include <filesystem>
#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"
#include "storage/event_store.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"

namespace eventgraph::storage {
namespace {

// App metadata of a backup: "eventgraph-backup 1\nevents N\nformat_version
// V\n". Unknown lines are ignored.
constexpr char kMetadataHead[] = "eventgraph-backup 1";

std::string EncodeMetadata(int64_t events) {
  return absl::StrCat(kMetadataHead, "\nevents ", events, "\nformat_version ",
                      kFormatVersion, "\n");
}

int64_t EventsOf(const std::string& metadata) {
  for (absl::string_view line : absl::StrSplit(metadata, '\n')) {
    int64_t n;
    if (absl::ConsumePrefix(&line, "events ") && absl::SimpleAtoi(line, &n)) {
      return n;
    }
  }
  return -1;
}

BackupSummary Summarize(const rocksdb::BackupInfo& info) {
  BackupSummary s;
  s.id = info.backup_id;
  s.timestamp = info.timestamp;
  s.size_bytes = info.size;
  s.files = info.number_files;
  s.events = EventsOf(info.app_metadata);
  return s;
}

rocksdb::BackupEngineOptions EngineOptions(const std::string& dir) {
  rocksdb::BackupEngineOptions options(dir);
  options.share_table_files = true;  // incremental: SSTs shared by backups
  options.sync = true;
  options.max_background_operations = 1;
  // Progress is reported every 64 KiB copied; the first report releases
  // the writers Create holds off (see Create).
  options.callback_trigger_interval_size = 64 << 10;
  return options;
}

// Holds a mutex taken with TryLock.
class HeldLock {
 public:
  explicit HeldLock(absl::Mutex* mu) ABSL_NO_THREAD_SAFETY_ANALYSIS
      : mu_(mu->TryLock() ? mu : nullptr) {}
  ~HeldLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if (mu_ != nullptr) mu_->Unlock();
  }
  bool held() const { return mu_ != nullptr; }

 private:
  absl::Mutex* mu_;
};

absl::Status FromEngine(const rocksdb::Status& s, std::string_view what) {
  return FromRocks(s, what);
}

absl::Status Busy(const std::string& dir) {
  return absl::UnavailableError(absl::StrCat(
      "another backup operation is running on ", dir,
      "; try again when it ends"));
}

}  // namespace

Backups::Backups(EventStore* store, std::string dir)
    : store_(store), dir_(std::move(dir)) {}

Backups::~Backups() = default;

absl::StatusOr<rocksdb::BackupEngine*> Backups::Engine() {
  if (engine_ != nullptr) return engine_.get();
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create the backup folder ", dir_, ": ", ec.message()));
  }
  rocksdb::BackupEngine* raw = nullptr;
  RETURN_IF_ERROR(FromEngine(
      rocksdb::BackupEngine::Open(EngineOptions(dir_), rocksdb::Env::Default(),
                                  &raw),
      absl::StrCat("opening the backup folder ", dir_)));
  engine_.reset(raw);
  return raw;
}

absl::StatusOr<BackupSummary> Backups::Create() {
  HeldLock lock(&mu_);
  if (!lock.held()) return Busy(dir_);
  ASSIGN_OR_RETURN(rocksdb::BackupEngine * engine, Engine());
  EventStore::Impl& d = *store_->impl_;

  // Hold writers and deletes off once every acknowledged write has fully
  // committed; the event count is then the count of what the capture sees.
  uint64_t events;
  {
    absl::MutexLock write_lock(&d.write_mu, absl::Condition(&d.writes_open));
    d.CloseGate();
    absl::StatusOr<uint64_t> count = d.ReadMetaU64(kMetaEventCount, 0);
    if (!count.ok()) {
      d.writes_open = true;
      return count.status();
    }
    events = *count;
  }
  // The engine captures the live files and WAL sizes before it hands the
  // first file to its copy thread, whose progress reports come after: the
  // first report (or the end of the call) lets writers go on.
  std::atomic<bool> resumed{false};
  auto resume = [&d, &resumed] {
    if (resumed.exchange(true)) return;
    absl::MutexLock write_lock(&d.write_mu);
    d.writes_open = true;
  };
  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = false;  // the WAL is copied instead
  create.progress_callback = resume;
  rocksdb::BackupID id = 0;
  rocksdb::IOStatus s = engine->CreateNewBackupWithMetadata(
      create, d.db.get(), EncodeMetadata(static_cast<int64_t>(events)), &id);
  resume();
  RETURN_IF_ERROR(FromEngine(s, "creating a backup"));
  rocksdb::BackupInfo info;
  RETURN_IF_ERROR(
      FromEngine(engine->GetBackupInfo(id, &info), "reading the new backup"));
  return Summarize(info);
}

absl::StatusOr<std::vector<BackupSummary>> Backups::ListLocked() {
  ASSIGN_OR_RETURN(rocksdb::BackupEngine * engine, Engine());
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  std::vector<rocksdb::BackupID> corrupt;
  engine->GetCorruptedBackups(&corrupt);
  std::vector<BackupSummary> out;
  for (const rocksdb::BackupInfo& info : infos) out.push_back(Summarize(info));
  for (rocksdb::BackupID id : corrupt) {
    BackupSummary s;
    s.id = id;
    s.corrupt = true;
    out.push_back(s);
  }
  std::sort(out.begin(), out.end(),
            [](const BackupSummary& a, const BackupSummary& b) {
              return a.id < b.id;
            });
  return out;
}

absl::StatusOr<std::vector<BackupSummary>> Backups::List() {
  HeldLock lock(&mu_);
  if (!lock.held()) return Busy(dir_);
  return ListLocked();
}

absl::Status Backups::Verify(uint32_t id) {
  HeldLock lock(&mu_);
  if (!lock.held()) return Busy(dir_);
  ASSIGN_OR_RETURN(std::vector<BackupSummary> all, ListLocked());
  const auto it = std::find_if(all.begin(), all.end(),
                               [id](const BackupSummary& s) { return s.id == id; });
  if (it == all.end()) {
    return absl::NotFoundError(
        absl::StrCat("no backup ", id, " in ", dir_));
  }
  ASSIGN_OR_RETURN(rocksdb::BackupEngine * engine, Engine());
  rocksdb::IOStatus s = engine->VerifyBackup(id, /*verify_with_checksum=*/true);
  if (s.ok()) return absl::OkStatus();
  // A missing file (NotFound) is as much a damaged backup as a bad checksum.
  if (it->corrupt || s.IsNotFound() || s.IsCorruption()) {
    return absl::DataLossError(
        absl::StrCat("backup ", id, " in ", dir_, " is damaged: ", s.ToString()));
  }
  return FromEngine(s, absl::StrCat("verifying backup ", id));
}

absl::Status Backups::Delete(uint32_t id) {
  HeldLock lock(&mu_);
  if (!lock.held()) return Busy(dir_);
  ASSIGN_OR_RETURN(std::vector<BackupSummary> all, ListLocked());
  if (std::none_of(all.begin(), all.end(),
                   [id](const BackupSummary& s) { return s.id == id; })) {
    return absl::NotFoundError(absl::StrCat("no backup ", id, " in ", dir_));
  }
  ASSIGN_OR_RETURN(rocksdb::BackupEngine * engine, Engine());
  return FromEngine(engine->DeleteBackup(id),
                    absl::StrCat("deleting backup ", id));
}

absl::StatusOr<int> Backups::Purge(int keep) {
  if (keep < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "keep must be at least 1 (it is ", keep,
        "); delete the last backups one by one"));
  }
  HeldLock lock(&mu_);
  if (!lock.held()) return Busy(dir_);
  ASSIGN_OR_RETURN(std::vector<BackupSummary> before, ListLocked());
  ASSIGN_OR_RETURN(rocksdb::BackupEngine * engine, Engine());
  RETURN_IF_ERROR(FromEngine(engine->PurgeOldBackups(keep), "purging backups"));
  ASSIGN_OR_RETURN(std::vector<BackupSummary> after, ListLocked());
  return static_cast<int>(before.size() - after.size());
}

absl::StatusOr<BackupSummary> RestoreBackup(const std::string& backup_dir,
                                            uint32_t id,
                                            const std::string& db_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(db_dir, ec)) {
    if (!fs::is_directory(db_dir, ec) || !fs::is_empty(db_dir, ec)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "restore target ", db_dir,
          " is not an empty folder; restore into a new folder"));
    }
  }
  if (!fs::is_directory(backup_dir, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("backup folder ", backup_dir, " does not exist"));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  RETURN_IF_ERROR(FromEngine(
      rocksdb::BackupEngineReadOnly::Open(EngineOptions(backup_dir),
                                          rocksdb::Env::Default(), &raw),
      absl::StrCat("opening the backup folder ", backup_dir)));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  rocksdb::BackupInfo info;
  rocksdb::Status s = engine->GetBackupInfo(id, &info);
  if (s.IsNotFound()) {
    return absl::NotFoundError(
        absl::StrCat("no backup ", id, " in ", backup_dir));
  }
  if (s.IsCorruption()) {
    return absl::DataLossError(absl::StrCat("backup ", id, " in ", backup_dir,
                                            " is damaged: ", s.ToString()));
  }
  RETURN_IF_ERROR(FromEngine(s, absl::StrCat("reading backup ", id)));
  const BackupSummary summary = Summarize(info);
  fs::create_directories(db_dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", db_dir, ": ", ec.message()));
  }
  s = engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), id, db_dir,
                                  db_dir);
  if (s.IsCorruption() || s.IsNotFound()) {
    return absl::DataLossError(absl::StrCat("backup ", id, " in ", backup_dir,
                                            " is damaged: ", s.ToString()));
  }
  RETURN_IF_ERROR(FromEngine(s, absl::StrCat("restoring backup ", id)));

  // The restored folder must open as a database and hold what the backup
  // recorded.
  StoreOptions options;
  options.path = db_dir;
  options.create_if_missing = false;
  options.graph_index = false;
  ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store, EventStore::Open(options));
  ASSIGN_OR_RETURN(StoreStats stats, store->GetStats());
  if (summary.events >= 0 && stats.events != summary.events) {
    return absl::DataLossError(absl::StrCat(
        "restored backup ", id, " holds ", stats.events,
        " events; the backup recorded ", summary.events));
  }
  return summary;
}

}  // namespace eventgraph::storage
