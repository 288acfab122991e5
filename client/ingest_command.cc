#include "client/ingest_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/column_mapping.h"
#include "client/event_builder.h"
#include "client/ingest_progress.h"
#include "client/ingest_stream.h"
#include "client/ingest_summary.h"
#include "client/record_reader.h"
#include "client/reject_log.h"
#include "client/rpc_errors.h"

namespace eventgraph::client {
namespace {

constexpr int kMaxInFlight = 8;
// Rejections the summary keeps for --output json.
constexpr size_t kSummaryRejections = 1000;
// A request is sent early once its cells reach this size, well below
// gRPC's default 4 MiB message limit.
constexpr size_t kMaxBatchBytes = 3 << 20;
// How often (in rows) the reading thread publishes its input offset.
constexpr int64_t kOffsetEvery = 4096;

// One input file, opened and mapped before anything is sent.
struct Input {
  std::string path;
  std::unique_ptr<RecordReader> reader;
  std::unique_ptr<ColumnMapping> mapping;
};

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

std::string MissingMessage(const Input& input) {
  std::vector<std::string> missing;
  for (EventField field : input.mapping->MissingRequired()) {
    missing.emplace_back(EventFieldName(field));
  }
  return absl::StrCat(
      "error: ", input.path, ": no column for ", absl::StrJoin(missing, ", "),
      " (columns: ", absl::StrJoin(input.reader->columns(), ", "),
      "); name them with --map COLUMN=FIELD\n");
}

// Opens and maps every input; on a usage problem prints it and returns
// false.
bool OpenInputs(const IngestOptions& options,
                const std::vector<ColumnOverride>& overrides,
                std::vector<Input>* inputs) {
  auto format = ParseInputFormat(options.format);
  if (!format.ok()) {
    std::cerr << "error: " << format.status().message() << "\n";
    return false;
  }
  for (const std::string& path : options.files) {
    auto reader = RecordReader::Open(path, *format);
    if (!reader.ok()) {
      std::cerr << "error: " << reader.status().message() << "\n";
      return false;
    }
    Input input{path, *std::move(reader), nullptr};
    input.mapping = std::make_unique<ColumnMapping>(
        ColumnMapping::Build(input.reader->columns(), overrides));
    if (!input.mapping->MissingRequired().empty()) {
      std::cerr << MissingMessage(input);
      return false;
    }
    inputs->push_back(std::move(input));
  }
  // A --map column must exist somewhere (JSONL keys may appear later).
  for (const ColumnOverride& override : overrides) {
    bool found = false;
    for (const Input& input : *inputs) {
      found = found || input.reader->format() == InputFormat::kJsonl ||
              HasColumn(input.reader->columns(), override.column);
    }
    if (!found) {
      std::cerr << "error: --map: no input has a column \"" << override.column
                << "\"\n";
      return false;
    }
  }
  return true;
}

std::vector<std::string> IgnoredColumns(const std::vector<Input>& inputs) {
  std::vector<std::string> ignored;
  for (const Input& input : inputs) {
    for (std::string& name : input.mapping->IgnoredColumns()) {
      if (std::find(ignored.begin(), ignored.end(), name) == ignored.end()) {
        ignored.push_back(std::move(name));
      }
    }
  }
  return ignored;
}

// Reads every input and sends its rows. Returns OK, or the read error that
// stopped it (the stream may have failed as well: check its Finish()).
absl::Status SendAll(std::vector<Input>* inputs, int batch_size,
                     const std::vector<ColumnOverride>& overrides,
                     IngestStream* stream, RejectLog* rejects,
                     IngestCounters* counters) {
  eventgraph::v1::IngestRequest request;
  std::vector<RowOrigin> origins;
  origins.reserve(batch_size);
  size_t batch_bytes = 0;
  int64_t bytes_before = 0;  // of the files already read
  Record record;
  for (uint32_t file = 0; file < inputs->size(); ++file) {
    Input& input = (*inputs)[file];
    RecordReader& reader = *input.reader;
    int64_t rows = 0;
    RecordReader::Result result;
    while ((result = reader.Read(&record)) != RecordReader::Result::kEnd) {
      ++counters->rows;
      if (++rows % kOffsetEvery == 0) {
        counters->input_bytes = bytes_before + reader.compressed_offset();
      }
      if (result == RecordReader::Result::kRejected) {
        rejects->Add(input.path, record.line,
                     RejectedField(*input.mapping, record), record.reason);
        ++counters->rejected;
        continue;
      }
      if (input.mapping->column_count() !=
          static_cast<int>(reader.columns().size())) {
        // New JSONL keys: map them too.
        input.mapping = std::make_unique<ColumnMapping>(
            ColumnMapping::Build(reader.columns(), overrides));
      }
      eventgraph::v1::Event* event = request.add_events();
      if (auto error = BuildEvent(*input.mapping, record.cells, event)) {
        request.mutable_events()->RemoveLast();
        rejects->Add(input.path, record.line, error->field, error->reason);
        ++counters->rejected;
        continue;
      }
      origins.push_back({file, record.line});
      for (std::string_view cell : record.cells) batch_bytes += cell.size();
      if (request.events_size() >= batch_size ||
          batch_bytes >= kMaxBatchBytes) {
        if (!stream->Send(&request, std::move(origins))) {
          return absl::OkStatus();
        }
        request.Clear();
        origins = {};
        origins.reserve(batch_size);
        batch_bytes = 0;
      }
    }
    if (!reader.status().ok()) {
      return absl::Status(
          reader.status().code(),
          absl::StrCat(input.path, ": ", reader.status().message()));
    }
    bytes_before += std::max<int64_t>(reader.file_size(), 0);
    counters->input_bytes = bytes_before;
    input.reader.reset();  // close the file
  }
  if (request.events_size() > 0) stream->Send(&request, std::move(origins));
  return absl::OkStatus();
}

ProgressReporter::Mode ProgressMode(bool quiet) {
  if (quiet) return ProgressReporter::Mode::kOff;
  return isatty(STDERR_FILENO) ? ProgressReporter::Mode::kTerminal
                               : ProgressReporter::Mode::kLines;
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
  std::vector<Input> inputs;
  if (!OpenInputs(options, overrides, &inputs)) return kExitUsage;
  auto rejects = RejectLog::Open(options.rejects_path, kSummaryRejections);
  if (!rejects.ok()) {
    std::cerr << "error: " << rejects.status().message() << "\n";
    return kExitUsage;
  }

  IngestSummary summary;
  summary.files = static_cast<int64_t>(inputs.size());
  summary.rejects_path = options.rejects_path;
  int64_t total_bytes = 0;
  for (const Input& input : inputs) {
    const int64_t size = input.reader->file_size();
    total_bytes = size < 0 || total_bytes < 0 ? -1 : total_bytes + size;
  }

  const auto start = std::chrono::steady_clock::now();
  IngestCounters counters;
  RejectLog* log = rejects->get();
  auto on_rejection = [&inputs, log](const RowOrigin& origin,
                                     const eventgraph::v1::Rejection& item) {
    log->Add(inputs[origin.file].path, origin.line,
             FieldOfRejection(item.field()), item.reason());
  };
  IngestStream::Options stream_options;
  stream_options.max_in_flight = kMaxInFlight;
  stream_options.ack_timeout =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(
              connection->options().deadline_seconds));
  ProgressReporter progress(&counters, ProgressMode(options.quiet),
                            total_bytes);
  IngestStream stream(connection, stream_options, &counters, on_rejection);
  const absl::Status read_status =
      SendAll(&inputs, options.batch_size, overrides, &stream, log, &counters);
  const grpc::Status rpc_status = stream.Finish();
  progress.Stop();
  const absl::Status rejects_status = log->Close();

  if (!rpc_status.ok() || !read_status.ok()) {
    if (!rpc_status.ok()) std::cerr << FormatRpcError(rpc_status);
    if (!read_status.ok()) {
      std::cerr << "error: " << read_status.message() << "\n";
    }
    std::cerr << "ingest did not finish: " << counters.acknowledged.load()
              << " of " << counters.rows.load()
              << " rows read were acknowledged (" << counters.accepted.load()
              << " accepted, " << counters.duplicates.load()
              << " duplicates)\n";
    return kExitFailure;
  }
  if (!rejects_status.ok()) {
    std::cerr << "error: " << rejects_status.message() << "\n";
  }
  summary.rows = counters.rows;
  summary.accepted = counters.accepted;
  summary.duplicates = counters.duplicates;
  summary.rejected = counters.rejected;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  summary.rejections = log->kept();
  summary.ignored_columns = IgnoredColumns(inputs);  // JSONL keys grow
  PrintIngestSummary(summary, connection->options().output, std::cout);
  return rejects_status.ok() ? kExitOk : kExitFailure;
}

}  // namespace eventgraph::client
