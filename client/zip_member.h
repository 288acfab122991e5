// ZipMember reads the one file inside a ZIP archive, as GDELT publishes its
// event files (YYYYMMDD.export.CSV.zip): the archive's central directory
// names the member, which is inflated (inflater.h) or copied, if stored, as
// it is read; at its end its CRC-32 and size are checked.
//
// Only archives of exactly one member, stored or deflated, unencrypted and
// without ZIP64 records are read; anything else is refused by Open() with a
// message saying why.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/inflater.h"

namespace eventgraph::client {

// True when `magic` (the first bytes of a file) starts a ZIP archive.
bool IsZipMagic(const char* magic, size_t size);

class ZipMember {
 public:
  // Takes over `fd`, an open regular file of `file_size` bytes (closed by
  // the destructor, or here on failure), and finds its member. `path` is
  // only for messages.
  // Errors: INVALID_ARGUMENT for an archive of another kind (several
  // members, ZIP64, encryption, a method other than stored or deflate),
  // DATA_LOSS for a damaged one, UNKNOWN for an I/O error.
  static absl::StatusOr<std::unique_ptr<ZipMember>> Open(
      int fd, int64_t file_size, const std::string& path);

  ~ZipMember();
  ZipMember(const ZipMember&) = delete;
  ZipMember& operator=(const ZipMember&) = delete;

  // Reads up to `size` bytes of the member into `buffer`; returns how many,
  // 0 at its end, or -1 on an error (see status()).
  int64_t Read(char* buffer, size_t size);

  // OK, DATA_LOSS (corrupt or truncated data, a CRC or size mismatch) or
  // UNKNOWN (I/O).
  const absl::Status& status() const { return status_; }

  // Bytes of the archive consumed so far.
  int64_t compressed_offset() const { return data_offset_ + consumed_; }

  // The member's name inside the archive.
  const std::string& name() const { return name_; }

 private:
  explicit ZipMember(int fd) : fd_(fd) {}

  // Reads the directory and the local header; leaves status_ OK or fails.
  absl::Status Locate(int64_t file_size, const std::string& path);
  // Reads exactly `size` bytes at `offset`.
  absl::Status ReadAt(int64_t offset, size_t size, char* out) const;
  // The inflater's source: up to `size` more bytes of the member's
  // compressed data, 0 at its end.
  absl::StatusOr<size_t> ReadCompressed(char* buffer, size_t size);
  // Checks CRC and size once the member is read; sets status_.
  void Verify();

  int fd_;
  std::string name_;
  uint16_t method_ = 0;  // 0 stored, 8 deflate
  uint32_t expected_crc_ = 0;
  int64_t compressed_size_ = 0;
  int64_t uncompressed_size_ = 0;
  int64_t data_offset_ = 0;

  std::unique_ptr<Inflater> inflater_;  // for a deflated member
  int64_t consumed_ = 0;  // compressed bytes read from the file
  uint32_t crc_ = 0;
  int64_t produced_ = 0;  // member bytes handed out
  bool done_ = false;
  absl::Status status_;
};

}  // namespace eventgraph::client
