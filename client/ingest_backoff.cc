#include "client/ingest_backoff.h"

#include <algorithm>

namespace eventgraph::client {
namespace {

constexpr std::chrono::milliseconds kFirstDelay{500};
constexpr std::chrono::milliseconds kMaxDelay{8000};

}  // namespace

std::chrono::milliseconds RetryDelay(int attempt) {
  std::chrono::milliseconds delay = kFirstDelay;
  for (int i = 0; i < attempt && delay < kMaxDelay; ++i) delay *= 2;
  return std::min(delay, kMaxDelay);
}

}  // namespace eventgraph::client
