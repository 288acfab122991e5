// eventgraph: the command-line client of the EventGraph server. It speaks
// only the public gRPC API (eventgraph/v1/eventgraph.proto).
//
// This file sets up the command line (CLI11) and dispatches to the
// commands. Exit codes: 0 success, 1 RPC or I/O failure, 2 usage error.
#include <malloc.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/admin_commands.h"
#include "client/actor_commands.h"
#include "client/catalog_commands.h"
#include "client/codes_command.h"
#include "client/connection.h"
#include "client/events_command.h"
#include "client/generate_command.h"
#include "client/graph_commands.h"
#include "client/ingest_command.h"
#include "client/ingest_pipeline.h"
#include "client/style.h"
#include "client/timeline_command.h"

namespace eventgraph::client {
namespace {

// The --code flag of every query command: a CAMEO prefix the server checks.
constexpr const char* kCodeFlagHelp =
    "Only CAMEO codes starting with these 2 to 4 digits: a root (04 consult, "
    "19 fight), a base code (043) or a code; see 'eventgraph codes'";

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
  command->add_option("--code", filter->code, kCodeFlagHelp);
  command
      ->add_option("--quad", filter->quads,
                   "Only this quad class 1..4 (repeatable)")
      ->check(CLI::Range(1, 4))
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// Adds --quad taking a list of quad classes: --quad 1,2 or repeated.
void AddQuadListFlag(CLI::App* command, std::vector<int>* quads) {
  command
      ->add_option("--quad", *quads,
                   "Only these quad classes 1..4: --quad 1,2 or repeated")
      ->check(CLI::Range(1, 4))
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// Adds the edge-filter flags of `path`, `neighbors` and `subgraph`.
void AddEdgeFilterFlags(CLI::App* command, EdgeFilterOptions* filter) {
  command->add_option("--action", filter->action,
                      "Only events with this action text (case-insensitive)");
  command->add_option("--code", filter->code, kCodeFlagHelp);
  AddQuadListFlag(command, &filter->quads);
  command
      ->add_option("--goldstein-min", filter->goldstein_min,
                   "Only events with a Goldstein score of at least X")
      ->check(CLI::Range(-10.0, 10.0));
  command
      ->add_option("--goldstein-max", filter->goldstein_max,
                   "Only events with a Goldstein score of at most X")
      ->check(CLI::Range(-10.0, 10.0));
  command
      ->add_option("--min-events", filter->min_events,
                   "A pair is an edge only with at least N matching events")
      ->check(CLI::NonNegativeNumber);
}

// Adds --from and --to (the window of a graph query).
void AddWindowFlags(CLI::App* command, std::string* from, std::string* to) {
  command->add_option("--from", *from,
                      "First day of the window, YYYY-MM-DD (default: the "
                      "data's first day)");
  command->add_option("--to", *to,
                      "Last day of the window, YYYY-MM-DD (default: the "
                      "data's last day)");
}

struct Commands {
  GlobalOptions global;
  std::string output = "table";
  std::string colour = "auto";
  IngestOptions ingest;
  TimelineOptions timeline;
  EventsOptions events;
  ActorsOptions actors;
  AdminOptions admin;
  DeleteOptions del;
  std::string actor_name;
  PathOptions path;
  NeighborsOptions neighbors;
  SubgraphOptions subgraph;
  GenerateOptions generate;
  PutActorOptions put_actor;
  CodesOptions codes;
};

// Country rollup and actor profiles (client/actor_commands.h).
void AddRollupFlag(CLI::App* command, std::string* rollup) {
  command
      ->add_option("--rollup", *rollup,
                   "country: actors name countries (code, name or alias), "
                   "each standing for every actor affiliated with it")
      ->check(CLI::IsMember({"none", "country"}, CLI::ignore_case))
      ->capture_default_str();
}

CLI::App* AddActorPut(CLI::App* actor, Commands* c) {
  CLI::App* put = actor->add_subcommand(
      "put", "Declare an actor's kind, country and aliases (PutActor)");
  put->add_option("name", c->put_actor.name, "Actor name (created if new)")
      ->required();
  put->add_option("--kind", c->put_actor.kind,
                  "state, government, person, organization, military, group, "
                  "media, other");
  put->add_option("--country", c->put_actor.country,
                  "Country code (RUS), name or alias; empty: none declared");
  put->add_option("--alias", c->put_actor.aliases,
                  "Another name of the actor (repeatable); replaces the "
                  "aliases");
  put->footer(
      "Example:\n  eventgraph actor put \"Kim Jong-Un\" --kind person "
      "--country PRK --alias \"Kim Jong Un\"");
  return put;
}

CLI::App* AddIngest(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "ingest",
      "Load event files or folders (GDELT, ICEWS, quadruples, TSV, CSV, "
      "JSONL; plain, gzip'd or zip'd)");
  command
      ->add_option("files", c->ingest.files,
                   "Input files, or folders of them (- for stdin)")
      ->required();
  command
      ->add_option("--format", c->ingest.format,
                   "Input format: auto (per file, from its name and first "
                   "line), gdelt1, gdelt2, icews, quad, tsv, csv, jsonl")
      ->check(CLI::IsMember(
          {"auto", "gdelt1", "gdelt2", "icews", "quad", "tsv", "csv", "jsonl"},
          CLI::ignore_case))
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
  command->add_option("--resume", c->ingest.resume_path,
                      "Checkpoint file: record the rows acknowledged as "
                      "they are; a rerun with it skips them");
  command
      ->add_option("--retries", c->ingest.max_retries,
                   "Retries while the server is unavailable (backoff 0.5 s "
                   "doubling to 8 s)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  c->ingest.parse_threads = DefaultParseThreads();
  command
      ->add_option("--parse-threads", c->ingest.parse_threads,
                   "Threads that turn rows into events (1: parse on the "
                   "sending thread); the results are the same for any number")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  command->add_flag("--bulk", c->ingest.bulk,
                    "Bulk load: the server writes sorted SST files a chunk "
                    "at a time instead of going through its memtables "
                    "(fastest into a new or idle database)");
  command->add_flag("--quiet,-q", c->ingest.quiet, "No progress on stderr");
  command->footer(
      "Examples:\n"
      "  eventgraph ingest icews18_events.tsv.gz --rejects rejects.tsv\n"
      "  eventgraph ingest gdelt10m.tsv.gz --bulk\n"
      "  eventgraph ingest gdelt/ --resume gdelt.checkpoint\n"
      "  eventgraph ingest icews18_events.tsv.gz --format quad\n"
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
  command->add_flag("--split", c->timeline.split,
                    "Also count each direction apart (out: actor to "
                    "partner, in: partner to actor)");
  command->footer(
      "Examples:\n"
      "  eventgraph timeline Russia \"North Korea\" --from 2018-01-01 "
      "--by month\n"
      "  eventgraph timeline Russia \"North Korea\" --split --rollup country");
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
  actor->add_option("name", c->actor_name, "Actor name (required)");
  actor->footer("Example:\n  eventgraph actor \"Kim Jong-Un\"");

  CLI::App* stats =
      app->add_subcommand("stats", "Show database totals (GetStats)");
  stats->footer("Example:\n  eventgraph --output json stats");

  return {actors, actor, stats};
}

CLI::App* AddPath(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "path",
      "Paths or time-respecting journeys between two actors (FindPaths)");
  command->add_option("from_actor", c->path.from_actor, "Where paths start")
      ->required();
  command->add_option("to_actor", c->path.to_actor, "Where paths end")
      ->required();
  AddWindowFlags(command, &c->path.from, &c->path.to);
  command
      ->add_option("--mode", c->path.mode,
                   "shortest (fewest hops), k-shortest, weighted (cheapest "
                   "by events and Goldstein), or journeys: earliest "
                   "(arrival), latest (departure), fastest, fewest-hops")
      ->check(CLI::IsMember({"shortest", "k-shortest", "weighted", "earliest",
                             "latest", "fastest", "fewest-hops"},
                            CLI::ignore_case))
      ->capture_default_str();
  command
      ->add_option("--limit,--k", c->path.limit,
                   "shortest: at most N paths (server default 10, at most "
                   "100); k-shortest, weighted: k (default 3, at most 50)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--max-hops", c->path.max_hops,
                   "Hop limit: 1..8 (server default 4); journeys 1..64 "
                   "(default none)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--directed", c->path.directed,
                    "Follow events actor -> target only (default: an event "
                    "links two actors either way)");
  command->add_flag("--strict", c->path.strict,
                    "Journeys: each event strictly later than the previous "
                    "(not the same day)");
  command->add_option("--start", c->path.start,
                      "Journeys: leave on or after this day (default --from)");
  command->add_option("--end", c->path.end,
                      "Journeys: arrive by this day (default --to)");
  command
      ->add_option("--evidence", c->path.evidence,
                   "Latest events shown per hop, 0..20 (server default 3; "
                   "0: none)")
      ->check(CLI::Range(0, 20));
  AddEdgeFilterFlags(command, &c->path.filter);
  command
      ->add_option("--max-visited", c->path.max_visited,
                   "Search budget: actors visited (0: the server's maximum, "
                   "1,000,000)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--max-edges", c->path.max_edges,
                   "Search budget: edges expanded or events scanned (0: the "
                   "server's maximum, 50,000,000)")
      ->check(CLI::NonNegativeNumber);
  command->footer(
      "Examples:\n"
      "  eventgraph path Russia Japan --from 2018-01-01 --to 2018-10-31\n"
      "  eventgraph path Russia Japan --mode weighted --k 5 --quad 1,2\n"
      "  eventgraph path Russia Japan --mode earliest --start 2018-03-01 "
      "--directed\n"
      "  eventgraph --output csv path Russia Japan --mode k-shortest");
  return command;
}

CLI::App* AddNeighbors(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "neighbors", "An actor's partners in a window (GetNeighbors)");
  command->add_option("actor", c->neighbors.actor, "The actor")->required();
  command
      ->add_option("--direction", c->neighbors.direction,
                   "Which side the actor is on: both, out (actor), in "
                   "(target)")
      ->check(CLI::IsMember({"both", "out", "in"}, CLI::ignore_case))
      ->capture_default_str();
  AddWindowFlags(command, &c->neighbors.from, &c->neighbors.to);
  command
      ->add_option("--limit", c->neighbors.limit,
                   "At most N partners (server default 50, at most 1000)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--order", c->neighbors.order,
                   "count (most events), cooperative (highest mean "
                   "Goldstein), hostile (lowest), recent (latest event)")
      ->check(CLI::IsMember({"count", "cooperative", "hostile", "recent"},
                            CLI::ignore_case))
      ->capture_default_str();
  AddEdgeFilterFlags(command, &c->neighbors.filter);
  command->footer(
      "Examples:\n"
      "  eventgraph neighbors \"North Korea\" --from 2018-01-01 --limit 10\n"
      "  eventgraph neighbors Russia --direction out --order hostile "
      "--quad 3,4");
  return command;
}

CLI::App* AddSubgraph(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "subgraph",
      "The network around seed actors (GetSubgraph); --output also graphml, "
      "dot");
  command->add_option("seeds", c->subgraph.seeds, "Seed actors (1..100)")
      ->required();
  command
      ->add_option("--radius", c->subgraph.radius, "Hops from the seeds, 0..4")
      ->check(CLI::Range(0, 4))
      ->capture_default_str();
  command
      ->add_option("--direction", c->subgraph.direction,
                   "Edges followed from a node: both, out, in")
      ->check(CLI::IsMember({"both", "out", "in"}, CLI::ignore_case))
      ->capture_default_str();
  AddWindowFlags(command, &c->subgraph.from, &c->subgraph.to);
  command
      ->add_option("--max-nodes", c->subgraph.max_nodes,
                   "At most N actors (server default 200, at most 10000)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--max-edges", c->subgraph.max_edges,
                   "At most N edges (server default 2000, at most 100000)")
      ->check(CLI::NonNegativeNumber);
  AddEdgeFilterFlags(command, &c->subgraph.filter);
  command->footer(
      "Output: table, json (nodes, edges, window, truncated), csv (one row "
      "per edge), graphml, dot.\n"
      "Examples:\n"
      "  eventgraph subgraph \"North Korea\" --radius 2 --from 2018-01-01\n"
      "  eventgraph --output graphml subgraph Russia China > net.graphml\n"
      "  eventgraph subgraph Russia -o dot --min-events 5 | dot -Tsvg > "
      "net.svg");
  return command;
}

CLI::App* AddCodes(CLI::App* app, Commands* c) {
  CLI::App* command = app->add_subcommand(
      "codes",
      "The CAMEO event codebook: code, name, quad class, default Goldstein "
      "(ListEventCodes)");
  command->add_option("prefix", c->codes.prefix,
                      "Only codes starting with these 2 to 4 digits: a root "
                      "(04 consult, 19 fight) or a code (empty: all)");
  AddQuadListFlag(command, &c->codes.quads);
  command->footer(
      "The same prefixes filter timeline, events, path and neighbors "
      "(--code).\nExamples:\n"
      "  eventgraph codes 04\n"
      "  eventgraph codes --quad 4 -o csv > material_conflict.csv");
  return command;
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
                 "Seconds a streaming call (ingest, events --all, "
                 "subgraph) may take")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--output,-o", c.output,
                 "Output format: table, json, csv (subgraph also graphml, "
                 "dot)")
      ->check(CLI::IsMember({"table", "json", "csv", "graphml", "dot"},
                            CLI::ignore_case))
      ->capture_default_str();
  app.add_option("--color", c.colour,
                 "Colour in table output: auto (on a terminal, unless "
                 "NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}, CLI::ignore_case))
      ->capture_default_str();
  app.add_option("--token", c.global.token,
                 "Bearer token for a server started with --tokens")
      ->envname("EVENTGRAPH_TOKEN");
  app.add_option("--tls-ca", c.global.tls_ca,
                 "Use TLS; trust server certificates signed by this CA (PEM)");
  app.add_option("--tls-cert", c.global.tls_cert,
                 "Client certificate (PEM) for a server requiring mTLS");
  app.add_option("--tls-key", c.global.tls_key,
                 "Private key (PEM) of --tls-cert");
  app.add_option("--tls-server-name", c.global.tls_server_name,
                 "Name expected in the server certificate (default: the "
                 "host of --server)");
  app.require_subcommand(1);
  // Global flags may also follow the command: eventgraph stats -o json.
  app.fallthrough();
  app.footer(
      "Examples:\n"
      "  eventgraph ingest events.tsv.gz\n"
      "  eventgraph timeline Russia \"North Korea\" --by month\n"
      "  eventgraph --output json stats\n"
      "  eventgraph path Russia Japan --mode earliest\n"
      "Run 'eventgraph COMMAND --help' for a command's flags.");
  CLI::App* ingest = AddIngest(&app, &c);
  CLI::App* timeline = AddTimeline(&app, &c);
  CLI::App* events = AddEvents(&app, &c);
  const CatalogCommands catalog = AddCatalog(&app, &c);
  CLI::App* path = AddPath(&app, &c);
  CLI::App* neighbors = AddNeighbors(&app, &c);
  CLI::App* subgraph = AddSubgraph(&app, &c);
  CLI::App* generate = AddGenerateCommand(&app, &c.generate);
  const AdminCommands admin = AddAdminCommands(&app, &c.admin);
  CLI::App* del = AddDeleteCommand(&app, &c.del);
  AddRollupFlag(timeline, &c.timeline.rollup);
  AddRollupFlag(events, &c.events.rollup);
  AddRollupFlag(path, &c.path.rollup);
  AddRollupFlag(neighbors, &c.neighbors.rollup);
  CLI::App* actor_put = AddActorPut(catalog.actor, &c);
  CLI::App* countries = app.add_subcommand(
      "countries", "The built-in country table (ListCountries)");
  CLI::App* codes = AddCodes(&app, &c);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);  // prints help or the error
    return code == 0 ? kExitOk : kExitUsage;
  }

  // The flag was checked against these names and graphml and dot, which
  // only subgraph can write.
  const auto format = ParseOutputFormat(c.output);
  if (!format.ok() && !subgraph->parsed()) {
    std::cerr << "error: --output " << c.output
              << " is only for subgraph; this command writes table, json or "
                 "csv\n";
    return kExitUsage;
  }
  c.global.output = format.value_or(OutputFormat::kTable);
  c.subgraph.format = c.output;
  // Only tables are painted; JSON, CSV, GraphML and DOT must stay free of
  // escape codes.
  const ColourMode colour =
      ParseColourMode(c.colour).value_or(ColourMode::kAuto);
  SetColourOutput(
      format.ok() && *format == OutputFormat::kTable &&
      UseColour(colour, StdoutIsTerminal(), std::getenv("NO_COLOR")));
  if (generate->parsed()) return RunGenerate(c.generate);  // no server
  if (const std::string problem = CheckSecurityOptions(c.global);
      !problem.empty()) {
    std::cerr << "error: " << problem << "\n";
    return kExitUsage;
  }
  Connection connection(c.global);
  if (ingest->parsed()) return RunIngest(&connection, c.ingest);
  if (timeline->parsed()) return RunTimeline(&connection, c.timeline);
  if (events->parsed()) return RunEvents(&connection, c.events);
  if (catalog.actors->parsed()) return RunActors(&connection, c.actors);
  if (actor_put->parsed()) return RunPutActor(&connection, c.put_actor);
  if (countries->parsed()) return RunCountries(&connection);
  if (catalog.actor->parsed()) {
    if (c.actor_name.empty()) {
      std::cerr << "error: actor: a NAME (or put NAME) is required\n";
      return kExitUsage;
    }
    return RunActor(&connection, c.actor_name);
  }
  if (catalog.stats->parsed()) return RunStats(&connection);
  if (admin.admin->parsed()) return RunAdmin(&connection, admin, c.admin);
  if (del->parsed()) return RunDelete(&connection, c.del);
  if (path->parsed()) return RunPath(&connection, c.path);
  if (neighbors->parsed()) return RunNeighbors(&connection, c.neighbors);
  if (subgraph->parsed()) return RunSubgraph(&connection, c.subgraph);
  if (codes->parsed()) return RunCodes(&connection, c.codes);
  std::cerr << app.help();
  return kExitUsage;
}

}  // namespace
}  // namespace eventgraph::client

int main(int argc, char** argv) {
  // A loader allocates and frees batches of 0.1-3 MiB all the time: served
  // from the heap and kept instead of mmap'ed and returned, they cost no
  // page faults at each reuse (a fifth of `ingest`'s CPU). A short-lived
  // process can keep what it freed.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  try {
    return eventgraph::client::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: INTERNAL: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: INTERNAL: unknown exception\n";
  }
  return eventgraph::client::kExitFailure;
}
