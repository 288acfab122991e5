// Fuzzes the row parsers of the client on their own (client/row_parser.h):
// SplitTsv, CsvParser and JsonlParser, with round-trip properties.
//
// Input: byte 0 picks the parser (TSV, CSV, JSONL), the rest is the text;
// for JSONL each '\n'-separated line goes to the same parser (so columns
// accumulate as in a file).
//
// Properties checked besides "no crash, no UB, no leak":
//  - TSV: cells joined with tabs give the line back;
//  - CSV: a parsed record written back with CsvField (client/csv_writer.h)
//    parses to the same cells (writer and reader agree); an incomplete
//    record never yields cells;
//  - JSONL: one cell per column, columns never shrink and are unique.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "client/csv_writer.h"
#include "client/row_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using eventgraph::client::CsvField;
using eventgraph::client::CsvParser;
using eventgraph::client::JsonlParser;

using ::eventgraph::fuzz::Check;

void FuzzTsv(std::string_view text) {
  std::vector<std::string_view> cells;
  eventgraph::client::SplitTsv(text, &cells);
  std::string joined;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) joined.push_back('\t');
    joined.append(cells[i]);
  }
  Check(joined == text, "TSV cells joined give the line back");
}

void FuzzCsv(std::string_view text) {
  CsvParser parser;
  std::vector<std::string_view> cells;
  switch (parser.Parse(text, &cells)) {
    case CsvParser::Result::kIncomplete:
      return;
    case CsvParser::Result::kMalformed:
      Check(!parser.error().empty(), "a malformed record says why");
      return;
    case CsvParser::Result::kOk:
      break;
  }
  Check(!cells.empty(), "a CSV record has at least one cell");
  const std::vector<std::string> first(cells.begin(), cells.end());
  std::string written;
  for (size_t i = 0; i < first.size(); ++i) {
    if (i > 0) written.push_back(',');
    written += CsvField(first[i]);
  }
  CsvParser again;
  Check(again.Parse(written, &cells) == CsvParser::Result::kOk,
        "a written CSV record parses");
  Check(std::vector<std::string>(cells.begin(), cells.end()) == first,
        "CSV written then parsed gives the same cells");
}

void FuzzJsonl(std::string_view text) {
  JsonlParser parser;
  std::vector<std::string_view> cells;
  size_t columns = 0;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view()
                                             : text.substr(newline + 1);
    if (!parser.Parse(line, &cells).ok()) continue;
    Check(cells.size() == parser.columns().size(), "one cell per column");
    Check(parser.columns().size() >= columns, "columns never shrink");
    columns = parser.columns().size();
  }
  const std::set<std::string> unique(parser.columns().begin(),
                                     parser.columns().end());
  Check(unique.size() == parser.columns().size(), "columns are unique");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      FuzzTsv(text);
      break;
    case 1:
      FuzzCsv(text);
      break;
    default:
      FuzzJsonl(text);
      break;
  }
  return 0;
}
