// storage/heap.h in a process linked the way eventgraphd is
// (EVENTGRAPH_ALLOCATOR): the allocator it names and the pages it returns.
#include "storage/heap.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace eventgraph::storage {
namespace {

// The process's resident memory, from /proc/self/statm.
int64_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  long pages = 0;
  long resident = -1;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  std::fclose(f);
  return resident < 0 ? -1 : int64_t{resident} * sysconf(_SC_PAGESIZE);
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif

TEST(HeapTest, NamesTheAllocatorTheBuildChose) {
  const std::string name = HeapAllocatorName();
  if (kAsan) {
    EXPECT_EQ(name, "AddressSanitizer");
  } else if (std::string(EVENTGRAPH_EXPECTED_ALLOCATOR) == "jemalloc") {
    // "jemalloc 5.3.0-0-g54eaed1d8b56... (oversize_threshold 8388608)": a
    // version and an option, read from jemalloc (this test does not set
    // eventgraphd's malloc_conf: the default threshold).
    EXPECT_EQ(name.rfind("jemalloc 5.", 0), 0u) << name;
    EXPECT_NE(name.find(" (oversize_threshold 8388608)"), std::string::npos)
        << name;
  } else {
    EXPECT_EQ(name, "glibc malloc");
  }
}

TEST(HeapTest, ReleaseGivesFreedPagesBack) {
  if (kAsan) {
    GTEST_SKIP() << "AddressSanitizer quarantines freed memory: what it "
                    "returns is its own policy";
  }
  // 256 MiB in 64 KiB pieces, written, then freed: both allocators keep
  // such pages (glibc in its heap, behind a piece still in use; jemalloc
  // until its decay purges them, some of them at once).
  constexpr size_t kPiece = size_t{64} << 10;
  constexpr size_t kPieces = 4096;
  {
    std::vector<std::unique_ptr<char[]>> pieces;
    pieces.reserve(kPieces);
    for (size_t i = 0; i < kPieces; ++i) {
      pieces.emplace_back(new char[kPiece]);
      std::memset(pieces.back().get(), static_cast<int>(i), kPiece);
    }
    const int64_t in_use = ResidentBytes();
    ASSERT_GT(in_use, int64_t{256} << 20);
    // The last piece stays: glibc trims the top of its heap by itself.
    for (size_t i = 0; i + 1 < kPieces; ++i) pieces[i].reset();
    ReleaseFreeHeapMemory();
    const int64_t after = ResidentBytes();
    EXPECT_LT(after, in_use - (int64_t{200} << 20))
        << "resident with the pieces " << in_use << ", after " << after;
  }
}

}  // namespace
}  // namespace eventgraph::storage
