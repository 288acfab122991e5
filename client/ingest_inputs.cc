#include "client/ingest_inputs.h"

#include <sys/stat.h>

#include <iostream>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/format_profiles.h"
#include "client/ingest_files.h"

namespace eventgraph::client {
namespace {

std::string MissingMessage(const IngestInput& input) {
  std::vector<std::string> missing;
  for (EventField field : input.mapping->MissingRequired()) {
    missing.emplace_back(EventFieldName(field));
  }
  return absl::StrCat(
      "error: ", input.path, ": no column for ", absl::StrJoin(missing, ", "),
      " (columns: ", absl::StrJoin(input.reader->columns(), ", "),
      "); name them with --map COLUMN=FIELD\n");
}

int64_t FileSize(const std::string& path) {
  struct stat info;
  if (path == "-" || stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return -1;
  }
  return info.st_size;
}

// Applies the checkpoint's entry for `input`; returns true when the whole
// file is done.
bool ApplyCheckpoint(const Checkpoint& checkpoint, IngestInput* input) {
  if (input->path == "-") {
    std::cerr << "note: standard input cannot be resumed; it is read whole\n";
    return false;
  }
  const CheckpointEntry* entry = checkpoint.Find(input->path);
  if (entry == nullptr) return false;
  if (entry->size != input->size) {
    std::cerr << "note: " << input->path << " changed since the checkpoint ("
              << input->size << " bytes, was " << entry->size
              << "); reading it from the start\n";
    return false;
  }
  if (entry->complete) {
    input->done_rows = entry->rows;
    input->done_last_line = entry->line;
    input->done_through_line = std::numeric_limits<int64_t>::max();
    input->description = "done earlier";
    return true;
  }
  input->done_through_line = entry->line;
  return false;
}

}  // namespace

bool OpenIngestInputs(const IngestOptions& options,
                      const std::vector<ColumnOverride>& overrides,
                      const Checkpoint* checkpoint,
                      std::vector<IngestInput>* inputs) {
  auto format = ParseInputFormat(options.format);
  if (!format.ok()) {
    std::cerr << "error: " << format.status().message() << "\n";
    return false;
  }
  auto files =
      ExpandInputs(options.files, {options.rejects_path, options.resume_path,
                                   options.resume_path.empty()
                                       ? std::string()
                                       : options.resume_path + ".tmp"});
  if (!files.ok()) {
    std::cerr << "error: " << files.status().message() << "\n";
    return false;
  }
  for (const std::string& note : files->notes) {
    std::cerr << "note: " << note << "\n";
  }
  for (const std::string& path : files->files) {
    IngestInput input;
    input.path = path;
    input.size = FileSize(path);
    if (checkpoint != nullptr && ApplyCheckpoint(*checkpoint, &input)) {
      inputs->push_back(std::move(input));
      continue;
    }
    auto reader = RecordReader::Open(path, *format);
    if (!reader.ok()) {
      std::cerr << "error: " << reader.status().message() << "\n";
      return false;
    }
    input.reader = *std::move(reader);
    input.description = DescribeLayout(input.reader->layout());
    input.mapping = std::make_unique<ColumnMapping>(
        ColumnMapping::Build(input.reader->columns(), overrides,
                             ProfileFor(input.reader->format())));
    if (!input.mapping->MissingRequired().empty()) {
      std::cerr << MissingMessage(input);
      return false;
    }
    inputs->push_back(std::move(input));
  }
  // A --map column must exist somewhere (JSONL keys may appear later).
  for (const ColumnOverride& override : overrides) {
    bool found = false;
    for (const IngestInput& input : *inputs) {
      found = found || input.reader == nullptr ||
              input.reader->format() == InputFormat::kJsonl ||
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

}  // namespace eventgraph::client
