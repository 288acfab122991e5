#include "client/ingest_summary.h"

#include <gtest/gtest.h>

#include <sstream>

#include "client/reject_log.h"
#include "nlohmann/json.hpp"
#include "temp_dir.h"

namespace eventgraph::client {
namespace {

IngestSummary Example() {
  IngestSummary summary;
  summary.files = 2;
  summary.rows = 10;
  summary.accepted = 6;
  summary.duplicates = 1;
  summary.rejected = 3;
  summary.seconds = 2;
  summary.ignored_columns = {"split"};
  summary.rejections = {{"a.tsv", 4, "date", "not a valid date"}};
  summary.skipped = 4;
  summary.retries = 1;
  summary.inputs = {{"a.tsv", "gdelt1 (58 columns, no header)"},
                    {"b.tsv", "icews (header)"}};
  return summary;
}

TEST(IngestSummaryTest, PrintsOneJsonObject) {
  std::ostringstream out;
  PrintIngestSummary(Example(), OutputFormat::kJson, out);
  const nlohmann::json json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["files"], 2);
  EXPECT_EQ(json["rows"], 10);
  EXPECT_EQ(json["accepted"], 6);
  EXPECT_EQ(json["duplicates"], 1);
  EXPECT_EQ(json["rejected"], 3);
  EXPECT_DOUBLE_EQ(json["seconds"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(json["events_per_second"].get<double>(), 5.0);
  EXPECT_EQ(json["ignored_columns"], nlohmann::json::array({"split"}));
  EXPECT_EQ(json["skipped"], 4);
  EXPECT_EQ(json["retries"], 1);
  ASSERT_EQ(json["inputs"].size(), 2u);
  EXPECT_EQ(json["inputs"][1]["format"], "icews (header)");
  ASSERT_EQ(json["rejections"].size(), 1u);
  EXPECT_EQ(json["rejections"][0]["file"], "a.tsv");
  EXPECT_EQ(json["rejections"][0]["line"], 4);
  EXPECT_EQ(json["rejections"][0]["field"], "date");
}

TEST(IngestSummaryTest, PrintsCsvHeaderAndRow) {
  std::ostringstream out;
  PrintIngestSummary(Example(), OutputFormat::kCsv, out);
  EXPECT_EQ(out.str(),
            "files,rows,accepted,duplicates,rejected,seconds,"
            "events_per_second,ignored_columns,skipped,retries\n"
            "2,10,6,1,3,2,5,split,4,1\n");
}

TEST(IngestSummaryTest, TextNamesFormatsSkipsAndRetries) {
  IngestSummary summary = Example();
  summary.resume_path = "resume.json";
  std::ostringstream out;
  PrintIngestSummary(summary, OutputFormat::kTable, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("skipped     4 (done by an earlier run, checkpoint "
                      "resume.json)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("retries     1"), std::string::npos) << text;
  EXPECT_NE(text.find("formats     gdelt1 (58 columns, no header) 1, icews "
                      "(header) 1"),
            std::string::npos)
      << text;
}

TEST(RejectLogTest, WritesTsvAndKeepsTheFirstRows) {
  testing::TempDir dir;
  const std::string path = dir.Path("rejects.tsv");
  auto log = RejectLog::Open(path, /*keep=*/2);
  ASSERT_TRUE(log.ok()) << log.status();
  (*log)->Add("a.tsv", 2, "row", "expected 4 fields, found 3");
  (*log)->Add("a.tsv", 7, "date", "bad\tdate\nhere");
  (*log)->Add("b.tsv", 9, "actor", "required");
  EXPECT_EQ((*log)->count(), 3);
  ASSERT_EQ((*log)->kept().size(), 2u);
  EXPECT_EQ((*log)->kept()[1].line, 7);
  ASSERT_TRUE((*log)->Close().ok());
  const std::string text = testing::TempDir::Read(path);
  EXPECT_EQ(text,
            "file\tline\tfield\treason\n"
            "a.tsv\t2\trow\texpected 4 fields, found 3\n"
            "a.tsv\t7\tdate\tbad date here\n"
            "b.tsv\t9\tactor\trequired\n");
}

TEST(RejectLogTest, FailsOnUnwritablePath) {
  testing::TempDir dir;
  EXPECT_FALSE(RejectLog::Open(dir.Path("no/such/dir/r.tsv"), 1).ok());
}

}  // namespace
}  // namespace eventgraph::client
