#include "client/zip_member.h"

#include <isa-l/crc.h>
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
    ZipMember* m = member.get();
    member->inflater_ = std::make_unique<Inflater>(
        Inflater::Framing::kRaw,
        [m](char* buffer, size_t size) {
          return m->ReadCompressed(buffer, size);
        },
        "", member->name_);
  }
  return member;
}

ZipMember::~ZipMember() { close(fd_); }

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

absl::StatusOr<size_t> ZipMember::ReadCompressed(char* buffer, size_t size) {
  const size_t n = static_cast<size_t>(std::min<int64_t>(
      static_cast<int64_t>(size), compressed_size_ - consumed_));
  if (absl::Status s = ReadAt(data_offset_ + consumed_, n, buffer); !s.ok()) {
    return s;
  }
  consumed_ += static_cast<int64_t>(n);
  return n;
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
  int64_t produced = 0;
  if (method_ == kMethodStored) {
    absl::StatusOr<size_t> read = ReadCompressed(buffer, size);
    if (!read.ok()) {
      status_ = read.status();
      return -1;
    }
    produced = static_cast<int64_t>(*read);
    done_ = consumed_ == compressed_size_;
  } else {
    produced = inflater_->Read(buffer, size);
    if (produced < 0) {
      status_ = inflater_->status();
      return -1;
    }
    if (produced == 0) {
      consumed_ = compressed_size_;
      done_ = true;
    }
  }
  crc_ = crc32_gzip_refl(crc_, reinterpret_cast<unsigned char*>(buffer),
                         static_cast<uint64_t>(produced));
  produced_ += produced;
  if (done_) {
    Verify();
    if (!status_.ok()) return -1;
  }
  return produced;
}

}  // namespace eventgraph::client
