// StallWatchdog cancels a streaming RPC that makes no progress: while armed,
// if Touch() is not called for `timeout`, it calls TryCancel() on the
// context, after which the stream's reads and writes fail and Finish()
// returns CANCELLED.
//
// Thread-safe: Arm, Disarm and Touch may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "grpcpp/client_context.h"

namespace eventgraph::client {

class StallWatchdog {
 public:
  // Starts the watchdog thread, disarmed. `context` must outlive this.
  StallWatchdog(grpc::ClientContext* context,
                std::chrono::steady_clock::duration timeout);
  // Stops the thread.
  ~StallWatchdog();

  StallWatchdog(const StallWatchdog&) = delete;
  StallWatchdog& operator=(const StallWatchdog&) = delete;

  // Starts watching; the timeout counts from now.
  void Arm();
  // Stops watching (nothing is expected from the server now).
  void Disarm();
  // Records progress: the timeout counts from now.
  void Touch();
  // True once the watchdog has cancelled the call.
  bool fired() const;

 private:
  void Run();

  grpc::ClientContext* const context_;
  const std::chrono::steady_clock::duration timeout_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool armed_ = false;
  bool fired_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point last_progress_;
  std::thread thread_;
};

}  // namespace eventgraph::client
