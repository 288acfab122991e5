#include "client/synth_sink.h"

#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

absl::Status ErrnoStatus(int error, const std::string& what) {
  const std::string message = absl::StrCat(what, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(message);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::UnknownError(message);
  }
}

class StringSink : public SynthSink {
 public:
  explicit StringSink(std::string* out) : out_(out) {}
  absl::Status Write(std::string_view data) override {
    out_->append(data);
    bytes_ += data.size();
    return absl::OkStatus();
  }
  absl::Status Close() override { return absl::OkStatus(); }
  uint64_t bytes_written() const override { return bytes_; }

 private:
  std::string* out_;
  uint64_t bytes_ = 0;
};

class FileSink : public SynthSink {
 public:
  FileSink(int fd, std::string name, bool owned)
      : fd_(fd), name_(std::move(name)), owned_(owned) {}
  ~FileSink() override {
    if (owned_ && fd_ >= 0) ::close(fd_);
  }

  absl::Status Write(std::string_view data) override {
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(errno, absl::StrCat("cannot write ", name_));
      }
      data.remove_prefix(static_cast<size_t>(n));
      bytes_ += static_cast<uint64_t>(n);
    }
    return absl::OkStatus();
  }

  absl::Status Close() override {
    if (!owned_ || fd_ < 0) return absl::OkStatus();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      return ErrnoStatus(errno, absl::StrCat("cannot close ", name_));
    }
    return absl::OkStatus();
  }

  uint64_t bytes_written() const override { return bytes_; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
  uint64_t bytes_ = 0;
};

class GzipSink : public SynthSink {
 public:
  explicit GzipSink(std::unique_ptr<SynthSink> destination)
      : destination_(std::move(destination)),
        buffer_(kBufferSize),
        level_buffer_(ISAL_DEF_LVL1_DEFAULT) {}

  absl::Status Start() {
    isal_deflate_init(&stream_);
    // Level 1: fastest; the files are for tests, not archives.
    stream_.level = 1;
    stream_.level_buf = level_buffer_.data();
    stream_.level_buf_size = static_cast<uint32_t>(level_buffer_.size());
    // The header is written here (no time stamp, OS 255: the same bytes on
    // every platform), the deflate data and the trailer by isal_deflate.
    stream_.gzip_flag = IGZIP_GZIP_NO_HDR;
    isal_gzip_header header;
    isal_gzip_header_init(&header);
    header.time = 0;
    header.os = 255;
    stream_.next_out = buffer_.data();
    stream_.avail_out = static_cast<uint32_t>(buffer_.size());
    if (isal_write_gzip_header(&stream_, &header) != COMP_OK) {
      return absl::InternalError("ISA-L: cannot write the gzip header");
    }
    return Pass();
  }

  absl::Status Write(std::string_view data) override {
    // avail_in is 32 bits wide: feed large data in pieces.
    while (!data.empty()) {
      const size_t piece = std::min<size_t>(data.size(), 1u << 30);
      stream_.next_in =
          reinterpret_cast<uint8_t*>(const_cast<char*>(data.data()));
      stream_.avail_in = static_cast<uint32_t>(piece);
      if (absl::Status status = Deflate(); !status.ok()) return status;
      data.remove_prefix(piece);
    }
    return absl::OkStatus();
  }

  absl::Status Close() override {
    stream_.next_in = nullptr;
    stream_.avail_in = 0;
    stream_.end_of_stream = 1;
    if (absl::Status status = Deflate(); !status.ok()) return status;
    return destination_->Close();
  }

  uint64_t bytes_written() const override {
    return destination_->bytes_written();
  }

 private:
  static constexpr size_t kBufferSize = 1 << 18;

  // Passes on what the buffer holds and empties it.
  absl::Status Pass() {
    const size_t produced = buffer_.size() - stream_.avail_out;
    stream_.next_out = buffer_.data();
    stream_.avail_out = static_cast<uint32_t>(buffer_.size());
    if (produced == 0) return absl::OkStatus();
    return destination_->Write(std::string_view(
        reinterpret_cast<const char*>(buffer_.data()), produced));
  }

  // Runs deflate until it has taken all input (and, at the end of the
  // stream, written the trailer), passing its output on.
  absl::Status Deflate() {
    while (true) {
      if (isal_deflate(&stream_) != COMP_OK) {
        return absl::InternalError("ISA-L: gzip compression failed");
      }
      const bool full = stream_.avail_out == 0;
      if (absl::Status status = Pass(); !status.ok()) return status;
      const bool done = stream_.end_of_stream
                            ? stream_.internal_state.state == ZSTATE_END
                            : stream_.avail_in == 0 && !full;
      if (done) return absl::OkStatus();
    }
  }

  std::unique_ptr<SynthSink> destination_;
  std::vector<uint8_t> buffer_;
  std::vector<uint8_t> level_buffer_;
  isal_zstream stream_{};
};

class BackgroundSink : public SynthSink {
 public:
  explicit BackgroundSink(std::unique_ptr<SynthSink> destination)
      : destination_(std::move(destination)), worker_([this] { Work(); }) {}
  ~BackgroundSink() override { Stop(); }

  absl::Status Write(std::string_view data) override {
    std::string chunk;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      space_.wait(
          lock, [this] { return queue_.size() < kMaxQueued || !status_.ok(); });
      if (!status_.ok()) return status_;
      if (!spare_.empty()) {
        chunk = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    chunk.assign(data.data(), data.size());
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(chunk));
    }
    ready_.notify_one();
    return absl::OkStatus();
  }

  absl::Status Close() override {
    Stop();
    // The worker has ended: the destination is this thread's again.
    if (!status_.ok()) return status_;
    absl::Status status = destination_->Close();  // gzip writes its end here
    bytes_.store(destination_->bytes_written());
    return status;
  }

  uint64_t bytes_written() const override { return bytes_.load(); }

 private:
  static constexpr size_t kMaxQueued = 4;

  void Work() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      ready_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything is written
      std::string chunk = std::move(queue_.front());
      queue_.pop_front();
      const bool failed = !status_.ok();
      lock.unlock();
      // After a failure the rest is dropped: the output is lost anyway.
      absl::Status status =
          failed ? absl::OkStatus() : destination_->Write(chunk);
      bytes_.store(destination_->bytes_written());
      lock.lock();
      if (!status.ok() && status_.ok()) status_ = std::move(status);
      if (spare_.size() < kMaxQueued) spare_.push_back(std::move(chunk));
      space_.notify_one();
    }
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_one();
    if (worker_.joinable()) worker_.join();
  }

  std::unique_ptr<SynthSink> destination_;
  std::mutex mutex_;
  std::condition_variable ready_;   // a chunk is queued, or stopping_
  std::condition_variable space_;   // the queue has room, or status_ failed
  std::deque<std::string> queue_;   // guarded by mutex_
  std::vector<std::string> spare_;  // written chunks, reused; mutex_
  absl::Status status_;             // the first error; mutex_
  bool stopping_ = false;           // mutex_
  std::atomic<uint64_t> bytes_{0};
  std::thread worker_;  // last: starts once the rest is initialized
};

}  // namespace

std::unique_ptr<SynthSink> NewBackgroundSink(
    std::unique_ptr<SynthSink> destination) {
  return std::make_unique<BackgroundSink>(std::move(destination));
}

std::unique_ptr<SynthSink> NewStringSink(std::string* out) {
  return std::make_unique<StringSink>(out);
}

absl::StatusOr<std::unique_ptr<SynthSink>> OpenFileSink(
    const std::string& path) {
  if (path == "-") {
    return std::make_unique<FileSink>(STDOUT_FILENO, "standard output", false);
  }
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("cannot create ", path));
  return std::make_unique<FileSink>(fd, path, true);
}

absl::StatusOr<std::unique_ptr<SynthSink>> NewGzipSink(
    std::unique_ptr<SynthSink> destination) {
  auto sink = std::make_unique<GzipSink>(std::move(destination));
  if (absl::Status status = sink->Start(); !status.ok()) return status;
  return sink;
}

}  // namespace eventgraph::client
