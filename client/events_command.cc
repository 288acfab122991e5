#include "client/events_command.h"

#include <chrono>
#include <iostream>

#include "client/actor_commands.h"
#include "client/csv_writer.h"
#include "client/event_output.h"
#include "client/output.h"
#include "client/stall_watchdog.h"

namespace eventgraph::client {
namespace {

// The selection fields ListEventsRequest and StreamEventsRequest share.
template <typename Request>
absl::Status FillSelection(const EventsOptions& options, Request* request) {
  auto direction = ParseDirection(options.filter.direction);
  if (!direction.ok()) return direction.status();
  auto rollup = ParseRollup(options.rollup);
  if (!rollup.ok()) return rollup.status();
  request->set_rollup(*rollup);
  request->set_actor(options.actor);
  request->set_counterpart(options.counterpart);
  request->set_direction(*direction);
  request->set_from_date(DateFlag(options.filter.from));
  request->set_to_date(DateFlag(options.filter.to));
  request->set_descending(options.descending);
  FillFilter(options.filter, request->mutable_filter());
  return absl::OkStatus();
}

void PrintPageTable(const eventgraph::v1::ListEventsResponse& response) {
  if (response.events().empty()) {
    std::cout << "(no events)\n";
  } else {
    Table table = EventTable();
    for (const auto& event : response.events()) {
      table.AddRow(EventTableCells(event));
    }
    table.Print(std::cout);
  }
  if (!response.next_page_token().empty()) {
    std::cout << "next page: --page-token " << response.next_page_token()
              << "\n";
  }
}

void PrintPageCsv(const eventgraph::v1::ListEventsResponse& response) {
  CsvWriter csv(&std::cout);
  csv.WriteRow(EventCsvHeader());
  for (const auto& event : response.events()) {
    csv.WriteRow(EventCsvCells(event));
  }
  if (!response.next_page_token().empty()) {
    std::cerr << "next page: --page-token " << response.next_page_token()
              << "\n";
  }
}

int RunPage(Connection* connection, const EventsOptions& options) {
  eventgraph::v1::ListEventsRequest request;
  if (absl::Status status = FillSelection(options, &request); !status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return kExitUsage;
  }
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);

  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  eventgraph::v1::ListEventsResponse response;
  const grpc::Status status =
      connection->stub().ListEvents(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);
  switch (connection->options().output) {
    case OutputFormat::kJson:
      return PrintJsonLine(response);
    case OutputFormat::kCsv:
      PrintPageCsv(response);
      break;
    case OutputFormat::kTable:
      PrintPageTable(response);
      break;
  }
  return kExitOk;
}

// Writes streamed events in one output format.
class EventStreamPrinter {
 public:
  explicit EventStreamPrinter(OutputFormat format)
      : format_(format), csv_(&std::cout), table_(EventTable()) {}

  void Begin() {
    if (format_ == OutputFormat::kJson) std::cout << "{\"events\": [";
    if (format_ == OutputFormat::kCsv) csv_.WriteRow(EventCsvHeader());
    if (format_ == OutputFormat::kTable) {
      std::cout << table_.FixedTitleLine() << "\n";
    }
  }

  // Returns false if an event cannot be printed as JSON.
  bool Print(const eventgraph::v1::Event& event) {
    ++count_;
    if (format_ == OutputFormat::kCsv) {
      csv_.WriteRow(EventCsvCells(event));
    } else if (format_ == OutputFormat::kTable) {
      std::cout << table_.FixedLine(EventTableCells(event)) << "\n";
    } else {
      auto json = MessageToJson(event);
      if (!json.ok()) return false;
      std::cout << (count_ == 1 ? "\n" : ",\n") << *json;
    }
    return true;
  }

  void End() {
    if (format_ == OutputFormat::kJson) std::cout << "\n]}\n";
    if (format_ == OutputFormat::kTable && count_ == 0) {
      std::cout << "(no events)\n";
    }
    std::cout.flush();
  }

 private:
  const OutputFormat format_;
  CsvWriter csv_;
  Table table_;
  int64_t count_ = 0;
};

int RunStream(Connection* connection, const EventsOptions& options) {
  eventgraph::v1::StreamEventsRequest request;
  if (absl::Status status = FillSelection(options, &request); !status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return kExitUsage;
  }
  request.set_limit(options.limit);

  grpc::ClientContext context;
  connection->SetStreamDeadline(&context);
  const auto stall_timeout =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(
              connection->options().deadline_seconds));
  StallWatchdog watchdog(&context, stall_timeout);
  watchdog.Arm();
  auto reader = connection->stub().StreamEvents(&context, request);
  EventStreamPrinter printer(connection->options().output);
  printer.Begin();
  eventgraph::v1::StreamEventsResponse chunk;
  bool printed = true;
  while (printed && reader->Read(&chunk)) {
    watchdog.Touch();
    for (const auto& event : chunk.events()) {
      if (!(printed = printer.Print(event))) break;
    }
    std::cout.flush();
    watchdog.Touch();  // a slow reader of our output is not a stall
  }
  if (!printed) context.TryCancel();
  watchdog.Disarm();
  grpc::Status status = reader->Finish();
  printer.End();
  if (!printed) {
    std::cerr << "error: an event could not be printed as JSON\n";
    return kExitFailure;
  }
  if (watchdog.fired()) {
    status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "the server sent nothing for --deadline seconds; "
                          "cancelled");
  }
  if (!status.ok()) return ReportRpcError(status);
  return kExitOk;
}

}  // namespace

int RunEvents(Connection* connection, const EventsOptions& options) {
  return options.all ? RunStream(connection, options)
                     : RunPage(connection, options);
}

}  // namespace eventgraph::client
