#include "client/ingest_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "client/column_mapping.h"
#include "client/event_builder.h"
#include "client/format_profiles.h"
#include "client/ingest_checkpoint.h"
#include "client/ingest_inputs.h"
#include "client/ingest_progress.h"
#include "client/ingest_session.h"
#include "client/ingest_summary.h"
#include "client/record_reader.h"
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
// A request is sent early once its cells reach this size, well below
// gRPC's default 4 MiB message limit.
constexpr size_t kMaxBatchBytes = 3 << 20;
// How often (in rows) the reading thread publishes its input offset.
constexpr int64_t kOffsetEvery = 4096;

// "events[3].date" -> "date".
std::string_view FieldOfRejection(std::string_view field) {
  if (field.substr(0, 7) == "events[") {
    const size_t dot = field.find("].");
    if (dot != std::string_view::npos) return field.substr(dot + 2);
  }
  return field;
}

// The Event field a client-side rejection concerns when its column feeds
// one (e.g. "target" for a bad byte in column "Actor2Name"), else the
// record's own field ("row" or the column name).
std::string RejectedField(const ColumnMapping& mapping, const Record& record) {
  if (record.column < 0 || record.column >= mapping.column_count()) {
    return record.field;
  }
  const ColumnBinding& binding = mapping.binding(record.column);
  switch (binding.field) {
    case EventField::kIgnore:
      return record.field;
    case EventField::kAttribute:
      return absl::StrCat("attributes.", binding.attribute_key);
    default:
      return std::string(EventFieldName(binding.field));
  }
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

// Reads the inputs and sends their rows in batches.
class Sender {
 public:
  Sender(int batch_size, bool bulk,
         const std::vector<ColumnOverride>& overrides, IngestSession* session,
         RejectLog* rejects, IngestCounters* counters,
         CheckpointTracker* tracker)
      : batch_size_(batch_size),
        bulk_(bulk),
        overrides_(overrides),
        session_(session),
        rejects_(rejects),
        counters_(counters),
        tracker_(tracker) {
    StartBatch();
  }

  // Returns OK, or the read error that stopped it (the session may have
  // failed as well: check its Finish()).
  absl::Status SendAll(std::vector<IngestInput>* inputs) {
    int64_t bytes_before = 0;  // of the files already read
    for (uint32_t file = 0; file < inputs->size(); ++file) {
      IngestInput& input = (*inputs)[file];
      if (input.reader == nullptr) {  // done whole by an earlier run
        counters_->skipped += input.done_rows;
        if (tracker_ != nullptr) {
          tracker_->InputDone(file, input.done_rows, input.done_last_line);
        }
      } else {
        if (!SendInput(file, &input, bytes_before)) return absl::OkStatus();
        if (!input.reader->status().ok()) {
          return absl::Status(
              input.reader->status().code(),
              absl::StrCat(input.path, ": ", input.reader->status().message()));
        }
        input.reader.reset();  // close the file
      }
      bytes_before += std::max<int64_t>(input.size, 0);
      counters_->input_bytes = bytes_before;
    }
    if (batch_->request.events_size() > 0) Flush();
    return absl::OkStatus();
  }

 private:
  // Sends the rows of one input; false when the session has failed.
  bool SendInput(uint32_t file, IngestInput* input, int64_t bytes_before) {
    RecordReader& reader = *input->reader;
    int64_t records = 0;  // skipped ones included
    int64_t last_line = 0;
    Record record;
    RecordReader::Result result;
    while ((result = reader.Read(&record)) != RecordReader::Result::kEnd) {
      ++records;
      last_line = record.line;
      position_ = InputMark{file, record.line, records};
      if (record.line <= input->done_through_line) {
        ++counters_->skipped;
        continue;
      }
      if (++counters_->rows % kOffsetEvery == 0) {
        counters_->input_bytes = bytes_before + reader.compressed_offset();
      }
      if (result == RecordReader::Result::kRejected) {
        rejects_->Add(input->path, record.line,
                      RejectedField(*input->mapping, record), record.reason);
        ++counters_->rejected;
        continue;
      }
      if (input->mapping->column_count() !=
          static_cast<int>(reader.columns().size())) {
        // New JSONL keys: map them too.
        input->mapping = std::make_unique<ColumnMapping>(ColumnMapping::Build(
            reader.columns(), overrides_, ProfileFor(reader.format())));
      }
      eventgraph::v1::Event* event = batch_->request.add_events();
      if (auto error = BuildEvent(*input->mapping, record.cells, event)) {
        batch_->request.mutable_events()->RemoveLast();
        rejects_->Add(input->path, record.line, error->field, error->reason);
        ++counters_->rejected;
        continue;
      }
      batch_->origins.push_back({file, record.line});
      for (std::string_view cell : record.cells) batch_bytes_ += cell.size();
      if (batch_->request.events_size() >= batch_size_ ||
          batch_bytes_ >= kMaxBatchBytes) {
        if (!Flush()) return false;
      }
    }
    if (reader.status().ok() && tracker_ != nullptr) {
      tracker_->InputDone(file, records, last_line);
    }
    return true;
  }

  // Sends the batch being filled and starts the next.
  bool Flush() {
    if (tracker_ != nullptr) tracker_->Sent(batch_->id, position_);
    const bool sent = session_->Send(std::move(batch_));
    StartBatch();
    return sent;
  }

  void StartBatch() {
    batch_ = std::make_shared<IngestBatch>();
    batch_->id = next_batch_id_++;
    batch_->request.set_bulk(bulk_);
    batch_->origins.reserve(batch_size_);
    batch_bytes_ = 0;
  }

  const int batch_size_;
  const bool bulk_;
  const std::vector<ColumnOverride>& overrides_;
  IngestSession* const session_;
  RejectLog* const rejects_;
  IngestCounters* const counters_;
  CheckpointTracker* const tracker_;  // nullptr without --resume
  std::shared_ptr<IngestBatch> batch_;
  size_t batch_bytes_ = 0;
  int64_t next_batch_id_ = 0;
  InputMark position_;  // the last record read
};

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
  Sender sender(options.batch_size, options.bulk, overrides, &session, log,
                &counters, checkpoints);
  const absl::Status read_status = sender.SendAll(&inputs);
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
