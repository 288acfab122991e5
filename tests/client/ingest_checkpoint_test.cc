#include "client/ingest_checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "temp_dir.h"

namespace eventgraph::client {
namespace {

using testing::TempDir;

TEST(CheckpointTest, MissingFileIsEmpty) {
  TempDir dir;
  auto checkpoint = Checkpoint::Load(dir.Path("none.json"));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_TRUE(checkpoint->entries().empty());
}

TEST(CheckpointTest, SavesAndLoadsByAbsolutePath) {
  TempDir dir;
  const std::string path = dir.Path("resume.json");
  Checkpoint checkpoint;
  checkpoint.Put({dir.Path("a.tsv"), 100, 41, 40, false});
  checkpoint.Put({dir.Path("b.tsv"), 200, 9, 8, true});
  checkpoint.Put({dir.Path("a.tsv"), 100, 81, 80, false});  // replaces
  ASSERT_TRUE(checkpoint.Save(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  auto loaded = Checkpoint::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->entries().size(), 2u);
  const CheckpointEntry* a =
      loaded->Find(dir.Path("sub/../a.tsv"));  // any spelling
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->size, 100);
  EXPECT_EQ(a->line, 81);
  EXPECT_EQ(a->rows, 80);
  EXPECT_FALSE(a->complete);
  EXPECT_TRUE(loaded->Find(dir.Path("b.tsv"))->complete);
  EXPECT_EQ(loaded->Find(dir.Path("c.tsv")), nullptr);
}

TEST(CheckpointTest, RefusesAFileThatIsNoCheckpoint) {
  TempDir dir;
  auto bad = Checkpoint::Load(dir.Write("x.json", "actor\taction\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(Checkpoint::Load(dir.Write("y.json", "{\"version\": 7}")).ok());
}

TEST(CheckpointTest, SaveFailsInAMissingFolder) {
  TempDir dir;
  EXPECT_FALSE(Checkpoint().Save(dir.Path("no/such/dir/c.json")).ok());
}

class TrackerTest : public ::testing::Test {
 protected:
  const CheckpointEntry* Entry(const std::string& name) {
    loaded_ = *Checkpoint::Load(path_);
    return loaded_.Find(dir_.Path(name));
  }

  TempDir dir_;
  const std::string path_ = dir_.Path("resume.json");
  Checkpoint loaded_;
};

TEST_F(TrackerTest, SavesTheAcknowledgedPrefixOnly) {
  CheckpointTracker tracker(
      path_, Checkpoint(),
      {{dir_.Path("a.tsv"), 10}, {"-", -1}, {dir_.Path("b.tsv"), 20}});
  tracker.Sent(0, {0, 50, 49});
  tracker.Sent(1, {0, 90, 89});
  tracker.InputDone(0, 95, 96);
  tracker.InputDone(1, 3, 3);
  tracker.Sent(2, {2, 30, 29});

  tracker.Acked(1);  // out of order: nothing is saved yet
  EXPECT_EQ(Entry("a.tsv"), nullptr);
  tracker.Acked(0);  // 0 and 1 are done
  ASSERT_NE(Entry("a.tsv"), nullptr);
  EXPECT_EQ(Entry("a.tsv")->line, 90);
  EXPECT_EQ(Entry("a.tsv")->rows, 89);
  EXPECT_FALSE(Entry("a.tsv")->complete);
  EXPECT_EQ(Entry("b.tsv"), nullptr);

  tracker.Acked(2);
  EXPECT_TRUE(Entry("a.tsv")->complete);
  EXPECT_EQ(Entry("a.tsv")->rows, 95);
  EXPECT_EQ(Entry("a.tsv")->line, 96);
  EXPECT_EQ(Entry("b.tsv")->line, 30);
  EXPECT_EQ(Entry("b.tsv")->size, 20);
  EXPECT_FALSE(Entry("b.tsv")->complete);
  EXPECT_EQ(loaded_.entries().size(), 2u) << "standard input is not recorded";

  tracker.InputDone(2, 40, 41);
  tracker.Finish();
  EXPECT_TRUE(Entry("b.tsv")->complete);
  EXPECT_EQ(Entry("b.tsv")->rows, 40);
  EXPECT_TRUE(tracker.status().ok());
}

TEST_F(TrackerTest, KeepsEntriesOfOtherFiles) {
  Checkpoint start;
  start.Put({dir_.Path("old.tsv"), 5, 7, 6, true});
  CheckpointTracker tracker(path_, start, {{dir_.Path("a.tsv"), 10}});
  tracker.Sent(0, {0, 3, 2});
  tracker.Acked(0);
  ASSERT_NE(Entry("old.tsv"), nullptr);
  EXPECT_TRUE(Entry("old.tsv")->complete);
  EXPECT_EQ(Entry("a.tsv")->line, 3);
}

TEST_F(TrackerTest, RemembersASaveError) {
  CheckpointTracker tracker(dir_.Path("no/such/dir/c.json"), Checkpoint(),
                            {{dir_.Path("a.tsv"), 10}});
  EXPECT_FALSE(tracker.Save().ok());
  tracker.Sent(0, {0, 3, 2});
  tracker.Acked(0);
  EXPECT_FALSE(tracker.status().ok());
}

}  // namespace
}  // namespace eventgraph::client
