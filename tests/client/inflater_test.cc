#include "client/inflater.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace eventgraph::client {
namespace {

// Deflates `text` with zlib: `window_bits` 15 + 16 makes a gzip member, -15
// bare deflate data.
std::string Deflate(std::string_view text, int window_bits) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Gzip(std::string_view text) { return Deflate(text, 15 + 16); }

// Text that compresses like event rows, but not to nothing.
std::string Rows(int n) {
  std::string text;
  uint32_t x = 12345;
  for (int i = 0; i < n; ++i) {
    x = x * 1103515245 + 12345;
    text += "row\t" + std::to_string(i) + "\tRUS\tPRK\t" +
            std::to_string(x % 100000) + "\n";
  }
  return text;
}

// A source handing out `data` at most `piece` bytes at a time.
Inflater::Source FromString(const std::string& data, size_t piece = 1 << 20) {
  auto offset = std::make_shared<size_t>(0);
  return [&data, piece, offset](char* buffer,
                                size_t size) -> absl::StatusOr<size_t> {
    const size_t n = std::min({size, piece, data.size() - *offset});
    std::memcpy(buffer, data.data() + *offset, n);
    *offset += n;
    return n;
  };
}

struct Outcome {
  std::string text;
  absl::Status status;
};

// Reads everything, `chunk` bytes per call.
Outcome ReadAll(Inflater& inflater, size_t chunk = 64 << 10) {
  Outcome out;
  std::string buffer(chunk, '\0');
  while (true) {
    const int64_t n = inflater.Read(buffer.data(), chunk);
    if (n < 0) {
      out.status = inflater.status();
      EXPECT_FALSE(out.status.ok());
      EXPECT_EQ(inflater.Read(buffer.data(), chunk), -1);  // and stays so
      break;
    }
    // An error is reported by the -1, not before.
    EXPECT_TRUE(inflater.status().ok()) << inflater.status();
    if (n == 0) break;
    out.text.append(buffer.data(), static_cast<size_t>(n));
  }
  return out;
}

Outcome InflateGzip(const std::string& data, size_t piece = 1 << 20,
                    size_t chunk = 64 << 10) {
  Inflater inflater(Inflater::Framing::kGzip, FromString(data, piece), "", "");
  return ReadAll(inflater, chunk);
}

TEST(InflaterTest, GzipInAnyPiecesAndChunks) {
  const std::string text = Rows(20000);
  const std::string gz = Gzip(text);
  for (size_t piece : {size_t{1}, size_t{7}, size_t{4096}, size_t{1} << 20}) {
    for (size_t chunk : {size_t{1}, size_t{13}, size_t{65536}, size_t{3} << 20}) {
      if (piece == 1 && chunk == 1) continue;  // slow, adds nothing
      SCOPED_TRACE(testing::Message() << "piece " << piece << " chunk " << chunk);
      const Outcome out = InflateGzip(gz, piece, chunk);
      EXPECT_TRUE(out.status.ok()) << out.status;
      EXPECT_TRUE(out.text == text) << out.text.size();
    }
  }
}

TEST(InflaterTest, CountsTheCompressedBytesUsedAndTakesAStart) {
  const std::string text = Rows(5000);
  const std::string gz = Gzip(text);
  // The first two bytes were taken from the source already (a peek).
  const std::string rest = gz.substr(2);
  Inflater inflater(Inflater::Framing::kGzip, FromString(rest),
                    gz.substr(0, 2), "");
  EXPECT_EQ(inflater.consumed(), 0);
  const Outcome out = ReadAll(inflater);
  EXPECT_TRUE(out.status.ok()) << out.status;
  EXPECT_TRUE(out.text == text) << out.text.size();
  EXPECT_EQ(inflater.consumed(), static_cast<int64_t>(gz.size()));
}

TEST(InflaterTest, ReadsEveryMemberOfAConcatenation) {
  const std::string a = Rows(3000), b = "second\nmember\n", c = Rows(10);
  // An empty member in the middle, as `gzip < /dev/null` writes.
  const std::string gz = Gzip(a) + Gzip("") + Gzip(b) + Gzip(c);
  for (size_t piece : {size_t{1}, size_t{5}, size_t{1} << 20}) {
    const Outcome out = InflateGzip(gz, piece);
    EXPECT_TRUE(out.status.ok()) << out.status;
    EXPECT_TRUE(out.text == a + b + c) << out.text.size();
  }
  const Outcome empty = InflateGzip(Gzip(""));
  EXPECT_TRUE(empty.status.ok()) << empty.status;
  EXPECT_EQ(empty.text, "");
}

// A member whose header carries every optional field (RFC 1952 2.3.1):
// FEXTRA, FNAME, FCOMMENT and FHCRC (the header's CRC-16).
std::string GzipWithFullHeader(std::string_view text, int flags = 0x1E) {
  std::string header = {'\x1f', '\x8b', 8, static_cast<char>(flags),
                        0,      0,      0, 0,
                        0,      3};
  if (flags & 0x04) {
    const std::string extra("AB\x04\x00wxyz", 8);  // a subfield of 4 bytes
    header += static_cast<char>(extra.size());
    header += '\0';
    header += extra;
  }
  if (flags & 0x08) header += std::string("events.tsv") + '\0';
  if (flags & 0x10) header += std::string("a comment") + '\0';
  if (flags & 0x02) {
    const uint32_t hcrc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(header.data()),
              static_cast<uInt>(header.size())));
    header += static_cast<char>(hcrc & 0xFF);
    header += static_cast<char>((hcrc >> 8) & 0xFF);
  }
  // The trailer: CRC-32 and length of the text, little-endian.
  const uint32_t crc = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(text.data()),
            static_cast<uInt>(text.size())));
  std::string trailer;
  for (uint32_t v : {crc, static_cast<uint32_t>(text.size())}) {
    for (int i = 0; i < 4; ++i) trailer += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  return header + Deflate(text, -15) + trailer;
}

TEST(InflaterTest, ParsesEveryOptionalHeaderField) {
  const std::string text = Rows(1000);
  for (int flags : {0x02, 0x04, 0x08, 0x10, 0x1E}) {
    const std::string gz = GzipWithFullHeader(text, flags);
    for (size_t piece : {size_t{1}, size_t{3}, size_t{1} << 20}) {
      SCOPED_TRACE(testing::Message() << "flags " << flags << " piece " << piece);
      const Outcome out = InflateGzip(gz, piece);
      EXPECT_TRUE(out.status.ok()) << out.status;
      EXPECT_TRUE(out.text == text) << out.text.size();
    }
  }
  const std::string gz = GzipWithFullHeader(text);
  // A wrong header CRC-16 is caught.
  std::string bad = gz;
  const size_t hcrc_at = 10 + 2 + 8 + 11 + 10;
  bad[hcrc_at] = static_cast<char>(bad[hcrc_at] ^ 1);
  const Outcome out = InflateGzip(bad);
  EXPECT_EQ(out.status.code(), absl::StatusCode::kDataLoss) << out.status;
  EXPECT_EQ(out.text, "");
}

TEST(InflaterTest, RefusesAHeaderThatNeverEnds) {
  // A file name without its terminating zero: refused after 1 MiB, not held
  // whole (the input is 3 MiB).
  std::string gz = {'\x1f', '\x8b', 8, 0x08, 0, 0, 0, 0, 0, 3};
  gz += std::string(3 << 20, 'n');
  const Outcome out = InflateGzip(gz, 64 << 10);
  EXPECT_EQ(out.status,
            absl::DataLossError("corrupt data (a gzip header longer than 1 MiB)"));
  // A long name that does end is read.
  std::string named = {'\x1f', '\x8b', 8, 0x08, 0, 0, 0, 0, 0, 3};
  named += std::string(100000, 'n') + '\0';
  const std::string member = Gzip("abc\n");
  named += member.substr(10);  // zlib's body and trailer
  const Outcome read = InflateGzip(named, 4096);
  EXPECT_TRUE(read.status.ok()) << read.status;
  EXPECT_EQ(read.text, "abc\n");
}

TEST(InflaterTest, IgnoresZeroPaddingButNotOtherTrailingBytes) {
  const std::string text = Rows(100);
  const std::string gz = Gzip(text);
  for (size_t piece : {size_t{1}, size_t{1} << 20}) {
    const Outcome padded = InflateGzip(gz + std::string(1000, '\0'), piece);
    EXPECT_TRUE(padded.status.ok()) << padded.status;
    EXPECT_TRUE(padded.text == text);
    for (const std::string& tail :
         {std::string("x"), std::string("\x1f\x8c"), std::string(10, '\0') + "x",
          std::string("junk after the data")}) {
      SCOPED_TRACE(tail);
      const Outcome out = InflateGzip(gz + tail, piece);
      EXPECT_EQ(out.status.code(), absl::StatusCode::kDataLoss);
      EXPECT_EQ(out.status.message(), "trailing data after the gzip data");
      EXPECT_TRUE(out.text == text) << out.text.size();  // what came before is not lost
    }
  }
}

TEST(InflaterTest, ChecksTheTrailersCrcAndLength) {
  const std::string text = Rows(2000);
  const std::string gz = Gzip(text);
  for (size_t from_end : {size_t{8}, size_t{5}, size_t{4}, size_t{1}}) {
    SCOPED_TRACE(from_end);  // CRC bytes 8..5, length bytes 4..1
    std::string bad = gz;
    bad[bad.size() - from_end] = static_cast<char>(bad[bad.size() - from_end] ^ 0x10);
    const Outcome out = InflateGzip(bad);
    EXPECT_EQ(out.status.code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(out.status.message(), "corrupt data (CRC-32 or length mismatch)");
  }
}

TEST(InflaterTest, EveryTruncationIsDataLossAfterAPrefixOfTheText) {
  const std::string text = Rows(300);
  const std::string gz = Gzip(text) + Gzip("tail\n");
  const size_t first = Gzip(text).size();
  for (size_t cut = 0; cut < gz.size(); ++cut) {
    if (cut == first) continue;  // a whole first member: a complete file
    SCOPED_TRACE(cut);
    const Outcome out = InflateGzip(gz.substr(0, cut), 64);
    ASSERT_EQ(out.status.code(), absl::StatusCode::kDataLoss) << out.status;
    EXPECT_EQ(out.status.message(),
              "the gzip data ends early (a truncated file?)");
    EXPECT_TRUE(out.text == (text + "tail\n").substr(0, out.text.size()));
  }
}

TEST(InflaterTest, EveryDamagedByteIsCaught) {
  const std::string text = Rows(200);
  const std::string gz = Gzip(text);
  // The header's MTIME, XFL and OS bytes (4-9) are not checked by anyone.
  for (size_t at = 0; at < gz.size(); ++at) {
    if (at >= 4 && at <= 9) continue;
    SCOPED_TRACE(at);
    std::string bad = gz;
    bad[at] = static_cast<char>(bad[at] ^ 0x5A);
    const Outcome out = InflateGzip(bad);
    EXPECT_FALSE(out.status.ok());
    EXPECT_EQ(out.status.code(), absl::StatusCode::kDataLoss) << out.status;
  }
}

TEST(InflaterTest, PassesOnTheSourcesError) {
  const std::string gz = Gzip(Rows(5000));
  auto calls = std::make_shared<int>(0);
  Inflater inflater(
      Inflater::Framing::kGzip,
      [&gz, calls](char* buffer, size_t size) -> absl::StatusOr<size_t> {
        if (++*calls > 1) return absl::UnknownError("disk on fire");
        const size_t n = std::min<size_t>(size, 100);
        std::memcpy(buffer, gz.data(), n);
        return n;
      },
      "", "");
  const Outcome out = ReadAll(inflater);
  EXPECT_EQ(out.status, absl::UnknownError("disk on fire"));
}

TEST(InflaterTest, RawDeflateForZipMembers) {
  const std::string text = Rows(4000);
  const std::string raw = Deflate(text, -15);
  Inflater whole(Inflater::Framing::kRaw, FromString(raw, 1000), "",
                 "day.CSV");
  Outcome out = ReadAll(whole, 777);
  EXPECT_TRUE(out.status.ok()) << out.status;
  EXPECT_TRUE(out.text == text) << out.text.size();
  EXPECT_EQ(whole.consumed(), static_cast<int64_t>(raw.size()));

  const std::string cut = raw.substr(0, raw.size() / 2);
  Inflater truncated(Inflater::Framing::kRaw, FromString(cut), "", "day.CSV");
  out = ReadAll(truncated);
  EXPECT_EQ(out.status,
            absl::DataLossError("\"day.CSV\": the deflate data ends early"));
  EXPECT_TRUE(out.text == text.substr(0, out.text.size()));
  EXPECT_GT(out.text.size(), 0u);
}

TEST(InflaterTest, ReadOfNothingReadsNothing) {
  const std::string gz = Gzip("abc\n");
  Inflater inflater(Inflater::Framing::kGzip, FromString(gz), "", "");
  char c;
  EXPECT_EQ(inflater.Read(&c, 0), 0);
  const Outcome out = ReadAll(inflater);
  EXPECT_EQ(out.text, "abc\n");
}

}  // namespace
}  // namespace eventgraph::client
