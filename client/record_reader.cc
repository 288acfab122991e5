#include "client/record_reader.h"

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

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::Open(
    const std::string& path, InputFormat format) {
  auto lines = LineReader::Open(path);
  if (!lines.ok()) return lines.status();
  std::unique_ptr<RecordReader> reader(new RecordReader(*std::move(lines)));
  if (absl::Status status = reader->Start(path, format); !status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat(path, ": ", status.message()));
  }
  return reader;
}

const std::vector<std::string>& RecordReader::columns() const {
  return layout_.syntax == Syntax::kJsonl ? jsonl_.columns() : header_;
}

absl::Status RecordReader::Start(const std::string& path, InputFormat format) {
  std::string_view line;
  bool found = false;
  while (!found && lines_->Next(&line)) found = !line.empty();
  if (!status().ok()) return status();
  if (!found) {
    // An empty file is fine for JSONL; its reads simply end.
    if (format == InputFormat::kJsonl ||
        (format == InputFormat::kAuto &&
         FormatForPath(path) == InputFormat::kJsonl)) {
      layout_ = *DetectLayout(path, InputFormat::kJsonl, "");
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError("empty file: no header line");
  }
  auto layout = DetectLayout(path, format, line);
  if (!layout.ok()) return layout.status();
  layout_ = *std::move(layout);

  if (layout_.syntax == Syntax::kJsonl || !layout_.header) {
    // The line is data: hand it out first.
    first_line_.assign(line);
    first_line_pending_ = true;
    first_line_number_ = lines_->line_number();
    first_line_unterminated_ = lines_->unterminated();
    if (layout_.syntax == Syntax::kJsonl) return ReadJsonlAhead();
    header_ = layout_.columns;
    return absl::OkStatus();
  }
  if (const size_t bad = FindInvalidUtf8(line); bad != kValidUtf8) {
    return absl::InvalidArgumentError(
        absl::StrCat("header: ", InvalidUtf8Reason(line, bad)));
  }
  std::vector<std::string_view> cells;
  if (layout_.syntax == Syntax::kTsv) {
    SplitTsv(line, &cells);
  } else if (std::string reason; !ParseCsv(line, &cells, &reason)) {
    return absl::InvalidArgumentError(absl::StrCat("header: ", reason));
  }
  header_.assign(cells.begin(), cells.end());
  return absl::OkStatus();
}

absl::Status RecordReader::ReadJsonlAhead() {
  for (int i = 0; i < kMaxJsonlReadAhead; ++i) {
    Record record;
    const Result result = ReadFromFile(&record);
    if (result == Result::kEnd) break;
    pending_.emplace_back(result, std::move(record));
    if (result == Result::kRow) return absl::OkStatus();
  }
  if (!status().ok()) return status();
  if (pending_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "no valid JSON object in the first ", pending_.size(), " lines"));
}

bool RecordReader::NextLine(std::string_view* line) {
  if (first_line_pending_) {
    first_line_pending_ = false;
    *line = first_line_;
    line_ = first_line_number_;
    unterminated_ = first_line_unterminated_;
    return true;
  }
  do {
    if (!lines_->Next(line)) return false;
  } while (line->empty());
  line_ = lines_->line_number();
  unterminated_ = lines_->unterminated();
  return true;
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
  if (!NextLine(&line)) return Result::kEnd;
  record->line = line_;
  switch (layout_.syntax) {
    case Syntax::kCsv:
      return ReadCsv(line, record);
    case Syntax::kJsonl:
      return ReadJsonl(line, record);
    case Syntax::kTsv:
      break;
  }
  return ReadTsv(line, record);
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
      // A header may leave a column unnamed: name it by its position.
      record->field =
          names[i].empty() ? absl::StrCat("column ", i + 1) : names[i];
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
  if (unterminated_) {
    absl::StrAppend(&record->reason,
                    " (the file's last line has no newline: truncated?)");
  }
  return true;
}

}  // namespace eventgraph::client
