#include "client/catalog_commands.h"

#include <iostream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/actor_commands.h"
#include "client/csv_writer.h"
#include "client/output.h"
#include "client/query_support.h"
#include "client/table.h"

namespace eventgraph::client {

void PrintFields(const std::vector<std::pair<std::string, std::string>>& fields,
                 OutputFormat format) {
  if (format == OutputFormat::kCsv) {
    std::vector<std::string> names;
    std::vector<std::string> values;
    for (const auto& [name, value] : fields) {
      names.push_back(name);
      values.push_back(value);
    }
    CsvWriter csv(&std::cout);
    csv.WriteRow(names);
    csv.WriteRow(values);
    return;
  }
  Table table({{""}, {""}});
  for (const auto& [name, value] : fields) {
    table.AddRow({absl::StrCat(name, ":"), value});
  }
  table.Print(std::cout, /*titles=*/false);
}

std::string HumanBytes(int64_t bytes) {
  constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  return absl::StrCat(FormatNumber(value, unit == 0 ? 0 : 1), " ",
                      kUnits[unit]);
}

int RunActors(Connection* connection, const ActorsOptions& options) {
  eventgraph::v1::SearchActorsRequest request;
  request.set_prefix(options.prefix);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  eventgraph::v1::SearchActorsResponse response;
  const grpc::Status status =
      connection->stub().SearchActors(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);

  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  if (format == OutputFormat::kCsv) {
    CsvWriter csv(&std::cout);
    csv.WriteRow(std::vector<std::string>{"id", "name", "first_date",
                                          "last_date", "event_count",
                                          "out_count", "in_count"});
    for (const auto& actor : response.actors()) {
      csv.WriteRow(std::vector<std::string>{
          absl::StrCat(actor.id()), actor.name(), actor.first_date(),
          actor.last_date(), absl::StrCat(actor.event_count()),
          absl::StrCat(actor.out_count()), absl::StrCat(actor.in_count())});
    }
  } else if (response.actors().empty()) {
    std::cout << "(no actors)\n";
  } else {
    Table table({{"id", Align::kRight},
                 {"name", Align::kLeft, 48},
                 {"events", Align::kRight},
                 {"out", Align::kRight},
                 {"in", Align::kRight},
                 {"first"},
                 {"last"}});
    for (const auto& actor : response.actors()) {
      table.AddRow({absl::StrCat(actor.id()), actor.name(),
                    absl::StrCat(actor.event_count()),
                    absl::StrCat(actor.out_count()),
                    absl::StrCat(actor.in_count()), actor.first_date(),
                    actor.last_date()});
    }
    table.Print(std::cout);
  }
  if (!response.next_page_token().empty()) {
    (format == OutputFormat::kTable ? std::cout : std::cerr)
        << "next page: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

int RunActor(Connection* connection, const std::string& name) {
  eventgraph::v1::GetActorRequest request;
  request.set_name(name);
  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  eventgraph::v1::Actor actor;
  const grpc::Status status =
      connection->stub().GetActor(&context, request, &actor);
  if (!status.ok()) return ReportRpcError(status);
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(actor);
  const bool table = format == OutputFormat::kTable;
  const auto count = [table](int64_t value) {
    return table ? WithThousands(value) : absl::StrCat(value);
  };
  PrintFields({{"id", absl::StrCat(actor.id())},
               {"name", actor.name()},
               {"first_date", actor.first_date()},
               {"last_date", actor.last_date()},
               {"event_count", count(actor.event_count())},
               {"out_count", count(actor.out_count())},
               {"in_count", count(actor.in_count())},
               {"kind", ActorKindName(actor.kind())},
               {"country", actor.country()},
               {"country_source", CountrySourceName(actor.country_source())},
               {"aliases", absl::StrJoin(actor.aliases(), "; ")}},
              format);
  return kExitOk;
}

int RunStats(Connection* connection) {
  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  eventgraph::v1::GetStatsResponse stats;
  const grpc::Status status = connection->stub().GetStats(
      &context, eventgraph::v1::GetStatsRequest(), &stats);
  if (!status.ok()) return ReportRpcError(status);
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(stats);
  const bool table = format == OutputFormat::kTable;
  PrintFields({{"events", table ? WithThousands(stats.events())
                                : absl::StrCat(stats.events())},
               {"actors", table ? WithThousands(stats.actors())
                                : absl::StrCat(stats.actors())},
               {"first_date", stats.first_date()},
               {"last_date", stats.last_date()},
               {"bytes_on_disk", table ? HumanBytes(stats.bytes_on_disk())
                                       : absl::StrCat(stats.bytes_on_disk())},
               {"pending_compaction_bytes",
                table ? HumanBytes(stats.pending_compaction_bytes())
                      : absl::StrCat(stats.pending_compaction_bytes())},
               {"running_compactions", absl::StrCat(stats.running_compactions())},
               {"running_flushes", absl::StrCat(stats.running_flushes())},
               {"level0_files", absl::StrCat(stats.level0_files())},
               {"bulk_loads", absl::StrCat(stats.bulk_loads())},
               {"graph_bytes", table ? HumanBytes(stats.graph_bytes())
                                     : absl::StrCat(stats.graph_bytes())},
               {"graph_budget_bytes",
                table ? HumanBytes(stats.graph_budget_bytes())
                      : absl::StrCat(stats.graph_budget_bytes())},
               {"graph_first_date", stats.graph_first_date()},
               {"format_version", stats.format_version()},
               {"server_version", stats.server_version()}},
              format);
  return kExitOk;
}

}  // namespace eventgraph::client
