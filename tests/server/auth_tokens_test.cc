// The token file parser and the token lookup.
#include "server/auth_tokens.h"

#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"

namespace eventgraph::server {
namespace {

constexpr char kReader[] = "reader-0123456789abcdef";
constexpr char kWriter[] = "writer-0123456789abcdef";
constexpr char kAdmin[] = "admin-0123456789abcdef0";

TEST(TokenSetTest, ParsesRolesCommentsAndBlankLines) {
  auto set = TokenSet::Parse(
      "# EventGraph tokens\n"
      "\n"
      "reader reader-0123456789abcdef\n"
      "  writer\twriter-0123456789abcdef  \r\n"
      "   # indented comment\n"
      "admin admin-0123456789abcdef0");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->size(), 3);
  EXPECT_EQ(set->Count(Role::kReader), 1);
  EXPECT_EQ(set->Count(Role::kAdmin), 1);
  auto reader = set->Find(kReader);
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ(reader->role, Role::kReader);
  EXPECT_EQ(reader->index, 0);
  auto writer = set->Find(kWriter);
  ASSERT_TRUE(writer.has_value());
  EXPECT_EQ(writer->role, Role::kWriter);
  EXPECT_EQ(writer->index, 1);
  EXPECT_EQ(set->Find(kAdmin)->role, Role::kAdmin);
}

TEST(TokenSetTest, FindRejectsNearMisses) {
  auto set = TokenSet::Parse(std::string("reader ") + kReader + "\n");
  ASSERT_TRUE(set.ok());
  EXPECT_FALSE(set->Find("").has_value());
  EXPECT_FALSE(set->Find("reader-0123456789abcde").has_value());    // prefix
  EXPECT_FALSE(set->Find("reader-0123456789abcdef0").has_value());  // longer
  EXPECT_FALSE(set->Find("Reader-0123456789abcdef").has_value());   // case
  EXPECT_FALSE(set->Find(std::string(300, 'x')).has_value());
  // The padding is zeros: a token with trailing NULs is another token.
  EXPECT_FALSE(
      set->Find(std::string(kReader) + std::string(1, '\0')).has_value());
}

void ExpectError(const std::string& text, const std::string& needle) {
  auto set = TokenSet::Parse(text);
  ASSERT_FALSE(set.ok()) << text;
  EXPECT_EQ(set.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(set.status().message().find(needle), std::string::npos)
      << set.status().message();
}

TEST(TokenSetTest, BadLinesNameTheLine) {
  ExpectError("# c\nroot admin-0123456789abcdef0\n",
              "line 2: unknown role \"root\"");
  ExpectError("reader\n", "line 1: expected `ROLE TOKEN`, found 1 words");
  ExpectError("\n\nreader a b\n", "line 3: expected `ROLE TOKEN`");
  ExpectError("reader short\n", "line 1: the token has 5 characters");
  ExpectError("reader " + std::string(257, 'x') + "\n",
              "line 1: the token has 257 characters");
  ExpectError(
      "reader tok\x01"
      "en-0123456789abcdef\n",
      "printable ASCII");
  ExpectError(std::string("reader ") + kReader + "\nadmin " + kReader + "\n",
              "line 2: the token of line 1 appears again");
  ExpectError("# only comments\n\n", "no tokens");
  ExpectError("", "no tokens");
}

TEST(TokenSetTest, ErrorsNeverContainTheToken) {
  const std::string secret = "s3cret-token-that-must-not-leak";
  for (const std::string& text :
       {"bogus " + secret + "\n", "reader " + secret + " extra\n",
        "reader " + secret + "\nwriter " + secret + "\n"}) {
    auto set = TokenSet::Parse(text);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(std::string(set.status().message()).find(secret),
              std::string::npos)
        << set.status().message();
  }
}

TEST(TokenSetTest, LoadNamesTheFile) {
  const std::string path =
      ::testing::TempDir() + "/auth_tokens_test_tokens.txt";
  std::ofstream(path) << "reader " << kReader << "\nwriter x\n";
  auto set = TokenSet::Load(path);
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find(path + ": line 2"), std::string::npos)
      << set.status().message();
  std::remove(path.c_str());
  EXPECT_EQ(TokenSet::Load(path).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace eventgraph::server
