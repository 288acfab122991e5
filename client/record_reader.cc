#include "client/record_reader.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/absl_compat.h"
#include "client/utf8.h"

namespace eventgraph::client {
namespace {

// A CSV record may span lines, but not without bound: an unclosed quote
// would otherwise swallow the rest of the file.
constexpr size_t kMaxCsvRecordBytes = 16 << 20;
// How many lines Open() reads to find the first JSON object of a JSONL file.
constexpr int kMaxJsonlReadAhead = 1000;

std::string InvalidUtf8Reason(std::string_view text, size_t offset) {
  return absl::StrFormat("invalid UTF-8: byte 0x%02X at offset %d",
                         static_cast<unsigned char>(text[offset]), offset);
}

}  // namespace

absl::StatusOr<InputFormat> ParseInputFormat(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "auto") return InputFormat::kAuto;
  if (lower == "tsv") return InputFormat::kTsv;
  if (lower == "csv") return InputFormat::kCsv;
  if (lower == "jsonl" || lower == "ndjson") return InputFormat::kJsonl;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown format \"", ToAbsl(name), "\" (auto, tsv, csv, jsonl)"));
}

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto:
      return "auto";
    case InputFormat::kTsv:
      return "tsv";
    case InputFormat::kCsv:
      return "csv";
    case InputFormat::kJsonl:
      return "jsonl";
  }
  return "auto";
}

InputFormat FormatForPath(std::string_view path) {
  absl::string_view name = ToAbsl(path);
  if (absl::EndsWithIgnoreCase(name, ".gz")) name.remove_suffix(3);
  if (absl::EndsWithIgnoreCase(name, ".jsonl") ||
      absl::EndsWithIgnoreCase(name, ".ndjson")) {
    return InputFormat::kJsonl;
  }
  if (absl::EndsWithIgnoreCase(name, ".csv")) return InputFormat::kCsv;
  return InputFormat::kTsv;
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::Open(
    const std::string& path, InputFormat format) {
  auto lines = LineReader::Open(path);
  if (!lines.ok()) return lines.status();
  if (format == InputFormat::kAuto) format = FormatForPath(path);
  std::unique_ptr<RecordReader> reader(
      new RecordReader(*std::move(lines), format));
  if (absl::Status status = reader->ReadHeader(); !status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat(path, ": ", status.message()));
  }
  return reader;
}

const std::vector<std::string>& RecordReader::columns() const {
  return format_ == InputFormat::kJsonl ? jsonl_.columns() : header_;
}

absl::Status RecordReader::ReadHeader() {
  std::string_view line;
  if (format_ == InputFormat::kJsonl) {
    for (int i = 0; i < kMaxJsonlReadAhead; ++i) {
      Record record;
      const Result result = ReadFromFile(&record);
      if (result == Result::kEnd) break;
      pending_.emplace_back(result, std::move(record));
      if (result == Result::kRow) return absl::OkStatus();
    }
    if (!status().ok()) return status();
    // An empty file is fine for JSONL; its reads simply end.
    if (pending_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(
        "no valid JSON object in the first ", pending_.size(), " lines"));
  }
  do {
    if (!lines_->Next(&line)) {
      if (!status().ok()) return status();
      return absl::InvalidArgumentError("empty file: no header line");
    }
  } while (line.empty());
  if (const size_t bad = FindInvalidUtf8(line); bad != kValidUtf8) {
    return absl::InvalidArgumentError(
        absl::StrCat("header: ", InvalidUtf8Reason(line, bad)));
  }
  std::vector<std::string_view> cells;
  if (format_ == InputFormat::kTsv) {
    SplitTsv(line, &cells);
  } else if (std::string reason; !ParseCsv(line, &cells, &reason)) {
    return absl::InvalidArgumentError(absl::StrCat("header: ", reason));
  }
  header_.assign(cells.begin(), cells.end());
  return absl::OkStatus();
}

RecordReader::Result RecordReader::Read(Record* record) {
  if (next_pending_ < pending_.size()) {
    auto& [result, pending] = pending_[next_pending_++];
    *record = std::move(pending);
    if (next_pending_ == pending_.size()) {
      pending_.clear();
      next_pending_ = 0;
    }
    return result;
  }
  return ReadFromFile(record);
}

RecordReader::Result RecordReader::ReadFromFile(Record* record) {
  std::string_view line;
  do {
    if (!lines_->Next(&line)) return Result::kEnd;
  } while (line.empty());
  record->line = lines_->line_number();
  switch (format_) {
    case InputFormat::kCsv:
      return ReadCsv(line, record);
    case InputFormat::kJsonl:
      return ReadJsonl(line, record);
    default:
      return ReadTsv(line, record);
  }
}

RecordReader::Result RecordReader::ReadTsv(std::string_view line,
                                           Record* record) {
  SplitTsv(line, &record->cells);
  if (RejectFieldCount(record) || RejectInvalidUtf8(line, record)) {
    return Result::kRejected;
  }
  return Result::kRow;
}

RecordReader::Result RecordReader::ReadCsv(std::string_view line,
                                           Record* record) {
  if (!ParseCsv(line, &record->cells, &record->reason)) {
    record->field = "row";
    record->column = -1;
    return Result::kRejected;
  }
  if (RejectFieldCount(record)) return Result::kRejected;
  for (std::string_view cell : record->cells) {
    if (RejectInvalidUtf8(cell, record)) return Result::kRejected;
  }
  return Result::kRow;
}

RecordReader::Result RecordReader::ReadJsonl(std::string_view line,
                                             Record* record) {
  record->cells.clear();
  if (const size_t bad = FindInvalidUtf8(line); bad != kValidUtf8) {
    record->field = "row";
    record->column = -1;
    record->reason = InvalidUtf8Reason(line, bad);
    return Result::kRejected;
  }
  if (absl::Status status = jsonl_.Parse(line, &record->cells); !status.ok()) {
    record->field = "row";
    record->column = -1;
    record->reason = absl::StrCat("bad JSON: ", status.message());
    return Result::kRejected;
  }
  return Result::kRow;
}

bool RecordReader::ParseCsv(std::string_view line,
                            std::vector<std::string_view>* cells,
                            std::string* reason) {
  std::string_view text = line;
  while (true) {
    switch (csv_.Parse(text, cells)) {
      case CsvParser::Result::kOk:
        return true;
      case CsvParser::Result::kMalformed:
        *reason = absl::StrCat("malformed CSV: ", csv_.error());
        return false;
      case CsvParser::Result::kIncomplete:
        break;
    }
    // The quoted field goes on: join the next physical line.
    if (text.data() != joined_.data()) joined_.assign(text);
    std::string_view next;
    if (joined_.size() > kMaxCsvRecordBytes || !lines_->Next(&next)) {
      *reason = "malformed CSV: quoted field never closed";
      return false;
    }
    joined_.push_back('\n');
    joined_.append(next);
    text = joined_;
  }
}

bool RecordReader::RejectInvalidUtf8(std::string_view text, Record* record) {
  const size_t bad = FindInvalidUtf8(text);
  if (bad == kValidUtf8) return false;
  // Name the column holding the bad byte.
  record->field = "row";
  record->column = -1;
  const std::vector<std::string>& names = columns();
  for (size_t i = 0; i < record->cells.size() && i < names.size(); ++i) {
    const std::string_view cell = record->cells[i];
    if (FindInvalidUtf8(cell) != kValidUtf8) {
      record->field = names[i];
      record->column = static_cast<int>(i);
      const size_t offset = FindInvalidUtf8(cell);
      record->reason = InvalidUtf8Reason(cell, offset);
      return true;
    }
  }
  record->reason = InvalidUtf8Reason(text, bad);
  return true;
}

bool RecordReader::RejectFieldCount(Record* record) {
  if (record->cells.size() == header_.size()) return false;
  record->field = "row";
  record->column = -1;
  record->reason = absl::StrCat("expected ", header_.size(), " fields, found ",
                                record->cells.size());
  return true;
}

}  // namespace eventgraph::client
