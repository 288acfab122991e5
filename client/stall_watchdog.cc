#include "client/stall_watchdog.h"

namespace eventgraph::client {

StallWatchdog::StallWatchdog(grpc::ClientContext* context,
                             std::chrono::steady_clock::duration timeout)
    : context_(context),
      timeout_(timeout),
      last_progress_(std::chrono::steady_clock::now()),
      thread_([this] { Run(); }) {}

StallWatchdog::~StallWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void StallWatchdog::Arm() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_ = true;
    last_progress_ = std::chrono::steady_clock::now();
  }
  wake_.notify_all();
}

void StallWatchdog::Disarm() {
  std::lock_guard<std::mutex> lock(mutex_);
  armed_ = false;
}

void StallWatchdog::Touch() {
  std::lock_guard<std::mutex> lock(mutex_);
  last_progress_ = std::chrono::steady_clock::now();
}

bool StallWatchdog::fired() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fired_;
}

void StallWatchdog::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_ && !fired_) {
    if (!armed_) {
      wake_.wait(lock);
      continue;
    }
    const auto deadline = last_progress_ + timeout_;
    if (std::chrono::steady_clock::now() < deadline) {
      wake_.wait_until(lock, deadline);
      continue;
    }
    fired_ = true;
    context_->TryCancel();
  }
}

}  // namespace eventgraph::client
