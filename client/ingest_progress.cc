#include "client/ingest_progress.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/output.h"

namespace eventgraph::client {
namespace {

constexpr auto kTerminalInterval = std::chrono::milliseconds(500);
constexpr auto kLinesInterval = std::chrono::seconds(5);

std::string FormatDuration(double seconds) {
  const auto total = static_cast<int64_t>(seconds + 0.5);
  if (total >= 3600) {
    return absl::StrFormat("%d:%02d:%02d", total / 3600, total / 60 % 60,
                           total % 60);
  }
  return absl::StrFormat("%d:%02d", total / 60, total % 60);
}

}  // namespace

std::string ProgressLine(const IngestCounters& counters, double seconds,
                         int64_t total_bytes) {
  const int64_t acknowledged = counters.acknowledged.load();
  const double rate = seconds > 0 ? acknowledged / seconds : 0;
  std::string line =
      absl::StrCat("rows ", WithThousands(counters.rows.load()), "  accepted ",
                   WithThousands(counters.accepted.load()), "  duplicates ",
                   WithThousands(counters.duplicates.load()), "  rejected ",
                   WithThousands(counters.rejected.load()), "  ",
                   WithThousands(static_cast<int64_t>(rate)), " events/s");
  const int64_t done = counters.input_bytes.load();
  if (total_bytes > 0 && done > 0 && seconds > 1) {
    const double left = seconds * static_cast<double>(total_bytes - done) /
                        static_cast<double>(done);
    absl::StrAppend(&line, "  ETA ", FormatDuration(left > 0 ? left : 0));
  }
  return line;
}

ProgressReporter::ProgressReporter(const IngestCounters* counters, Mode mode,
                                   int64_t total_bytes)
    : counters_(counters),
      mode_(mode),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()) {
  if (mode_ != Mode::kOff) thread_ = std::thread([this] { Run(); });
}

ProgressReporter::~ProgressReporter() { Stop(); }

void ProgressReporter::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ProgressReporter::Run() {
  const auto interval =
      mode_ == Mode::kTerminal
          ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                kTerminalInterval)
          : std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                kLinesInterval);
  size_t last_width = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    const bool stopping =
        wake_.wait_for(lock, interval, [this] { return stopping_; });
    if (stopping && mode_ == Mode::kLines) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
            .count();
    std::string line = ProgressLine(*counters_, seconds, total_bytes_);
    if (mode_ == Mode::kTerminal) {
      // Blank out what is left of a longer previous line.
      const size_t width = line.size();
      if (width < last_width) line.append(last_width - width, ' ');
      last_width = width;
      std::fprintf(stderr, "\r%s%s", line.c_str(), stopping ? "\n" : "");
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
    if (stopping) return;
  }
}

}  // namespace eventgraph::client
