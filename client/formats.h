// The input formats of `eventgraph ingest`, and how the layout of one file
// (its syntax, whether its first line is a header, its column names) is
// decided from its name, the format asked for and its first line.
//
//   gdelt1  GDELT 1.0 event files: tab-separated, no header, 57 columns
//           (the backfiles) or 58 (daily files since April 2013, SOURCEURL
//           last). A header naming the GDELT columns is accepted too (the
//           project's derived files put actor, action, target, date first).
//   gdelt2  GDELT 2.0 event exports (*.export.CSV, tab-separated despite
//           the name): 61 columns, no header (or a header, as above).
//   icews   ICEWS Coded Event Data as published on the Dataverse:
//           tab-separated with the header "Event ID, Event Date, Source
//           Name, ..." (20 columns; any spelling NormalizeColumnName
//           equates, such as the derived files' snake_case), or the same
//           20 columns without a header.
//   quad    actor, action, target, date in the first four columns whatever
//           the header says; the first line is a header unless its fourth
//           cell is a date. Tab-separated, or comma-separated for *.csv.
//   tsv, csv, jsonl
//           generic files: columns by header name (or JSON key), see
//           column_mapping.h.
//   auto    decided per file, in this order: JSONL by the name (.jsonl,
//           .ndjson) or a first line starting with '{'; a first line that
//           is a GDELT row (57, 58 or 61 tab-separated cells, the first an
//           id and the second a YYYYMMDD date) is a headerless GDELT file,
//           also when the name ends in .csv; otherwise *.csv is
//           comma-separated and anything else tab-separated; a first line
//           of 20 cells starting with an id and a date is headerless ICEWS;
//           a header naming GLOBALEVENTID and SQLDATE is GDELT (gdelt2 when
//           it names ADM2 codes); a header naming an event id, a CAMEO code
//           and source sectors or a source name is ICEWS; a first line
//           whose fourth cell is a date is a headerless quadruple file;
//           anything else is a generic file with a header.
//
// Pure code, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace eventgraph::client {

enum class InputFormat : uint8_t {
  kAuto,
  kGdelt1,
  kGdelt2,
  kIcews,
  kQuad,
  kTsv,
  kCsv,
  kJsonl,
};

// "auto", "gdelt1", "gdelt2", "icews", "quad", "tsv", "csv", "jsonl" (or
// "ndjson"), in any case; INVALID_ARGUMENT otherwise.
absl::StatusOr<InputFormat> ParseInputFormat(std::string_view name);

// The name ParseInputFormat takes.
std::string_view InputFormatName(InputFormat format);

// The generic format a file name implies, ignoring a trailing ".gz" or
// ".zip" and case: ".jsonl"/".ndjson" JSONL, ".csv" CSV, anything else TSV.
InputFormat FormatForPath(std::string_view path);

// How the cells of a line are separated.
enum class Syntax : uint8_t { kTsv, kCsv, kJsonl };

struct Layout {
  InputFormat format = InputFormat::kTsv;  // never kAuto
  Syntax syntax = Syntax::kTsv;
  bool header = true;  // the first line names the columns (not for JSONL)
  // Without a header: the column names, one per column of the first line
  // (the format's official names; actor, action, target, date, column5,
  // ... for a quadruple file).
  std::vector<std::string> columns;
};

// Decides the layout of the file `path` whose first non-empty line is
// `first_line` (ignored for JSONL), read as `requested`.
// Errors: INVALID_ARGUMENT when a format asked for cannot be the file's:
// a headerless GDELT line with the wrong number of cells, a headerless
// ICEWS line without 20 cells, a quadruple line of fewer than 4 cells.
absl::StatusOr<Layout> DetectLayout(std::string_view path,
                                    InputFormat requested,
                                    std::string_view first_line);

// For messages: "gdelt1 (58 columns, no header)", "icews (header)",
// "jsonl".
std::string DescribeLayout(const Layout& layout);

}  // namespace eventgraph::client
