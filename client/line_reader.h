// LineReader reads a text file line by line, whether it is plain, gzip'd
// (told by the gzip magic bytes, so a ".gz" name is not needed; inflated by
// inflater.h) or a single-file ZIP archive (a regular file starting with the
// ZIP magic bytes; see zip_member.h).
//
// Lines are returned without their "\n" or "\r\n". A UTF-8 byte order mark
// at the start of the file is dropped. A last line without a newline is
// still a line. Lines may be of any length (the buffer grows).
//
// Not thread-safe: one thread at a time; the accessors may be called only
// by the thread that calls Next().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/inflater.h"
#include "client/zip_member.h"

namespace eventgraph::client {

class LineReader {
 public:
  // Opens `path` for reading; "-" reads standard input.
  // Errors: NOT_FOUND if the file does not exist, PERMISSION_DENIED if it
  // cannot be read, INVALID_ARGUMENT for a directory or a ZIP archive that
  // ZipMember does not read, DATA_LOSS for a damaged ZIP archive, UNKNOWN
  // otherwise.
  static absl::StatusOr<std::unique_ptr<LineReader>> Open(
      const std::string& path);

  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Sets *line to the next line and returns true. The view is valid until
  // the next call. Returns false at the end of the file or on a read error;
  // then status() tells which.
  bool Next(std::string_view* line);

  // 1-based number of the line last returned by Next(); 0 before the first.
  int64_t line_number() const { return line_number_; }

  // True when the line last returned by Next() ended at the end of the file
  // without a newline (a last line cut short, perhaps).
  bool unterminated() const { return unterminated_; }

  // OK, or DATA_LOSS for a corrupt or truncated gzip stream, or UNKNOWN for
  // an I/O error.
  const absl::Status& status() const { return status_; }

  // Bytes of the underlying (possibly compressed) file consumed so far.
  int64_t compressed_offset() const;

  // Size of the underlying file in bytes, or -1 when unknown (a pipe).
  int64_t file_size() const { return file_size_; }

  // True when the file is gzip'd or a ZIP archive.
  bool compressed() const;

 private:
  static constexpr size_t kInitialBufferSize = 1 << 20;

  LineReader(int fd, int64_t file_size) : fd_(fd), file_size_(file_size) {}

  // Reads up to `size` bytes of the file, from peek_ first, then from fd_;
  // returns how many, 0 at its end, or UNKNOWN for an I/O error.
  absl::StatusOr<size_t> ReadFile(char* buffer, size_t size);

  // Reads up to `size` bytes of the text; returns how many, 0 at the end,
  // -1 on an error (then sets status_).
  int64_t ReadSome(char* buffer, size_t size);

  // Reads more input behind the unread bytes, growing the buffer when the
  // unread bytes fill it. Returns false at end of input or on error.
  bool Fill();

  int fd_;                          // -1 once a ZipMember owns it
  std::unique_ptr<ZipMember> zip_;  // nullptr unless a ZIP archive
  std::unique_ptr<Inflater> gzip_;  // nullptr unless gzip'd
  int64_t file_size_;
  std::string peek_;       // the first bytes of a plain file, read to tell
                           // it from gzip and not returned yet
  int64_t file_read_ = 0;  // bytes read from fd_
  std::vector<char> buffer_ = std::vector<char>(kInitialBufferSize);
  size_t begin_ = 0;  // first unread byte
  size_t end_ = 0;    // one past the last valid byte
  bool eof_ = false;
  int64_t line_number_ = 0;
  bool unterminated_ = false;
  absl::Status status_;
};

}  // namespace eventgraph::client
