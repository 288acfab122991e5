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

struct Subject {
  std::string actor;        // empty: every event (no counter terms)
  std::string counterpart;  // empty: all partners
  Direction direction = Direction::kBoth;
};

struct ResolvedSubject {
  storage::ActorId actor = 0;  // 0 when the subject is every event
  std::optional<storage::ActorId> counterpart;
  Direction direction = Direction::kBoth;
  std::string actor_name;  // canonical names
  std::string counterpart_name;
};

// A counter series of a directed pair, added with `sign` (+1 or -1).
struct CounterTerm {
  storage::ActorId actor;
  storage::ActorId target;
  int sign;
};

// Resolves names. Errors: NotFound naming the unknown actor or counterpart;
// InvalidArgument (field "counterpart") for a counterpart without an actor.
absl::StatusOr<ResolvedSubject> ResolveSubject(const storage::EventStore& store,
                                               const Subject& subject);

// The counter series whose sum counts each event of the subject once.
// REQUIRES: subject.actor != 0.
std::vector<CounterTerm> CounterTerms(const ResolvedSubject& subject);

// The indexes whose union (deduplicated by id) is the subject's events.
std::vector<storage::IndexSelector> IndexStreams(const ResolvedSubject& subject);

}  // namespace eventgraph::query
