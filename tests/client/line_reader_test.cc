#include "client/line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "temp_dir.h"

namespace eventgraph::client {
namespace {

using testing::TempDir;

std::vector<std::string> ReadAll(LineReader& reader) {
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.Next(&line)) lines.emplace_back(line);
  return lines;
}

TEST(LineReaderTest, ReadsPlainLines) {
  TempDir dir;
  auto reader =
      LineReader::Open(dir.Write("a.tsv", "\xEF\xBB\xBFh1\th2\r\none\n\nlast"));
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_FALSE((*reader)->compressed());
  EXPECT_EQ(ReadAll(**reader),
            (std::vector<std::string>{"h1\th2", "one", "", "last"}));
  EXPECT_EQ((*reader)->line_number(), 4);
  EXPECT_TRUE((*reader)->status().ok());
}

TEST(LineReaderTest, ReadsGzipWhateverTheName) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "row " + std::to_string(i) + "\n";
  auto reader = LineReader::Open(dir.WriteGzip("rows.tsv", text));
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_TRUE((*reader)->compressed());
  const std::vector<std::string> lines = ReadAll(**reader);
  ASSERT_EQ(lines.size(), 100000u);
  EXPECT_EQ(lines[99999], "row 99999");
  EXPECT_TRUE((*reader)->status().ok());
  EXPECT_EQ((*reader)->compressed_offset(), (*reader)->file_size());
}

TEST(LineReaderTest, ReadsEveryMemberOfAConcatenatedGzip) {
  TempDir dir;
  std::string first, second;
  for (int i = 0; i < 50000; ++i) first += "a " + std::to_string(i) + "\n";
  for (int i = 0; i < 30000; ++i) second += "b " + std::to_string(i) + "\n";
  std::string bytes;
  for (const std::string& part : {first, second}) {
    bytes += TempDir::Read(dir.WriteGzip("part.gz", part));
  }
  auto reader = LineReader::Open(dir.Write("both.gz", bytes));
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_TRUE((*reader)->compressed());
  const std::vector<std::string> lines = ReadAll(**reader);
  EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status();
  ASSERT_EQ(lines.size(), 80000u);
  EXPECT_EQ(lines[49999], "a 49999");
  EXPECT_EQ(lines[50000], "b 0");
  EXPECT_EQ((*reader)->compressed_offset(), (*reader)->file_size());
}

TEST(LineReaderTest, PlainFilesShorterThanOrLikeTheGzipMagic) {
  TempDir dir;
  for (const std::string& text :
       {std::string("x"), std::string("\x1f"), std::string("\x1f" "abc\nd")}) {
    auto reader = LineReader::Open(dir.Write("short.tsv", text));
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_FALSE((*reader)->compressed());
    std::string joined;
    for (const std::string& line : ReadAll(**reader)) joined += line + "|";
    EXPECT_EQ(joined, text == "\x1f" "abc\nd" ? "\x1f" "abc|d|" : text + "|");
    EXPECT_TRUE((*reader)->status().ok());
    EXPECT_EQ((*reader)->compressed_offset(),
              static_cast<int64_t>(text.size()));
  }
  auto empty = LineReader::Open(dir.Write("empty.tsv", ""));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(ReadAll(**empty).empty());
  EXPECT_TRUE((*empty)->status().ok());
}

TEST(LineReaderTest, ReadsLinesLongerThanTheBuffer) {
  TempDir dir;
  const std::string long_line(3 << 20, 'x');
  auto reader =
      LineReader::Open(dir.Write("long.tsv", "a\n" + long_line + "\nb\n"));
  ASSERT_TRUE(reader.ok());
  const std::vector<std::string> lines = ReadAll(**reader);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], long_line);
  EXPECT_EQ(lines[2], "b");
}

TEST(LineReaderTest, ReportsTruncatedGzip) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";
  const std::string bytes = TempDir::Read(dir.WriteGzip("full.gz", text));
  auto reader =
      LineReader::Open(dir.Write("cut.gz", bytes.substr(0, bytes.size() / 2)));
  ASSERT_TRUE(reader.ok());
  const std::vector<std::string> lines = ReadAll(**reader);
  EXPECT_LT(lines.size(), 20000u);
  EXPECT_GT(lines.size(), 1000u);  // the lines before the cut are read
  EXPECT_EQ(lines.back(), "line " + std::to_string(lines.size() - 1));
  EXPECT_EQ((*reader)->status(),
            absl::DataLossError("the gzip data ends early (a truncated file?)"));
}

TEST(LineReaderTest, FailsOnMissingFile) {
  TempDir dir;
  auto reader = LineReader::Open(dir.Path("missing.tsv"));
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(LineReader::Open(dir.Path("")).status().code(),
            absl::StatusCode::kInvalidArgument);  // a directory
}

}  // namespace
}  // namespace eventgraph::client
