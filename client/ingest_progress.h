// Counters an ingest updates as it goes, and a reporter thread that prints
// them to stderr: on a terminal one line rewritten with '\r' at most every
// 0.5 s; otherwise one line every 5 s.
//
// IngestCounters are atomics: any thread may update or read them.
// ProgressReporter's methods must be called from one thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace eventgraph::client {

struct IngestCounters {
  std::atomic<int64_t> rows{0};          // data rows read from the files
  std::atomic<int64_t> skipped{0};       // rows done by an earlier run
  std::atomic<int64_t> acknowledged{0};  // rows in batches the server acked
  std::atomic<int64_t> accepted{0};      // newly stored events
  std::atomic<int64_t> duplicates{0};    // already stored
  std::atomic<int64_t> rejected{0};      // client- and server-side
  // Bytes of the input files consumed (compressed size for gzip), for ETA.
  std::atomic<int64_t> input_bytes{0};
};

// Formats the progress line (no newline).
// `total_bytes` <= 0 means the input size is unknown: no ETA.
std::string ProgressLine(const IngestCounters& counters, double seconds,
                         int64_t total_bytes);

class ProgressReporter {
 public:
  enum class Mode { kOff, kTerminal, kLines };

  // Starts reporting (unless kOff). `counters` must outlive this object.
  ProgressReporter(const IngestCounters* counters, Mode mode,
                   int64_t total_bytes);
  // Calls Stop().
  ~ProgressReporter();

  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Stops the thread; on a terminal, prints the last state and ends the
  // line. Idempotent.
  void Stop();

 private:
  void Run();

  const IngestCounters* const counters_;
  const Mode mode_;
  const int64_t total_bytes_;
  const std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace eventgraph::client
