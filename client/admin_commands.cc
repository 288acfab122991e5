#include "client/admin_commands.h"

#include <unistd.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/catalog_commands.h"
#include "client/csv_writer.h"
#include "client/output.h"
#include "client/query_support.h"
#include "client/table.h"

namespace eventgraph::client {
namespace {

namespace v1 = eventgraph::v1;

int RunCheck(Connection* connection, const AdminOptions& options) {
  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  v1::CheckDatabaseRequest request;
  request.set_repair(options.repair);
  v1::CheckDatabaseResponse response;
  const grpc::Status status =
      connection->stub().CheckDatabase(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);
  const int verdict = response.problems() == 0 ? kExitOk : kExitFailure;
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) {
    const int code = PrintJsonLine(response);
    return code != kExitOk ? code : verdict;
  }
  PrintFields({{"events", absl::StrCat(response.events())},
               {"entries", absl::StrCat(response.entries())},
               {"problems", absl::StrCat(response.problems())},
               {"repaired", response.repaired() ? "yes" : "no"},
               {"elapsed_ms", absl::StrCat(response.elapsed_ms())}},
              format);
  for (const std::string& s : response.samples()) std::cout << s << "\n";
  if (response.problems() > response.samples_size()) {
    std::cout << "... and " << response.problems() - response.samples_size()
              << " more\n";
  }
  return verdict;
}

std::vector<std::pair<std::string, std::string>> BackupFields(
    const v1::Backup& b, OutputFormat format) {
  const bool table = format == OutputFormat::kTable;
  return {{"id", absl::StrCat(b.id())},
          {"created", b.created()},
          {"events", b.corrupt() ? "" : absl::StrCat(b.events())},
          {"files", absl::StrCat(b.files())},
          {"size", table ? HumanBytes(static_cast<int64_t>(b.size_bytes()))
                         : absl::StrCat(b.size_bytes())},
          {"status", b.corrupt() ? "corrupt" : "ok"}};
}

int RunCreate(Connection* connection) {
  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  v1::Backup response;
  const grpc::Status status = connection->stub().CreateBackup(
      &context, v1::CreateBackupRequest(), &response);
  if (!status.ok()) return ReportRpcError(status);
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  auto fields = BackupFields(response, format);
  fields.emplace_back("elapsed_ms", absl::StrCat(response.elapsed_ms()));
  PrintFields(fields, format);
  return kExitOk;
}

int RunList(Connection* connection) {
  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  v1::ListBackupsResponse response;
  const grpc::Status status = connection->stub().ListBackups(
      &context, v1::ListBackupsRequest(), &response);
  if (!status.ok()) return ReportRpcError(status);
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  if (format == OutputFormat::kCsv) {
    CsvWriter csv(&std::cout);
    csv.WriteRow(std::vector<std::string>{"id", "created", "events", "files",
                                          "size_bytes", "status"});
    for (const v1::Backup& b : response.backups()) {
      std::vector<std::string> row;
      for (auto& [name, value] : BackupFields(b, format)) row.push_back(value);
      csv.WriteRow(row);
    }
    return kExitOk;
  }
  std::cout << "backup folder: " << response.backup_dir() << "\n";
  if (response.backups().empty()) {
    std::cout << "(no backups)\n";
    return kExitOk;
  }
  Table table({{"id", Align::kRight},
               {"created"},
               {"events", Align::kRight},
               {"files", Align::kRight},
               {"size", Align::kRight},
               {"status"}});
  for (const v1::Backup& b : response.backups()) {
    std::vector<std::string> row;
    for (auto& [name, value] : BackupFields(b, format)) row.push_back(value);
    table.AddRow(row);
  }
  table.Print(std::cout);
  return kExitOk;
}

int RunVerify(Connection* connection, uint32_t id) {
  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  v1::VerifyBackupRequest request;
  request.set_id(id);
  v1::VerifyBackupResponse response;
  const grpc::Status status =
      connection->stub().VerifyBackup(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);  // DATA_LOSS: damaged
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  auto fields = BackupFields(response.backup(), format);
  fields.emplace_back("verified", "checksums match");
  fields.emplace_back("elapsed_ms", absl::StrCat(response.elapsed_ms()));
  PrintFields(fields, format);
  return kExitOk;
}

int RunDeleteBackup(Connection* connection, uint32_t id, int keep) {
  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  v1::DeleteBackupRequest request;
  request.set_id(id);
  request.set_keep(keep);
  v1::DeleteBackupResponse response;
  const grpc::Status status =
      connection->stub().DeleteBackup(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  PrintFields({{"deleted", absl::StrCat(response.deleted())}}, format);
  return kExitOk;
}

// Asks on the terminal; true for y or yes.
bool Confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

grpc::Status CallDelete(Connection* connection, const DeleteOptions& options,
                        bool dry_run, v1::DeleteEventsResponse* response) {
  v1::DeleteEventsRequest request;
  for (uint64_t id : options.ids) request.add_event_ids(id);
  request.set_source_event_id(options.source_event_id);
  request.set_date(DateFlag(options.date));
  request.set_source(options.source);
  request.set_dry_run(dry_run);
  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  return connection->stub().DeleteEvents(&context, request, response);
}

}  // namespace

AdminCommands AddAdminCommands(CLI::App* app, AdminOptions* options) {
  AdminCommands c;
  c.admin = app->add_subcommand(
      "admin", "Administration: check the database, backups (CheckDatabase, "
               "CreateBackup, ...)");
  c.admin->require_subcommand(1);
  c.admin->footer(
      "Examples:\n  eventgraph admin check --repair\n"
      "  eventgraph admin backup create\n  eventgraph admin backup list\n"
      "  eventgraph admin backup verify 3\n"
      "  eventgraph admin backup purge --keep 7\n"
      "Restore is offline: eventgraphd --restore-backup ID --backup-dir DIR "
      "--db NEWDIR");
  c.check = c.admin->add_subcommand(
      "check", "Verify indexes and counters against the events; exit code 1 "
               "when problems are found");
  c.check->add_flag("--repair", options->repair,
                    "Rebuild indexes and counters from the events first");
  CLI::App* backup = c.admin->add_subcommand(
      "backup", "Online backups in the server's --backup-dir");
  backup->require_subcommand(1);
  c.create = backup->add_subcommand(
      "create", "Back up the database now (the server keeps serving)");
  c.list = backup->add_subcommand("list", "List the backups");
  c.verify = backup->add_subcommand(
      "verify", "Check a backup's files against their checksums (exit code 1 "
                "when damaged)");
  c.verify->add_option("id", options->backup_id, "Backup id")
      ->required()
      ->check(CLI::PositiveNumber);
  c.remove = backup->add_subcommand("delete", "Delete one backup");
  c.remove->add_option("id", options->backup_id, "Backup id")
      ->required()
      ->check(CLI::PositiveNumber);
  c.purge = backup->add_subcommand(
      "purge", "Delete all but the newest N backups");
  c.purge->add_option("--keep", options->keep, "How many to keep (>= 1)")
      ->required()
      ->check(CLI::PositiveNumber);
  return c;
}

int RunAdmin(Connection* connection, const AdminCommands& commands,
             const AdminOptions& options) {
  if (commands.check->parsed()) return RunCheck(connection, options);
  if (commands.create->parsed()) return RunCreate(connection);
  if (commands.list->parsed()) return RunList(connection);
  if (commands.verify->parsed()) return RunVerify(connection, options.backup_id);
  if (commands.remove->parsed()) {
    return RunDeleteBackup(connection, options.backup_id, 0);
  }
  if (commands.purge->parsed()) {
    return RunDeleteBackup(connection, 0, options.keep);
  }
  std::cerr << commands.admin->help();
  return kExitUsage;
}

CLI::App* AddDeleteCommand(CLI::App* app, DeleteOptions* options) {
  CLI::App* command = app->add_subcommand(
      "delete", "Delete events by id, source_event_id or source "
                "(DeleteEvents)");
  auto* ids = command
                  ->add_option("--id", options->ids,
                               "Event id (repeatable, or several after one "
                               "--id; at most 10000)")
                  ->check(CLI::PositiveNumber);
  auto* sid = command->add_option(
      "--source-event-id", options->source_event_id,
      "Every event with this source_event_id (on every day unless --date)");
  command
      ->add_option("--date", options->date,
                   "With --source-event-id: only that day's event, "
                   "YYYY-MM-DD")
      ->needs(sid);
  auto* source = command->add_option("--source", options->source,
                                     "Every event of this source (URL)");
  ids->excludes(sid)->excludes(source);
  sid->excludes(source);
  command->add_flag("--dry-run", options->dry_run,
                    "Only say how many events would be deleted");
  command->add_flag("--yes,-y", options->yes, "Do not ask for confirmation");
  command->footer(
      "A deleted event's identity goes too: ingesting it again stores it "
      "again, under a new id.\nExamples:\n"
      "  eventgraph delete --id 17 42 --yes\n"
      "  eventgraph delete --source-event-id 26354811 --date 2018-01-02 "
      "--yes\n"
      "  eventgraph delete --source https://example.org/a --dry-run");
  return command;
}

int RunDelete(Connection* connection, const DeleteOptions& options) {
  const OutputFormat format = connection->options().output;
  bool dry_run = options.dry_run;
  if (!dry_run && !options.yes) {
    if (!isatty(STDIN_FILENO)) {
      std::cerr << "error: delete asks for confirmation; add --yes (or "
                   "--dry-run to count only)\n";
      return kExitUsage;
    }
    v1::DeleteEventsResponse preview;
    const grpc::Status status =
        CallDelete(connection, options, /*dry_run=*/true, &preview);
    if (!status.ok()) return ReportRpcError(status);
    if (preview.deleted() == 0) {
      dry_run = true;  // nothing to confirm: report as a dry run
    } else if (!Confirm(absl::StrCat("Delete ", preview.deleted(),
                                     " events?"))) {
      std::cerr << "nothing deleted\n";
      return kExitFailure;
    }
  }
  v1::DeleteEventsResponse response;
  const grpc::Status status =
      CallDelete(connection, options, dry_run, &response);
  if (!status.ok()) return ReportRpcError(status);
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  std::vector<std::string> missing;
  for (uint64_t id : response.not_found_ids()) {
    missing.push_back(absl::StrCat(id));
  }
  PrintFields({{response.dry_run() ? "would_delete" : "deleted",
                absl::StrCat(response.deleted())},
               {"not_found_ids", absl::StrJoin(missing, " ")},
               {"dry_run", response.dry_run() ? "yes" : "no"},
               {"elapsed_ms", absl::StrCat(response.elapsed_ms())}},
              format);
  return kExitOk;
}

}  // namespace eventgraph::client
