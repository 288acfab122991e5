#include "client/csv_writer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace eventgraph::client {
namespace {

TEST(CsvFieldTest, LeavesPlainFieldsAlone) {
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("Russia"), "Russia");
  EXPECT_EQ(CsvField("North Korea"), "North Korea");
}

TEST(CsvFieldTest, QuotesWhenNeeded) {
  EXPECT_EQ(CsvField("Foreign Affairs (Russia), Ministry"),
            "\"Foreign Affairs (Russia), Ministry\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvField("\""), "\"\"\"\"");
}

TEST(CsvWriterTest, WritesRecords) {
  std::ostringstream out;
  CsvWriter csv(&out);
  csv.WriteRow(std::vector<std::string>{"a", "b,c", ""});
  csv.WriteRow(std::vector<std::string>{"x"});
  EXPECT_EQ(out.str(), "a,\"b,c\",\nx\n");
}

}  // namespace
}  // namespace eventgraph::client
