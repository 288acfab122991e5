// RecordReader turns one input file into records: its columns, then rows of
// cells with the physical line number each row starts on, or client-side
// rejections of rows that cannot be sent (wrong field count, invalid UTF-8,
// malformed CSV quoting, bad JSON).
//
// Open() reads the first non-empty line and decides the file's layout with
// DetectLayout (formats.h): the syntax (TSV: tab-separated, no quoting; CSV:
// RFC 4180, a quoted field may span lines; JSONL: one object per line, the
// keys are the columns and new keys may appear on any line), and whether
// the first line is a header; without one, the columns are the format's
// names and the first line is the first row. Every row must have as many
// fields as there are columns.
// Empty lines are skipped. Line numbers are 1-based and count every
// physical line.
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
#include "client/formats.h"
#include "client/line_reader.h"
#include "client/row_parser.h"

namespace eventgraph::client {

// One record. The reader reuses it: views are valid until the next Read().
struct Record {
  int64_t line = 0;                     // first physical line of the record
  std::vector<std::string_view> cells;  // kRow: one per column
  std::string field;   // kRejected: the column's name ("column N" if the
                       // header leaves it unnamed), or "row"
  int column = -1;     // kRejected: the column's index, or -1 for "row"
  std::string reason;  // kRejected: why
};

class RecordReader {
 public:
  enum class Result { kRow, kRejected, kEnd };

  // Opens `path` ("-" for standard input) as `format` (kAuto: decided from
  // the file), reads the header if there is one, and for JSONL reads ahead
  // to the first valid object.
  // Errors: those of LineReader::Open and DetectLayout; INVALID_ARGUMENT if
  // the file has no line (an empty JSONL file is fine) or its header is not
  // valid UTF-8 or not valid CSV; DATA_LOSS or UNKNOWN on a read error.
  static absl::StatusOr<std::unique_ptr<RecordReader>> Open(
      const std::string& path, InputFormat format);

  // Reads the next record into *record. kEnd means the end of the file or a
  // read error: check status().
  Result Read(Record* record);

  // Column names. For JSONL this grows as new keys appear.
  const std::vector<std::string>& columns() const;

  const Layout& layout() const { return layout_; }
  // The file's format (never kAuto).
  InputFormat format() const { return layout_.format; }
  const absl::Status& status() const { return lines_->status(); }
  int64_t compressed_offset() const { return lines_->compressed_offset(); }
  int64_t file_size() const { return lines_->file_size(); }

 private:
  explicit RecordReader(std::unique_ptr<LineReader> lines)
      : lines_(std::move(lines)) {}

  // Decides the layout from the first line and reads the header.
  absl::Status Start(const std::string& path, InputFormat format);
  absl::Status ReadJsonlAhead();
  // The next non-empty line: the one Start() put back, else the file's.
  // Sets line_ and unterminated_.
  bool NextLine(std::string_view* line);
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
  // Rejects a row whose field count differs from the columns'.
  bool RejectFieldCount(Record* record);

  std::unique_ptr<LineReader> lines_;
  Layout layout_;
  std::vector<std::string> header_;
  CsvParser csv_;
  JsonlParser jsonl_;
  std::string joined_;  // a CSV record spanning several lines
  // The first line, when it is a row (a headerless file) or JSON.
  std::string first_line_;
  bool first_line_pending_ = false;
  int64_t first_line_number_ = 0;
  bool first_line_unterminated_ = false;
  int64_t line_ = 0;           // number of the line NextLine() returned
  bool unterminated_ = false;  // it ended the file without a newline
  // JSONL read-ahead done by Open(): records to hand out first.
  // The row's cells point into jsonl_, which is not parsed again before the
  // row is handed out.
  std::vector<std::pair<Result, Record>> pending_;
  size_t next_pending_ = 0;
};

}  // namespace eventgraph::client
