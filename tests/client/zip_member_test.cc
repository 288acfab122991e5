#include "client/zip_member.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/line_reader.h"
#include "client/record_reader.h"
#include "format_samples.h"
#include "temp_dir.h"

namespace eventgraph::client {
namespace {

using testing::TempDir;

void Put16(std::string* out, uint32_t value) {
  out->push_back(static_cast<char>(value & 0xFF));
  out->push_back(static_cast<char>((value >> 8) & 0xFF));
}

void Put32(std::string* out, uint32_t value) {
  Put16(out, value & 0xFFFF);
  Put16(out, value >> 16);
}

std::string RawDeflate(std::string_view data) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
               Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

struct Member {
  std::string name;
  std::string data;
};

// A ZIP archive written by hand after APPNOTE.TXT: local headers and data,
// the central directory, the end record. `crc_offset` spoils the CRCs.
std::string MakeZip(const std::vector<Member>& members, bool deflated,
                    uint32_t crc_offset = 0) {
  std::string archive;
  std::string directory;
  for (const Member& member : members) {
    const std::string body = deflated ? RawDeflate(member.data) : member.data;
    const uint32_t crc =
        static_cast<uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(member.data.data()),
                  static_cast<uInt>(member.data.size()))) +
        crc_offset;
    const uint32_t offset = static_cast<uint32_t>(archive.size());
    const uint16_t method = deflated ? 8 : 0;
    Put32(&archive, 0x04034b50);
    Put16(&archive, 20);
    Put16(&archive, 0);
    Put16(&archive, method);
    Put32(&archive, 0);  // time and date
    Put32(&archive, crc);
    Put32(&archive, static_cast<uint32_t>(body.size()));
    Put32(&archive, static_cast<uint32_t>(member.data.size()));
    Put16(&archive, static_cast<uint32_t>(member.name.size()));
    Put16(&archive, 0);
    archive += member.name + body;

    Put32(&directory, 0x02014b50);
    Put16(&directory, 20);
    Put16(&directory, 20);
    Put16(&directory, 0);
    Put16(&directory, method);
    Put32(&directory, 0);
    Put32(&directory, crc);
    Put32(&directory, static_cast<uint32_t>(body.size()));
    Put32(&directory, static_cast<uint32_t>(member.data.size()));
    Put16(&directory, static_cast<uint32_t>(member.name.size()));
    Put16(&directory, 0);  // extra
    Put16(&directory, 0);  // comment
    Put16(&directory, 0);  // disk
    Put16(&directory, 0);  // internal attributes
    Put32(&directory, 0);  // external attributes
    Put32(&directory, offset);
    directory += member.name;
  }
  const uint32_t directory_offset = static_cast<uint32_t>(archive.size());
  archive += directory;
  Put32(&archive, 0x06054b50);
  Put16(&archive, 0);
  Put16(&archive, 0);
  Put16(&archive, static_cast<uint32_t>(members.size()));
  Put16(&archive, static_cast<uint32_t>(members.size()));
  Put32(&archive, static_cast<uint32_t>(directory.size()));
  Put32(&archive, directory_offset);
  Put16(&archive, 0);
  return archive;
}

std::vector<std::string> ReadLines(LineReader& reader) {
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.Next(&line)) lines.emplace_back(line);
  return lines;
}

std::string ManyLines(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    absl::StrAppend(&text, "line ", i, "\twith some text to compress\n");
  }
  return text;
}

TEST(ZipMemberTest, ReadsADeflatedMember) {
  TempDir dir;
  const std::string text = ManyLines(50000);  // more than one input buffer
  const std::string path = dir.Write(
      "a.zip", MakeZip({{"20130401.export.CSV", text}}, /*deflated=*/true));
  auto reader = LineReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_TRUE((*reader)->compressed());
  const std::vector<std::string> lines = ReadLines(**reader);
  EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status();
  ASSERT_EQ(lines.size(), 50000u);
  EXPECT_EQ(lines[0], "line 0\twith some text to compress");
  EXPECT_EQ(lines[49999], "line 49999\twith some text to compress");
  EXPECT_GT((*reader)->compressed_offset(), 0);
}

TEST(ZipMemberTest, ReadsAStoredMember) {
  TempDir dir;
  const std::string path =
      dir.Write("a.zip", MakeZip({{"a.tsv", "x\ty\nz\tw"}}, false));
  auto reader = LineReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(ReadLines(**reader), (std::vector<std::string>{"x\ty", "z\tw"}));
  EXPECT_TRUE((*reader)->status().ok());
}

TEST(ZipMemberTest, RefusesSeveralMembers) {
  TempDir dir;
  const std::string path =
      dir.Write("two.zip", MakeZip({{"a.tsv", "a\n"}, {"b.tsv", "b\n"}}, true));
  auto reader = LineReader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(reader.status().message().find("2 files"), std::string::npos);
}

TEST(ZipMemberTest, ReportsACrcMismatch) {
  TempDir dir;
  const std::string path =
      dir.Write("bad.zip", MakeZip({{"a.tsv", ManyLines(10)}}, true, 1));
  auto reader = LineReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ReadLines(**reader);
  EXPECT_EQ((*reader)->status().code(), absl::StatusCode::kDataLoss);
}

TEST(ZipMemberTest, ReportsATruncatedArchive) {
  TempDir dir;
  std::string archive = MakeZip({{"a.tsv", ManyLines(1000)}}, true);
  archive.resize(archive.size() / 2);
  auto reader = LineReader::Open(dir.Write("cut.zip", archive));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kDataLoss);
}

TEST(ZipMemberTest, GdeltExportInsideAZip) {
  TempDir dir;
  const std::string line = testing::GdeltLine(61, testing::GdeltEvent()) + "\n";
  const std::string path =
      dir.Write("20150218230000.export.CSV.zip",
                MakeZip({{"20150218230000.export.CSV", line + line}}, true));
  auto reader = RecordReader::Open(path, InputFormat::kAuto);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InputFormat::kGdelt2);
  Record record;
  ASSERT_EQ((*reader)->Read(&record), RecordReader::Result::kRow);
  EXPECT_EQ(record.line, 1);
  EXPECT_EQ(record.cells[0], "500000001");
  ASSERT_EQ((*reader)->Read(&record), RecordReader::Result::kRow);
  EXPECT_EQ(record.line, 2);
  EXPECT_EQ((*reader)->Read(&record), RecordReader::Result::kEnd);
  EXPECT_TRUE((*reader)->status().ok());
}

}  // namespace
}  // namespace eventgraph::client
