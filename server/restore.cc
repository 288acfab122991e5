#include "server/restore.h"

#include <filesystem>
#include <iostream>

#include "absl/time/time.h"
#include "storage/backup.h"

namespace eventgraph::server {

std::string DefaultBackupDir(const std::string& db) {
  std::filesystem::path path = std::filesystem::path(db).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();  // "data/"
  return path.string() + "-backups";
}

int RunRestore(uint32_t id, const std::string& backup_dir,
               const std::string& db) {
  if (backup_dir.empty()) {
    std::cerr << "eventgraphd: --restore-backup needs --backup-dir (the "
                 "folder holding the backups)\n";
    return 2;
  }
  absl::StatusOr<storage::BackupSummary> restored =
      storage::RestoreBackup(backup_dir, id, db);
  if (!restored.ok()) {
    std::cerr << "eventgraphd: restore failed: " << restored.status() << "\n";
    return 1;
  }
  std::cout << "restored backup " << restored->id << " of "
            << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                                absl::FromUnixSeconds(restored->timestamp),
                                absl::UTCTimeZone())
            << " (" << restored->events << " events) from " << backup_dir
            << " into " << db << "\n";
  return 0;
}

}  // namespace eventgraph::server
