#include "tests/bench/bench_params.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tests/bench/bench_rpc.h"

namespace eventgraph::bench {
namespace {

namespace v1 = eventgraph::v1;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

absl::Status FromGrpc(const std::string& query, const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(query, ": ", status.error_message()));
}

// One execution. With a non-null `result`, also turns the response into
// the answer (after the RPC; timed runs pass nullptr).
using Query = std::function<grpc::Status(json* result)>;

struct Queries {
  v1::EventGraph::Stub* stub;
  double deadline_s;

  // Q1 in one call: the dyad's yearly timeline with the two directions
  // apart (split_directions), as rows [year, "a>b" | "b>a", count].
  Query Dyad(const std::string& a, const std::string& b) {
    return [this, a, b](json* result) {
      v1::GetTimelineRequest request;
      request.set_actor(a);
      request.set_counterpart(b);
      request.set_direction(v1::DIRECTION_BOTH);
      request.set_granularity(v1::GRANULARITY_YEAR);
      request.set_split_directions(true);
      grpc::ClientContext context;
      SetDeadline(&context, deadline_s);
      v1::GetTimelineResponse response;
      grpc::Status status = stub->GetTimeline(&context, request, &response);
      if (!status.ok() || result == nullptr) return status;
      *result = json::array();
      for (const v1::TimelineBucket& bucket : response.buckets()) {
        const int year = std::stoi(bucket.start_date().substr(0, 4));
        if (bucket.outgoing().event_count() > 0) {
          result->push_back(json::array({year, "a>b", bucket.outgoing().event_count()}));
        }
        if (bucket.incoming().event_count() > 0) {
          result->push_back(json::array({year, "b>a", bucket.incoming().event_count()}));
        }
      }
      return status;
    };
  }

  grpc::Status Page(const std::string& a, const std::string& b, const std::string& token,
                    int size, json* result, std::string* next_token) {
    v1::ListEventsRequest request;
    request.set_actor(a);
    request.set_counterpart(b);
    request.set_direction(v1::DIRECTION_BOTH);
    request.set_page_size(size);
    request.set_page_token(token);
    grpc::ClientContext context;
    SetDeadline(&context, deadline_s);
    v1::ListEventsResponse response;
    grpc::Status status = stub->ListEvents(&context, request, &response);
    if (next_token != nullptr) *next_token = response.next_page_token();
    if (!status.ok() || result == nullptr) return status;
    *result = json::array();
    for (const v1::Event& event : response.events()) {
      result->push_back(json::array(
          {event.id(), event.date(), event.actor(), event.action(), event.target()}));
    }
    return status;
  }

  Query Neighbors(const std::string& actor, const std::string& from, const std::string& to) {
    return [this, actor, from, to](json* result) {
      v1::GetNeighborsRequest request;
      request.set_actor(actor);
      request.set_from_date(from);
      request.set_to_date(to);
      request.set_limit(10);
      request.set_order(v1::NEIGHBOR_ORDER_COUNT);
      grpc::ClientContext context;
      SetDeadline(&context, deadline_s);
      v1::GetNeighborsResponse response;
      grpc::Status status = stub->GetNeighbors(&context, request, &response);
      if (!status.ok() || result == nullptr) return status;
      *result = json::array();
      for (const v1::Neighbor& neighbor : response.neighbors()) {
        result->push_back(json::array({neighbor.actor(), neighbor.summary().event_count()}));
      }
      return status;
    };
  }

  Query Path(v1::FindPathsRequest request, bool journey) {
    return [this, request, journey](json* result) {
      grpc::ClientContext context;
      SetDeadline(&context, deadline_s);
      v1::FindPathsResponse response;
      grpc::Status status = stub->FindPaths(&context, request, &response);
      if (!status.ok() || result == nullptr) return status;
      json path = nullptr;
      std::string arrival;
      if (response.paths_size() > 0) {
        path = json::array();
        for (const std::string& actor : response.paths(0).actors()) path.push_back(actor);
        arrival = response.paths(0).arrival_date();
      }
      if (journey) {
        *result = {{"arrival", path.is_null() ? json(nullptr) : json(arrival)}, {"path", path}};
      } else {
        *result = {{"hops", path.is_null() ? json(nullptr) : json(path.size() - 1)},
                   {"path", path}};
      }
      if (path.is_null()) (*result)["reason"] = response.reason();
      return status;
    };
  }
};

absl::StatusOr<PeerQueryResult> Measure(const std::string& name, const Query& query,
                                        const PeerQueryOptions& options) {
  PeerQueryResult out;
  out.name = name;
  Latencies latencies;
  double timed_s = 0;
  for (int i = 0; i < 1 + options.warmup + options.runs; ++i) {
    const auto start = Clock::now();
    grpc::Status status = query(nullptr);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!status.ok()) return FromGrpc(name, status);
    if (i == 0) out.cold_ms = ms;
    if (i > options.warmup) {
      latencies.Add(ms);
      timed_s += ms / 1000;
    }
  }
  // The answer, from one more (untimed) call.
  if (grpc::Status status = query(&out.result); !status.ok()) return FromGrpc(name, status);
  // One call at a time: ops_per_s is 1 / the mean latency.
  out.summary = Summarize(latencies, timed_s, 0);
  return out;
}

}  // namespace

absl::StatusOr<json> ReadPeerParams(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  json params = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (params.is_discarded() || !params.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a JSON object"));
  }
  for (const char* key : {"dyad", "heavy", "window", "q3", "q4", "q5"}) {
    if (!params.contains(key) || !params[key].is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": no \"", key, "\" object"));
    }
  }
  return params;
}

absl::StatusOr<std::vector<PeerQueryResult>> RunPeerQueries(const json& params,
                                                            const PeerQueryOptions& options) {
  auto stub = NewStub(options.address);
  Queries queries{stub.get(), options.deadline_s};
  std::vector<PeerQueryResult> results;
  auto run = [&](const std::string& name, const Query& query) -> absl::Status {
    auto result = Measure(name, query, options);
    if (!result.ok()) return result.status();
    results.push_back(*std::move(result));
    return absl::OkStatus();
  };
  try {
    const std::string a = params.at("dyad").at("a").get<std::string>();
    const std::string b = params.at("dyad").at("b").get<std::string>();
    const std::string ha = params.at("heavy").at("a").get<std::string>();
    const std::string hb = params.at("heavy").at("b").get<std::string>();
    const std::string w0 = params.at("window").at("from").get<std::string>();
    const std::string w1 = params.at("window").at("to").get<std::string>();
    const json& q4 = params.at("q4");
    const json& q5 = params.at("q5");
    const int page_size = params.value("/q2/page_size"_json_pointer, 100);

    if (auto s = run("Q1_dyad", queries.Dyad(a, b)); !s.ok()) return s;
    if (auto s = run("Q1_heavy", queries.Dyad(ha, hb)); !s.ok()) return s;
    if (auto s = run("Q2_page1", [&](json* r) {
          return queries.Page(a, b, "", page_size, r, nullptr);
        }); !s.ok()) {
      return s;
    }
    std::string token;
    json first;
    if (grpc::Status s = queries.Page(a, b, "", page_size, &first, &token); !s.ok()) {
      return FromGrpc("Q2_page2", s);
    }
    if (auto s = run("Q2_page2", [&](json* r) {
          if (token.empty()) {  // page 1 was the last one
            if (r != nullptr) *r = json::array();
            return grpc::Status::OK;
          }
          return queries.Page(a, b, token, page_size, r, nullptr);
        }); !s.ok()) {
      return s;
    }
    if (auto s = run("Q3_top", queries.Neighbors(params.at("q3").at("actor").get<std::string>(), w0, w1)); !s.ok()) {
      return s;
    }
    v1::FindPathsRequest path;
    path.set_from_date(w0);
    path.set_to_date(w1);
    path.set_mode(v1::PATH_MODE_SHORTEST);
    path.set_max_hops(q4.value("max_hops", 6));
    path.set_limit(1);
    path.set_evidence_events(-1);
    path.set_from_actor(q4.at("src").get<std::string>());
    path.set_to_actor(q4.at("dst").get<std::string>());
    if (auto s = run("Q4_path", queries.Path(path, false)); !s.ok()) return s;
    path.set_from_actor(q4.at("nopath_src").get<std::string>());
    path.set_to_actor(q4.at("nopath_dst").get<std::string>());
    if (auto s = run("Q4_nopath", queries.Path(path, false)); !s.ok()) return s;
    v1::FindPathsRequest journey;
    journey.set_from_actor(q5.at("src").get<std::string>());
    journey.set_to_actor(q5.at("dst").get<std::string>());
    journey.set_from_date(q5.at("t0").get<std::string>());
    journey.set_to_date(q5.at("t1").get<std::string>());
    journey.set_start_date(q5.at("t0").get<std::string>());
    journey.set_directed(true);
    journey.set_mode(v1::PATH_MODE_EARLIEST_ARRIVAL);
    journey.set_evidence_events(-1);
    if (auto s = run("Q5_ea", queries.Path(journey, true)); !s.ok()) return s;
  } catch (const json::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat("params.json: ", error.what()));
  }
  return results;
}

}  // namespace eventgraph::bench
