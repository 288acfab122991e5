#include "client/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

constexpr std::string_view kGzipMagic = "\x1f\x8b";
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
      std::unique_ptr<LineReader> reader(new LineReader(-1, size));
      reader->zip_ = *std::move(zip);
      return reader;
    }
  }
  std::unique_ptr<LineReader> reader(new LineReader(fd, size));
  // The first two bytes tell gzip from plain text; they are read, not
  // pread, as standard input may be a pipe.
  char magic[2];
  size_t got = 0;
  while (got < sizeof(magic)) {
    absl::StatusOr<size_t> n = reader->ReadFile(magic + got, sizeof(magic) - got);
    if (!n.ok()) {
      return absl::Status(n.status().code(),
                          absl::StrCat("cannot read ", path, ": ",
                                       n.status().message()));
    }
    if (*n == 0) break;
    got += *n;
  }
  const std::string_view start(magic, got);
  if (start == kGzipMagic) {
    LineReader* r = reader.get();
    reader->gzip_ = std::make_unique<Inflater>(
        Inflater::Framing::kGzip,
        [r](char* buffer, size_t size) { return r->ReadFile(buffer, size); },
        start, "");
  } else {
    reader->peek_ = std::string(start);
  }
  return reader;
}

LineReader::~LineReader() {
  if (fd_ >= 0) close(fd_);
}

int64_t LineReader::compressed_offset() const {
  if (zip_ != nullptr) return zip_->compressed_offset();
  if (gzip_ != nullptr) return gzip_->consumed();
  return file_read_ - static_cast<int64_t>(peek_.size());
}

bool LineReader::compressed() const {
  return zip_ != nullptr || gzip_ != nullptr;
}

absl::StatusOr<size_t> LineReader::ReadFile(char* buffer, size_t size) {
  if (!peek_.empty()) {
    const size_t n = std::min(size, peek_.size());
    std::memcpy(buffer, peek_.data(), n);
    peek_.erase(0, n);
    return n;
  }
  while (true) {
    const ssize_t n = read(fd_, buffer, size);
    if (n >= 0) {
      file_read_ += n;
      return static_cast<size_t>(n);
    }
    if (errno != EINTR) return absl::UnknownError(std::strerror(errno));
  }
}

int64_t LineReader::ReadSome(char* buffer, size_t size) {
  if (zip_ != nullptr) {
    const int64_t read = zip_->Read(buffer, size);
    if (read < 0) status_ = zip_->status();
    return read;
  }
  if (gzip_ != nullptr) {
    const int64_t read = gzip_->Read(buffer, size);
    if (read < 0) status_ = gzip_->status();
    return read;
  }
  absl::StatusOr<size_t> read = ReadFile(buffer, size);
  if (!read.ok()) {
    status_ = read.status();
    return -1;
  }
  return static_cast<int64_t>(*read);
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
