// A fixed pool of worker threads running submitted tasks in FIFO order.
// Reactor callbacks hand blocking work (RocksDB writes) to it so that gRPC's
// callback threads never wait on disk.
//
// Thread safety: Submit may be called from any thread.
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace eventgraph::server {

class Executor {
 public:
  // Starts `threads` workers. REQUIRES: threads >= 1.
  explicit Executor(int threads);
  // Runs every task already submitted, then joins the workers.
  ~Executor();

  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void Submit(std::function<void()> task);

 private:
  void Work();
  bool Ready() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !tasks_.empty();
  }

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace eventgraph::server
