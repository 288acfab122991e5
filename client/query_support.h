// Pieces the query commands share: parsing of filter flags into request
// fields, and reporting of results and failures.
//
// Thread-safe, but the reporting functions write to stdout or stderr.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"

namespace eventgraph::client {

// The selection flags of `timeline` and `events`.
struct FilterOptions {
  std::string from;                // --from DATE ("" = open)
  std::string to;                  // --to DATE
  std::string direction = "both";  // --direction both|out|in
  std::string action;              // --action TEXT
  std::string code;                // --code PREFIX
  std::vector<int> quads;          // --quad N, repeatable
};

// "both", "out" or "in" (any case); INVALID_ARGUMENT otherwise.
absl::StatusOr<eventgraph::v1::Direction> ParseDirection(std::string_view name);

// "year", "quarter", "month", "week" or "day"; INVALID_ARGUMENT otherwise.
absl::StatusOr<eventgraph::v1::Granularity> ParseGranularity(
    std::string_view name);

// "year" for GRANULARITY_YEAR (and UNSPECIFIED), etc.
std::string_view GranularityName(eventgraph::v1::Granularity granularity);

// Copies the filter flags into `*filter`.
void FillFilter(const FilterOptions& options,
                eventgraph::v1::EventFilter* filter);

// --from/--to as sent: YYYYMMDD becomes YYYY-MM-DD, the rest unchanged
// (the server rejects bad dates with a reason).
std::string DateFlag(std::string_view text);

// Prints the failure to stderr; returns kExitFailure.
int ReportRpcError(const grpc::Status& status);

// Prints `message` as one line of JSON to stdout; returns the exit code.
int PrintJsonLine(const google::protobuf::Message& message);

}  // namespace eventgraph::client
