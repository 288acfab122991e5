#include "tests/bench/bench_workloads.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <random>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tests/bench/bench_rpc.h"

namespace eventgraph::bench {
namespace {

namespace v1 = eventgraph::v1;
using Clock = std::chrono::steady_clock;
using Rng = std::mt19937_64;

// One client thread's view: its stub, its random stream, the sample and
// what the events workload carries from one page to the next.
struct Client {
  v1::EventGraph::Stub* stub;
  Rng* rng;
  const std::vector<SampledEvent>* sample;
  double deadline_s;
  std::string page_token;  // events: the next page to fetch, if any
  v1::ListEventsRequest page_request;

  const SampledEvent& Pick() {
    return (*sample)[static_cast<size_t>((*rng)() % sample->size())];
  }
  // Two sampled dates, in order.
  std::pair<std::string, std::string> Window() {
    std::string a = Pick().date, b = Pick().date;
    if (b < a) std::swap(a, b);
    return {a, b};
  }
};

grpc::Status Timeline(Client& client) {
  const SampledEvent& event = client.Pick();
  v1::GetTimelineRequest request;
  request.set_actor(event.actor);
  request.set_counterpart(event.target);
  request.set_granularity((*client.rng)() % 2 == 0 ? v1::GRANULARITY_YEAR
                                                   : v1::GRANULARITY_MONTH);
  grpc::ClientContext context;
  SetDeadline(&context, client.deadline_s);
  v1::GetTimelineResponse response;
  return client.stub->GetTimeline(&context, request, &response);
}

grpc::Status Events(Client& client) {
  if (client.page_token.empty()) {
    const SampledEvent& event = client.Pick();
    client.page_request.Clear();
    client.page_request.set_actor(event.actor);
    client.page_request.set_counterpart(event.target);
    client.page_request.set_page_size(100);
  } else {
    client.page_request.set_page_token(client.page_token);
  }
  grpc::ClientContext context;
  SetDeadline(&context, client.deadline_s);
  v1::ListEventsResponse response;
  grpc::Status status = client.stub->ListEvents(&context, client.page_request, &response);
  const bool follow = status.ok() && client.page_token.empty() &&
                      !response.next_page_token().empty() && (*client.rng)() % 2 == 0;
  client.page_token = follow ? response.next_page_token() : "";
  return status;
}

grpc::Status Neighbors(Client& client) {
  v1::GetNeighborsRequest request;
  request.set_actor(client.Pick().actor);
  auto [from, to] = client.Window();
  request.set_from_date(from);
  request.set_to_date(to);
  request.set_limit(10);
  grpc::ClientContext context;
  SetDeadline(&context, client.deadline_s);
  v1::GetNeighborsResponse response;
  return client.stub->GetNeighbors(&context, request, &response);
}

grpc::Status Path(Client& client, v1::PathMode mode) {
  v1::FindPathsRequest request;
  request.set_from_actor(client.Pick().actor);
  do {
    request.set_to_actor(client.Pick().target);
  } while (request.to_actor() == request.from_actor());
  auto [from, to] = client.Window();
  request.set_from_date(from);
  request.set_to_date(to);
  request.set_mode(mode);
  request.set_limit(1);
  if (mode == v1::PATH_MODE_SHORTEST) {
    request.set_max_hops(4);
  } else {
    request.set_directed(true);
  }
  grpc::ClientContext context;
  SetDeadline(&context, client.deadline_s);
  v1::FindPathsResponse response;
  return client.stub->FindPaths(&context, request, &response);
}

// One actor looked up by name: a single point read, so its latency is
// nearly all the gRPC round trip (the floor under every other workload).
grpc::Status Actor(Client& client) {
  v1::GetActorRequest request;
  request.set_name(client.Pick().actor);
  grpc::ClientContext context;
  SetDeadline(&context, client.deadline_s);
  v1::Actor response;
  return client.stub->GetActor(&context, request, &response);
}

grpc::Status Mixed(Client& client) {
  const uint64_t roll = (*client.rng)() % 100;
  if (!client.page_token.empty() || (roll >= 40 && roll < 70)) return Events(client);
  if (roll < 40) return Timeline(client);
  if (roll < 90) return Neighbors(client);
  return Path(client, v1::PATH_MODE_SHORTEST);
}

using Operation = std::function<grpc::Status(Client&)>;

Operation OperationFor(const std::string& name) {
  if (name == "actor") return Actor;
  if (name == "timeline") return Timeline;
  if (name == "events") return Events;
  if (name == "neighbors") return Neighbors;
  if (name == "path") return [](Client& c) { return Path(c, v1::PATH_MODE_SHORTEST); };
  if (name == "earliest") {
    return [](Client& c) { return Path(c, v1::PATH_MODE_EARLIEST_ARRIVAL); };
  }
  if (name == "mixed") return Mixed;
  return nullptr;
}

}  // namespace

bool IsQueryWorkload(const std::string& name) { return OperationFor(name) != nullptr; }

absl::StatusOr<Summary> RunQueryWorkload(const std::string& name,
                                         const std::vector<SampledEvent>& sample,
                                         const QueryOptions& options) {
  const Operation operation = OperationFor(name);
  if (operation == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unknown workload \"", name, "\""));
  }
  if (sample.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": no events were read to draw parameters from"));
  }
  const int threads = std::max(1, options.threads);
  std::vector<Latencies> latencies(threads);
  std::atomic<int64_t> errors{0};
  std::atomic<bool> recording{false}, stop{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t]() {
      auto stub = NewStub(options.address);
      // Each thread its own stream, derived from the seed and its index.
      Rng rng(options.seed * 1000003 + static_cast<uint64_t>(t));
      Client client{stub.get(), &rng, &sample, options.deadline_s, "", {}};
      while (!stop.load(std::memory_order_relaxed)) {
        const auto start = Clock::now();
        const grpc::Status status = operation(client);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (!recording.load(std::memory_order_relaxed)) continue;
        if (status.ok()) {
          latencies[t].Add(ms);
        } else {
          errors.fetch_add(1);
          client.page_token.clear();
        }
      }
    });
  }
  const double warm_up = std::min(1.0, options.duration_s / 10);
  std::this_thread::sleep_for(std::chrono::duration<double>(warm_up));
  recording = true;
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(options.duration_s));
  recording = false;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  stop = true;
  for (std::thread& worker : workers) worker.join();
  Latencies all;
  for (const Latencies& one : latencies) all.Merge(one);
  return Summarize(all, seconds, errors.load());
}

}  // namespace eventgraph::bench
