// The subject of a query: an actor, optionally a counterpart, and a
// direction; and what to read for it: which index streams and which counter
// series (with signs) add up to exactly its events.
//
// Thread safety: thread-safe (pure functions over an EventStore, which is).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/event_store.h"

namespace eventgraph::query {

enum class Direction { kBoth, kOut, kIn };

// How a query's actors are taken (query/rollup.h).
enum class Rollup {
  kNone,     // the named actors themselves
  kCountry,  // every actor affiliated with each named country
};

struct Subject {
  std::string actor;        // empty: every event (no counter terms)
  std::string counterpart;  // empty: all partners
  Direction direction = Direction::kBoth;
  Rollup rollup = Rollup::kNone;
};

struct ResolvedSubject {
  storage::ActorId actor = 0;  // 0 when the subject is every event
  std::optional<storage::ActorId> counterpart;
  Direction direction = Direction::kBoth;
  std::string actor_name;  // canonical names (country names with a rollup)
  std::string counterpart_name;
  // Rollup::kCountry: the countries (ISO3) and their affiliated actors
  // (ascending ids); `actor` and `counterpart` are then unset.
  bool rollup = false;
  std::string actor_country;
  std::string counterpart_country;  // empty: all partners
  std::vector<storage::ActorId> actor_members;
  std::vector<storage::ActorId> counterpart_members;
};

// A counter series of a directed pair, added with `sign` (+1 or -1).
struct CounterTerm {
  storage::ActorId actor;
  storage::ActorId target;
  int sign;
};

// Resolves names (countries with Rollup::kCountry, see query/rollup.h).
// Errors: NotFound naming the unknown actor, counterpart or country;
// InvalidArgument (field "counterpart") for a counterpart without an actor.
absl::StatusOr<ResolvedSubject> ResolveSubject(const storage::EventStore& store,
                                               const Subject& subject);

// The counter series whose sum counts each event of the subject once.
// REQUIRES: subject.actor != 0 and !subject.rollup (RollupPlan has both for
// a rollup).
std::vector<CounterTerm> CounterTerms(const ResolvedSubject& subject);

// The indexes whose union (deduplicated by id) is the subject's events.
std::vector<storage::IndexSelector> IndexStreams(const ResolvedSubject& subject);

}  // namespace eventgraph::query
