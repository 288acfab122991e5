#include "query/rollup.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "storage/reference/countries.h"
#include "storage/status_macros.h"

namespace eventgraph::query {

using storage::ActorId;
using storage::IndexSelector;
using storage::kAnyActor;
using storage::Side;

namespace {

std::string CountryName(std::string_view iso3) {
  const reference::Country* c = reference::FindCountryByCode(iso3);
  return c == nullptr ? std::string(iso3) : std::string(c->name);
}

// ForEachPairBetween from the counters on disk.
absl::Status ForEachPairOnDisk(
    const storage::EventStore& store, const std::vector<ActorId>& from,
    const absl::flat_hash_set<ActorId>& to,
    const std::function<void(ActorId, ActorId)>& fn) {
  for (ActorId a : from) {
    RETURN_IF_ERROR(store.ForEachOutPartner(a, [&](ActorId b) {
      if (to.contains(b)) fn(a, b);
    }));
  }
  return absl::OkStatus();
}

// Calls fn(a, b) for every pair a -> b with events, a in `from`, b in `to`.
absl::Status ForEachPairBetween(
    const storage::EventStore& store, const std::vector<ActorId>& from,
    const absl::flat_hash_set<ActorId>& to,
    const std::function<void(ActorId, ActorId)>& fn) {
  if (to.empty()) return absl::OkStatus();
  if (const storage::TemporalGraph* g = store.graph()) {
    storage::TemporalGraph::Reader graph(g);
    // A graph that dropped days for its memory budget lacks their pairs.
    if (graph.complete()) {
      for (ActorId a : from) {
        for (storage::PairIndex p : graph.OutPairs(a)) {
          const ActorId b = graph.pair(p).dst;
          if (to.contains(b)) fn(a, b);
        }
      }
      return absl::OkStatus();
    }
  }
  return ForEachPairOnDisk(store, from, to, fn);
}

}  // namespace

absl::StatusOr<std::string> ResolveCountry(const storage::EventStore& store,
                                           std::string_view field,
                                           const std::string& text) {
  if (const reference::Country* c = reference::FindCountry(text)) {
    return std::string(c->iso3);
  }
  if (std::optional<ActorId> id = store.FindActor(text)) {
    std::string country = store.CountryOf(*id);
    if (!country.empty()) return country;
    return absl::NotFoundError(
        absl::StrCat(std::string(field), " \"", text,
                     "\" is neither a country nor an actor with a country"));
  }
  return absl::NotFoundError(absl::StrCat(std::string(field), " \"", text,
                                          "\": no such country or actor"));
}

absl::Status ResolveRollup(const storage::EventStore& store,
                           const Subject& subject, ResolvedSubject* out) {
  out->rollup = true;
  ASSIGN_OR_RETURN(out->actor_country,
                   ResolveCountry(store, "country", subject.actor));
  out->actor_name = CountryName(out->actor_country);
  out->actor_members = store.CountryMembers(out->actor_country);
  if (!subject.counterpart.empty()) {
    ASSIGN_OR_RETURN(
        out->counterpart_country,
        ResolveCountry(store, "counterpart country", subject.counterpart));
    out->counterpart_name = CountryName(out->counterpart_country);
    out->counterpart_members = store.CountryMembers(out->counterpart_country);
  }
  return absl::OkStatus();
}

absl::StatusOr<RollupPlan> PlanRollup(const storage::EventStore& store,
                                      const ResolvedSubject& s) {
  RollupPlan plan;
  const std::vector<ActorId>& a_members = s.actor_members;
  const absl::flat_hash_set<ActorId> a_set(a_members.begin(), a_members.end());
  auto add_pair = [&](ActorId x, ActorId y, int sign) {
    plan.terms.push_back({x, y, sign});
    if (sign > 0) plan.streams.push_back(IndexSelector::Dyad(x, y));
  };
  if (s.counterpart_country.empty()) {
    const bool out = s.direction != Direction::kIn;
    const bool in = s.direction != Direction::kOut;
    for (ActorId a : a_members) {
      if (out) {
        plan.terms.push_back({a, kAnyActor, +1});
        plan.streams.push_back(IndexSelector::Actor(a, Side::kOut));
      }
      if (in) {
        plan.terms.push_back({kAnyActor, a, +1});
        plan.streams.push_back(IndexSelector::Actor(a, Side::kIn));
      }
    }
    if (out && in) {
      // An event inside the country is in (a1, *) and in (*, a2): once off.
      RETURN_IF_ERROR(ForEachPairBetween(store, a_members, a_set,
                                         [&](ActorId x, ActorId y) {
                                           plan.terms.push_back({x, y, -1});
                                         }));
    }
    return plan;
  }
  if (s.counterpart_country == s.actor_country) {
    RETURN_IF_ERROR(
        ForEachPairBetween(store, a_members, a_set,
                           [&](ActorId x, ActorId y) { add_pair(x, y, +1); }));
    return plan;
  }
  const std::vector<ActorId>& b_members = s.counterpart_members;
  const absl::flat_hash_set<ActorId> b_set(b_members.begin(), b_members.end());
  if (s.direction != Direction::kIn) {
    RETURN_IF_ERROR(
        ForEachPairBetween(store, a_members, b_set,
                           [&](ActorId x, ActorId y) { add_pair(x, y, +1); }));
  }
  if (s.direction != Direction::kOut) {
    RETURN_IF_ERROR(
        ForEachPairBetween(store, b_members, a_set,
                           [&](ActorId x, ActorId y) { add_pair(x, y, +1); }));
  }
  return plan;
}

ContributorTally::ContributorTally(const ResolvedSubject& s) {
  members_.insert(s.actor_members.begin(), s.actor_members.end());
  members_.insert(s.counterpart_members.begin(), s.counterpart_members.end());
  if (s.counterpart_country.empty()) {
    credit_actor_ = s.direction != Direction::kIn;
    credit_target_ = s.direction != Direction::kOut;
  }
}

void ContributorTally::Credit(ActorId id, int64_t n) {
  if (id == kAnyActor || n == 0) return;
  counts_[id] += n;
}

void ContributorTally::AddTerm(const CounterTerm& t, int64_t events) {
  if (t.sign > 0) {
    Credit(t.actor, events);
    if (t.target != t.actor) Credit(t.target, events);
  } else if (t.actor == t.target) {
    // A self-loop is in both (a, *) and (*, a).
    Credit(t.actor, -events);
  }
  // (a1, a2, -1) with a1 != a2 takes out an event counted in (a1, *) for a1
  // and in (*, a2) for a2: each actor took part once, nothing to correct.
}

void ContributorTally::AddEvent(ActorId actor, ActorId target) {
  const bool a = credit_actor_ && members_.contains(actor);
  if (a) Credit(actor, 1);
  if (credit_target_ && members_.contains(target) && !(a && target == actor)) {
    Credit(target, 1);
  }
}

std::vector<Contributor> ContributorTally::Finish(
    const storage::EventStore& store) const {
  std::vector<Contributor> out;
  for (const auto& [id, n] : counts_) {
    if (n <= 0) continue;
    out.push_back({store.ActorName(id), store.CountryOf(id), n});
  }
  std::sort(out.begin(), out.end(),
            [](const Contributor& x, const Contributor& y) {
              if (x.events != y.events) return x.events > y.events;
              return x.actor < y.actor;
            });
  return out;
}

}  // namespace eventgraph::query
