// `eventgraph actor put NAME --kind K --country C --alias A...` (PutActor),
// `eventgraph countries` (ListCountries), and the --rollup flag shared by
// timeline, events, neighbors and path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/connection.h"
#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::client {

// "none" (or "") and "country", any case; INVALID_ARGUMENT otherwise.
absl::StatusOr<eventgraph::v1::Rollup> ParseRollup(std::string_view name);

// "state", "government", "person", "organization" (or "organisation"),
// "military", "group", "media", "other", "" (unspecified), any case.
absl::StatusOr<eventgraph::v1::ActorKind> ParseActorKind(std::string_view name);
// "state" for ACTOR_KIND_STATE; "" for unspecified.
std::string ActorKindName(eventgraph::v1::ActorKind kind);
// "declared", "data", "name pattern", "country name"; "" for none.
std::string CountrySourceName(eventgraph::v1::ActorCountrySource source);

struct PutActorOptions {
  std::string name;
  std::string kind;
  std::string country;
  std::vector<std::string> aliases;
};

// Each returns the exit code (kExitUsage for a bad flag, kExitFailure when
// the RPC fails, e.g. INVALID_ARGUMENT naming the field).
int RunPutActor(Connection* connection, const PutActorOptions& options);
int RunCountries(Connection* connection);

// Prints the contributors of a rollup timeline under its table: the first
// `max_rows`, then how many more (--output json lists all).
void PrintContributors(const eventgraph::v1::GetTimelineResponse& response,
                       size_t max_rows);

}  // namespace eventgraph::client
