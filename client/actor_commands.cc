#include "client/actor_commands.h"

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/csv_writer.h"
#include "client/exit_codes.h"
#include "client/output.h"
#include "client/query_support.h"
#include "client/table.h"

namespace eventgraph::client {
namespace {

namespace v1 = ::eventgraph::v1;

std::string Lower(std::string_view text) {
  std::string s(text);
  absl::StripAsciiWhitespace(&s);
  absl::AsciiStrToLower(&s);
  return s;
}

// The enum value's name without `prefix`, lower case, '_' as ' '.
std::string ShortName(const std::string& full, std::string_view prefix) {
  std::string s = Lower(full.substr(std::min(full.size(), prefix.size())));
  for (char& ch : s) {
    if (ch == '_') ch = ' ';
  }
  return s;
}

void PrintActor(const v1::Actor& actor, OutputFormat format) {
  if (format == OutputFormat::kJson) {
    PrintJsonLine(actor);
    return;
  }
  const std::string aliases = absl::StrJoin(actor.aliases(), "; ");
  if (format == OutputFormat::kCsv) {
    CsvWriter csv(&std::cout);
    csv.WriteRow(std::vector<std::string>{"id", "name", "kind", "country",
                                          "country_source", "aliases"});
    csv.WriteRow(std::vector<std::string>{
        absl::StrCat(actor.id()), actor.name(), ActorKindName(actor.kind()),
        actor.country(), CountrySourceName(actor.country_source()), aliases});
    return;
  }
  std::cout << "id       " << actor.id() << "\n"
            << "name     " << actor.name() << "\n"
            << "kind     " << ActorKindName(actor.kind()) << "\n"
            << "country  " << actor.country()
            << (actor.country_name().empty()
                    ? ""
                    : absl::StrCat(" (", actor.country_name(), ", ",
                                   CountrySourceName(actor.country_source()),
                                   ")"))
            << "\n"
            << "aliases  " << aliases << "\n";
}

}  // namespace

absl::StatusOr<v1::Rollup> ParseRollup(std::string_view name) {
  const std::string n = Lower(name);
  if (n.empty() || n == "none") return v1::ROLLUP_NONE;
  if (n == "country") return v1::ROLLUP_COUNTRY;
  return absl::InvalidArgumentError(
      absl::StrCat("--rollup ", std::string(name), ": expected none or country"));
}

absl::StatusOr<v1::ActorKind> ParseActorKind(std::string_view name) {
  std::string n = Lower(name);
  if (n.empty()) return v1::ACTOR_KIND_UNSPECIFIED;
  if (n == "organisation") n = "organization";
  v1::ActorKind kind;
  if (n != "unspecified" &&
      v1::ActorKind_Parse(absl::StrCat("ACTOR_KIND_", absl::AsciiStrToUpper(n)),
                          &kind)) {
    return kind;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--kind ", std::string(name),
      ": expected state, government, person, organization, military, group, "
      "media or other"));
}

std::string ActorKindName(v1::ActorKind kind) {
  if (kind == v1::ACTOR_KIND_UNSPECIFIED) return "";
  return ShortName(v1::ActorKind_Name(kind), "ACTOR_KIND_");
}

std::string CountrySourceName(v1::ActorCountrySource source) {
  if (source == v1::ACTOR_COUNTRY_SOURCE_UNSPECIFIED) return "";
  return ShortName(v1::ActorCountrySource_Name(source),
                   "ACTOR_COUNTRY_SOURCE_");
}

int RunPutActor(Connection* connection, const PutActorOptions& options) {
  absl::StatusOr<v1::ActorKind> kind = ParseActorKind(options.kind);
  if (!kind.ok()) {
    std::cerr << "error: " << kind.status().message() << "\n";
    return kExitUsage;
  }
  v1::PutActorRequest request;
  request.set_name(options.name);
  request.set_kind(*kind);
  request.set_country(options.country);
  for (const std::string& a : options.aliases) request.add_aliases(a);
  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  v1::Actor actor;
  const grpc::Status status =
      connection->stub().PutActor(&context, request, &actor);
  if (!status.ok()) return ReportRpcError(status);
  PrintActor(actor, connection->options().output);
  return kExitOk;
}

int RunCountries(Connection* connection) {
  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  v1::ListCountriesResponse response;
  const grpc::Status status = connection->stub().ListCountries(
      &context, v1::ListCountriesRequest(), &response);
  if (!status.ok()) return ReportRpcError(status);
  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  if (format == OutputFormat::kCsv) {
    CsvWriter csv(&std::cout);
    csv.WriteRow(
        std::vector<std::string>{"code", "fips", "name", "aliases", "actors"});
    for (const v1::Country& c : response.countries()) {
      csv.WriteRow(std::vector<std::string>{c.code(), c.fips(), c.name(),
                                            absl::StrJoin(c.aliases(), "; "),
                                            absl::StrCat(c.actor_count())});
    }
    return kExitOk;
  }
  Table table({{"code"},
               {"fips"},
               {"name", Align::kLeft, 32},
               {"actors", Align::kRight},
               {"aliases", Align::kLeft, 60}});
  for (const v1::Country& c : response.countries()) {
    table.AddRow({c.code(), c.fips(), c.name(), WithThousands(c.actor_count()),
                  absl::StrJoin(c.aliases(), "; ")});
  }
  table.Print(std::cout);
  return kExitOk;
}

void PrintContributors(const v1::GetTimelineResponse& response,
                       size_t max_rows) {
  if (response.contributors().empty()) return;
  std::cout << "\ncontributing actors (" << response.contributors_size()
            << "):\n";
  Table table(
      {{"actor", Align::kLeft, 48}, {"country"}, {"events", Align::kRight}});
  size_t shown = 0;
  for (const v1::RollupContributor& c : response.contributors()) {
    if (shown++ == max_rows) break;
    table.AddRow({c.actor(), c.country(), WithThousands(c.event_count())});
  }
  table.Print(std::cout);
  if (static_cast<size_t>(response.contributors_size()) > max_rows) {
    std::cout << "... " << response.contributors_size() - max_rows
              << " more (--output json lists every one)\n";
  }
}

}  // namespace eventgraph::client
