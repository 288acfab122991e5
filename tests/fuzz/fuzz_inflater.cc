// Fuzzes Inflater (client/inflater.h), the CLI's ISA-L inflate of gzip and
// ZIP data, with zlib as the reference reader of the same bytes.
//
// Input: byte 0 picks the framing (bit 0: gzip or raw deflate), the
// source's piece size (bits 1-3) and the read size (bits 4-6); the rest is
// the compressed data.
//
// Properties checked besides "no crash, no UB, no leak":
//  - Read returns -1 exactly when status() is not OK (then DATA_LOSS, with
//    a message), 0 only at the end with an OK status, and keeps returning
//    -1 or 0 after that;
//  - what it returns agrees with what zlib inflates from the same bytes
//    (gzip: member after member, as the Inflater reads them; raw: one
//    stream, the rest ignored) as far as both go, and what zlib reads to
//    the end, the Inflater does too, with the same bytes. The converse does
//    not hold: ISA-L decodes some Huffman tables that zlib refuses (an
//    invalid distance code set that no symbol uses); the CRC-32 of gzip
//    and ZIP still guards what it reads;
//  - consumed() never exceeds the input.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "client/inflater.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using ::eventgraph::client::Inflater;
using ::eventgraph::fuzz::Check;

constexpr size_t kPieces[] = {1, 2, 3, 7, 64, 4096, 65536, 1 << 20};
constexpr size_t kReads[] = {1, 5, 100, 4096, 65536, 1 << 20, 3 << 20, 1 << 16};
// Both readers stop after this much output (a valid bomb).
constexpr size_t kMaxOutput = size_t{32} << 20;

struct Result {
  std::string out;
  bool ok = true;  // read to the end without an error
};

// zlib's reading: one deflate stream (raw), or gzip members one after
// another, then only zero padding.
Result Reference(std::string_view data, bool gzip) {
  Result r;
  size_t pos = 0;
  std::string buffer(1 << 16, '\0');
  while (true) {
    z_stream z{};
    if (inflateInit2(&z, gzip ? 15 + 16 : -15) != Z_OK) std::abort();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + pos));
    z.avail_in = static_cast<uInt>(data.size() - pos);
    int ret = Z_OK;
    while (ret == Z_OK && r.out.size() < kMaxOutput) {
      z.next_out = reinterpret_cast<Bytef*>(buffer.data());
      z.avail_out = static_cast<uInt>(buffer.size());
      ret = inflate(&z, Z_NO_FLUSH);
      r.out.append(buffer.data(), buffer.size() - z.avail_out);
    }
    pos = data.size() - z.avail_in;
    inflateEnd(&z);
    if (ret != Z_STREAM_END) {
      r.ok = ret == Z_OK;  // Z_OK: stopped at kMaxOutput
      return r;
    }
    if (!gzip) return r;
    const std::string_view rest = data.substr(pos);
    if (rest.size() >= 2 && rest[0] == '\x1f' && rest[1] == '\x8b') continue;
    r.ok = std::all_of(rest.begin(), rest.end(), [](char c) { return c == 0; });
    return r;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const bool gzip = (data[0] & 1) != 0;
  const size_t piece = kPieces[(data[0] >> 1) & 7];
  const size_t read = kReads[(data[0] >> 4) & 7];
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);

  size_t offset = 0;
  Inflater inflater(
      gzip ? Inflater::Framing::kGzip : Inflater::Framing::kRaw,
      [&](char* buffer, size_t room) -> absl::StatusOr<size_t> {
        const size_t n = std::min({room, piece, input.size() - offset});
        std::memcpy(buffer, input.data() + offset, n);
        offset += n;
        return n;
      },
      "", "member");
  std::string got;
  std::string buffer(read, '\0');
  bool ok = true;
  while (got.size() < kMaxOutput) {
    const int64_t n = inflater.Read(buffer.data(), read);
    Check(n >= -1 && n <= static_cast<int64_t>(read), "Read's result is in range");
    Check((n == -1) == !inflater.status().ok(), "-1 exactly on an error");
    Check(inflater.consumed() <= static_cast<int64_t>(input.size()),
          "consumed() stays within the input");
    if (n == -1) {
      Check(inflater.status().code() == absl::StatusCode::kDataLoss,
            "errors are DATA_LOSS");
      Check(!inflater.status().message().empty(), "an error says why");
      Check(inflater.Read(buffer.data(), read) == -1, "an error stays");
      ok = false;
      break;
    }
    if (n == 0) {
      Check(inflater.Read(buffer.data(), read) == 0, "the end stays");
      break;
    }
    got.append(buffer.data(), static_cast<size_t>(n));
  }

  const Result want = Reference(input, gzip);
  const size_t common = std::min(got.size(), want.out.size());
  Check(got.compare(0, common, want.out, 0, common) == 0,
        "the output agrees with zlib's");
  if (got.size() >= kMaxOutput || want.out.size() >= kMaxOutput) return 0;
  if (want.ok) {
    Check(ok, "the Inflater accepts what zlib accepts");
    Check(got == want.out, "accepted data inflates to zlib's bytes");
  }
  return 0;
}
