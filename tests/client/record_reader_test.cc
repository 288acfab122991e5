#include "client/record_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_samples.h"
#include "temp_dir.h"

namespace eventgraph::client {
namespace {

using testing::TempDir;

// What Read() produced, flattened for comparison.
struct Outcome {
  RecordReader::Result result;
  int64_t line;
  std::vector<std::string> cells;  // kRow
  std::string field;               // kRejected
  int column;
  std::string reason;
};

std::vector<Outcome> ReadAll(RecordReader& reader) {
  std::vector<Outcome> outcomes;
  Record record;
  RecordReader::Result result;
  while ((result = reader.Read(&record)) != RecordReader::Result::kEnd) {
    Outcome outcome{result, record.line, {}, "", -1, ""};
    if (result == RecordReader::Result::kRow) {
      outcome.cells.assign(record.cells.begin(), record.cells.end());
    } else {
      outcome.field = record.field;
      outcome.column = record.column;
      outcome.reason = record.reason;
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

TEST(FormatForPathTest, UsesTheExtensionBeforeGz) {
  EXPECT_EQ(FormatForPath("a.jsonl"), InputFormat::kJsonl);
  EXPECT_EQ(FormatForPath("a.NDJSON.gz"), InputFormat::kJsonl);
  EXPECT_EQ(FormatForPath("dir/a.csv.gz"), InputFormat::kCsv);
  EXPECT_EQ(FormatForPath("a.tsv.gz"), InputFormat::kTsv);
  EXPECT_EQ(FormatForPath("events"), InputFormat::kTsv);
  EXPECT_EQ(*ParseInputFormat("CSV"), InputFormat::kCsv);
  EXPECT_FALSE(ParseInputFormat("xml").ok());
}

TEST(RecordReaderTest, RejectsWrongFieldCountWithLineNumber) {
  TempDir dir;
  auto reader = RecordReader::Open(dir.Write("e.tsv",
                                             "actor\taction\ttarget\tdate\n"
                                             "A\tConsult\tB\t2018-01-01\n"
                                             "\n"
                                             "A\tConsult\tB\n"
                                             "C\tPraise\tD\t2018-01-02\n"),
                                   InputFormat::kAuto);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InputFormat::kTsv);
  EXPECT_EQ((*reader)->columns(),
            (std::vector<std::string>{"actor", "action", "target", "date"}));
  const std::vector<Outcome> outcomes = ReadAll(**reader);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].result, RecordReader::Result::kRow);
  EXPECT_EQ(outcomes[0].line, 2);
  EXPECT_EQ(outcomes[1].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[1].line, 4);  // the empty line 3 is skipped
  EXPECT_EQ(outcomes[1].field, "row");
  EXPECT_EQ(outcomes[1].column, -1);
  EXPECT_EQ(outcomes[1].reason, "expected 4 fields, found 3");
  EXPECT_EQ(outcomes[2].line, 5);
  EXPECT_EQ(outcomes[2].cells[1], "Praise");
}

TEST(RecordReaderTest, RejectsInvalidUtf8NamingTheColumn) {
  TempDir dir;
  auto reader =
      RecordReader::Open(dir.Write("e.tsv",
                                   "actor\taction\ttarget\tdate\n"
                                   "A\tConsult\tB\t2018-01-01\n"
                                   "A\tConsult\tBad \xC3(\t2018-01-01\n"),
                         InputFormat::kTsv);
  ASSERT_TRUE(reader.ok());
  const std::vector<Outcome> outcomes = ReadAll(**reader);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[1].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[1].line, 3);
  EXPECT_EQ(outcomes[1].field, "target");
  EXPECT_EQ(outcomes[1].column, 2);
  EXPECT_NE(outcomes[1].reason.find("invalid UTF-8"), std::string::npos);
}

// Found by fuzz_record_reader: a header with an empty column name left the
// rejection without a field.
TEST(RecordReaderTest, InvalidUtf8InAnUnnamedColumnNamesItsPosition) {
  TempDir dir;
  auto reader = RecordReader::Open(
      dir.Write("e.tsv", "actor\t\tdate\nA\t\xff\t2018-01-01\n"),
      InputFormat::kTsv);
  ASSERT_TRUE(reader.ok()) << reader.status();
  const std::vector<Outcome> outcomes = ReadAll(**reader);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[0].field, "column 2");
  EXPECT_EQ(outcomes[0].column, 1);
}

TEST(RecordReaderTest, ReadsGzipCsvWithMultiLineFields) {
  TempDir dir;
  auto reader = RecordReader::Open(
      dir.WriteGzip("e.csv.gz",
                    "Actor,Action,Target,Date\n"
                    "\"Foreign Affairs, Russia\",Consult,B,2018-01-01\n"
                    "A,\"Said \"\"no\"\"\nand left\",B,2018-01-02\n"
                    "C,\"x\"y,D,2018-01-03\n"
                    "E,F,G,2018-01-04\n"),
      InputFormat::kAuto);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InputFormat::kCsv);
  const std::vector<Outcome> outcomes = ReadAll(**reader);
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_EQ(outcomes[0].cells[0], "Foreign Affairs, Russia");
  EXPECT_EQ(outcomes[1].line, 3);
  EXPECT_EQ(outcomes[1].cells[1], "Said \"no\"\nand left");
  EXPECT_EQ(outcomes[2].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[2].line, 5);  // the record on lines 3-4 took two
  EXPECT_EQ(outcomes[3].line, 6);
  EXPECT_EQ(outcomes[3].cells[3], "2018-01-04");
}

TEST(RecordReaderTest, RejectsUnclosedCsvQuote) {
  TempDir dir;
  auto reader = RecordReader::Open(
      dir.Write("e.csv", "a,b\n1,2\n3,\"never closed\n4,5\n"),
      InputFormat::kAuto);
  ASSERT_TRUE(reader.ok());
  const std::vector<Outcome> outcomes = ReadAll(**reader);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[1].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[1].line, 3);
  EXPECT_NE(outcomes[1].reason.find("never closed"), std::string::npos);
}

TEST(RecordReaderTest, ReadsJsonlKeysAsColumns) {
  TempDir dir;
  auto reader = RecordReader::Open(
      dir.Write("e.jsonl",
                "not json\n"
                "{\"actor\": \"A\", \"action\": \"Consult\", \"target\": "
                "\"B\", \"date\": \"2018-01-01\"}\n"
                "{\"actor\": \"\xFF\"}\n"
                "{\"actor\": \"C\", \"goldstein\": 2.5}\n"),
      InputFormat::kAuto);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->columns(),
            (std::vector<std::string>{"actor", "action", "target", "date"}));
  const std::vector<Outcome> outcomes = ReadAll(**reader);
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_EQ(outcomes[0].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[0].line, 1);
  EXPECT_NE(outcomes[0].reason.find("bad JSON"), std::string::npos);
  EXPECT_EQ(outcomes[1].result, RecordReader::Result::kRow);
  EXPECT_EQ(outcomes[1].line, 2);
  EXPECT_EQ(outcomes[1].cells[2], "B");
  EXPECT_EQ(outcomes[2].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[2].line, 3);
  EXPECT_NE(outcomes[2].reason.find("invalid UTF-8"), std::string::npos);
  EXPECT_EQ(outcomes[3].line, 4);
  EXPECT_EQ(outcomes[3].cells,
            (std::vector<std::string>{"C", "", "", "", "2.5"}));
  EXPECT_EQ((*reader)->columns().back(), "goldstein");
}

TEST(RecordReaderTest, FailsWithoutHeader) {
  TempDir dir;
  auto empty =
      RecordReader::Open(dir.Write("e.tsv", "\n\n"), InputFormat::kTsv);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  auto bad = RecordReader::Open(dir.Write("b.tsv", "act\xFFor\tb\n"),
                                InputFormat::kTsv);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  auto missing = RecordReader::Open(dir.Path("nope.tsv"), InputFormat::kAuto);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST(RecordReaderTest, HeaderlessGdeltStartsAtLineOne) {
  TempDir dir;
  const std::string row = testing::GdeltLine(58, testing::GdeltEvent());
  const std::string short_row = testing::GdeltLine(57, testing::GdeltEvent());
  auto reader = RecordReader::Open(
      dir.Write("20130415.export.CSV",
                row + "\n" + row + "\n" + short_row + "\n" +
                    row.substr(0, 100)),  // the last line is cut short
      InputFormat::kAuto);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InputFormat::kGdelt1);
  EXPECT_EQ((*reader)->columns().size(), 58u);
  const std::vector<Outcome> outcomes = ReadAll(**reader);
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_EQ(outcomes[0].result, RecordReader::Result::kRow);
  EXPECT_EQ(outcomes[0].line, 1);
  EXPECT_EQ(outcomes[0].cells[1], "20130415");
  EXPECT_EQ(outcomes[1].line, 2);
  EXPECT_EQ(outcomes[2].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[2].line, 3);
  EXPECT_EQ(outcomes[2].reason, "expected 58 fields, found 57");
  EXPECT_EQ(outcomes[3].result, RecordReader::Result::kRejected);
  EXPECT_EQ(outcomes[3].line, 4);
  EXPECT_NE(outcomes[3].reason.find("no newline: truncated?"),
            std::string::npos)
      << outcomes[3].reason;
}

TEST(RecordReaderTest, HeaderlessQuadruplesAndForcedQuadHeader) {
  TempDir dir;
  auto bare = RecordReader::Open(
      dir.Write("q.txt",
                "\nA\tConsult\tB\t2014-01-01\nC\tPraise\tD\t2014-01-02\n"),
      InputFormat::kAuto);
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_EQ((*bare)->format(), InputFormat::kQuad);
  const std::vector<Outcome> rows = ReadAll(**bare);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2);  // line 1 is empty
  EXPECT_EQ(rows[0].cells[0], "A");
  EXPECT_EQ(rows[1].cells[3], "2014-01-02");

  auto headed = RecordReader::Open(
      dir.Write("h.tsv", "s\tr\to\tt\nA\tConsult\tB\t2014-01-01\n"),
      InputFormat::kQuad);
  ASSERT_TRUE(headed.ok()) << headed.status();
  EXPECT_TRUE((*headed)->layout().header);
  EXPECT_EQ((*headed)->columns(),
            (std::vector<std::string>{"s", "r", "o", "t"}));
  EXPECT_EQ(ReadAll(**headed).size(), 1u);
}

TEST(RecordReaderTest, IcewsDataverseFile) {
  TempDir dir;
  auto reader = RecordReader::Open(
      dir.WriteGzip("events.2018.tab",
                    testing::IcewsHeader() + "\n" + testing::IcewsRow() + "\n"),
      InputFormat::kAuto);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InputFormat::kIcews);
  EXPECT_EQ((*reader)->columns()[0], "Event ID");
  const std::vector<Outcome> rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].cells[6], "030");
}

TEST(RecordReaderTest, ForcedFormatThatDoesNotFitFailsToOpen) {
  TempDir dir;
  auto reader = RecordReader::Open(dir.Write("x.tsv", "1\t20130415\tthree\n"),
                                   InputFormat::kGdelt1);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("x.tsv"), std::string::npos);
}

}  // namespace
}  // namespace eventgraph::client
