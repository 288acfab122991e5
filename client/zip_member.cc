#include "client/zip_member.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

// Record signatures and fixed sizes of the ZIP format (APPNOTE.TXT).
constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndOfDirectorySignature = 0x06054b50;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kEndOfDirectorySize = 22;
constexpr size_t kMaxCommentSize = 0xFFFF;
constexpr uint16_t kMethodStored = 0;
constexpr uint16_t kMethodDeflate = 8;
constexpr uint16_t kFlagEncrypted = 1;
constexpr uint32_t kZip64Marker = 0xFFFFFFFF;
constexpr size_t kInputBufferSize = 256 << 10;

uint16_t Le16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(u[0] | (u[1] << 8));
}

uint32_t Le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint32_t>(u[0]) | (static_cast<uint32_t>(u[1]) << 8) |
         (static_cast<uint32_t>(u[2]) << 16) |
         (static_cast<uint32_t>(u[3]) << 24);
}

}  // namespace

bool IsZipMagic(const char* magic, size_t size) {
  return size >= 4 && Le32(magic) == kLocalHeaderSignature;
}

absl::StatusOr<std::unique_ptr<ZipMember>> ZipMember::Open(
    int fd, int64_t file_size, const std::string& path) {
  std::unique_ptr<ZipMember> member(new ZipMember(fd));
  if (absl::Status status = member->Locate(file_size, path); !status.ok()) {
    return status;
  }
  if (member->method_ == kMethodDeflate) {
    // Negative window bits: raw deflate data, no zlib header.
    if (inflateInit2(&member->stream_, -MAX_WBITS) != Z_OK) {
      return absl::ResourceExhaustedError(
          absl::StrCat("cannot open ", path, ": out of memory"));
    }
    member->inflating_ = true;
  }
  member->input_.resize(kInputBufferSize);
  member->crc_ = static_cast<uint32_t>(crc32(0L, Z_NULL, 0));
  return member;
}

ZipMember::~ZipMember() {
  if (inflating_) inflateEnd(&stream_);
  close(fd_);
}

absl::Status ZipMember::ReadAt(int64_t offset, size_t size, char* out) const {
  size_t done = 0;
  while (done < size) {
    const ssize_t n =
        pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnknownError(std::strerror(errno));
    }
    if (n == 0) return absl::DataLossError("unexpected end of the archive");
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status ZipMember::Locate(int64_t file_size, const std::string& path) {
  const auto fail = [&path](absl::Status status) {
    return absl::Status(status.code(),
                        absl::StrCat(path, ": ", status.message()));
  };
  // The end-of-directory record closes the file, before a comment of at
  // most 64 KiB.
  if (file_size < static_cast<int64_t>(kEndOfDirectorySize)) {
    return fail(absl::DataLossError("ZIP archive too short"));
  }
  const size_t tail_size = static_cast<size_t>(
      std::min<int64_t>(file_size, kEndOfDirectorySize + kMaxCommentSize));
  std::vector<char> tail(tail_size);
  if (absl::Status s = ReadAt(file_size - tail_size, tail_size, tail.data());
      !s.ok()) {
    return fail(s);
  }
  const char* end = nullptr;
  for (size_t i = tail_size - kEndOfDirectorySize + 1; i-- > 0;) {
    if (Le32(&tail[i]) == kEndOfDirectorySignature) {
      end = &tail[i];
      break;
    }
  }
  if (end == nullptr) {
    return fail(
        absl::DataLossError("ZIP archive without an end-of-directory record"));
  }
  const uint16_t entries = Le16(end + 10);
  const uint32_t directory_offset = Le32(end + 16);
  if (entries == 0xFFFF || directory_offset == kZip64Marker) {
    return fail(absl::InvalidArgumentError(
        "ZIP64 archives are not read; unzip it first"));
  }
  if (entries != 1) {
    return fail(absl::InvalidArgumentError(absl::StrCat(
        "the ZIP archive holds ", entries,
        " files; only single-file archives (as GDELT publishes) are read")));
  }

  char central[kCentralHeaderSize];
  if (absl::Status s = ReadAt(directory_offset, sizeof(central), central);
      !s.ok()) {
    return fail(s);
  }
  if (Le32(central) != kCentralHeaderSignature) {
    return fail(absl::DataLossError("bad ZIP central directory"));
  }
  const uint16_t flags = Le16(central + 8);
  method_ = Le16(central + 10);
  expected_crc_ = Le32(central + 16);
  const uint32_t compressed = Le32(central + 20);
  const uint32_t uncompressed = Le32(central + 24);
  const uint16_t name_size = Le16(central + 28);
  const uint32_t local_offset = Le32(central + 42);
  name_.resize(name_size);
  if (absl::Status s = ReadAt(directory_offset + kCentralHeaderSize, name_size,
                              name_.data());
      !s.ok()) {
    return fail(s);
  }
  if ((flags & kFlagEncrypted) != 0) {
    return fail(absl::InvalidArgumentError(
        absl::StrCat("\"", name_, "\" is encrypted")));
  }
  if (method_ != kMethodStored && method_ != kMethodDeflate) {
    return fail(absl::InvalidArgumentError(
        absl::StrCat("\"", name_, "\" uses compression method ", method_,
                     "; only stored and deflate are read")));
  }
  if (compressed == kZip64Marker || uncompressed == kZip64Marker ||
      local_offset == kZip64Marker) {
    return fail(absl::InvalidArgumentError(
        "ZIP64 archives are not read; unzip it first"));
  }
  compressed_size_ = compressed;
  uncompressed_size_ = uncompressed;

  char local[kLocalHeaderSize];
  if (absl::Status s = ReadAt(local_offset, sizeof(local), local); !s.ok()) {
    return fail(s);
  }
  if (Le32(local) != kLocalHeaderSignature) {
    return fail(absl::DataLossError("bad ZIP local header"));
  }
  data_offset_ = static_cast<int64_t>(local_offset) + kLocalHeaderSize +
                 Le16(local + 26) + Le16(local + 28);
  if (data_offset_ + compressed_size_ > file_size) {
    return fail(absl::DataLossError("the ZIP member runs past the file's end"));
  }
  return absl::OkStatus();
}

bool ZipMember::FillInput() {
  const size_t size = static_cast<size_t>(std::min<int64_t>(
      static_cast<int64_t>(input_.size()), compressed_size_ - consumed_));
  if (absl::Status s = ReadAt(data_offset_ + consumed_, size, input_.data());
      !s.ok()) {
    status_ = s;
    return false;
  }
  consumed_ += static_cast<int64_t>(size);
  stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
  stream_.avail_in = static_cast<uInt>(size);
  return true;
}

void ZipMember::Verify() {
  done_ = true;
  if (produced_ != uncompressed_size_) {
    status_ = absl::DataLossError(absl::StrCat("\"", name_, "\": expected ",
                                               uncompressed_size_,
                                               " bytes, read ", produced_));
  } else if (crc_ != expected_crc_) {
    status_ =
        absl::DataLossError(absl::StrCat("\"", name_, "\": CRC-32 mismatch"));
  }
}

int64_t ZipMember::Read(char* buffer, size_t size) {
  if (!status_.ok()) return -1;
  if (done_ || size == 0) return 0;
  size = std::min<size_t>(size, 1u << 30);  // fits uInt
  size_t produced = 0;
  if (method_ == kMethodStored) {
    produced = static_cast<size_t>(std::min<int64_t>(
        static_cast<int64_t>(size), compressed_size_ - consumed_));
    if (absl::Status s = ReadAt(data_offset_ + consumed_, produced, buffer);
        !s.ok()) {
      status_ = s;
      return -1;
    }
    consumed_ += static_cast<int64_t>(produced);
  } else {
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(size);
    bool ended = false;
    while (stream_.avail_out == size && !ended) {
      if (stream_.avail_in == 0) {
        if (consumed_ == compressed_size_) {
          status_ = absl::DataLossError(
              absl::StrCat("\"", name_, "\": deflate data ends early"));
          return -1;
        }
        if (!FillInput()) return -1;
      }
      const int result = inflate(&stream_, Z_NO_FLUSH);
      if (result == Z_STREAM_END) {
        ended = true;
      } else if (result != Z_OK) {
        status_ = absl::DataLossError(absl::StrCat(
            "\"", name_, "\": ",
            stream_.msg != nullptr ? stream_.msg : "corrupt deflate data"));
        return -1;
      }
    }
    produced = size - stream_.avail_out;
    if (ended) consumed_ = compressed_size_;
    done_ = ended;
  }
  crc_ =
      static_cast<uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(buffer),
                                  static_cast<uInt>(produced)));
  produced_ += static_cast<int64_t>(produced);
  if (method_ == kMethodStored && consumed_ == compressed_size_) done_ = true;
  if (done_) {
    Verify();
    if (!status_.ok()) return -1;
  }
  return static_cast<int64_t>(produced);
}

}  // namespace eventgraph::client
