#include "client/ingest_checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"
#include "nlohmann/json.hpp"

namespace eventgraph::client {
namespace {

constexpr int kVersion = 1;

absl::Status IoError(std::string_view what, const std::string& path,
                     int error) {
  const std::string message =
      absl::StrCat(ToAbsl(what), " ", path, ": ", std::strerror(error));
  if (error == EACCES || error == EPERM) {
    return absl::PermissionDeniedError(message);
  }
  return absl::UnknownError(message);
}

absl::Status WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnknownError(std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

}  // namespace

std::string CheckpointKey(std::string_view path) {
  std::error_code error;
  const std::filesystem::path given{std::string(path)};
  const std::filesystem::path absolute =
      std::filesystem::absolute(given, error);
  return (error ? given : absolute).lexically_normal().string();
}

absl::StatusOr<Checkpoint> Checkpoint::Load(const std::string& path) {
  Checkpoint checkpoint;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    if (errno == ENOENT) return checkpoint;
    return IoError("cannot read checkpoint", path, errno);
  }
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    text.append(buffer, n);
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return IoError("cannot read checkpoint", path, EIO);
  const auto bad = [&path](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not an ingest checkpoint (", ToAbsl(why),
                     "); remove it or name another --resume file"));
  };
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
  if (!json.is_object() || json.value("version", 0) != kVersion ||
      !json.contains("files") || !json["files"].is_array()) {
    return bad("no version 1 and files");
  }
  try {
    for (const nlohmann::json& file : json["files"]) {
      CheckpointEntry entry;
      entry.path = file.at("path").get<std::string>();
      entry.size = file.at("size").get<int64_t>();
      entry.line = file.at("line").get<int64_t>();
      entry.rows = file.at("rows").get<int64_t>();
      entry.complete = file.at("complete").get<bool>();
      checkpoint.Put(std::move(entry));
    }
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
  return checkpoint;
}

absl::Status Checkpoint::Save(const std::string& path) const {
  nlohmann::ordered_json json;
  json["version"] = kVersion;
  json["files"] = nlohmann::ordered_json::array();
  for (const CheckpointEntry& entry : entries_) {
    json["files"].push_back(
        nlohmann::ordered_json{{"path", entry.path},
                               {"size", entry.size},
                               {"line", entry.line},
                               {"rows", entry.rows},
                               {"complete", entry.complete}});
  }
  const std::string text =
      json.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const std::string temporary = path + ".tmp";
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return IoError("cannot write checkpoint", temporary, errno);
  absl::Status status = WriteAll(fd, text);
  if (status.ok() && fsync(fd) != 0) {
    status = absl::UnknownError(std::strerror(errno));
  }
  if (close(fd) != 0 && status.ok()) {
    status = absl::UnknownError(std::strerror(errno));
  }
  if (!status.ok()) {
    unlink(temporary.c_str());
    return absl::UnknownError(absl::StrCat("cannot write checkpoint ",
                                           temporary, ": ", status.message()));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(temporary.c_str());
    return IoError("cannot replace checkpoint", path, error);
  }
  return absl::OkStatus();
}

const CheckpointEntry* Checkpoint::Find(std::string_view path) const {
  const std::string key = CheckpointKey(path);
  for (const CheckpointEntry& entry : entries_) {
    if (entry.path == key) return &entry;
  }
  return nullptr;
}

void Checkpoint::Put(CheckpointEntry entry) {
  entry.path = CheckpointKey(entry.path);
  for (CheckpointEntry& existing : entries_) {
    if (existing.path == entry.path) {
      existing = std::move(entry);
      return;
    }
  }
  entries_.push_back(std::move(entry));
}

CheckpointTracker::CheckpointTracker(
    std::string path, Checkpoint start,
    std::vector<std::pair<std::string, int64_t>> inputs)
    : path_(std::move(path)),
      inputs_(std::move(inputs)),
      checkpoint_(std::move(start)),
      input_ends_(inputs_.size(), InputMark{0, 0, -1}) {}

void CheckpointTracker::Sent(int64_t id, InputMark mark) {
  std::lock_guard<std::mutex> lock(mutex_);
  marks_[id] = mark;
}

void CheckpointTracker::InputDone(uint32_t file, int64_t rows,
                                  int64_t last_line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (file < input_ends_.size()) {
    input_ends_[file] = InputMark{file, last_line, rows};
  }
}

void CheckpointTracker::Acked(int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  acked_.insert(id);
  bool advanced = false;
  InputMark reached;
  while (!acked_.empty() && *acked_.begin() == next_id_) {
    acked_.erase(acked_.begin());
    const auto it = marks_.find(next_id_);
    if (it != marks_.end()) {
      reached = it->second;
      marks_.erase(it);
      advanced = true;
    }
    ++next_id_;
  }
  if (!advanced) return;
  ApplyLocked(reached);
  SaveLocked();
}

void CheckpointTracker::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  ApplyLocked(InputMark{static_cast<uint32_t>(inputs_.size()), 0, 0});
  SaveLocked();
}

absl::Status CheckpointTracker::Save() {
  std::lock_guard<std::mutex> lock(mutex_);
  return checkpoint_.Save(path_);
}

absl::Status CheckpointTracker::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

void CheckpointTracker::ApplyLocked(const InputMark& mark) {
  for (uint32_t file = 0; file < inputs_.size() && file <= mark.file; ++file) {
    const auto& [path, size] = inputs_[file];
    if (path == "-") continue;
    CheckpointEntry entry;
    entry.path = path;
    entry.size = size;
    if (file < mark.file) {
      const InputMark& end = input_ends_[file];
      if (end.rows < 0) continue;  // not read to its end: cannot happen
      entry.line = end.line;
      entry.rows = end.rows;
      entry.complete = true;
    } else {
      entry.line = mark.line;
      entry.rows = mark.rows;
    }
    checkpoint_.Put(std::move(entry));
  }
}

void CheckpointTracker::SaveLocked() {
  absl::Status status = checkpoint_.Save(path_);
  if (!status.ok() && status_.ok()) status_ = std::move(status);
}

}  // namespace eventgraph::client
