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
                               std::string start, std::string bar,
                               bool split) {
  std::vector<std::string> cells = {std::move(start),
                                    absl::StrCat(bucket.event_count())};
  if (split) {
    cells.push_back(absl::StrCat(bucket.outgoing().event_count()));
    cells.push_back(absl::StrCat(bucket.incoming().event_count()));
  }
  for (std::string& cell : std::vector<std::string>{
           absl::StrCat(bucket.verbal_cooperation()),
           absl::StrCat(bucket.material_cooperation()),
           absl::StrCat(bucket.verbal_conflict()),
           absl::StrCat(bucket.material_conflict()), Goldstein(bucket)}) {
    cells.push_back(std::move(cell));
  }
  if (split) {
    cells.push_back(Goldstein(bucket.outgoing()));
    cells.push_back(Goldstein(bucket.incoming()));
  }
  cells.push_back(absl::StrCat(bucket.mentions()));
  cells.push_back(std::move(bar));
  return cells;
}

// Cooperation counts green, conflict counts red; zeros stay plain so that
// the colour marks only what happened.
std::vector<Style> CellStyles(const eventgraph::v1::TimelineBucket& bucket,
                              bool split) {
  const auto paint = [](int64_t count, Style style) {
    return count > 0 ? style : Style::kPlain;
  };
  std::vector<Style> styles = {
      Style::kPlain,
      Style::kPlain,
      paint(bucket.verbal_cooperation(), Style::kGreen),
      paint(bucket.material_cooperation(), Style::kGreen),
      paint(bucket.verbal_conflict(), Style::kRed),
      paint(bucket.material_conflict(), Style::kRed)};
  // --split: the out and in counts come after the total, unpainted.
  if (split) styles.insert(styles.begin() + 2, 2, Style::kPlain);
  return styles;
}

void PrintTable(const eventgraph::v1::GetTimelineResponse& response,
                eventgraph::v1::Direction direction, bool split) {
  const std::string_view arrow =
      direction == eventgraph::v1::DIRECTION_OUT  ? "\xE2\x86\x92"   // →
      : direction == eventgraph::v1::DIRECTION_IN ? "\xE2\x86\x90"   // ←
                                                  : "\xE2\x86\x94";  // ↔
  const std::string counterpart =
      response.counterpart().empty() ? "all partners" : response.counterpart();
  std::cout << response.actor() << " " << arrow << " " << counterpart << ", "
            << response.from_date() << " to " << response.to_date() << ", by "
            << GranularityName(response.granularity()) << "\n";
  std::vector<TableColumn> columns = {{"start"}, {"events", Align::kRight}};
  if (split) {
    columns.push_back({"out", Align::kRight});
    columns.push_back({"in", Align::kRight});
  }
  for (const char* name : {"vcoop", "mcoop", "vconf", "mconf", "goldstein"}) {
    columns.push_back({name, Align::kRight});
  }
  if (split) {
    columns.push_back({"gs out", Align::kRight});
    columns.push_back({"gs in", Align::kRight});
  }
  columns.push_back({"mentions", Align::kRight});
  columns.push_back({""});
  Table table(std::move(columns));
  int64_t max_count = 0;
  for (const auto& bucket : response.buckets()) {
    max_count = std::max(max_count, bucket.event_count());
  }
  for (const auto& bucket : response.buckets()) {
    table.AddRow(Cells(bucket, bucket.start_date(),
                       Bar(bucket.event_count(), max_count), split),
                 CellStyles(bucket, split));
  }
  table.AddRow(Cells(response.total(), "total", "", split),
               CellStyles(response.total(), split));
  table.Print(std::cout);
}

// The CSV counts of one bucket, from event_count to mentions.
std::vector<std::string> CsvCounts(
    const eventgraph::v1::TimelineBucket& bucket) {
  return {absl::StrCat(bucket.event_count()),
          absl::StrCat(bucket.verbal_cooperation()),
          absl::StrCat(bucket.material_cooperation()),
          absl::StrCat(bucket.verbal_conflict()),
          absl::StrCat(bucket.material_conflict()),
          absl::StrCat(bucket.unclassified()),
          bucket.has_goldstein_mean() ? ShortestNumber(bucket.goldstein_mean())
                                      : std::string(),
          absl::StrCat(bucket.goldstein_events()),
          absl::StrCat(bucket.mentions())};
}

// --split adds the same columns for each direction, prefixed "outgoing_"
// and "incoming_".
void PrintCsv(const eventgraph::v1::GetTimelineResponse& response,
              bool split) {
  const std::vector<std::string> counts = {
      "event_count",     "verbal_cooperation", "material_cooperation",
      "verbal_conflict", "material_conflict",  "unclassified",
      "goldstein_mean",  "goldstein_events",   "mentions"};
  std::vector<std::string> header = {"start_date", "end_date"};
  for (const char* prefix : {"", "outgoing_", "incoming_"}) {
    for (const std::string& name : counts) header.push_back(prefix + name);
    if (!split) break;
  }
  CsvWriter csv(&std::cout);
  csv.WriteRow(header);
  for (const auto& bucket : response.buckets()) {
    std::vector<std::string> row = {bucket.start_date(), bucket.end_date()};
    for (const auto* part : {&bucket, &bucket.outgoing(), &bucket.incoming()}) {
      for (std::string& cell : CsvCounts(*part)) row.push_back(std::move(cell));
      if (!split) break;
    }
    csv.WriteRow(row);
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
  request.set_split_directions(options.split);
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
      PrintCsv(response, options.split);
      break;
    case OutputFormat::kTable:
      PrintTable(response, *direction, options.split);
      PrintContributors(response, 15);
      break;
  }
  return kExitOk;
}

}  // namespace eventgraph::client
