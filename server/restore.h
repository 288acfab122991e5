// eventgraphd's offline side of backups: where the backup folder is by
// default, and `eventgraphd --restore-backup ID --backup-dir DIR --db NEW`,
// which restores a backup into a new folder and exits (no server starts).
//
// Thread safety: thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>

namespace eventgraph::server {

// The backup folder of the database folder `db` when --backup-dir is not
// given: "<db>-backups" beside it (/var/lib/eventgraph/data ->
// /var/lib/eventgraph/data-backups), outside the database folder and never
// shared by two databases.
std::string DefaultBackupDir(const std::string& db);

// Restores backup `id` of `backup_dir` into `db` (a new or empty folder),
// checks that the result opens with the event count the backup recorded,
// and prints one line saying so (or the error on stderr). Returns the
// process exit code: 0 done, 1 failed, 2 bad flags (no --backup-dir).
int RunRestore(uint32_t id, const std::string& backup_dir,
               const std::string& db);

}  // namespace eventgraph::server
