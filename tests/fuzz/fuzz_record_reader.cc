// Fuzzes the client's input path as `eventgraph ingest` runs it: a file
// (plain, gzip or ZIP) read by RecordReader as one of the formats, each row
// mapped by the format's ColumnMapping and built into an Event by
// BuildEvent.
//
// Input: byte 0 picks the format asked for (auto, gdelt1, gdelt2, icews,
// quad, tsv, csv, jsonl), byte 1 the file name (its extension matters for
// kAuto), the rest is the file.
//
// Properties checked besides "no crash, no UB, no leak":
//  - a row has exactly one cell per column;
//  - a rejected record names a field and gives a reason;
//  - line numbers are 1-based and never go back;
//  - a built Event serializes.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "client/column_mapping.h"
#include "client/event_builder.h"
#include "client/format_profiles.h"
#include "client/formats.h"
#include "client/record_reader.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input_file.h"

namespace {

using eventgraph::client::BuildEvent;
using eventgraph::client::ColumnMapping;
using eventgraph::client::InputFormat;
using eventgraph::client::ProfileFor;
using eventgraph::client::Record;
using eventgraph::client::RecordReader;

constexpr const char* kNames[] = {"input.tsv", "input.csv",  "input.jsonl",
                                  "input.txt", "export.CSV", "input.ndjson"};
constexpr int kMaxRecords = 4096;

using ::eventgraph::fuzz::Check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto format = static_cast<InputFormat>(data[0] % 8);
  const std::string name = kNames[data[1] % std::size(kNames)];
  const std::string path =
      eventgraph::fuzz::WriteInputFile(name, data + 2, size - 2);

  auto reader = RecordReader::Open(path, format);
  if (!reader.ok()) return 0;
  RecordReader& r = **reader;
  Check(r.format() != InputFormat::kAuto, "format decided");
  std::unique_ptr<ColumnMapping> mapping;
  Record record;
  int64_t last_line = 0;
  for (int i = 0; i < kMaxRecords; ++i) {
    const RecordReader::Result result = r.Read(&record);
    if (result == RecordReader::Result::kEnd) break;
    Check(record.line >= 1 && record.line >= last_line, "line numbers grow");
    last_line = record.line;
    if (result == RecordReader::Result::kRejected) {
      Check(!record.field.empty() && !record.reason.empty(),
            "a rejection names a field and a reason");
      continue;
    }
    Check(record.cells.size() == r.columns().size(), "one cell per column");
    if (mapping == nullptr ||
        mapping->column_count() != static_cast<int>(r.columns().size())) {
      mapping = std::make_unique<ColumnMapping>(
          ColumnMapping::Build(r.columns(), {}, ProfileFor(r.format())));
    }
    eventgraph::v1::Event event;
    if (auto error = BuildEvent(*mapping, record.cells, &event)) {
      Check(!error->field.empty() && !error->reason.empty(),
            "a row error names a field and a reason");
      continue;
    }
    std::string bytes;
    Check(event.SerializeToString(&bytes), "the event serializes");
  }
  return 0;
}
