// Country rollup: a query's actor and counterpart name countries (a code
// "RUS", a name "Russia" or an alias "Russian Federation"; an actor's name
// stands for its country), and each stands for every actor affiliated with
// that country (storage/affiliation.h says how an actor gets its country).
//
// Which events a rollup subject selects:
//   - two countries A and B (A != B): every event between an actor of A and
//     an actor of B, in the subject's direction (out: A -> B). Events
//     inside A or inside B are not counted.
//   - the same country twice: every event between two actors of it.
//   - one country, no counterpart: every event with an actor of A on the
//     side(s) of the direction, each event once (an event inside A too).
//
// Nothing is precomputed for a rollup: the plan is the set of affiliated
// actor pairs that have events (read from the in-memory graph's partner
// lists, or one counter key per partner without it), and a timeline is the
// sum of those pairs' existing counters; an event listing merges those
// pairs' indexes. A changed affiliation (PutActor) shows in the next query.
//
// Thread safety: thread-safe (functions of an EventStore, which is).
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "query/subject.h"
#include "storage/event_store.h"

namespace eventgraph::query {

// The country (ISO3) named by `text`: a country code, name or alias, else an
// actor name (or alias) with a country. NotFound naming `text` otherwise.
absl::StatusOr<std::string> ResolveCountry(const storage::EventStore& store,
                                           std::string_view field,
                                           const std::string& text);

// Fills the rollup fields of *out for `subject` (Rollup::kCountry).
// Errors: NotFound naming an unknown country.
absl::Status ResolveRollup(const storage::EventStore& store,
                           const Subject& subject, ResolvedSubject* out);

// What a rollup subject reads.
struct RollupPlan {
  // Counter series whose sum counts each selected event once.
  std::vector<CounterTerm> terms;
  // Indexes whose union (deduplicated by id) is the selected events.
  std::vector<storage::IndexSelector> streams;
};

// REQUIRES: subject.rollup. Errors: DataLoss on a corrupt counter key.
absl::StatusOr<RollupPlan> PlanRollup(const storage::EventStore& store,
                                      const ResolvedSubject& subject);

// Events per actor that made up a rollup answer: the counted events in
// which the actor took part (with a counterpart country), or in which it is
// on the side(s) of the direction (without one: for "Russia, out", the
// events a Russian actor sent). An event between two affiliated actors
// counts for both, so the counts may add up to more than the total.
struct Contributor {
  std::string actor;    // canonical name
  std::string country;  // ISO3
  int64_t events = 0;
};

// Accumulates the events of each actor of a rollup, from counter terms or
// from events. Not thread-safe.
class ContributorTally {
 public:
  explicit ContributorTally(const ResolvedSubject& subject);
  // `events` counted by `term` (with its sign).
  void AddTerm(const CounterTerm& term, int64_t events);
  // One selected event.
  void AddEvent(storage::ActorId actor, storage::ActorId target);
  // Actors with events, most first (then by name).
  std::vector<Contributor> Finish(const storage::EventStore& store) const;

 private:
  void Credit(storage::ActorId id, int64_t n);
  absl::flat_hash_set<storage::ActorId> members_;
  // Which sides of an event earn credit: both with a counterpart country;
  // without one, the side(s) of the direction.
  bool credit_actor_ = true;
  bool credit_target_ = true;
  absl::flat_hash_map<storage::ActorId, int64_t> counts_;
};

}  // namespace eventgraph::query
