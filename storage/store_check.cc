// EventStore::Check and Repair: the derived column families compared with,
// and rebuilt from, the event records (storage/derived.h derives both).
#include <xxhash.h>

#include <algorithm>
#include <functional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/snapshot.h"
#include "rocksdb/write_batch.h"
#include "storage/derived.h"
#include "storage/event_store.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

// Which parts of DerivedEntries a pass keeps.
enum Part { kIdentity, kActorEvents, kDyadEvents, kDateIndex, kCounters };

void Note(CheckReport* report, std::string problem) {
  ++report->problems;
  if (report->samples.size() < CheckReport::kMaxSamples) {
    report->samples.push_back(std::move(problem));
  }
}

// A fixed-size digest of an event record (XXH3-64, 8 bytes big-endian).
std::string RecordDigest(std::string_view record) {
  return EncodeU64(XXH3_64bits(record.data(), record.size()));
}

bool SameCounter(const Counter& a, const Counter& b) {
  for (int q = 0; q < kQuadClassCount; ++q) {
    const QuadCounter& x = a.quad[q];
    const QuadCounter& y = b.quad[q];
    if (x.events != y.events || x.goldstein_events != y.goldstein_events ||
        x.goldstein_centi != y.goldstein_centi || x.mentions != y.mentions) {
      return false;
    }
  }
  return true;
}

int64_t Events(const Counter& c) {
  int64_t n = 0;
  for (const QuadCounter& q : c.quad) n += q.events;
  return n;
}

bool SameStats(const ActorStats& a, const ActorStats& b) {
  return a.out_count == b.out_count && a.in_count == b.in_count &&
         a.self_count == b.self_count &&
         (a.empty() || (a.first_day == b.first_day && a.last_day == b.last_day));
}

// Describes an entry of a derived column family by the event it belongs to
// when its key or value says, else by its bytes.
std::string Describe(const char* cf, std::string_view key,
                     std::string_view value) {
  Day day;
  EventId id = 0;
  if (std::string_view(cf) == kCfIdentity) {
    if (DecodeU64(value, &id).ok()) return absl::StrCat("event ", id);
  } else if (std::string_view(cf) == kCfActorEvents) {
    if (DecodeIndexTail(key, kActorEventKeySize, &day, &id).ok()) {
      return absl::StrCat("event ", id);
    }
  } else if (std::string_view(cf) == kCfDyadEvents) {
    if (DecodeIndexTail(key, kDyadEventKeySize, &day, &id).ok()) {
      return absl::StrCat("event ", id);
    }
  } else if (std::string_view(cf) == kCfDateIndex) {
    if (DecodeIndexTail(key, kDateKeySize, &day, &id).ok()) {
      return absl::StrCat("event ", id);
    }
  }
  return absl::StrCat("key ", absl::BytesToHexString(std::string(key)));
}

}  // namespace

// Calls fn for every decodable event of the snapshot (names unresolved),
// with its identity key; counts and reports records that do not decode.
absl::Status EventStore::Impl::ForEachEvent(
    const rocksdb::Snapshot* snapshot, CheckReport* report,
    const std::function<void(const Event&, std::string identity,
                             std::string_view record)>& fn) const {
  const Impl& d = *this;
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(d.db->NewIterator(read, d.events));
  std::vector<std::string> folded;
  {
    absl::MutexLock lock(&d.actors_mu);
    folded.reserve(d.actor_names_by_id.size());
    for (const std::string& name : d.actor_names_by_id) {
      folded.push_back(FoldName(name));
    }
  }
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    const std::string_view record(it->value().data(), it->value().size());
    Event e;
    absl::Status s = DecodeEventKey(key, &e.id);
    if (s.ok()) s = DecodeEventRecord(record, &e);
    if (report != nullptr) ++report->events;
    if (!s.ok()) {
      if (report != nullptr) {
        Note(report, absl::StrCat("events: record ",
                                  Describe(kCfEvents, key, ""),
                                  " does not decode: ", s.message()));
      }
      continue;
    }
    if (e.actor_id >= folded.size() || e.target_id >= folded.size() ||
        e.actor_id == kAnyActor || e.target_id == kAnyActor ||
        folded[e.actor_id].empty() || folded[e.target_id].empty()) {
      if (report != nullptr) {
        Note(report, absl::StrCat("events: event ", e.id, " names actor ",
                                  e.actor_id, " -> ", e.target_id,
                                  ", not both in the actors family"));
      }
      continue;
    }
    fn(e, IdentityKey(e, folded[e.actor_id], folded[e.target_id]), record);
  }
  return FromRocks(it->status(), "reading events");
}

// Walks a column family and the sorted expected entries together.
absl::Status EventStore::Impl::CompareFamily(
    const rocksdb::Snapshot* snapshot, rocksdb::ColumnFamilyHandle* cf,
    const char* name,
    const SortedEntries& expected,
    const std::function<bool(std::string_view stored, std::string_view want)>&
        same,
    const std::function<std::string(std::string_view stored,
                                    std::string_view want)>& diff,
    CheckReport* report) const {
  const Impl& d = *this;
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(d.db->NewIterator(read, cf));
  size_t i = 0;
  it->SeekToFirst();
  while (it->Valid() || i < expected.size()) {
    const bool have = it->Valid();
    const std::string_view key =
        have ? std::string_view(it->key().data(), it->key().size())
             : std::string_view();
    const std::string_view value =
        have ? std::string_view(it->value().data(), it->value().size())
             : std::string_view();
    if (have && (i == expected.size() || key < expected.key(i))) {
      ++report->entries;
      Note(report, absl::StrCat(name, ": stored entry for ",
                                Describe(name, key, value),
                                " is not derived from any event"));
      it->Next();
    } else if (!have || expected.key(i) < key) {
      Note(report, absl::StrCat(name, ": missing entry for ",
                                Describe(name, expected.key(i),
                                         expected.value(i))));
      ++i;
    } else {
      ++report->entries;
      if (!same(value, expected.value(i))) {
        Note(report, absl::StrCat(name, ": ",
                                  Describe(name, key, expected.value(i)),
                                  ": ", diff(value, expected.value(i))));
      }
      it->Next();
      ++i;
    }
  }
  return FromRocks(it->status(), name);
}

absl::StatusOr<CheckReport> EventStore::Check() const {
  const Impl& d = *impl_;
  CheckReport report;
  const rocksdb::Snapshot* snapshot = d.db->GetSnapshot();
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{d.db.get(), snapshot};

  const std::function<bool(std::string_view, std::string_view)> bytes_equal =
      [](std::string_view a, std::string_view b) {
    return a == b;
  };
  const std::function<std::string(std::string_view, std::string_view)>
      bytes_diff = [](std::string_view stored, std::string_view want) {
    return absl::StrCat("stored value ",
                        absl::BytesToHexString(std::string(stored)),
                        ", expected ", absl::BytesToHexString(std::string(want)));
  };
  const std::function<bool(std::string_view, std::string_view)> digest_equal =
      [](std::string_view stored, std::string_view want) {
        return RecordDigest(stored) == want;
      };
  const std::function<std::string(std::string_view, std::string_view)>
      digest_diff = [](std::string_view stored, std::string_view want) {
        return stored.empty()
                   ? std::string("the entry carries no event record")
                   : std::string(
                         "the entry's event record differs from the one in "
                         "the events family");
      };
  // One pass per derived family keeps one family's entries in memory.
  EventId max_id = 0;
  ActorId max_actor = 0;
  for (Part part : {kIdentity, kActorEvents, kDyadEvents, kDateIndex}) {
    DerivedEntries derived;
    CheckReport* counting = part == kIdentity ? &report : nullptr;
    RETURN_IF_ERROR(d.ForEachEvent(
        snapshot, counting,
        [&](const Event& e, std::string identity, std::string_view record) {
          max_id = std::max(max_id, e.id);
          max_actor = std::max({max_actor, e.actor_id, e.target_id});
          DerivedEntries one;
          // The dyad entries' records are compared by digest: the whole
          // family's records are not held in memory.
          const std::string digest = RecordDigest(record);
          one.Add(e, std::move(identity), digest);
          SortedEntries* from = part == kIdentity       ? &one.identity
                                : part == kActorEvents  ? &one.actor_events
                                : part == kDyadEvents   ? &one.dyad_events
                                                        : &one.date_index;
          SortedEntries* to = part == kIdentity       ? &derived.identity
                              : part == kActorEvents  ? &derived.actor_events
                              : part == kDyadEvents   ? &derived.dyad_events
                                                      : &derived.date_index;
          for (size_t k = 0; k < from->size(); ++k) {
            to->Add(from->key(k), from->value(k));
          }
        }));
    const auto [cf, name] =
        part == kIdentity      ? std::pair{d.identity, kCfIdentity}
        : part == kActorEvents ? std::pair{d.actor_events, kCfActorEvents}
        : part == kDyadEvents  ? std::pair{d.dyad_events, kCfDyadEvents}
                               : std::pair{d.date_index, kCfDateIndex};
    SortedEntries& want = part == kIdentity       ? derived.identity
                          : part == kActorEvents  ? derived.actor_events
                          : part == kDyadEvents   ? derived.dyad_events
                                                  : derived.date_index;
    want.Sort();
    if (part == kDyadEvents) {
      RETURN_IF_ERROR(d.CompareFamily(snapshot, cf, name, want, digest_equal,
                                      digest_diff, &report));
    } else {
      RETURN_IF_ERROR(d.CompareFamily(snapshot, cf, name, want, bytes_equal,
                                      bytes_diff, &report));
    }
  }

  // Counters and actor statistics: recounted in memory.
  DerivedEntries sums;
  RETURN_IF_ERROR(d.ForEachEvent(snapshot, nullptr,
                               [&](const Event& e, std::string identity,
                                   std::string_view record) {
                                 sums.AddSums(e);
                               }));
  SortedEntries counters, stats;
  sums.EncodeSums(&counters, &stats);
  counters.Sort();
  stats.Sort();
  RETURN_IF_ERROR(d.CompareFamily(
      snapshot, d.counters, kCfCounters, counters,
      [](std::string_view stored, std::string_view want) {
        Counter a, b;
        return DecodeCounter(stored, &a).ok() && DecodeCounter(want, &b).ok() &&
               SameCounter(a, b);
      },
      [](std::string_view stored, std::string_view want) {
        Counter a, b;
        if (!DecodeCounter(stored, &a).ok()) return std::string("corrupt value");
        (void)DecodeCounter(want, &b);
        return absl::StrCat("stored ", Events(a), " events, recount ",
                            Events(b), " (or sums differ)");
      },
      &report));
  RETURN_IF_ERROR(d.CompareFamily(
      snapshot, d.actor_stats, kCfActorStats, stats,
      [](std::string_view stored, std::string_view want) {
        ActorStats a, b;
        return DecodeActorStats(stored, &a).ok() &&
               DecodeActorStats(want, &b).ok() && SameStats(a, b);
      },
      [](std::string_view stored, std::string_view want) {
        ActorStats a, b;
        if (!DecodeActorStats(stored, &a).ok()) {
          return std::string("corrupt value");
        }
        (void)DecodeActorStats(want, &b);
        return absl::StrCat("stored out/in/self ", a.out_count, "/",
                            a.in_count, "/", a.self_count, ", recount ",
                            b.out_count, "/", b.in_count, "/", b.self_count);
      },
      &report));

  // Meta values.
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  auto meta = [&](const char* key, uint64_t fallback) -> absl::StatusOr<uint64_t> {
    std::string value;
    rocksdb::Status s = d.db->Get(read, d.meta, key, &value);
    if (s.IsNotFound()) return fallback;
    RETURN_IF_ERROR(FromRocks(s, key));
    uint64_t v;
    RETURN_IF_ERROR(DecodeU64(value, &v));
    return v;
  };
  int64_t decoded = 0;
  for (const auto& [actor, s] : sums.actor_stats()) decoded += s.out_count;
  ASSIGN_OR_RETURN(uint64_t count, meta(kMetaEventCount, 0));
  if (static_cast<int64_t>(count) != decoded) {
    Note(&report, absl::StrCat("meta: event_count is ", count, ", but ",
                               decoded, " events are stored"));
  }
  ASSIGN_OR_RETURN(uint64_t next_event, meta(kMetaNextEventId, 1));
  if (next_event <= max_id) {
    Note(&report, absl::StrCat("meta: next_event_id ", next_event,
                               " is not above the largest event id ", max_id));
  }
  ASSIGN_OR_RETURN(uint64_t next_actor, meta(kMetaNextActorId, 1));
  if (next_actor <= max_actor) {
    Note(&report, absl::StrCat("meta: next_actor_id ", next_actor,
                               " is not above the largest actor id ",
                               max_actor));
  }
  return report;
}

absl::StatusOr<CheckReport> EventStore::Repair() {
  Impl& d = *impl_;
  {
    // Batches reserved before the lock are written outside it: wait for
    // them, so that none lands between the wipe and the rebuild (and for a
    // backup's capture to end).
    absl::MutexLock write_lock(&d.write_mu, absl::Condition(&d.writes_open));
    d.CloseGate();
    struct Reopen {
      Impl* d;
      ~Reopen() ABSL_NO_THREAD_SAFETY_ANALYSIS { d->writes_open = true; }
    } reopen{&d};
    const std::string end(32, '\xff');
    for (rocksdb::ColumnFamilyHandle* cf :
         {d.identity, d.actor_events, d.dyad_events, d.date_index, d.counters,
          d.actor_stats}) {
      RETURN_IF_ERROR(FromRocks(
          d.db->DeleteRange(d.write_options, cf, rocksdb::Slice(),
                            rocksdb::Slice(end)),
          "wiping a derived column family"));
    }
    // Rebuild in chunks: entries are puts, counters and statistics merge
    // operands that add up across chunks.
    constexpr size_t kChunk = 20000;
    DerivedEntries chunk;
    size_t in_chunk = 0;
    int64_t events = 0;
    absl::Status write_status;
    auto flush = [&]() -> absl::Status {
      rocksdb::WriteBatch batch;
      chunk.identity.PutInto(&batch, d.identity);
      chunk.actor_events.PutInto(&batch, d.actor_events);
      chunk.dyad_events.PutInto(&batch, d.dyad_events);
      chunk.date_index.PutInto(&batch, d.date_index);
      SortedEntries counters, stats;
      chunk.EncodeSums(&counters, &stats);
      counters.MergeInto(&batch, d.counters);
      stats.MergeInto(&batch, d.actor_stats);
      chunk.Clear();
      in_chunk = 0;
      return FromRocks(d.db->Write(d.write_options, &batch), "rebuilding");
    };
    RETURN_IF_ERROR(d.ForEachEvent(
        nullptr, nullptr,
        [&](const Event& e, std::string identity, std::string_view record) {
          if (!write_status.ok()) return;
          chunk.Add(e, std::move(identity), record);
          ++events;
          if (++in_chunk == kChunk) write_status = flush();
        }));
    RETURN_IF_ERROR(write_status);
    RETURN_IF_ERROR(flush());
    rocksdb::WriteBatch meta;
    meta.Put(d.meta, kMetaEventCount,
             EncodeU64(static_cast<uint64_t>(events)));
    RETURN_IF_ERROR(FromRocks(d.db->Write(d.write_options, &meta),
                              "writing the event count"));
    d.event_count = events;
  }
  return Check();
}

}  // namespace eventgraph::storage
