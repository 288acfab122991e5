// eventgraph: the command-line client of the EventGraph server. It speaks
// only the public gRPC API (eventgraph/v1/eventgraph.proto).
//
// This file sets up the command line (CLI11) and dispatches to the
// commands. Exit codes: 0 success, 1 RPC or I/O failure, 2 usage error.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "client/catalog_commands.h"
#include "client/connection.h"
#include "client/events_command.h"
#include "client/ingest_command.h"
#include "client/style.h"
#include "client/timeline_command.h"

namespace eventgraph::client {
namespace {

// Adds the selection flags of `timeline` and `events`.
void AddFilterFlags(CLI::App* command, FilterOptions* filter) {
  command->add_option("--from", filter->from,
                      "First day, YYYY-MM-DD (or YYYYMMDD)");
  command->add_option("--to", filter->to, "Last day, YYYY-MM-DD (or YYYYMMDD)");
  command
      ->add_option("--direction", filter->direction,
                   "Which side the actor is on: both, out (actor), in "
                   "(target)")
      ->check(CLI::IsMember({"both", "out", "in"}, CLI::ignore_case))
      ->capture_default_str();
  command->add_option("--action", filter->action,
                      "Only this action text (case-insensitive)");
  command->add_option("--code", filter->code,
                      "Only CAMEO codes with this prefix, e.g. 04");
  command
      ->add_option("--quad", filter->quads,
                   "Only this quad class 1..4 (repeatable)")
      ->check(CLI::Range(1, 4))
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

struct Commands {
  GlobalOptions global;
  std::string output = "table";
  std::string colour = "auto";
  IngestOptions ingest;
  TimelineOptions timeline;
  EventsOptions events;
  ActorsOptions actors;
  std::string actor_name;
};

CLI::App* AddIngest(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "ingest", "Load event files (TSV, CSV or JSONL; plain or gzip'd)");
  command->add_option("files", c->ingest.files, "Input files (- for stdin)")
      ->required();
  command
      ->add_option("--format", c->ingest.format,
                   "Input format: auto (by extension), tsv, csv, jsonl")
      ->check(CLI::IsMember({"auto", "tsv", "csv", "jsonl"}, CLI::ignore_case))
      ->capture_default_str();
  command
      ->add_option("--map", c->ingest.maps,
                   "Bind a column: COLUMN=FIELD, FIELD an Event field, "
                   "attributes.KEY or ignore (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      ->add_option("--batch-size", c->ingest.batch_size, "Events per request")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  command->add_option("--rejects", c->ingest.rejects_path,
                      "Write rejected rows here (TSV: file, line, field, "
                      "reason)");
  command->add_flag("--quiet,-q", c->ingest.quiet, "No progress on stderr");
  command->footer(
      "Example:\n"
      "  eventgraph ingest icews18_events.tsv.gz --rejects rejects.tsv\n"
      "  eventgraph ingest gdelt.csv --map Actor1Code=attributes.actor1_code");
  return command;
}

CLI::App* AddTimeline(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "timeline", "Count an actor's events per period (GetTimeline)");
  command->add_option("actor", c->timeline.actor, "The actor")->required();
  command->add_option("counterpart", c->timeline.counterpart,
                      "Only events with this partner");
  command
      ->add_option("--by", c->timeline.by,
                   "Period: year, quarter, month, week, day")
      ->check(CLI::IsMember({"year", "quarter", "month", "week", "day"},
                            CLI::ignore_case))
      ->capture_default_str();
  AddFilterFlags(command, &c->timeline.filter);
  command->footer(
      "Example:\n"
      "  eventgraph timeline Russia \"North Korea\" --from 2018-01-01 "
      "--by month");
  return command;
}

CLI::App* AddEvents(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "events", "List events (ListEvents; with --all, StreamEvents)");
  command->add_option("actor", c->events.actor, "Only events of this actor");
  command->add_option("counterpart", c->events.counterpart,
                      "Only events between the actor and this partner");
  AddFilterFlags(command, &c->events.filter);
  command
      ->add_option("--page-size", c->events.page_size,
                   "Events per page (server default 100, at most 1000)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--page-token", c->events.page_token,
                      "Continue from a previous page");
  command->add_flag("--desc", c->events.descending, "Newest first");
  command->add_flag("--all", c->events.all,
                    "Stream every matching event instead of one page");
  command
      ->add_option("--limit", c->events.limit,
                   "With --all: at most this many events (0: all)")
      ->check(CLI::NonNegativeNumber);
  command->footer(
      "Example:\n"
      "  eventgraph events Russia \"North Korea\" --from 2018-10-01 --quad 1\n"
      "  eventgraph --output csv events Russia --all > russia.csv");
  return command;
}

struct CatalogCommands {
  CLI::App* actors;
  CLI::App* actor;
  CLI::App* stats;
};

CatalogCommands AddCatalog(CLI::App* app, Commands* c) {
  CLI::App* actors = app->add_subcommand(
      "actors", "List actors by name prefix (SearchActors)");
  actors->add_option("prefix", c->actors.prefix,
                     "Name prefix, case-insensitive (empty: all)");
  actors
      ->add_option("--page-size", c->actors.page_size,
                   "Actors per page (server default 100, at most 1000)")
      ->check(CLI::NonNegativeNumber);
  actors->add_option("--page-token", c->actors.page_token,
                     "Continue from a previous page");
  actors->footer("Example:\n  eventgraph actors \"North K\"");

  CLI::App* actor =
      app->add_subcommand("actor", "Show one actor's counts (GetActor)");
  actor->add_option("name", c->actor_name, "Actor name")->required();
  actor->footer("Example:\n  eventgraph actor \"Kim Jong-Un\"");

  CLI::App* stats =
      app->add_subcommand("stats", "Show database totals (GetStats)");
  stats->footer("Example:\n  eventgraph --output json stats");
  return {actors, actor, stats};
}

int Main(int argc, char** argv) {
  Commands c;
  CLI::App app("eventgraph: command-line client of the EventGraph server",
               "eventgraph");
  app.add_option("--server", c.global.server, "Server address host:port")
      ->envname("EVENTGRAPH_SERVER")
      ->capture_default_str();
  app.add_option("--deadline", c.global.deadline_seconds,
                 "Seconds each call may take; for streams, the longest wait "
                 "for progress")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--stream-deadline", c.global.stream_deadline_seconds,
                 "Seconds a streaming call (ingest, events --all) may take")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--output,-o", c.output, "Output format: table, json, csv")
      ->check(CLI::IsMember({"table", "json", "csv"}, CLI::ignore_case))
      ->capture_default_str();
  app.add_option("--color", c.colour,
                 "Colour in table output: auto (on a terminal, unless "
                 "NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}, CLI::ignore_case))
      ->capture_default_str();
  app.require_subcommand(1);
  // Global flags may also follow the command: eventgraph stats -o json.
  app.fallthrough();
  app.footer(
      "Examples:\n"
      "  eventgraph ingest events.tsv.gz\n"
      "  eventgraph timeline Russia \"North Korea\" --by month\n"
      "  eventgraph --output json stats\n"
      "Run 'eventgraph COMMAND --help' for a command's flags.");
  CLI::App* ingest = AddIngest(&app, &c);
  CLI::App* timeline = AddTimeline(&app, &c);
  CLI::App* events = AddEvents(&app, &c);
  const CatalogCommands catalog = AddCatalog(&app, &c);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);  // prints help or the error
    return code == 0 ? kExitOk : kExitUsage;
  }

  // The flag was checked against the same names, so this cannot fail.
  c.global.output = ParseOutputFormat(c.output).value_or(OutputFormat::kTable);
  // Only tables are painted; JSON and CSV must stay free of escape codes.
  const ColourMode colour =
      ParseColourMode(c.colour).value_or(ColourMode::kAuto);
  SetColourOutput(
      c.global.output == OutputFormat::kTable &&
      UseColour(colour, StdoutIsTerminal(), std::getenv("NO_COLOR")));
  Connection connection(c.global);
  if (ingest->parsed()) return RunIngest(&connection, c.ingest);
  if (timeline->parsed()) return RunTimeline(&connection, c.timeline);
  if (events->parsed()) return RunEvents(&connection, c.events);
  if (catalog.actors->parsed()) return RunActors(&connection, c.actors);
  if (catalog.actor->parsed()) return RunActor(&connection, c.actor_name);
  if (catalog.stats->parsed()) return RunStats(&connection);
  std::cerr << app.help();
  return kExitUsage;
}

}  // namespace
}  // namespace eventgraph::client

int main(int argc, char** argv) {
  try {
    return eventgraph::client::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: INTERNAL: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: INTERNAL: unknown exception\n";
  }
  return eventgraph::client::kExitFailure;
}
