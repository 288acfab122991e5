// Conversions of actor profiles, countries and rollups between the API and
// the domain types (server/actor_service.cc has the handlers).
//
// Thread safety: thread-safe (pure functions over a thread-safe store).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "query/rollup.h"
#include "query/subject.h"
#include "storage/event_store.h"

namespace eventgraph::server {

namespace v1 = ::eventgraph::v1;

// InvalidArgument naming `field` for an unknown value.
absl::StatusOr<query::Rollup> FromProto(v1::Rollup rollup,
                                        const std::string& field);

// Sets kind, country, country_name, country_source and aliases of `out` for
// actor `id` (nothing when the id is unknown).
void AddProfile(const storage::EventStore& store, storage::ActorId id,
                v1::Actor* out);

void ToProto(const query::Contributor& in, v1::RollupContributor* out);

}  // namespace eventgraph::server
