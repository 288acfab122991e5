#include "client/timeline_command.h"

#include <algorithm>
#include <cmath>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "client/actor_commands.h"
#include "client/csv_writer.h"
#include "client/output.h"
#include "client/style.h"
#include "client/table.h"

namespace eventgraph::client {
namespace {

constexpr size_t kMaxBar = 40;
constexpr std::string_view kBlock = "\xE2\x96\x88";  // U+2588 FULL BLOCK

std::string Bar(int64_t count, int64_t max_count) {
  if (count <= 0 || max_count <= 0) return "";
  const auto length = std::max<size_t>(
      1, static_cast<size_t>(
             std::llround(static_cast<double>(count) * kMaxBar / max_count)));
  std::string bar;
  for (size_t i = 0; i < length; ++i) bar += kBlock;
  return bar;
}

std::string Goldstein(const eventgraph::v1::TimelineBucket& bucket) {
  return bucket.has_goldstein_mean() ? FormatNumber(bucket.goldstein_mean(), 2)
                                     : std::string("-");
}

std::vector<std::string> Cells(const eventgraph::v1::TimelineBucket& bucket,
                               std::string start, std::string bar) {
  return {std::move(start),
          absl::StrCat(bucket.event_count()),
          absl::StrCat(bucket.verbal_cooperation()),
          absl::StrCat(bucket.material_cooperation()),
          absl::StrCat(bucket.verbal_conflict()),
          absl::StrCat(bucket.material_conflict()),
          Goldstein(bucket),
          absl::StrCat(bucket.mentions()),
          std::move(bar)};
}

// Cooperation counts green, conflict counts red; zeros stay plain so that
// the colour marks only what happened.
std::vector<Style> CellStyles(const eventgraph::v1::TimelineBucket& bucket) {
  const auto paint = [](int64_t count, Style style) {
    return count > 0 ? style : Style::kPlain;
  };
  return {Style::kPlain,
          Style::kPlain,
          paint(bucket.verbal_cooperation(), Style::kGreen),
          paint(bucket.material_cooperation(), Style::kGreen),
          paint(bucket.verbal_conflict(), Style::kRed),
          paint(bucket.material_conflict(), Style::kRed)};
}

void PrintTable(const eventgraph::v1::GetTimelineResponse& response,
                eventgraph::v1::Direction direction) {
  const std::string_view arrow =
      direction == eventgraph::v1::DIRECTION_OUT  ? "\xE2\x86\x92"   // →
      : direction == eventgraph::v1::DIRECTION_IN ? "\xE2\x86\x90"   // ←
                                                  : "\xE2\x86\x94";  // ↔
  const std::string counterpart =
      response.counterpart().empty() ? "all partners" : response.counterpart();
  std::cout << response.actor() << " " << arrow << " " << counterpart << ", "
            << response.from_date() << " to " << response.to_date() << ", by "
            << GranularityName(response.granularity()) << "\n";
  Table table({{"start"},
               {"events", Align::kRight},
               {"vcoop", Align::kRight},
               {"mcoop", Align::kRight},
               {"vconf", Align::kRight},
               {"mconf", Align::kRight},
               {"goldstein", Align::kRight},
               {"mentions", Align::kRight},
               {""}});
  int64_t max_count = 0;
  for (const auto& bucket : response.buckets()) {
    max_count = std::max(max_count, bucket.event_count());
  }
  for (const auto& bucket : response.buckets()) {
    table.AddRow(Cells(bucket, bucket.start_date(),
                       Bar(bucket.event_count(), max_count)),
                 CellStyles(bucket));
  }
  table.AddRow(Cells(response.total(), "total", ""),
               CellStyles(response.total()));
  table.Print(std::cout);
}

void PrintCsv(const eventgraph::v1::GetTimelineResponse& response) {
  CsvWriter csv(&std::cout);
  csv.WriteRow(std::vector<std::string>{
      "start_date", "end_date", "event_count", "verbal_cooperation",
      "material_cooperation", "verbal_conflict", "material_conflict",
      "unclassified", "goldstein_mean", "goldstein_events", "mentions"});
  for (const auto& bucket : response.buckets()) {
    csv.WriteRow(std::vector<std::string>{
        bucket.start_date(), bucket.end_date(),
        absl::StrCat(bucket.event_count()),
        absl::StrCat(bucket.verbal_cooperation()),
        absl::StrCat(bucket.material_cooperation()),
        absl::StrCat(bucket.verbal_conflict()),
        absl::StrCat(bucket.material_conflict()),
        absl::StrCat(bucket.unclassified()),
        bucket.has_goldstein_mean() ? ShortestNumber(bucket.goldstein_mean())
                                    : std::string(),
        absl::StrCat(bucket.goldstein_events()),
        absl::StrCat(bucket.mentions())});
  }
}

}  // namespace

int RunTimeline(Connection* connection, const TimelineOptions& options) {
  auto direction = ParseDirection(options.filter.direction);
  auto granularity = ParseGranularity(options.by);
  auto rollup = ParseRollup(options.rollup);
  if (!direction.ok() || !granularity.ok() || !rollup.ok()) {
    std::cerr << "error: "
              << (!direction.ok()     ? direction.status()
                  : !granularity.ok() ? granularity.status()
                                      : rollup.status())
                     .message()
              << "\n";
    return kExitUsage;
  }
  eventgraph::v1::GetTimelineRequest request;
  request.set_actor(options.actor);
  request.set_counterpart(options.counterpart);
  request.set_direction(*direction);
  request.set_from_date(DateFlag(options.filter.from));
  request.set_to_date(DateFlag(options.filter.to));
  request.set_granularity(*granularity);
  request.set_rollup(*rollup);
  FillFilter(options.filter, request.mutable_filter());

  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  eventgraph::v1::GetTimelineResponse response;
  const grpc::Status status =
      connection->stub().GetTimeline(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);

  switch (connection->options().output) {
    case OutputFormat::kJson:
      return PrintJsonLine(response);
    case OutputFormat::kCsv:
      PrintCsv(response);
      break;
    case OutputFormat::kTable:
      PrintTable(response, *direction);
      PrintContributors(response, 15);
      break;
  }
  return kExitOk;
}

}  // namespace eventgraph::client
