// Backups: create while writing, list, verify, restore into a new folder
// (which opens as a normal database holding exactly what the backup
// recorded), delete and purge; a corrupted backup file fails Verify and
// Restore with DataLoss naming the backup.
#include "storage/backup.h"

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "storage/event_store.h"
#include "tests/testing/store_testing.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::storage {
namespace {

std::unique_ptr<EventStore> OpenAt(const std::string& path) {
  return testing::OpenStoreAt(path);
}

std::vector<Event> MakeEvents(int n, int first) {
  const char* names[] = {"Russia", "North Korea", "China", "Japan"};
  std::vector<Event> events;
  for (int i = first; i < first + n; ++i) {
    Event e;
    e.actor = names[i % 4];
    e.target = names[(i / 4) % 4];
    e.action = "Consult";
    e.day = 18000 + i % 500;
    e.quad_class = static_cast<QuadClass>(1 + i % 4);
    e.goldstein = (i % 21) - 10;
    e.source_event_id = "b" + std::to_string(i);
    events.push_back(std::move(e));
  }
  return events;
}

std::vector<EventId> AllIds(const EventStore& store) {
  std::vector<EventId> ids;
  auto c = store.NewCursor(IndexSelector::All(), kMinDay, kMaxDay, false);
  for (; c->Valid(); c->Next()) ids.push_back(c->position().id);
  EXPECT_TRUE(c->status().ok());
  return ids;
}

void ExpectClean(const EventStore& store) {
  auto report = store.Check();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << (report->samples.empty() ? ""
                                                        : report->samples[0]);
}

// Flips one byte in the middle of the largest file under `folder`.
std::string CorruptLargestFile(const std::string& folder) {
  std::filesystem::path largest;
  uintmax_t size = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.file_size() > size) {
      size = entry.file_size();
      largest = entry.path();
    }
  }
  std::fstream f(largest, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(size / 2));
  char c;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(size / 2));
  f.put(static_cast<char>(c ^ 0x5a));
  return largest.string();
}

TEST(BackupTest, CreateListVerifyRestoreDeletePurge) {
  testing::TempDir dir;
  auto store = OpenAt(dir.Sub("db"));
  ASSERT_TRUE(store->Write(MakeEvents(300, 0)).ok());
  const std::vector<EventId> at_first = AllIds(*store);
  Backups backups(store.get(), dir.Sub("backups"));
  const int64_t now = absl::ToUnixSeconds(absl::Now());

  auto first = backups.Create();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->id, 1u);
  EXPECT_EQ(first->events, 300);
  EXPECT_GT(first->files, 0u);
  EXPECT_GT(first->size_bytes, 0u);
  EXPECT_LE(std::abs(first->timestamp - now), 60);

  ASSERT_TRUE(store->Write(MakeEvents(100, 300)).ok());
  auto second = backups.Create();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->id, 2u);
  EXPECT_EQ(second->events, 400);

  auto list = backups.List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, 1u);
  EXPECT_EQ((*list)[1].events, 400);
  EXPECT_FALSE((*list)[0].corrupt);
  EXPECT_TRUE(backups.Verify(1).ok());
  EXPECT_TRUE(backups.Verify(2).ok());
  EXPECT_EQ(backups.Verify(9).code(), absl::StatusCode::kNotFound);

  // Restore the first backup: exactly the events of that moment.
  auto restored = RestoreBackup(dir.Sub("backups"), 1, dir.Sub("restored"));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->events, 300);
  {
    auto copy = OpenAt(dir.Sub("restored"));
    EXPECT_EQ(AllIds(*copy), at_first);
    EXPECT_EQ(copy->GetStats()->events, 300);
    ExpectClean(*copy);
    TemporalGraph::Reader g(copy->graph());
    EXPECT_EQ(g.event_count(), 300u);
  }
  // Only into a new or empty folder; unknown ids are NotFound.
  EXPECT_EQ(RestoreBackup(dir.Sub("backups"), 1, dir.Sub("restored")).status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      RestoreBackup(dir.Sub("backups"), 7, dir.Sub("other")).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(
      RestoreBackup(dir.Sub("nothing"), 1, dir.Sub("other")).status().code(),
      absl::StatusCode::kInvalidArgument);

  EXPECT_TRUE(backups.Delete(1).ok());
  EXPECT_EQ(backups.Delete(1).code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(backups.Create().ok());  // 3
  ASSERT_TRUE(backups.Create().ok());  // 4
  EXPECT_EQ(backups.Purge(0).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto purged = backups.Purge(1);
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(*purged, 2);
  list = backups.List();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, 4u);
  EXPECT_TRUE(backups.Verify(4).ok());
  // The remaining backup restores fine although its shared files were
  // first copied for deleted backups.
  auto latest = RestoreBackup(dir.Sub("backups"), 4, dir.Sub("latest"));
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->events, 400);
}

TEST(BackupTest, CorruptedFileFailsVerifyAndRestore) {
  testing::TempDir dir;
  auto store = OpenAt(dir.Sub("db"));
  ASSERT_TRUE(store->Write(MakeEvents(2000, 0)).ok());
  ASSERT_TRUE(store->Flush().ok());  // an SST to damage
  Backups backups(store.get(), dir.Sub("backups"));
  auto made = backups.Create();
  ASSERT_TRUE(made.ok()) << made.status();
  const std::string damaged = CorruptLargestFile(dir.Sub("backups"));
  const absl::Status verified = backups.Verify(made->id);
  EXPECT_EQ(verified.code(), absl::StatusCode::kDataLoss) << verified;
  EXPECT_TRUE(absl::StrContains(verified.message(), "backup 1")) << verified;
  auto restored = RestoreBackup(dir.Sub("backups"), 1, dir.Sub("restored"));
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kDataLoss)
      << restored.status() << " (damaged " << damaged << ")";
}

TEST(BackupTest, BackupWhileWritingHoldsItsRecordedCount) {
  testing::TempDir dir;
  auto store = OpenAt(dir.Sub("db"));
  ASSERT_TRUE(store->Write(MakeEvents(500, 0)).ok());
  Backups backups(store.get(), dir.Sub("backups"));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 1; !stop && i < 400; ++i) {
      ASSERT_TRUE(store->Write(MakeEvents(20, 500 + i * 20)).ok());
    }
  });
  std::vector<BackupSummary> made;
  for (int i = 0; i < 3; ++i) {
    auto b = backups.Create();
    ASSERT_TRUE(b.ok()) << b.status();
    made.push_back(*b);
  }
  stop = true;
  writer.join();
  for (const BackupSummary& b : made) {
    const std::string target = dir.Sub("r" + std::to_string(b.id));
    auto restored = RestoreBackup(dir.Sub("backups"), b.id, target);
    ASSERT_TRUE(restored.ok()) << restored.status();  // checks the count
    auto copy = OpenAt(target);
    EXPECT_EQ(copy->GetStats()->events, b.events);
    ExpectClean(*copy);
  }
}

}  // namespace
}  // namespace eventgraph::storage
