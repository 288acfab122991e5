#include "client/ingest_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "client/column_mapping.h"
#include "client/ingest_checkpoint.h"
#include "client/ingest_inputs.h"
#include "client/ingest_pipeline.h"
#include "client/ingest_progress.h"
#include "client/ingest_session.h"
#include "client/ingest_summary.h"
#include "client/reject_log.h"
#include "client/rpc_errors.h"

namespace eventgraph::client {
namespace {

constexpr int kMaxInFlight = 8;
// --bulk: the server gathers up to 1,024 requests (kMaxBulkRequests in
// server/service.h) before it stores them, so more must be in flight; its
// reading (one chunk stored, one gathering) bounds what is really sent.
constexpr int kMaxBulkInFlight = 1100;
// Rejections the summary keeps for --output json.
constexpr size_t kSummaryRejections = 1000;

// "events[3].date" -> "date".
std::string_view FieldOfRejection(std::string_view field) {
  if (field.substr(0, 7) == "events[") {
    const size_t dot = field.find("].");
    if (dot != std::string_view::npos) return field.substr(dot + 2);
  }
  return field;
}

std::vector<std::string> IgnoredColumns(
    const std::vector<IngestInput>& inputs) {
  std::vector<std::string> ignored;
  for (const IngestInput& input : inputs) {
    if (input.mapping == nullptr) continue;
    for (std::string& name : input.mapping->IgnoredColumns()) {
      if (std::find(ignored.begin(), ignored.end(), name) == ignored.end()) {
        ignored.push_back(std::move(name));
      }
    }
  }
  return ignored;
}

ProgressReporter::Mode ProgressMode(bool quiet) {
  if (quiet) return ProgressReporter::Mode::kOff;
  return isatty(STDERR_FILENO) ? ProgressReporter::Mode::kTerminal
                               : ProgressReporter::Mode::kLines;
}

// Loads the checkpoint and makes its tracker; prints the problem and
// returns nullptr when the checkpoint cannot be used.
std::unique_ptr<CheckpointTracker> StartTracker(
    const std::string& path, Checkpoint checkpoint,
    const std::vector<IngestInput>& inputs) {
  std::vector<std::pair<std::string, int64_t>> files;
  for (const IngestInput& input : inputs) {
    files.emplace_back(input.path, input.size);
  }
  auto tracker = std::make_unique<CheckpointTracker>(
      path, std::move(checkpoint), std::move(files));
  if (absl::Status status = tracker->Save(); !status.ok()) {
    std::cerr << "error: --resume: " << status.message() << "\n";
    return nullptr;
  }
  return tracker;
}

}  // namespace

int RunIngest(Connection* connection, const IngestOptions& options) {
  std::vector<ColumnOverride> overrides;
  for (const std::string& flag : options.maps) {
    auto override = ParseColumnOverride(flag);
    if (!override.ok()) {
      std::cerr << "error: " << override.status().message() << "\n";
      return kExitUsage;
    }
    overrides.push_back(*std::move(override));
  }
  std::optional<Checkpoint> checkpoint;
  if (!options.resume_path.empty()) {
    auto loaded = Checkpoint::Load(options.resume_path);
    if (!loaded.ok()) {
      std::cerr << "error: --resume: " << loaded.status().message() << "\n";
      return kExitUsage;
    }
    checkpoint = *std::move(loaded);
  }
  std::vector<IngestInput> inputs;
  if (!OpenIngestInputs(options, overrides,
                        checkpoint.has_value() ? &*checkpoint : nullptr,
                        &inputs)) {
    return kExitUsage;
  }
  std::unique_ptr<CheckpointTracker> tracker;
  if (checkpoint.has_value()) {
    tracker = StartTracker(options.resume_path, *std::move(checkpoint), inputs);
    if (tracker == nullptr) return kExitUsage;
  }
  auto rejects = RejectLog::Open(options.rejects_path, kSummaryRejections);
  if (!rejects.ok()) {
    std::cerr << "error: " << rejects.status().message() << "\n";
    return kExitUsage;
  }

  IngestSummary summary;
  summary.files = static_cast<int64_t>(inputs.size());
  summary.rejects_path = options.rejects_path;
  summary.resume_path = options.resume_path;
  int64_t total_bytes = 0;
  for (const IngestInput& input : inputs) {
    total_bytes =
        input.size < 0 || total_bytes < 0 ? -1 : total_bytes + input.size;
    summary.inputs.push_back({input.path, input.description});
  }

  const auto start = std::chrono::steady_clock::now();
  IngestCounters counters;
  RejectLog* log = rejects->get();
  auto on_rejection = [&inputs, log](const RowOrigin& origin,
                                     const eventgraph::v1::Rejection& item) {
    log->Add(inputs[origin.file].path, origin.line,
             FieldOfRejection(item.field()), item.reason());
  };
  CheckpointTracker* checkpoints = tracker.get();
  auto on_ack = [checkpoints](int64_t batch_id) {
    if (checkpoints != nullptr) checkpoints->Acked(batch_id);
  };
  IngestSession::Options session_options;
  session_options.stream.max_in_flight =
      options.bulk ? kMaxBulkInFlight : kMaxInFlight;
  session_options.stream.ack_timeout =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(
              connection->options().deadline_seconds));
  session_options.max_retries = options.max_retries;
  ProgressReporter progress(&counters, ProgressMode(options.quiet),
                            total_bytes);
  IngestSession session(connection, session_options, &counters, on_rejection,
                        on_ack);
  IngestPipelineOptions pipeline_options;
  pipeline_options.batch_size = options.batch_size;
  pipeline_options.bulk = options.bulk;
  pipeline_options.parse_threads =
      options.parse_threads > 0 ? options.parse_threads : DefaultParseThreads();
  IngestPipeline pipeline(
      pipeline_options, &overrides,
      [&session](std::shared_ptr<IngestBatch> batch) {
        return session.Send(std::move(batch));
      },
      log, &counters, checkpoints);
  const absl::Status read_status = pipeline.Run(&inputs);
  const grpc::Status rpc_status = session.Finish();
  progress.Stop();
  const absl::Status rejects_status = log->Close();
  if (rpc_status.ok() && read_status.ok() && tracker != nullptr) {
    tracker->Finish();
  }
  const absl::Status checkpoint_status =
      tracker != nullptr ? tracker->status() : absl::OkStatus();
  if (!checkpoint_status.ok()) {
    std::cerr << "warning: --resume: " << checkpoint_status.message()
              << " (a rerun may send rows again; the server counts them as "
                 "duplicates)\n";
  }

  if (!rpc_status.ok() || !read_status.ok()) {
    if (!rpc_status.ok()) std::cerr << FormatRpcError(rpc_status);
    if (!read_status.ok()) {
      std::cerr << "error: " << read_status.message() << "\n";
    }
    std::cerr << "ingest did not finish: " << counters.acknowledged.load()
              << " of " << counters.rows.load()
              << " rows read were acknowledged (" << counters.accepted.load()
              << " accepted, " << counters.duplicates.load() << " duplicates)";
    if (!options.resume_path.empty()) {
      std::cerr << "; rerun with --resume " << options.resume_path
                << " to go on from there";
    } else {
      std::cerr << "; rerunning stores only what is missing (rows already "
                   "stored count as duplicates); use --resume FILE to skip "
                   "acknowledged rows next time";
    }
    std::cerr << "\n";
    return kExitFailure;
  }
  if (!rejects_status.ok()) {
    std::cerr << "error: " << rejects_status.message() << "\n";
  }
  summary.rows = counters.rows;
  summary.accepted = counters.accepted;
  summary.duplicates = counters.duplicates;
  summary.rejected = counters.rejected;
  summary.skipped = counters.skipped;
  summary.retries = session.retries();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  summary.rejections = log->kept();
  summary.ignored_columns = IgnoredColumns(inputs);  // JSONL keys grow
  PrintIngestSummary(summary, connection->options().output, std::cout);
  return rejects_status.ok() ? kExitOk : kExitFailure;
}

}  // namespace eventgraph::client
