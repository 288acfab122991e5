#include "client/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

constexpr size_t kInitialBufferSize = 1 << 20;
constexpr unsigned kGzipBufferSize = 256 << 10;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

absl::Status OpenError(const std::string& path, int error) {
  const std::string message =
      absl::StrCat("cannot open ", path, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
      return absl::PermissionDeniedError(message);
    case EISDIR:
      return absl::InvalidArgumentError(message);
    default:
      return absl::UnknownError(message);
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<LineReader>> LineReader::Open(
    const std::string& path) {
  const int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY);
  if (fd < 0) return OpenError(path, errno);
  struct stat info;
  if (fstat(fd, &info) != 0) {
    const int error = errno;
    close(fd);
    return OpenError(path, error);
  }
  if (S_ISDIR(info.st_mode)) {
    close(fd);
    return OpenError(path, EISDIR);
  }
  const int64_t size = S_ISREG(info.st_mode) ? info.st_size : -1;
  if (size > 0) {
    char magic[4];
    if (pread(fd, magic, sizeof(magic), 0) == sizeof(magic) &&
        IsZipMagic(magic, sizeof(magic))) {
      auto zip = ZipMember::Open(fd, size, path);  // owns fd now
      if (!zip.ok()) return zip.status();
      return std::unique_ptr<LineReader>(
          new LineReader(nullptr, *std::move(zip), size));
    }
  }
  gzFile file = gzdopen(fd, "rb");
  if (file == nullptr) {
    close(fd);
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot open ", path, ": out of memory"));
  }
  gzbuffer(file, kGzipBufferSize);
  return std::unique_ptr<LineReader>(new LineReader(file, nullptr, size));
}

LineReader::LineReader(gzFile file, std::unique_ptr<ZipMember> zip,
                       int64_t file_size)
    : file_(file),
      zip_(std::move(zip)),
      file_size_(file_size),
      buffer_(kInitialBufferSize) {}

LineReader::~LineReader() {
  if (file_ != nullptr) gzclose(file_);
}

int64_t LineReader::compressed_offset() const {
  return zip_ != nullptr ? zip_->compressed_offset() : gzoffset(file_);
}

bool LineReader::compressed() const {
  return zip_ != nullptr || gzdirect(file_) == 0;
}

int64_t LineReader::ReadSome(char* buffer, size_t size) {
  if (zip_ != nullptr) {
    const int64_t read = zip_->Read(buffer, size);
    if (read < 0) status_ = zip_->status();
    return read;
  }
  const int read = gzread(file_, buffer, static_cast<unsigned>(size));
  if (read < 0) {
    int code = 0;
    const char* message = gzerror(file_, &code);
    const std::string text = code == Z_ERRNO ? std::strerror(errno) : message;
    status_ =
        code == Z_ERRNO ? absl::UnknownError(text) : absl::DataLossError(text);
    return -1;
  }
  if (read == 0) {
    // gzread reports a truncated gzip stream as a clean end plus an error.
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (code != Z_OK && code != Z_STREAM_END) {
      status_ = absl::DataLossError(message);
      return -1;
    }
  }
  return read;
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const int64_t read = ReadSome(buffer_.data() + end_, buffer_.size() - end_);
  if (read <= 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<size_t>(read);
  return true;
}

bool LineReader::Next(std::string_view* line) {
  size_t scanned = begin_;  // bytes before this offset hold no newline
  while (true) {
    const char* newline = static_cast<const char*>(
        std::memchr(buffer_.data() + scanned, '\n', end_ - scanned));
    if (newline != nullptr) {
      const size_t stop = static_cast<size_t>(newline - buffer_.data());
      *line = std::string_view(buffer_.data() + begin_, stop - begin_);
      begin_ = stop + 1;
      unterminated_ = false;
      break;
    }
    const size_t unread = end_ - begin_;
    if (!Fill()) {
      if (!status_.ok() || unread == 0) return false;
      // The last line has no newline.
      *line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      begin_ = end_;
      unterminated_ = true;
      break;
    }
    scanned = begin_ + unread;
  }
  if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
  ++line_number_;
  if (line_number_ == 1 &&
      line->substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    line->remove_prefix(kByteOrderMark.size());
  }
  return true;
}

}  // namespace eventgraph::client
