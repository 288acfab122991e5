#include "client/ingest_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace eventgraph::client {
namespace {

using testing::TempDir;

TEST(IngestFilesTest, EventFileNames) {
  for (const char* name :
       {"a.tsv", "a.TSV.gz", "b.csv", "20130401.export.CSV",
        "20130401.export.CSV.zip", "20150218230000.export.CSV.zip", "c.txt",
        "events.2018.tab", "d.jsonl", "d.ndjson.gz", "e.gz"}) {
    EXPECT_TRUE(IsEventFileName(name)) << name;
  }
  for (const char* name :
       {"README.md", ".hidden.tsv", "20150218230000.mentions.CSV.zip",
        "20150218230000.gkg.csv.zip", "notes.zip", "x.tsv.bak", "tsv"}) {
    EXPECT_FALSE(IsEventFileName(name)) << name;
  }
}

TEST(IngestFilesTest, DateInName) {
  EXPECT_EQ(DateInName("20130401.export.CSV.zip"), 20130401);
  EXPECT_EQ(DateInName("20150218230000.export.CSV.zip"), 20150218);
  EXPECT_EQ(DateInName("icews_raw_sample_2018-06-01_02.tsv.gz"), 20180601);
  EXPECT_EQ(DateInName("gdelt1_georgia_2011-06_2013-05_events.tsv.gz"),
            20110600);
  EXPECT_EQ(DateInName("events.2018.20200427084805.tab"), 20180000);
  EXPECT_EQ(DateInName("day_2018_07_15.tsv"), 20180715);
  EXPECT_EQ(DateInName("icews05-15_events.tsv.gz"), 0);
  EXPECT_EQ(DateInName("icews14.tsv"), 0);
  EXPECT_EQ(DateInName("99999999.tsv"), 0);
}

TEST(IngestFilesTest, SortsByDateThenName) {
  std::vector<std::string> names = {
      "dir/undated-b.tsv",   "dir/20130402.export.CSV", "dir/undated-a.tsv",
      "dir/2013-04-01b.tsv", "dir/20130401.export.CSV", "dir/events-2012.tsv"};
  SortByDateInName(&names);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "dir/events-2012.tsv", "dir/2013-04-01b.tsv",
                       "dir/20130401.export.CSV", "dir/20130402.export.CSV",
                       "dir/undated-a.tsv", "dir/undated-b.tsv"}));
}

TEST(IngestFilesTest, ExpandsFoldersInPlace) {
  TempDir dir;
  const std::string folder = dir.Path("gdelt");
  std::filesystem::create_directory(folder);
  std::filesystem::create_directory(folder + "/sub");
  dir.Write("gdelt/20130402.export.CSV", "x");
  dir.Write("gdelt/20130401.export.CSV.zip", "x");
  dir.Write("gdelt/20130401.mentions.CSV.zip", "x");
  dir.Write("gdelt/README.md", "x");
  dir.Write("gdelt/rejects.tsv", "x");
  dir.Write("gdelt/sub/20130403.export.CSV", "x");
  const std::string single = dir.Write("single.tsv", "x");

  auto inputs = ExpandInputs({single, folder, "-"}, {folder + "/rejects.tsv"});
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  EXPECT_EQ(inputs->files, (std::vector<std::string>{
                               single, folder + "/20130401.export.CSV.zip",
                               folder + "/20130402.export.CSV", "-"}));
  // Notes come in name order.
  ASSERT_EQ(inputs->notes.size(), 2u);
  EXPECT_NE(inputs->notes[0].find("mentions"), std::string::npos);
  EXPECT_NE(inputs->notes[1].find("README.md"), std::string::npos);
}

TEST(IngestFilesTest, FolderWithoutEventFilesIsAnError) {
  TempDir dir;
  dir.Write("README.md", "x");
  auto inputs = ExpandInputs({dir.Path("")}, {});
  ASSERT_FALSE(inputs.ok());
  EXPECT_EQ(inputs.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace eventgraph::client
