// EventStore deletion: finding events by source_event_id or source, and
// DeleteEvents, which removes an event with everything storage/derived.h
// says it derives, in one WriteBatch per chunk, serialized with Write.
#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "storage/derived.h"
#include "storage/event_store.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

// The identity key of an event with this source_event_id on `day`.
std::string SourceIdentity(std::string_view source_event_id, Day day) {
  Event e;
  e.source_event_id = std::string(source_event_id);
  e.day = day;
  return IdentityKey(e, "", "");
}

// First (or last) day of actor `a`'s index entries on `side` within
// [from, to], skipping the events in `gone`; nullopt when none is left. The
// window is the actor's stored first..last day: entries outside it are
// only tombstones of earlier deletes, which the scan would otherwise walk.
absl::StatusOr<std::optional<Day>> EdgeDay(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, ActorId a, Side side,
    Day from, Day to, bool last, const absl::flat_hash_set<EventId>& gone) {
  const std::string lower = ActorEventKey(a, side, from, 0);
  const std::string upper = ActorEventKey(a, side, to + 1, 0);
  const rocksdb::Slice lower_slice(lower), upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_lower_bound = &lower_slice;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, cf));
  for (last ? it->SeekToLast() : it->SeekToFirst(); it->Valid();
       last ? it->Prev() : it->Next()) {
    Day day;
    EventId id;
    RETURN_IF_ERROR(
        DecodeIndexTail(View(it->key()), kActorEventKeySize, &day, &id));
    if (!gone.contains(id)) return std::optional<Day>(day);
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "actor index scan"));
  return std::optional<Day>();
}

}  // namespace

absl::StatusOr<std::vector<EventId>> EventStore::FindBySourceEventId(
    std::string_view source_event_id, std::optional<Day> day) const {
  const Impl& d = *impl_;
  const std::string_view wanted = TrimAscii(source_event_id);
  std::vector<EventId> candidates;
  if (wanted.empty()) return candidates;
  if (day.has_value()) {
    std::string value;
    rocksdb::Status s = d.db->Get(rocksdb::ReadOptions(), d.identity,
                                  SourceIdentity(wanted, *day), &value);
    if (!s.IsNotFound()) {
      RETURN_IF_ERROR(FromRocks(s, "identity lookup"));
      uint64_t id;
      RETURN_IF_ERROR(DecodeU64(value, &id));
      candidates.push_back(id);
    }
  } else {
    // The hash after the day does not depend on the day: compare it on
    // every identity key.
    const std::string hash = SourceIdentity(wanted, 0).substr(4);
    rocksdb::ReadOptions read;
    read.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it(d.db->NewIterator(read, d.identity));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key = View(it->key());
      if (key.size() != kIdentityKeySize) {
        return absl::DataLossError(absl::StrCat(
            "corrupt identity key of ", key.size(), " bytes"));
      }
      if (key.substr(4) != hash) continue;
      uint64_t id;
      RETURN_IF_ERROR(DecodeU64(View(it->value()), &id));
      candidates.push_back(id);
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "identity scan"));
  }
  // Confirm with the records (a hash collision would be a different event).
  std::vector<EventId> ids;
  for (EventId id : candidates) {
    std::string value;
    rocksdb::Status s =
        d.db->Get(rocksdb::ReadOptions(), d.events, EventKey(id), &value);
    if (s.IsNotFound()) continue;  // deleted meanwhile
    RETURN_IF_ERROR(FromRocks(s, "event read"));
    Event e;
    RETURN_IF_ERROR(DecodeEventRecord(value, &e));
    if (e.source_event_id == wanted) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

absl::StatusOr<std::vector<EventId>> EventStore::FindBySource(
    std::string_view source) const {
  const Impl& d = *impl_;
  const std::string_view wanted = TrimAscii(source);
  std::vector<EventId> ids;
  if (wanted.empty()) return ids;
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  read.readahead_size = size_t{4} << 20;
  std::unique_ptr<rocksdb::Iterator> it(d.db->NewIterator(read, d.events));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Event e;
    RETURN_IF_ERROR(DecodeEventKey(View(it->key()), &e.id));
    RETURN_IF_ERROR(DecodeEventRecord(View(it->value()), &e));
    if (e.source == wanted) ids.push_back(e.id);
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "event scan"));
  return ids;  // event keys ascend
}

absl::Status EventStore::Impl::DeleteChunk(absl::Span<const EventId> ids,
                                           std::vector<EventId>* deleted) {
  // The records, read now: no write or other delete runs meanwhile.
  std::vector<std::string> keys;
  keys.reserve(ids.size());
  for (EventId id : ids) keys.push_back(EventKey(id));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(ids.size());
  std::vector<rocksdb::Status> statuses(ids.size());
  db->MultiGet(rocksdb::ReadOptions(), events, slices.size(), slices.data(),
               values.data(), statuses.data());
  std::vector<Event> gone_events;
  absl::flat_hash_set<EventId> gone;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocks(statuses[i], "event read"));
    Event e;
    absl::Status s = DecodeEventRecord(View(values[i]), &e);
    if (!s.ok()) {
      return absl::DataLossError(absl::StrCat(
          "event ", ids[i], " cannot be deleted: its record does not decode (",
          s.message(), "); run CheckDatabase"));
    }
    e.id = ids[i];
    gone_events.push_back(std::move(e));
    gone.insert(ids[i]);
  }
  if (gone_events.empty()) return absl::OkStatus();

  // Everything the events derive, as Write and Check derive it.
  DerivedEntries derived;
  {
    absl::ReaderMutexLock lock(&actors_mu);
    for (const Event& e : gone_events) {
      if (e.actor_id >= actor_names_by_id.size() ||
          e.target_id >= actor_names_by_id.size()) {
        return absl::DataLossError(absl::StrCat(
            "event ", e.id, " names unknown actors; run CheckDatabase"));
      }
      derived.Add(e,
                  IdentityKey(e, FoldName(actor_names_by_id[e.actor_id]),
                              FoldName(actor_names_by_id[e.target_id])),
                  /*record=*/"");  // only the keys are deleted
    }
  }
  rocksdb::WriteBatch batch;
  for (const Event& e : gone_events) batch.Delete(events, EventKey(e.id));
  for (auto [entries, cf] :
       {std::pair{&derived.identity, identity},
        std::pair{&derived.actor_events, actor_events},
        std::pair{&derived.dyad_events, dyad_events},
        std::pair{&derived.date_index, date_index}}) {
    entries->Sort();
    for (size_t i = 0; i < entries->size(); ++i) {
      batch.Delete(cf, entries->key(i));
    }
  }

  // Counters: stored value minus the events' share; gone at zero.
  {
    // The events' share of each counter, in key order.
    const std::vector<std::pair<CounterId, Counter>>& shares =
        derived.CounterSums();
    std::vector<std::string> counter_keys;
    for (const auto& [id, c] : shares) {
      counter_keys.push_back(
          CounterKey(id.actor, id.target, id.level, id.period));
    }
    std::vector<rocksdb::Slice> cs(counter_keys.begin(), counter_keys.end());
    std::vector<rocksdb::PinnableSlice> cv(cs.size());
    std::vector<rocksdb::Status> cst(cs.size());
    db->MultiGet(rocksdb::ReadOptions(), counters, cs.size(), cs.data(),
                 cv.data(), cst.data());
    for (size_t i = 0; i < cs.size(); ++i) {
      if (cst[i].IsNotFound()) continue;  // nothing to subtract from
      RETURN_IF_ERROR(FromRocks(cst[i], "counter read"));
      Counter stored;
      RETURN_IF_ERROR(DecodeCounter(View(cv[i]), &stored));
      stored.Add(shares[i].second, -1);
      if (stored.empty()) {
        batch.Delete(counters, cs[i]);
      } else {
        batch.Put(counters, cs[i], EncodeCounter(stored));
      }
    }
  }

  // Actor statistics: counts minus the events' share; the first and last
  // day read again from the actor's index when a deleted event was on one.
  for (const auto& [actor, share] : derived.actor_stats()) {
    std::string value;
    rocksdb::Status s =
        db->Get(rocksdb::ReadOptions(), actor_stats, ActorKey(actor), &value);
    if (s.IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocks(s, "actor stats read"));
    ActorStats stored;
    RETURN_IF_ERROR(DecodeActorStats(value, &stored));
    stored.out_count -= share.out_count;
    stored.in_count -= share.in_count;
    stored.self_count -= share.self_count;
    if (stored.out_count <= 0 && stored.in_count <= 0) {
      batch.Delete(actor_stats, ActorKey(actor));
      continue;
    }
    for (const bool last : {false, true}) {
      const bool touched = last ? share.last_day >= stored.last_day
                                : share.first_day <= stored.first_day;
      if (!touched) continue;
      std::optional<Day> found;
      for (Side side : {Side::kOut, Side::kIn}) {
        ASSIGN_OR_RETURN(std::optional<Day> day,
                         EdgeDay(db.get(), actor_events, actor, side,
                                 stored.first_day, stored.last_day, last,
                                 gone));
        if (day && (!found || (last ? *day > *found : *day < *found))) {
          found = day;
        }
      }
      if (found) (last ? stored.last_day : stored.first_day) = *found;
    }
    batch.Put(actor_stats, ActorKey(actor), EncodeActorStats(stored));
  }

  // The event count (merge operands of writes are folded in by the read).
  ASSIGN_OR_RETURN(uint64_t count, ReadMetaU64(kMetaEventCount, 0));
  const uint64_t n = gone_events.size();
  batch.Put(meta, kMetaEventCount, EncodeU64(count >= n ? count - n : 0));
  RETURN_IF_ERROR(FromRocks(db->Write(write_options, &batch), "delete"));
  event_count -= static_cast<int64_t>(n);
  if (graph != nullptr) {
    graph->Remove(absl::MakeConstSpan(gone_events));
    if (!gone_events.empty()) {
      Day first = kMaxDay;
      for (const Event& e : gone_events) first = std::min(first, e.day);
      NoteWindowWrite(first);
    }
  }
  for (const Event& e : gone_events) deleted->push_back(e.id);
  return absl::OkStatus();
}

absl::StatusOr<DeleteResult> EventStore::DeleteEvents(
    absl::Span<const EventId> ids, bool dry_run) {
  Impl& d = *impl_;
  std::vector<EventId> unique;
  {
    absl::flat_hash_set<EventId> seen;
    for (EventId id : ids) {
      if (seen.insert(id).second) unique.push_back(id);
    }
  }
  std::vector<EventId> found;
  for (size_t begin = 0; begin < unique.size(); begin += kDeleteChunk) {
    const auto chunk = absl::MakeConstSpan(unique).subspan(begin, kDeleteChunk);
    if (dry_run) {
      std::vector<std::string> keys;
      for (EventId id : chunk) keys.push_back(EventKey(id));
      std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
      std::vector<rocksdb::PinnableSlice> values(chunk.size());
      std::vector<rocksdb::Status> statuses(chunk.size());
      d.db->MultiGet(rocksdb::ReadOptions(), d.events, slices.size(),
                     slices.data(), values.data(), statuses.data());
      for (size_t i = 0; i < chunk.size(); ++i) {
        if (statuses[i].IsNotFound()) continue;
        RETURN_IF_ERROR(FromRocks(statuses[i], "event read"));
        found.push_back(chunk[i]);
      }
      continue;
    }
    absl::MutexLock lock(&d.write_mu, absl::Condition(&d.writes_open));
    d.CloseGate();
    const absl::Status deleted = d.DeleteChunk(chunk, &found);
    d.writes_open = true;
    RETURN_IF_ERROR(deleted);
  }
  DeleteResult result;
  result.deleted = static_cast<int64_t>(found.size());
  const absl::flat_hash_set<EventId> hit(found.begin(), found.end());
  for (EventId id : unique) {
    if (!hit.contains(id)) result.not_found.push_back(id);
  }
  return result;
}

}  // namespace eventgraph::storage
