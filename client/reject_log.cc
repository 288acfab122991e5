#include "client/reject_log.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

constexpr size_t kFileBufferSize = 1 << 16;

// Makes `value` safe for one TSV cell.
std::string TsvCell(std::string_view value) {
  std::string cell(value);
  for (char& c : cell) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return cell;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RejectLog>> RejectLog::Open(
    const std::string& path, size_t keep) {
  std::FILE* file = nullptr;
  if (!path.empty()) {
    file = std::fopen(path.c_str(), "w");
    if (file == nullptr) {
      const int error = errno;
      const std::string message = absl::StrCat(
          "cannot create rejects file ", path, ": ", std::strerror(error));
      if (error == EACCES) return absl::PermissionDeniedError(message);
      if (error == ENOENT) return absl::NotFoundError(message);
      return absl::UnknownError(message);
    }
    std::setvbuf(file, nullptr, _IOFBF, kFileBufferSize);
    std::fputs("file\tline\tfield\treason\n", file);
  }
  return std::unique_ptr<RejectLog>(new RejectLog(file, path, keep));
}

RejectLog::~RejectLog() { Close().IgnoreError(); }

void RejectLog::Add(std::string_view file, int64_t line, std::string_view field,
                    std::string_view reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++count_;
  if (kept_.size() < keep_) {
    kept_.push_back(
        {std::string(file), line, std::string(field), std::string(reason)});
  }
  if (file_ != nullptr) {
    const std::string text =
        absl::StrCat(TsvCell(file), "\t", line, "\t", TsvCell(field), "\t",
                     TsvCell(reason), "\n");
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
      write_failed_ = true;
    }
  }
}

int64_t RejectLog::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

std::vector<RejectedRow> RejectLog::kept() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return kept_;
}

absl::Status RejectLog::Close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (file_ == nullptr) return absl::OkStatus();
  if (std::fclose(file_) != 0) write_failed_ = true;
  file_ = nullptr;
  if (write_failed_) {
    return absl::UnknownError(
        absl::StrCat("cannot write rejects file ", path_));
  }
  return absl::OkStatus();
}

}  // namespace eventgraph::client
