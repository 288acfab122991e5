// EventStore::Write and WriteBulk: validation, deduplication, id assignment,
// then the commit of the events with all their index entries and counters:
// one WriteBatch (Write), or one SST file per column family ingested at
// once (WriteBulk, storage/bulk_files.h).
#include <algorithm>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "storage/bulk_files.h"
#include "storage/derived.h"
#include "storage/event_fill.h"
#include "storage/event_store.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

// An input event that passed validation, with its matching keys.
struct Prepared {
  int index;
  std::string folded_actor;
  std::string folded_target;
  std::string identity;
};

}  // namespace

// The entries of the accepted events, per column family, in the order the
// commit puts them in.
struct CommitEntries {
  SortedEntries events;
  DerivedEntries derived;
  SortedEntries counter_merges;
  SortedEntries stats_merges;

  void Clear() {
    events.Clear();
    derived.Clear();
    counter_merges.Clear();
    stats_merges.Clear();
  }
};

std::shared_ptr<CommitEntries> EventStore::Impl::TakeCommitEntries() {
  {
    absl::MutexLock lock(&spare_mu);
    if (!spare_commits.empty()) {
      std::shared_ptr<CommitEntries> c = std::move(spare_commits.back());
      spare_commits.pop_back();
      return c;
    }
  }
  return std::make_shared<CommitEntries>();
}

void EventStore::Impl::GiveBackCommitEntries(std::shared_ptr<CommitEntries> c) {
  c->Clear();  // outside the lock
  absl::MutexLock lock(&spare_mu);
  if (spare_commits.size() < kSpareCommits) {
    spare_commits.push_back(std::move(c));
  }
}

void EventStore::ReleaseWriteMemory() {
  std::vector<std::shared_ptr<CommitEntries>> spare;
  {
    absl::MutexLock lock(&impl_->spare_mu);
    spare.swap(impl_->spare_commits);
  }
  // Freed here, outside the lock.
}

absl::Status EventStore::Impl::CommitAsBatch(CommitEntries& c, EventId max_id,
                                             int64_t accepted) {
  rocksdb::WriteBatch batch;
  c.events.PutInto(&batch, events);
  c.derived.identity.PutInto(&batch, identity);
  c.derived.actor_events.PutInto(&batch, actor_events);
  c.derived.dyad_events.PutInto(&batch, dyad_events);
  c.derived.date_index.PutInto(&batch, date_index);
  c.counter_merges.MergeInto(&batch, counters);
  c.stats_merges.MergeInto(&batch, actor_stats);
  // Meta values are merged (max of ids, sum of counts): concurrent batches
  // may land in any order.
  batch.Merge(meta, kMetaNextEventId, EncodeU64(max_id + 1));
  batch.Merge(meta, kMetaEventCount,
              EncodeU64(static_cast<uint64_t>(accepted)));
  return FromRocks(db->Write(write_options, &batch), "write");
}

absl::Status EventStore::Impl::CommitAsFiles(CommitEntries& c, EventId max_id,
                                             int64_t accepted) {
  SortedEntries meta_merges;
  meta_merges.Add(kMetaNextEventId, EncodeU64(max_id + 1));
  meta_merges.Add(kMetaEventCount, EncodeU64(static_cast<uint64_t>(accepted)));
  BulkFiles files(db.get(), BulkFolder());
  using enum BulkFiles::Compression;
  // Keyed by event id and by day: a load in date order never overlaps.
  RETURN_IF_ERROR(files.Add(events, c.events, /*merge=*/false, kKept));
  RETURN_IF_ERROR(files.Add(date_index, c.derived.date_index, false, kKept));
  // Keyed by actor, pair or a hash within a day: every chunk overlaps.
  RETURN_IF_ERROR(
      files.Add(identity, c.derived.identity, false, kCompactedLater));
  RETURN_IF_ERROR(
      files.Add(actor_events, c.derived.actor_events, false, kCompactedLater));
  RETURN_IF_ERROR(
      files.Add(dyad_events, c.derived.dyad_events, false, kCompactedLater));
  RETURN_IF_ERROR(
      files.Add(counters, c.counter_merges, /*merge=*/true, kCompactedLater));
  RETURN_IF_ERROR(
      files.Add(actor_stats, c.stats_merges, true, kCompactedLater));
  RETURN_IF_ERROR(files.Add(meta, meta_merges, true, kCompactedLater));
  return files.Ingest();
}

absl::StatusOr<WriteResult> EventStore::Impl::WriteEvents(
    std::vector<Event> events, Commit commit, std::vector<bool>* is_new) {
  Impl& d = *this;
  WriteResult result;
  result.ids.assign(events.size(), 0);
  if (is_new != nullptr) is_new->assign(events.size(), false);

  // Validation and normalization need no lock.
  std::vector<Prepared> prepared;
  prepared.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    Event& e = events[i];
    std::vector<FieldError> errors = ValidateEvent(e);
    if (!errors.empty()) {
      for (FieldError& err : errors) {
        result.rejections.push_back({static_cast<int>(i), std::move(err)});
      }
      continue;
    }
    FillFromEventCode(&e);
    e.actor = NormalizeName(e.actor);
    e.target = NormalizeName(e.target);
    e.action = NormalizeName(e.action);
    e.source = std::string(TrimAscii(e.source));
    e.source_event_id = std::string(TrimAscii(e.source_event_id));
    e.country = std::string(TrimAscii(e.country));
    Prepared p{static_cast<int>(i), FoldName(e.actor), FoldName(e.target), ""};
    p.identity = IdentityKey(e, p.folded_actor, p.folded_target);
    prepared.push_back(std::move(p));
  }
  if (prepared.empty()) return result;

  // Under write_mu: deduplicate, create actors, reserve event ids. The
  // RocksDB write itself happens after the lock is released, so that the
  // memtable inserts of concurrent writers run in parallel. Identities being
  // written stay in `pending_identities` until their batch is visible, so a
  // concurrent writer still sees them as duplicates.
  std::vector<const Prepared*> accepted;  // in input order
  {
    // Waits while a backup captures the database (storage/backup.cc).
    absl::MutexLock write_lock(&d.write_mu, absl::Condition(&d.writes_open));
    // An identity above the family's largest key cannot be stored: a load
    // in date order looks up only the days it shares with what is stored
    // (identity keys start with the day; the lookups were a tenth of a
    // bulk load's server CPU).
    std::string largest;
    {
      std::unique_ptr<rocksdb::Iterator> it(
          d.db->NewIterator(rocksdb::ReadOptions(), d.identity));
      it->SeekToLast();
      if (it->Valid()) largest = it->key().ToString();
      RETURN_IF_ERROR(FromRocks(it->status(), "largest identity"));
    }
    std::vector<rocksdb::Slice> identity_keys;
    std::vector<int> lookup_of(prepared.size(), -1);  // into identity_keys
    for (size_t k = 0; k < prepared.size(); ++k) {
      if (largest.empty() || prepared[k].identity > largest) continue;
      lookup_of[k] = static_cast<int>(identity_keys.size());
      identity_keys.emplace_back(prepared[k].identity);
    }
    std::vector<rocksdb::PinnableSlice> found(identity_keys.size());
    std::vector<rocksdb::Status> statuses(identity_keys.size());
    if (!identity_keys.empty()) {
      d.db->MultiGet(rocksdb::ReadOptions(), d.identity, identity_keys.size(),
                     identity_keys.data(), found.data(), statuses.data());
    }

    // Ids come from locals and are published only when nothing failed.
    EventId next_event = d.next_event_id;
    ActorId next_actor = d.next_actor_id;
    absl::flat_hash_map<std::string, ActorId> new_actors;  // folded -> id
    std::vector<Impl::NewActor> created;
    auto resolve = [&](const std::string& folded, const std::string& name,
                       const Event& e,
                       bool actor_side) -> absl::StatusOr<ActorId> {
      {
        absl::ReaderMutexLock lock(&d.actors_mu);
        auto it = d.actor_by_folded.find(folded);
        if (it != d.actor_by_folded.end()) return it->second;
        // A declared alias (PutActor) is the same actor.
        it = d.actor_by_alias.find(folded);
        if (it != d.actor_by_alias.end()) return it->second;
      }
      auto it = new_actors.find(folded);
      if (it != new_actors.end()) return it->second;
      if (next_actor == UINT32_MAX) {
        return absl::ResourceExhaustedError("actor id space exhausted");
      }
      ActorId id = next_actor++;
      new_actors.emplace(folded, id);
      created.push_back({id, folded, name, DataCountry(e, actor_side)});
      return id;
    };

    // Duplicates inside this call are found through `batch_identities`.
    absl::flat_hash_map<std::string_view, EventId> batch_identities;
    for (size_t k = 0; k < prepared.size(); ++k) {
      const Prepared& p = prepared[k];
      Event& e = events[p.index];
      const int l = lookup_of[k];
      if (l >= 0 && statuses[l].ok()) {
        uint64_t existing;
        RETURN_IF_ERROR(DecodeU64(
            std::string_view(found[l].data(), found[l].size()), &existing));
        result.ids[p.index] = existing;
        ++result.duplicates;
        continue;
      }
      if (l >= 0 && !statuses[l].IsNotFound()) {
        return FromRocks(statuses[l], "identity lookup");
      }
      auto pending = d.pending_identities.find(p.identity);
      if (pending != d.pending_identities.end()) {
        result.ids[p.index] = pending->second;
        ++result.duplicates;
        continue;
      }
      auto dup = batch_identities.find(p.identity);
      if (dup != batch_identities.end()) {
        result.ids[p.index] = dup->second;
        ++result.duplicates;
        continue;
      }
      ASSIGN_OR_RETURN(e.actor_id, resolve(p.folded_actor, e.actor, e, true));
      ASSIGN_OR_RETURN(e.target_id,
                       resolve(p.folded_target, e.target, e, false));
      e.id = next_event++;
      batch_identities.emplace(p.identity, e.id);
      result.ids[p.index] = e.id;
      accepted.push_back(&p);
    }
    if (accepted.empty()) return result;

    // New actors are written at once, in their own small batch: a later
    // writer may use them before this call's events are written.
    if (!created.empty()) {
      RETURN_IF_ERROR(d.CreateActors(std::move(created), next_actor));
    }
    for (const Prepared* p : accepted) {
      d.pending_identities.emplace(p->identity, result.ids[p->index]);
    }
    d.next_event_id = next_event;
  }
  result.accepted = static_cast<int64_t>(accepted.size());

  if (is_new != nullptr) {
    for (const Prepared* p : accepted) (*is_new)[p->index] = true;
  }

  // Outside the lock: derive every entry of the accepted events and commit
  // them.
  std::shared_ptr<CommitEntries> entries = TakeCommitEntries();
  CommitEntries& c = *entries;
  c.events.Reserve(accepted.size());
  c.derived.Reserve(accepted.size());
  EventId max_id = 0;
  std::string record;
  for (const Prepared* p : accepted) {
    const Event& e = events[p->index];
    max_id = std::max(max_id, e.id);
    EncodeEventRecordInto(e, &record);
    c.events.Add(EventKey(e.id), record);
    c.derived.Add(e, p->identity, record);
  }
  c.derived.EncodeSums(&c.counter_merges, &c.stats_merges);
  absl::Status written = commit == Commit::kBatch
                             ? CommitAsBatch(c, max_id, result.accepted)
                             : CommitAsFiles(c, max_id, result.accepted);
  GiveBackCommitEntries(std::move(entries));
  std::vector<const Event*> added;
  if (written.ok()) {
    // The count and the graph are updated before the identities leave
    // `pending_identities`: a delete or backup waiting for it to empty
    // (Impl::CloseGate) then sees this batch everywhere.
    d.event_count += result.accepted;
    added.reserve(accepted.size());
    for (const Prepared* p : accepted) added.push_back(&events[p->index]);
    if (d.graph != nullptr) {
      d.graph->Add(absl::MakeConstSpan(added));
      if (!added.empty()) {
        Day first = kMaxDay;
        for (const Event* e : added) first = std::min(first, e->day);
        d.NoteWindowWrite(first);
      }
    }
  }
  {
    absl::MutexLock write_lock(&d.write_mu);
    for (const Prepared* p : accepted) d.pending_identities.erase(p->identity);
  }
  RETURN_IF_ERROR(written);
  if (d.commit_listener) d.commit_listener(absl::MakeConstSpan(added));
  return result;
}

absl::StatusOr<WriteResult> EventStore::Write(std::vector<Event> events) {
  return impl_->WriteEvents(std::move(events), Impl::Commit::kBatch, nullptr);
}

absl::StatusOr<std::vector<WriteResult>> EventStore::WriteBulk(
    std::vector<std::vector<Event>> groups) {
  std::vector<Event> all;
  std::vector<size_t> starts;  // of each group in `all`
  size_t total = 0;
  for (const auto& g : groups) total += g.size();
  all.reserve(total);
  for (auto& g : groups) {
    starts.push_back(all.size());
    std::move(g.begin(), g.end(), std::back_inserter(all));
  }
  std::vector<bool> is_new;
  ASSIGN_OR_RETURN(WriteResult whole,
                   impl_->WriteEvents(std::move(all), Impl::Commit::kFiles,
                                      &is_new));
  // One result per group, with indexes relative to the group.
  std::vector<WriteResult> results(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    const size_t begin = starts[g];
    const size_t end = g + 1 < groups.size() ? starts[g + 1] : whole.ids.size();
    WriteResult& r = results[g];
    r.ids.assign(whole.ids.begin() + begin, whole.ids.begin() + end);
    for (size_t i = begin; i < end; ++i) {
      if (whole.ids[i] == 0) continue;  // rejected
      ++(is_new[i] ? r.accepted : r.duplicates);
    }
  }
  for (WriteResult::Rejection& rej : whole.rejections) {
    const size_t g =
        std::upper_bound(starts.begin(), starts.end(),
                         static_cast<size_t>(rej.index)) - starts.begin() - 1;
    rej.index -= static_cast<int>(starts[g]);
    results[g].rejections.push_back(std::move(rej));
  }
  return results;
}

}  // namespace eventgraph::storage
