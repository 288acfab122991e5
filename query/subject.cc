#include "query/subject.h"

#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"
#include "query/field_status.h"
#include "query/rollup.h"

namespace eventgraph::query {

using storage::ActorId;
using storage::IndexSelector;
using storage::kAnyActor;
using storage::Side;

absl::StatusOr<ResolvedSubject> ResolveSubject(const storage::EventStore& store,
                                               const Subject& subject) {
  ResolvedSubject r;
  r.direction = subject.direction;
  if (subject.actor.empty()) {
    if (!subject.counterpart.empty()) {
      return InvalidFieldError("counterpart", "requires an actor");
    }
    return r;
  }
  if (subject.rollup == Rollup::kCountry) {
    RETURN_IF_ERROR(ResolveRollup(store, subject, &r));
    return r;
  }
  std::optional<ActorId> actor = store.FindActor(subject.actor);
  if (!actor) {
    return absl::NotFoundError(
        absl::StrCat("actor \"", subject.actor, "\" not found"));
  }
  r.actor = *actor;
  r.actor_name = store.ActorName(*actor);
  if (!subject.counterpart.empty()) {
    std::optional<ActorId> counterpart = store.FindActor(subject.counterpart);
    if (!counterpart) {
      return absl::NotFoundError(
          absl::StrCat("counterpart \"", subject.counterpart, "\" not found"));
    }
    r.counterpart = *counterpart;
    r.counterpart_name = store.ActorName(*counterpart);
  }
  return r;
}

std::vector<CounterTerm> CounterTerms(const ResolvedSubject& s) {
  const ActorId a = s.actor;
  if (s.counterpart) {
    const ActorId b = *s.counterpart;
    if (a == b) return {{a, a, +1}};
    switch (s.direction) {
      case Direction::kOut:
        return {{a, b, +1}};
      case Direction::kIn:
        return {{b, a, +1}};
      case Direction::kBoth:
        return {{a, b, +1}, {b, a, +1}};
    }
  }
  switch (s.direction) {
    case Direction::kOut:
      return {{a, kAnyActor, +1}};
    case Direction::kIn:
      return {{kAnyActor, a, +1}};
    case Direction::kBoth:
      break;
  }
  // A self-loop is in both (a, *) and (*, a): take it out once.
  return {{a, kAnyActor, +1}, {kAnyActor, a, +1}, {a, a, -1}};
}

std::vector<IndexSelector> IndexStreams(const ResolvedSubject& s) {
  const ActorId a = s.actor;
  if (a == 0) return {IndexSelector::All()};
  if (s.counterpart) {
    const ActorId b = *s.counterpart;
    if (a == b) return {IndexSelector::Dyad(a, a)};
    switch (s.direction) {
      case Direction::kOut:
        return {IndexSelector::Dyad(a, b)};
      case Direction::kIn:
        return {IndexSelector::Dyad(b, a)};
      case Direction::kBoth:
        return {IndexSelector::Dyad(a, b), IndexSelector::Dyad(b, a)};
    }
  }
  switch (s.direction) {
    case Direction::kOut:
      return {IndexSelector::Actor(a, Side::kOut)};
    case Direction::kIn:
      return {IndexSelector::Actor(a, Side::kIn)};
    case Direction::kBoth:
      break;
  }
  return {IndexSelector::Actor(a, Side::kOut),
          IndexSelector::Actor(a, Side::kIn)};
}

}  // namespace eventgraph::query
