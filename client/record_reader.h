// RecordReader turns one input file into records: a header, then rows of
// cells with the physical line number each row starts on, or client-side
// rejections of rows that cannot be sent (wrong field count, invalid UTF-8,
// malformed CSV quoting, bad JSON).
//
// Formats: TSV (tab-separated, no quoting, header line), CSV (RFC 4180,
// header line, a quoted field may span lines), JSONL (one object per line,
// no header: the keys are the columns, and new keys may appear on any line).
// Empty lines are skipped. Line numbers are 1-based and count every physical
// line, the header being line 1.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/line_reader.h"
#include "client/row_parser.h"

namespace eventgraph::client {

enum class InputFormat : uint8_t { kAuto, kTsv, kCsv, kJsonl };

// "auto", "tsv", "csv" or "jsonl"; INVALID_ARGUMENT otherwise.
absl::StatusOr<InputFormat> ParseInputFormat(std::string_view name);

std::string_view InputFormatName(InputFormat format);

// The format a file name implies, ignoring a trailing ".gz" and case:
// ".jsonl"/".ndjson" JSONL, ".csv" CSV, anything else TSV.
InputFormat FormatForPath(std::string_view path);

// One record. The reader reuses it: views are valid until the next Read().
struct Record {
  int64_t line = 0;                     // first physical line of the record
  std::vector<std::string_view> cells;  // kRow: one per column
  std::string field;   // kRejected: the column's name, or "row"
  int column = -1;     // kRejected: the column's index, or -1 for "row"
  std::string reason;  // kRejected: why
};

class RecordReader {
 public:
  enum class Result { kRow, kRejected, kEnd };

  // Opens `path` ("-" for standard input) in `format` (kAuto: by name) and
  // reads the header; for JSONL reads ahead to the first valid object.
  // Errors: those of LineReader::Open; INVALID_ARGUMENT if the file has no
  // header or the header is not valid UTF-8 or not valid CSV; DATA_LOSS or
  // UNKNOWN on a read error.
  static absl::StatusOr<std::unique_ptr<RecordReader>> Open(
      const std::string& path, InputFormat format);

  // Reads the next record into *record. kEnd means the end of the file or a
  // read error: check status().
  Result Read(Record* record);

  // Column names. For JSONL this grows as new keys appear.
  const std::vector<std::string>& columns() const;

  InputFormat format() const { return format_; }
  const absl::Status& status() const { return lines_->status(); }
  int64_t compressed_offset() const { return lines_->compressed_offset(); }
  int64_t file_size() const { return lines_->file_size(); }

 private:
  RecordReader(std::unique_ptr<LineReader> lines, InputFormat format)
      : lines_(std::move(lines)), format_(format) {}

  absl::Status ReadHeader();
  // Read() without the read-ahead queue.
  Result ReadFromFile(Record* record);
  Result ReadTsv(std::string_view line, Record* record);
  Result ReadCsv(std::string_view line, Record* record);
  // Parses the CSV record starting with `line`, reading continuation lines
  // while a quoted field is open. Returns false with *reason set if the
  // record is malformed or never closes its quote.
  bool ParseCsv(std::string_view line, std::vector<std::string_view>* cells,
                std::string* reason);
  Result ReadJsonl(std::string_view line, Record* record);
  // Rejects the record if it holds invalid UTF-8; returns true if so.
  bool RejectInvalidUtf8(std::string_view text, Record* record);
  // Rejects a row whose field count differs from the header's.
  bool RejectFieldCount(Record* record);

  std::unique_ptr<LineReader> lines_;
  InputFormat format_;
  std::vector<std::string> header_;
  CsvParser csv_;
  JsonlParser jsonl_;
  std::string joined_;  // a CSV record spanning several lines
  // JSONL read-ahead done by Open(): records to hand out first.
  // The row's cells point into jsonl_, which is not parsed again before the
  // row is handed out.
  std::vector<std::pair<Result, Record>> pending_;
  size_t next_pending_ = 0;
};

}  // namespace eventgraph::client
