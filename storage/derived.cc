#include "storage/derived.h"

#include <algorithm>

#include "storage/keys.h"

namespace eventgraph::storage {
namespace {

// Adds one event to the three counter levels of one directed pair.
void CountEvent(ActorId actor, ActorId target, const Event& e,
                absl::node_hash_map<std::string, Counter>* counters) {
  (*counters)[CounterKey(actor, target, Level::kDay, e.day)].AddEvent(e);
  (*counters)[CounterKey(actor, target, Level::kMonth, MonthIndex(e.day))]
      .AddEvent(e);
  (*counters)[CounterKey(actor, target, Level::kYear, YearOf(e.day))].AddEvent(
      e);
}

void NoteActor(ActorId id, Side side, bool self, Day day,
               absl::flat_hash_map<ActorId, ActorStats>* stats) {
  ActorStats s;
  (side == Side::kOut ? s.out_count : s.in_count) = 1;
  s.first_day = s.last_day = day;
  (*stats)[id].Add(s);
  if (self && side == Side::kIn) (*stats)[id].self_count += 1;
}

}  // namespace

void SortedEntries::Sort() {
  std::sort(entries_.begin(), entries_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

void SortedEntries::PutInto(rocksdb::WriteBatch* batch,
                            rocksdb::ColumnFamilyHandle* cf) {
  Sort();
  for (const auto& [k, v] : entries_) batch->Put(cf, k, v);
}

void SortedEntries::MergeInto(rocksdb::WriteBatch* batch,
                              rocksdb::ColumnFamilyHandle* cf) {
  Sort();
  for (const auto& [k, v] : entries_) batch->Merge(cf, k, v);
}

void DerivedEntries::Add(const Event& e, std::string identity_key) {
  identity.Add(std::move(identity_key), EncodeU64(e.id));
  actor_events.Add(ActorEventKey(e.actor_id, Side::kOut, e.day, e.id),
                   EncodeU32(e.target_id));
  actor_events.Add(ActorEventKey(e.target_id, Side::kIn, e.day, e.id),
                   EncodeU32(e.actor_id));
  dyad_events.Add(DyadEventKey(e.actor_id, e.target_id, e.day, e.id), "");
  date_index.Add(DateKey(e.day, e.id), "");
  CountEvent(e.actor_id, e.target_id, e, &counters);
  CountEvent(e.actor_id, kAnyActor, e, &counters);
  CountEvent(kAnyActor, e.target_id, e, &counters);
  const bool self = e.actor_id == e.target_id;
  NoteActor(e.actor_id, Side::kOut, self, e.day, &actor_stats);
  NoteActor(e.target_id, Side::kIn, self, e.day, &actor_stats);
}

}  // namespace eventgraph::storage
