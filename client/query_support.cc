#include "client/query_support.h"

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"
#include "client/event_builder.h"
#include "client/exit_codes.h"
#include "client/output.h"
#include "client/rpc_errors.h"

namespace eventgraph::client {

absl::StatusOr<eventgraph::v1::Direction> ParseDirection(
    std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "both") return eventgraph::v1::DIRECTION_BOTH;
  if (lower == "out") return eventgraph::v1::DIRECTION_OUT;
  if (lower == "in") return eventgraph::v1::DIRECTION_IN;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown direction \"", ToAbsl(name), "\" (both, out, in)"));
}

absl::StatusOr<eventgraph::v1::Granularity> ParseGranularity(
    std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "year") return eventgraph::v1::GRANULARITY_YEAR;
  if (lower == "quarter") return eventgraph::v1::GRANULARITY_QUARTER;
  if (lower == "month") return eventgraph::v1::GRANULARITY_MONTH;
  if (lower == "week") return eventgraph::v1::GRANULARITY_WEEK;
  if (lower == "day") return eventgraph::v1::GRANULARITY_DAY;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown granularity \"", ToAbsl(name),
                   "\" (year, quarter, month, week, day)"));
}

std::string_view GranularityName(eventgraph::v1::Granularity granularity) {
  switch (granularity) {
    case eventgraph::v1::GRANULARITY_DAY:
      return "day";
    case eventgraph::v1::GRANULARITY_WEEK:
      return "week";
    case eventgraph::v1::GRANULARITY_MONTH:
      return "month";
    case eventgraph::v1::GRANULARITY_QUARTER:
      return "quarter";
    default:
      return "year";
  }
}

void FillFilter(const FilterOptions& options,
                eventgraph::v1::EventFilter* filter) {
  filter->set_action(options.action);
  filter->set_event_code_prefix(options.code);
  for (int quad : options.quads) filter->add_quad_classes(quad);
}

std::string DateFlag(std::string_view text) { return NormalizeDate(text); }

int ReportRpcError(const grpc::Status& status) {
  std::cerr << FormatRpcError(status);
  return kExitFailure;
}

int PrintJsonLine(const google::protobuf::Message& message) {
  auto json = MessageToJson(message);
  if (!json.ok()) {
    std::cerr << "error: " << json.status().message() << "\n";
    return kExitFailure;
  }
  std::cout << *json << "\n";
  return kExitOk;
}

}  // namespace eventgraph::client
