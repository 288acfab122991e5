// Backups: online backups of an EventStore in a backup folder, made with
// RocksDB's BackupEngine (rocksdb/utilities/backup_engine.h), and the
// offline restore of one of them into a new folder.
//
// A backup holds the live SST files (shared between backups: a backup
// copies only the files the previous ones lack), the MANIFEST and the
// write-ahead logs up to the moment it was captured, so it includes every
// event acknowledged before Create was called, without a flush. For that
// moment to be exact, Create holds writers and deletes off from just
// before the capture until the engine has started copying (a few
// milliseconds): the event count stored in the backup's app metadata is
// then the count of the events in it. Each file gets a crc32c checksum
// that Verify recomputes.
//
// Thread safety: a Backups is thread-safe; its operations run one at a
// time and never wait for each other: an operation called while another
// runs (a List during a long Create) fails at once with Unavailable, so
// that no server worker thread is held up.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace rocksdb {
class BackupEngine;
}

namespace eventgraph::storage {

class EventStore;

// One backup of the folder.
struct BackupSummary {
  uint32_t id = 0;          // 1, 2, ... in creation order, never reused
  int64_t timestamp = 0;    // creation time, seconds since the Unix epoch
  uint64_t size_bytes = 0;  // bytes of its files (shared files included)
  uint32_t files = 0;       // number of files (shared files included)
  int64_t events = -1;      // events it holds; -1 when its metadata lacks it
  // True when the engine found its metadata unreadable at open; only `id`
  // is set then.
  bool corrupt = false;
};

class Backups {
 public:
  // `store` must outlive the Backups. Nothing touches the disk until the
  // first operation, which creates `dir` when it is missing.
  // REQUIRES: dir is not empty and not inside the store's folder.
  Backups(EventStore* store, std::string dir);
  ~Backups();

  Backups(const Backups&) = delete;
  Backups& operator=(const Backups&) = delete;

  const std::string& dir() const { return dir_; }

  // Every operation may fail with Unavailable when another one runs.

  // Creates a backup of the store while it serves (see above) and returns
  // its summary. Errors: Internal/Unavailable/ResourceExhausted (disk
  // full) from the engine; a failed backup leaves no trace that counts.
  absl::StatusOr<BackupSummary> Create();

  // Every backup, oldest first, corrupt ones included (flagged).
  absl::StatusOr<std::vector<BackupSummary>> List();

  // Checks that every file of backup `id` exists with its size and crc32c
  // checksum. NotFound when there is no such backup; DataLoss naming the
  // backup and the file when a file is missing, truncated or corrupted.
  absl::Status Verify(uint32_t id);

  // Deletes backup `id` and the shared files only it used. NotFound when
  // there is no such backup.
  absl::Status Delete(uint32_t id);

  // Deletes all but the newest `keep` backups; returns how many went.
  // InvalidArgument when keep < 1 (delete them one by one instead).
  absl::StatusOr<int> Purge(int keep);

 private:
  // The engine, opened on first use, and List's work. REQUIRES: mu_ held
  // (taken with TryLock, so not annotated).
  absl::StatusOr<rocksdb::BackupEngine*> Engine();
  absl::StatusOr<std::vector<BackupSummary>> ListLocked();

  EventStore* const store_;
  const std::string dir_;
  absl::Mutex mu_;
  std::unique_ptr<rocksdb::BackupEngine> engine_;  // under mu_
};

// Restores backup `id` of the backup folder `backup_dir` into `db_dir`,
// offline (no server may use the backup folder meanwhile), then opens the
// result once as an EventStore (without the graph index) to check that it
// opens and holds the event count the backup recorded. `db_dir` must not
// exist or be an empty folder. Returns the backup's summary.
// Errors: InvalidArgument for a non-empty db_dir or a backup_dir without
// backups; NotFound for an unknown id; DataLoss when a file does not match
// its checksum or the restored count differs.
absl::StatusOr<BackupSummary> RestoreBackup(const std::string& backup_dir,
                                            uint32_t id,
                                            const std::string& db_dir);

}  // namespace eventgraph::storage
