// Fuzzes ZipMember (client/zip_member.h), the reader of single-file ZIP
// archives, on damaged and hostile archives.
//
// Input: byte 0 picks the read size (1 byte to 64 KiB), the rest is the
// archive.
//
// Properties checked besides "no crash, no UB, no leak":
//  - Read returns -1 exactly when status() is not OK, and 0 only at the
//    end with an OK status (size and CRC-32 checked);
//  - the bytes read are never more than the archive's data could hold
//    once inflated (bounded: at most 1032 times the archive, deflate's
//    limit), and reads stop after the end.
#include <fcntl.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "client/zip_member.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input_file.h"

namespace {

using ::eventgraph::fuzz::Check;

constexpr size_t kReadSizes[] = {1, 7, 512, 4096, 65536};
// Stop reading a (valid) bomb after this much.
constexpr int64_t kMaxOutput = int64_t{64} << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t chunk = kReadSizes[data[0] % std::size(kReadSizes)];
  const std::string path =
      eventgraph::fuzz::WriteInputFile("input.zip", data + 1, size - 1);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  Check(fd >= 0, "the input file opens");
  auto member = eventgraph::client::ZipMember::Open(
      fd, static_cast<int64_t>(size - 1), path);
  if (!member.ok()) {
    Check(!member.status().message().empty(), "a refusal says why");
    return 0;
  }
  std::vector<char> buffer(chunk);
  int64_t total = 0;
  while (total < kMaxOutput) {
    const int64_t n = (*member)->Read(buffer.data(), buffer.size());
    if (n < 0) {
      Check(!(*member)->status().ok(), "-1 comes with an error status");
      Check((*member)->Read(buffer.data(), buffer.size()) == -1,
            "an error sticks");
      return 0;
    }
    Check((*member)->status().ok(), "a successful read leaves status OK");
    if (n == 0) {
      Check((*member)->Read(buffer.data(), buffer.size()) == 0,
            "the end sticks");
      break;
    }
    Check(static_cast<size_t>(n) <= buffer.size(), "reads fit the buffer");
    total += n;
    Check(total <= 1032 * static_cast<int64_t>(size), "output is bounded");
  }
  return 0;
}
