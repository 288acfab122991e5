#include "tests/bench/bench_ingest.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/ingest_session.h"

namespace eventgraph::bench {
namespace {

using Clock = std::chrono::steady_clock;

// As `eventgraph ingest` (client/ingest_command.cc): the server gathers up to
// 1,024 bulk requests before it stores them.
constexpr int kMaxInFlight = 8;
constexpr int kMaxBulkInFlight = 1100;

}  // namespace

absl::StatusOr<IngestOutcome> RunIngest(client::Connection* connection,
                                        EventSource* source, int batch_size,
                                        bool bulk) {
  client::IngestCounters counters;
  std::mutex mutex;
  std::map<int64_t, Clock::time_point> sent_at;  // by batch id
  Latencies latencies;
  auto on_rejection = [](const client::RowOrigin&, const eventgraph::v1::Rejection&) {};
  auto on_ack = [&](int64_t batch_id) {
    const auto now = Clock::now();
    std::lock_guard<std::mutex> lock(mutex);
    auto it = sent_at.find(batch_id);
    if (it == sent_at.end()) return;
    latencies.Add(std::chrono::duration<double, std::milli>(now - it->second).count());
    sent_at.erase(it);
  };
  client::IngestSession::Options options;
  options.stream.max_in_flight = bulk ? kMaxBulkInFlight : kMaxInFlight;
  options.stream.ack_timeout = std::chrono::seconds(60);
  options.max_retries = 0;

  const auto start = Clock::now();
  client::IngestSession session(connection, options, &counters, on_rejection, on_ack);
  int64_t next_id = 0;
  int64_t sent = 0;
  auto batch = std::make_shared<client::IngestBatch>();
  auto flush = [&]() {
    const int n = batch->request.events_size();
    if (n == 0) return true;
    batch->id = next_id++;
    batch->request.set_bulk(bulk);
    {
      std::lock_guard<std::mutex> lock(mutex);
      sent_at[batch->id] = Clock::now();
    }
    sent += n;
    const bool ok = session.Send(std::move(batch));
    batch = std::make_shared<client::IngestBatch>();
    return ok;
  };
  bool sending = true;
  for (;;) {
    eventgraph::v1::Event* event = batch->request.add_events();
    if (!source->Next(event)) {
      batch->request.mutable_events()->RemoveLast();
      break;
    }
    batch->origins.push_back({0, source->line()});
    if (batch->request.events_size() >= batch_size && !(sending = flush())) break;
  }
  if (sending) flush();
  const grpc::Status status = session.Finish();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("ingest: ", status.error_message()));
  }
  if (!source->status().ok()) return source->status();

  IngestOutcome outcome;
  outcome.sent = sent;
  outcome.accepted = counters.accepted.load();
  outcome.duplicates = counters.duplicates.load();
  outcome.rejected = counters.rejected.load() + source->rejected();
  outcome.summary = Summarize(latencies, seconds, 0);
  outcome.summary.events_per_s =
      seconds > 0 ? static_cast<double>(outcome.accepted + outcome.duplicates) / seconds : 0;
  return outcome;
}

}  // namespace eventgraph::bench
