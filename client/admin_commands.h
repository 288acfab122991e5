// The administration commands:
//   admin check [--repair]                      CheckDatabase
//   admin backup create                         CreateBackup
//   admin backup list                           ListBackups
//   admin backup verify ID                      VerifyBackup
//   admin backup delete ID                      DeleteBackup
//   admin backup purge --keep N                 DeleteBackup (keep)
//   delete --id N... | --source-event-id S [--date D] | --source URL
//          [--dry-run] [--yes]                  DeleteEvents
// Long calls (check, backups, deletes) get the streaming deadline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/connection.h"

namespace eventgraph::client {

struct AdminOptions {
  bool repair = false;     // check --repair
  uint32_t backup_id = 0;  // backup verify/delete ID
  int keep = 0;            // backup purge --keep N
};

// The admin subcommands, to know which one was parsed.
struct AdminCommands {
  CLI::App* admin = nullptr;
  CLI::App* check = nullptr;
  CLI::App* create = nullptr;
  CLI::App* list = nullptr;
  CLI::App* verify = nullptr;
  CLI::App* remove = nullptr;
  CLI::App* purge = nullptr;
};

// Adds `admin` and its subcommands to `app`, binding them to *options.
AdminCommands AddAdminCommands(CLI::App* app, AdminOptions* options);

// Runs the parsed admin subcommand. Exit codes: kExitOk; kExitFailure when
// the RPC failed, the check found problems or a backup is damaged
// (DATA_LOSS).
int RunAdmin(Connection* connection, const AdminCommands& commands,
             const AdminOptions& options);

struct DeleteOptions {
  std::vector<uint64_t> ids;
  std::string source_event_id;
  std::string date;  // with source_event_id only
  std::string source;
  bool dry_run = false;
  bool yes = false;  // no confirmation
};

// Adds `delete` to `app`.
CLI::App* AddDeleteCommand(CLI::App* app, DeleteOptions* options);

// Runs `delete`. Without --yes or --dry-run it first asks the server how
// many events would go and asks for confirmation on a terminal; with stdin
// not a terminal it refuses (kExitUsage) and says to add --yes.
int RunDelete(Connection* connection, const DeleteOptions& options);

}  // namespace eventgraph::client
