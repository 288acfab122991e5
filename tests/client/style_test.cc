#include "client/style.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "client/table.h"

namespace eventgraph::client {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ColourModeTest, ParsesNames) {
  EXPECT_EQ(*ParseColourMode("auto"), ColourMode::kAuto);
  EXPECT_EQ(*ParseColourMode("ALWAYS"), ColourMode::kAlways);
  EXPECT_EQ(*ParseColourMode("never"), ColourMode::kNever);
  EXPECT_FALSE(ParseColourMode("yes").ok());
  EXPECT_FALSE(ParseColourMode("").ok());
}

TEST(UseColourTest, AutoNeedsTerminalAndNoNoColor) {
  EXPECT_TRUE(UseColour(ColourMode::kAuto, true, nullptr));
  EXPECT_FALSE(UseColour(ColourMode::kAuto, false, nullptr));
  EXPECT_FALSE(UseColour(ColourMode::kAuto, true, "1"));
  // no-color.org: an empty NO_COLOR counts as unset.
  EXPECT_TRUE(UseColour(ColourMode::kAuto, true, ""));
}

TEST(UseColourTest, FlagOverridesTerminalAndNoColor) {
  EXPECT_TRUE(UseColour(ColourMode::kAlways, false, "1"));
  EXPECT_FALSE(UseColour(ColourMode::kNever, true, nullptr));
}

TEST(PaintTest, WrapsTextInEscapes) {
  EXPECT_EQ(Paint("12", Style::kRed), "\x1b[31m12\x1b[0m");
  EXPECT_EQ(Paint("x", Style::kBold), "\x1b[1mx\x1b[0m");
  EXPECT_EQ(Paint("stats", Style::kDim), "\x1b[2mstats\x1b[0m");
  EXPECT_EQ(Paint("12", Style::kPlain), "12");
  EXPECT_EQ(Paint("", Style::kGreen), "");
}

TEST(PaintTest, StripEscapesUndoesPaint) {
  EXPECT_EQ(StripEscapes(Paint("Kim Jong-Un", Style::kGreen)), "Kim Jong-Un");
  EXPECT_EQ(StripEscapes("a\x1b[1mb\x1b[0mc"), "abc");
  EXPECT_EQ(StripEscapes("plain"), "plain");
  EXPECT_EQ(StripEscapes("cut\x1b[3"), "cut");  // unterminated: dropped
}

Table SampleTable(bool colour) {
  Table table({{"start"}, {"vcoop", Align::kRight}, {"vconf", Align::kRight}});
  table.set_colour(colour);
  table.AddRow({"2000-01-01", "2", "0"},
               {Style::kPlain, Style::kGreen, Style::kPlain});
  table.AddRow({"total", "12345", "7"},
               {Style::kPlain, Style::kGreen, Style::kRed});
  return table;
}

TEST(TableColourTest, ColumnsLineUpOnceEscapesAreStripped) {
  std::ostringstream plain;
  SampleTable(false).Print(plain);
  std::ostringstream coloured;
  SampleTable(true).Print(coloured);

  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
  EXPECT_NE(coloured.str(), plain.str());
  EXPECT_EQ(StripEscapes(coloured.str()), plain.str());
  const std::vector<std::string> lines = Lines(StripEscapes(coloured.str()));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "start       vcoop  vconf");
  EXPECT_EQ(lines[1], "2000-01-01      2      0");
  EXPECT_EQ(lines[2], "total       12345      7");
}

TEST(TableColourTest, TitlesBoldAndOnlyStyledCellsPainted) {
  std::ostringstream out;
  SampleTable(true).Print(out);
  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("\x1b[1mstart\x1b[0m", 0), 0u);
  EXPECT_NE(lines[1].find("\x1b[32m2\x1b[0m"), std::string::npos);
  EXPECT_NE(lines[2].find("\x1b[31m7\x1b[0m"), std::string::npos);
  EXPECT_EQ(lines[1].find("\x1b[31m"), std::string::npos);  // 0 stays plain
}

TEST(TableColourTest, FixedLinesIgnoreEscapesToo) {
  Table table({{"a", Align::kLeft, 4}, {"b", Align::kRight, 3}});
  table.set_colour(true);
  EXPECT_EQ(StripEscapes(table.FixedTitleLine()), "a       b");
  EXPECT_EQ(
      StripEscapes(table.FixedLine({"xy", "5"}, {Style::kRed, Style::kGreen})),
      "xy      5");
  table.set_colour(false);
  EXPECT_EQ(table.FixedLine({"xy", "5"}, {Style::kRed}), "xy      5");
}

TEST(TableColourTest, PrePaintedCellsAreMeasuredWithoutEscapes) {
  Table table({{"x"}, {"y"}});
  table.set_colour(false);
  table.AddRow({Paint("ab", Style::kRed), "1"});
  table.AddRow({"abcd", "2"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(StripEscapes(out.str()), "x     y\nab    1\nabcd  2\n");
}

TEST(TableColourTest, ColourIsOffByDefault) {
  ASSERT_FALSE(ColourOutput());
  Table table({{"t"}});
  table.AddRow({"v"}, {Style::kRed});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(), "t\nv\n");
}

}  // namespace
}  // namespace eventgraph::client
