// The administration handlers of EventGraphService: backups (CreateBackup,
// ListBackups, VerifyBackup, DeleteBackup) and DeleteEvents. Each runs on
// the executor: backups copy files, deletes read and rewrite the database.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "query/field_status.h"
#include "server/convert.h"
#include "server/service.h"
#include "storage/status_macros.h"
#include "storage/text.h"

namespace eventgraph::server {
namespace {

void ToProto(const storage::BackupSummary& in, v1::Backup* out) {
  out->set_id(in.id);
  out->set_corrupt(in.corrupt);
  if (in.corrupt) return;
  out->set_created_unix(in.timestamp);
  out->set_created(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                                    absl::FromUnixSeconds(in.timestamp),
                                    absl::UTCTimeZone()));
  out->set_size_bytes(in.size_bytes);
  out->set_files(in.files);
  out->set_events(in.events);
}

absl::Status HaveBackups(const storage::Backups* backups) {
  if (backups != nullptr) return absl::OkStatus();
  return absl::FailedPreconditionError("this server has no backup folder");
}

double MillisSince(absl::Time start) {
  return absl::ToDoubleMilliseconds(absl::Now() - start);
}

// The event ids a DeleteEvents request selects (exactly one selector).
// Unknown source_event_id or source: InvalidArgument naming the field.
absl::StatusOr<std::vector<storage::EventId>> Selected(
    const storage::EventStore& store, const v1::DeleteEventsRequest& r) {
  const bool by_ids = r.event_ids_size() > 0;
  const std::string_view source_event_id =
      storage::TrimAscii(r.source_event_id());
  const std::string_view source = storage::TrimAscii(r.source());
  const int selectors =
      int{by_ids} + int{!source_event_id.empty()} + int{!source.empty()};
  if (selectors == 0) {
    return query::InvalidFieldError(
        "event_ids", "no selector: set event_ids, source_event_id (with an "
                     "optional date) or source");
  }
  if (selectors > 1) {
    return query::InvalidFieldError(
        by_ids ? (source_event_id.empty() ? "source" : "source_event_id")
               : "source",
        "one selector per request: event_ids, source_event_id or source");
  }
  if (!r.date().empty() && source_event_id.empty()) {
    return query::InvalidFieldError("date", "only with source_event_id");
  }
  if (by_ids) {
    if (r.event_ids_size() > kMaxDeleteIds) {
      return query::InvalidFieldError(
          "event_ids", absl::StrCat(r.event_ids_size(),
                                    " ids in one request; the limit is ",
                                    kMaxDeleteIds));
    }
    for (int i = 0; i < r.event_ids_size(); ++i) {
      if (r.event_ids(i) == 0) {
        return query::InvalidFieldError(absl::StrCat("event_ids[", i, "]"),
                                        "0 is not an event id");
      }
    }
    return std::vector<storage::EventId>(r.event_ids().begin(),
                                         r.event_ids().end());
  }
  if (!source_event_id.empty()) {
    if (!storage::IsValidUtf8(source_event_id)) {
      return query::InvalidFieldError("source_event_id", "is not valid UTF-8");
    }
    ASSIGN_OR_RETURN(std::optional<storage::Day> day,
                     ParseDateField("date", r.date()));
    ASSIGN_OR_RETURN(std::vector<storage::EventId> ids,
                     store.FindBySourceEventId(source_event_id, day));
    if (ids.empty()) {
      return query::InvalidFieldError(
          "source_event_id",
          absl::StrCat("no stored event has source_event_id \"",
                       std::string(source_event_id), "\"",
                       day ? absl::StrCat(" on ", r.date()) : ""));
    }
    return ids;
  }
  if (!storage::IsValidUtf8(source)) {
    return query::InvalidFieldError("source", "is not valid UTF-8");
  }
  ASSIGN_OR_RETURN(std::vector<storage::EventId> ids,
                   store.FindBySource(source));
  if (ids.empty()) {
    return query::InvalidFieldError(
        "source", absl::StrCat("no stored event has source \"",
                               std::string(source), "\""));
  }
  return ids;
}

}  // namespace

grpc::ServerUnaryReactor* EventGraphService::CreateBackup(
    grpc::CallbackServerContext* ctx, const v1::CreateBackupRequest* request,
    v1::Backup* response) {
  return FinishOnExecutor(ctx, "CreateBackup", [this, response] {
    RETURN_IF_ERROR(HaveBackups(backups_));
    const absl::Time start = absl::Now();
    ASSIGN_OR_RETURN(storage::BackupSummary made, backups_->Create());
    ToProto(made, response);
    response->set_elapsed_ms(MillisSince(start));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EventGraphService::ListBackups(
    grpc::CallbackServerContext* ctx, const v1::ListBackupsRequest* request,
    v1::ListBackupsResponse* response) {
  return FinishOnExecutor(ctx, "ListBackups", [this, response] {
    RETURN_IF_ERROR(HaveBackups(backups_));
    ASSIGN_OR_RETURN(std::vector<storage::BackupSummary> all,
                     backups_->List());
    for (const storage::BackupSummary& b : all) {
      ToProto(b, response->add_backups());
    }
    response->set_backup_dir(backups_->dir());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EventGraphService::VerifyBackup(
    grpc::CallbackServerContext* ctx, const v1::VerifyBackupRequest* request,
    v1::VerifyBackupResponse* response) {
  return FinishOnExecutor(ctx, "VerifyBackup", [this, request, response] {
    RETURN_IF_ERROR(HaveBackups(backups_));
    if (request->id() == 0) {
      return query::InvalidFieldError("id", "is required (backups count from 1)");
    }
    const absl::Time start = absl::Now();
    RETURN_IF_ERROR(backups_->Verify(request->id()));
    ASSIGN_OR_RETURN(std::vector<storage::BackupSummary> all,
                     backups_->List());
    for (const storage::BackupSummary& b : all) {
      if (b.id == request->id()) ToProto(b, response->mutable_backup());
    }
    response->set_elapsed_ms(MillisSince(start));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EventGraphService::DeleteBackup(
    grpc::CallbackServerContext* ctx, const v1::DeleteBackupRequest* request,
    v1::DeleteBackupResponse* response) {
  return FinishOnExecutor(ctx, "DeleteBackup", [this, request, response] {
    RETURN_IF_ERROR(HaveBackups(backups_));
    if ((request->id() == 0) == (request->keep() == 0)) {
      return query::InvalidFieldError(
          "id", "set either id (one backup) or keep (purge all but the "
                "newest keep)");
    }
    if (request->id() != 0) {
      RETURN_IF_ERROR(backups_->Delete(request->id()));
      response->set_deleted(1);
      return absl::OkStatus();
    }
    if (request->keep() < 1) {
      return query::InvalidFieldError("keep", "must be at least 1");
    }
    ASSIGN_OR_RETURN(int deleted, backups_->Purge(request->keep()));
    response->set_deleted(deleted);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EventGraphService::DeleteEvents(
    grpc::CallbackServerContext* ctx, const v1::DeleteEventsRequest* request,
    v1::DeleteEventsResponse* response) {
  return FinishOnExecutor(ctx, "DeleteEvents", [this, request, response] {
    const absl::Time start = absl::Now();
    ASSIGN_OR_RETURN(std::vector<storage::EventId> ids,
                     Selected(*store_, *request));
    ASSIGN_OR_RETURN(storage::DeleteResult result,
                     store_->DeleteEvents(ids, request->dry_run()));
    response->set_deleted(result.deleted);
    for (storage::EventId id : result.not_found) {
      response->add_not_found_ids(id);
    }
    response->set_dry_run(request->dry_run());
    response->set_elapsed_ms(MillisSince(start));
    return absl::OkStatus();
  });
}

}  // namespace eventgraph::server
