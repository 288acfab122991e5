// WatchHub: the live feed behind WatchEvents. The store's commit listener
// publishes every committed batch; each watch keeps the events that match
// its selection in a bounded queue and writes them with one write in
// flight.
//
// Thread safety: thread-safe. Publish runs on writer threads, watches are
// created and finished on gRPC threads, Close on the main thread.
#pragma once

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "eventgraph/v1/eventgraph.grpc.pb.h"
#include "storage/event.h"
#include "storage/event_store.h"

namespace eventgraph::server {

namespace v1 = ::eventgraph::v1;

// Most events a watch may have queued before it is cut off.
inline constexpr size_t kMaxWatchBacklog = 10000;
// Most events per WatchEventsResponse.
inline constexpr int kWatchChunk = 500;

class WatchHub {
 public:
  // `store` resolves actor names as reads return them; it must outlive the
  // hub.
  explicit WatchHub(const storage::EventStore* store) : store_(store) {}
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;
  // REQUIRES: every watch has finished (the gRPC server has shut down).
  ~WatchHub();

  // Starts a watch. Errors (INVALID_ARGUMENT for a bad request, UNAVAILABLE
  // after Close) finish the call at once.
  grpc::ServerWriteReactor<v1::WatchEventsResponse>* NewWatch(
      grpc::CallbackServerContext* ctx, const v1::WatchEventsRequest& request);

  // Hands newly stored events (ids set) to every watch; the events sent
  // carry canonical actor names.
  void Publish(absl::Span<const storage::Event* const> events);

  // Ends every watch with UNAVAILABLE and refuses new ones.
  void Close();

  class Watch;

 private:
  friend class Watch;
  void Remove(Watch* watch);

  const storage::EventStore* store_;
  absl::Mutex mu_;
  absl::flat_hash_set<Watch*> watches_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace eventgraph::server
