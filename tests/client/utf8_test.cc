#include "client/utf8.h"

#include <gtest/gtest.h>

namespace eventgraph::client {
namespace {

TEST(FindInvalidUtf8Test, AcceptsValidText) {
  EXPECT_EQ(FindInvalidUtf8(""), kValidUtf8);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII text longer than eight"), kValidUtf8);
  EXPECT_EQ(FindInvalidUtf8("Ant\xC3\xB3nio Guterres"), kValidUtf8);  // ó
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82\xAC \xF0\x9F\x98\x80"), kValidUtf8);
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\0b", 3)), kValidUtf8);
}

TEST(FindInvalidUtf8Test, ReportsOffsetOfFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("abc\xFF"), 3u);
  // After the eight-byte fast path.
  EXPECT_EQ(FindInvalidUtf8("abcdefghij\x80xyz"), 10u);
  EXPECT_EQ(FindInvalidUtf8("ok \xC3\xB3 then \xC3("), 11u);
}

TEST(FindInvalidUtf8Test, RejectsMalformedSequences) {
  EXPECT_EQ(FindInvalidUtf8("\xC0\x80"), 0u);          // overlong NUL
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);      // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);      // surrogate D800
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("x\xE2\x82"), 1u);         // truncated at end
  EXPECT_EQ(FindInvalidUtf8("\xF5\x80\x80\x80"), 0u);
}

TEST(DisplayWidthTest, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Ant\xC3\xB3nio"), 7u);
  EXPECT_EQ(DisplayWidth("\xE2\x96\x88\xE2\x96\x88"), 2u);
}

TEST(TruncateForDisplayTest, CutsWithEllipsisWithoutSplittingCodePoints) {
  EXPECT_EQ(TruncateForDisplay("short", 10), "short");
  EXPECT_EQ(TruncateForDisplay("exactly", 7), "exactly");
  EXPECT_EQ(TruncateForDisplay("too long", 5), "too \xE2\x80\xA6");
  EXPECT_EQ(TruncateForDisplay("\xC3\xB3\xC3\xB3\xC3\xB3", 2),
            "\xC3\xB3\xE2\x80\xA6");
  EXPECT_EQ(DisplayWidth(TruncateForDisplay("abcdefgh", 4)), 4u);
}

}  // namespace
}  // namespace eventgraph::client
