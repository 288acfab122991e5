// Latency of GetTimeline over real gRPC on loopback, as a dashboard sees it:
// one client, one request at a time, after a warm-up.
//   timeline_latency --server ADDR --actor A [--counterpart B] [--by year]
//                    [--requests N]
// Prints p50, p95, p99 and max in milliseconds, and the event total.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "eventgraph/v1/eventgraph.grpc.pb.h"

namespace v1 = eventgraph::v1;

int main(int argc, char** argv) {
  std::string server = "127.0.0.1:50051", actor, counterpart, by = "year";
  int requests = 2000;
  CLI::App app{"GetTimeline latency over gRPC"};
  app.add_option("--server", server);
  app.add_option("--actor", actor)->required();
  app.add_option("--counterpart", counterpart);
  app.add_option("--by", by)->check(CLI::IsMember({"day", "week", "month", "quarter", "year"}));
  app.add_option("--requests", requests);
  CLI11_PARSE(app, argc, argv);

  auto channel = grpc::CreateChannel(server, grpc::InsecureChannelCredentials());
  auto stub = v1::EventGraph::NewStub(channel);
  v1::GetTimelineRequest request;
  request.set_actor(actor);
  request.set_counterpart(counterpart);
  const std::vector<std::string> names = {"day", "week", "month", "quarter", "year"};
  request.set_granularity(static_cast<v1::Granularity>(
      1 + (std::find(names.begin(), names.end(), by) - names.begin())));
  std::vector<double> ms;
  int64_t total = 0;
  size_t buckets = 0;
  for (int i = 0; i < requests + requests / 10; ++i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::GetTimelineResponse response;
    auto t0 = std::chrono::steady_clock::now();
    grpc::Status status = stub->GetTimeline(&ctx, request, &response);
    auto t1 = std::chrono::steady_clock::now();
    if (!status.ok()) {
      std::fprintf(stderr, "GetTimeline: %d %s\n", status.error_code(),
                   status.error_message().c_str());
      return 1;
    }
    if (i >= requests / 10) {  // the first tenth warms up
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    total = response.total().event_count();
    buckets = static_cast<size_t>(response.buckets_size());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[static_cast<size_t>(p * (ms.size() - 1))]; };
  std::printf("GetTimeline %s/%s by %s: %zu buckets, %lld events; n=%zu p50 %.3f ms "
              "p95 %.3f ms p99 %.3f ms max %.3f ms\n",
              actor.c_str(), counterpart.c_str(), by.c_str(), buckets,
              static_cast<long long>(total), ms.size(), pct(0.5), pct(0.95),
              pct(0.99), ms.back());
  return 0;
}
