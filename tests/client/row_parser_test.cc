#include "client/row_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

using ::testing::ElementsAre;
using Cells = std::vector<std::string_view>;

TEST(SplitTsvTest, SplitsAtEveryTab) {
  Cells cells;
  SplitTsv("a\tb c\t\td", &cells);
  EXPECT_THAT(cells, ElementsAre("a", "b c", "", "d"));
  SplitTsv("trailing\t", &cells);
  EXPECT_THAT(cells, ElementsAre("trailing", ""));
  SplitTsv("", &cells);
  EXPECT_THAT(cells, ElementsAre(""));
  SplitTsv("no \"quoting\", here", &cells);
  EXPECT_THAT(cells, ElementsAre("no \"quoting\", here"));
}

// SplitTsv scans eight bytes at a time: a tab at every offset of lines of
// every length up to three words, next to bytes that differ from a tab by
// one bit, 0x89 (a tab with the high bit), 0x00 and 0xFF, splits as a plain
// byte-by-byte split does.
TEST(SplitTsvTest, TabsAtEveryOffsetAndNearMisses) {
  auto reference = [](std::string_view line) {
    std::vector<std::string> out(1);
    for (char c : line) {
      if (c == '\t') {
        out.emplace_back();
      } else {
        out.back().push_back(c);
      }
    }
    return out;
  };
  const std::string fillers = std::string("\x08\x0b\x01\x89\x00\xff", 6) + "x";
  Cells cells;
  for (size_t size = 0; size <= 24; ++size) {
    for (size_t mask_seed = 0; mask_seed < 64; ++mask_seed) {
      std::string line;
      for (size_t i = 0; i < size; ++i) {
        // Tabs where a varying pattern says so, near misses elsewhere.
        const bool tab = ((i * 7 + mask_seed * 13) % 5 == 0) ||
                         (mask_seed & 1 && i == size - 1) ||
                         (mask_seed & 2 && i == 0);
        line.push_back(tab ? '\t' : fillers[(i + mask_seed) % fillers.size()]);
      }
      SplitTsv(line, &cells);
      const std::vector<std::string> want = reference(line);
      ASSERT_EQ(cells.size(), want.size()) << "size " << size;
      for (size_t c = 0; c < want.size(); ++c) {
        EXPECT_EQ(cells[c], want[c]) << "size " << size << " cell " << c;
      }
    }
  }
}

TEST(CsvParserTest, SplitsPlainFields) {
  CsvParser parser;
  Cells cells;
  ASSERT_EQ(parser.Parse("a,b,,d", &cells), CsvParser::Result::kOk);
  EXPECT_THAT(cells, ElementsAre("a", "b", "", "d"));
  ASSERT_EQ(parser.Parse("x,", &cells), CsvParser::Result::kOk);
  EXPECT_THAT(cells, ElementsAre("x", ""));
}

TEST(CsvParserTest, HandlesQuotedFields) {
  CsvParser parser;
  Cells cells;
  ASSERT_EQ(parser.Parse("\"Foreign Affairs, Russia\",\"\",plain", &cells),
            CsvParser::Result::kOk);
  EXPECT_THAT(cells, ElementsAre("Foreign Affairs, Russia", "", "plain"));
  ASSERT_EQ(parser.Parse("\"say \"\"hi\"\" twice \"\"x\"\"\",\"\"\"\"", &cells),
            CsvParser::Result::kOk);
  EXPECT_THAT(cells, ElementsAre("say \"hi\" twice \"x\"", "\""));
}

TEST(CsvParserTest, KeepsStrayQuoteInUnquotedField) {
  CsvParser parser;
  Cells cells;
  ASSERT_EQ(parser.Parse("5\" gun,b", &cells), CsvParser::Result::kOk);
  EXPECT_THAT(cells, ElementsAre("5\" gun", "b"));
}

TEST(CsvParserTest, AsksForMoreWhenQuoteIsOpen) {
  CsvParser parser;
  Cells cells;
  EXPECT_EQ(parser.Parse("a,\"first line", &cells),
            CsvParser::Result::kIncomplete);
  EXPECT_EQ(parser.Parse("a,\"ends with escaped \"\"", &cells),
            CsvParser::Result::kIncomplete);
  ASSERT_EQ(parser.Parse("a,\"first line\nsecond line\",c", &cells),
            CsvParser::Result::kOk);
  EXPECT_THAT(cells, ElementsAre("a", "first line\nsecond line", "c"));
}

TEST(CsvParserTest, RejectsTextAfterClosingQuote) {
  CsvParser parser;
  Cells cells;
  EXPECT_EQ(parser.Parse("\"quoted\"junk,b", &cells),
            CsvParser::Result::kMalformed);
  EXPECT_FALSE(parser.error().empty());
}

TEST(JsonlParserTest, MapsKeysToColumns) {
  JsonlParser parser;
  Cells cells;
  ASSERT_TRUE(parser
                  .Parse(R"({"actor": "Russia", "goldstein": 1.5,)"
                         R"( "mentions": 3, "ok": true, "none": null})",
                         &cells)
                  .ok());
  EXPECT_THAT(parser.columns(),
              ElementsAre("actor", "goldstein", "mentions", "ok", "none"));
  EXPECT_THAT(cells, ElementsAre("Russia", "1.5", "3", "true", ""));
}

TEST(JsonlParserTest, FlattensNestedObjectsAndGrowsColumns) {
  JsonlParser parser;
  Cells cells;
  ASSERT_TRUE(parser.Parse(R"({"actor": "A"})", &cells).ok());
  ASSERT_TRUE(parser
                  .Parse(R"({"location": {"lat": 42, "country": "GG"},)"
                         R"( "actor": "B", "tags": ["x", 1]})",
                         &cells)
                  .ok());
  EXPECT_THAT(parser.columns(),
              ElementsAre("actor", "location.lat", "location.country", "tags"));
  EXPECT_THAT(cells, ElementsAre("B", "42", "GG", R"(["x",1])"));
  // A later line without some keys leaves their cells empty.
  ASSERT_TRUE(parser.Parse(R"({"tags": "t"})", &cells).ok());
  EXPECT_THAT(cells, ElementsAre("", "", "", "t"));
}

TEST(JsonlParserTest, KeepsEscapedText) {
  JsonlParser parser;
  Cells cells;
  ASSERT_TRUE(parser.Parse(R"({"a": "tab\there \u00e9"})", &cells).ok());
  EXPECT_THAT(cells, ElementsAre("tab\there \xC3\xA9"));
}

TEST(JsonlParserTest, RejectsBadLines) {
  JsonlParser parser;
  Cells cells;
  const absl::Status bad = parser.Parse(R"({"actor": )", &cells);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(bad.message().empty());
  EXPECT_FALSE(parser.Parse("[1, 2]", &cells).ok());
  EXPECT_FALSE(parser.Parse("\"text\"", &cells).ok());
}

// Found by fuzzing: a line of deeply nested arrays or objects overflowed the
// stack (the flattening and the printing of values recurse per level).
TEST(JsonlParserTest, RejectsLinesNestedTooDeep) {
  JsonlParser parser;
  Cells cells;
  const int deep = 200000;
  const std::string arrays = absl::StrCat(R"({"a": )", std::string(deep, '['),
                                          std::string(deep, ']'), "}");
  const absl::Status bad = parser.Parse(arrays, &cells);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.message()), ::testing::HasSubstr("nested"));
  std::string objects = "{";
  for (int i = 0; i < deep; ++i) objects += R"("k": {)";
  objects += std::string(deep + 1, '}');
  EXPECT_EQ(parser.Parse(objects, &cells).code(),
            absl::StatusCode::kInvalidArgument);

  // The limit itself is fine, and brackets inside strings do not count.
  const int limit = JsonlParser::kMaxJsonDepth;
  const std::string at_limit = absl::StrCat(
      R"({"a": )", std::string(limit - 1, '['), std::string(limit - 1, ']'),
      R"(, "b": ")", std::string(1000, '['), R"(\"["})");
  ASSERT_TRUE(parser.Parse(at_limit, &cells).ok());
  EXPECT_EQ(cells.size(), 2u);
}

}  // namespace
}  // namespace eventgraph::client
