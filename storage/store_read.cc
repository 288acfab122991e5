// EventStore reads: actors, events, index cursors, counters and statistics.
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "storage/coding.h"
#include "storage/event_store.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

// The smallest key greater than every key that starts with `prefix`, or ""
// when there is none (all bytes 0xff).
std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// A RocksDB iterator confined to [lower, upper) of one column family. It
// owns the bound keys, which RocksDB only points to; not movable for that
// reason.
class BoundedIterator {
 public:
  BoundedIterator(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                  std::string lower, std::string upper)
      : lower_(std::move(lower)),
        upper_(std::move(upper)),
        lower_slice_(lower_),
        upper_slice_(upper_) {
    rocksdb::ReadOptions read;
    read.iterate_lower_bound = &lower_slice_;
    read.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(read, cf));
  }
  BoundedIterator(const BoundedIterator&) = delete;
  BoundedIterator& operator=(const BoundedIterator&) = delete;

  rocksdb::Iterator* operator->() const { return it_.get(); }
  const std::string& lower() const { return lower_; }
  const std::string& upper() const { return upper_; }

 private:
  const std::string lower_;
  const std::string upper_;
  const rocksdb::Slice lower_slice_;
  const rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

std::string WithDay(std::string prefix, Day day) {
  PutOrderedInt32(&prefix, day);
  return prefix;
}

class RocksIndexCursor : public IndexCursor {
 public:
  RocksIndexCursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                   std::string prefix, size_t key_size, bool covering,
                   Day from, Day to, bool descending,
                   std::optional<IndexPosition> after)
      : key_size_(key_size),
        covering_(covering),
        descending_(descending),
        prefix_(prefix),
        it_(db, cf, WithDay(prefix, from), WithDay(prefix, to + 1)) {
    if (from > to) {
      valid_ = false;
      return;
    }
    if (!after) {
      descending_ ? it_->SeekToLast() : it_->SeekToFirst();
    } else {
      std::string target = prefix_;
      AppendDayId(&target, after->day, after->id);
      if (!descending_) {
        if (target < it_.lower()) {
          it_->SeekToFirst();
        } else if (target >= it_.upper()) {
          valid_ = false;
          return;
        } else {
          it_->Seek(target);
          if (it_->Valid() && View(it_->key()) == target) it_->Next();
        }
      } else {
        if (target >= it_.upper()) {
          it_->SeekToLast();
        } else if (target < it_.lower()) {
          valid_ = false;
          return;
        } else {
          it_->SeekForPrev(target);
          if (it_->Valid() && View(it_->key()) == target) it_->Prev();
        }
      }
    }
    Load();
  }

  bool Valid() const override { return valid_; }
  IndexPosition position() const override { return position_; }
  std::string_view record() const override {
    return covering_ ? View(it_->value()) : std::string_view();
  }
  void Next() override {
    descending_ ? it_->Prev() : it_->Next();
    Load();
  }
  absl::Status status() const override { return status_; }

 private:
  void Load() {
    valid_ = it_->Valid();
    if (!valid_) {
      status_ = FromRocks(it_->status(), "index scan");
      return;
    }
    status_ = DecodeIndexTail(View(it_->key()), key_size_, &position_.day,
                              &position_.id);
    if (!status_.ok()) valid_ = false;
  }

  size_t key_size_;
  bool covering_;  // values are event records
  bool descending_;
  std::string prefix_;
  BoundedIterator it_;
  bool valid_ = false;
  IndexPosition position_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<ActorInfo> EventStore::GetActor(ActorId id) const {
  ActorInfo info;
  info.id = id;
  info.name = ActorName(id);
  if (info.name.empty()) {
    return absl::NotFoundError(absl::StrCat("no actor with id ", id));
  }
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(),
                                     impl_->actor_stats, ActorKey(id), &value);
  if (s.IsNotFound()) return info;
  RETURN_IF_ERROR(FromRocks(s, "actor stats"));
  RETURN_IF_ERROR(DecodeActorStats(value, &info.stats));
  return info;
}

absl::StatusOr<std::vector<ActorInfo>> EventStore::SearchActors(
    std::string_view prefix, std::string_view after, int limit,
    bool* more) const {
  *more = false;
  std::vector<ActorInfo> out;
  if (!IsValidUtf8(prefix)) return out;
  std::string lower = FoldName(prefix);
  std::string upper = PrefixSuccessor(lower);
  std::string start = lower;
  if (!after.empty() && std::string(after) >= start) {
    start = std::string(after);
    start.push_back('\0');  // strictly after
  }
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  if (!upper.empty()) read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(read, impl_->actor_names));
  for (it->Seek(start); it->Valid(); it->Next()) {
    if (static_cast<int>(out.size()) == limit) {
      *more = true;
      break;
    }
    uint32_t id;
    RETURN_IF_ERROR(DecodeU32(View(it->value()), &id));
    ASSIGN_OR_RETURN(ActorInfo info, GetActor(id));
    out.push_back(std::move(info));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "actor search"));
  return out;
}

absl::StatusOr<std::vector<Event>> EventStore::GetEvents(
    absl::Span<const EventId> ids) const {
  std::vector<std::string> keys;
  keys.reserve(ids.size());
  std::vector<rocksdb::Slice> slices;
  slices.reserve(ids.size());
  for (EventId id : ids) {
    keys.push_back(EventKey(id));
    slices.emplace_back(keys.back());
  }
  std::vector<rocksdb::PinnableSlice> values(ids.size());
  std::vector<rocksdb::Status> statuses(ids.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->events, slices.size(),
                      slices.data(), values.data(), statuses.data());
  std::vector<Event> events(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (statuses[i].IsNotFound()) {
      return absl::NotFoundError(absl::StrCat("no event with id ", ids[i]));
    }
    RETURN_IF_ERROR(FromRocks(statuses[i], "event read"));
    RETURN_IF_ERROR(DecodeEvent(ids[i], View(values[i]), &events[i]));
  }
  return events;
}

absl::Status EventStore::DecodeEvent(EventId id, std::string_view record,
                                     Event* e) const {
  absl::Status s = DecodeEventRecord(record, e);
  if (!s.ok()) {
    return absl::DataLossError(
        absl::StrCat("event ", id, ": ", s.message()));
  }
  e->id = id;
  e->actor = ActorName(e->actor_id);
  e->target = ActorName(e->target_id);
  return absl::OkStatus();
}

std::unique_ptr<IndexCursor> EventStore::NewCursor(
    const IndexSelector& selector, Day from, Day to, bool descending,
    std::optional<IndexPosition> after) const {
  switch (selector.kind) {
    case IndexSelector::Kind::kActor:
      return std::make_unique<RocksIndexCursor>(
          impl_->db.get(), impl_->actor_events,
          ActorEventPrefix(selector.actor, selector.side), kActorEventKeySize,
          /*covering=*/false, from, to, descending, after);
    case IndexSelector::Kind::kDyad:
      return std::make_unique<RocksIndexCursor>(
          impl_->db.get(), impl_->dyad_events,
          DyadEventPrefix(selector.actor, selector.target), kDyadEventKeySize,
          /*covering=*/true, from, to, descending, after);
    case IndexSelector::Kind::kAll:
      break;
  }
  return std::make_unique<RocksIndexCursor>(impl_->db.get(),
                                            impl_->date_index, "",
                                            kDateKeySize, /*covering=*/false,
                                            from, to, descending, after);
}

absl::Status EventStore::ScanCounters(
    ActorId actor, ActorId target, Level level, int32_t from, int32_t to,
    const std::function<void(int32_t, const Counter&)>& fn) const {
  if (from > to) return absl::OkStatus();
  BoundedIterator it(impl_->db.get(), impl_->counters,
                     CounterKey(actor, target, level, from),
                     CounterKey(actor, target, level, to + 1));
  Counter counter;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ActorId a, t;
    Level l;
    int32_t period;
    RETURN_IF_ERROR(DecodeCounterKey(View(it->key()), &a, &t, &l, &period));
    RETURN_IF_ERROR(DecodeCounter(View(it->value()), &counter));
    fn(period, counter);
  }
  return FromRocks(it->status(), "counter scan");
}

absl::StatusOr<std::optional<std::pair<Day, Day>>> EventStore::CounterSpan(
    ActorId actor, ActorId target, Level level) const {
  const int32_t lowest = PeriodOf(level, kMinDay);
  const int32_t highest = PeriodOf(level, kMaxDay);
  BoundedIterator it(impl_->db.get(), impl_->counters,
                     CounterKey(actor, target, level, lowest),
                     CounterKey(actor, target, level, highest + 1));
  it->SeekToFirst();
  if (!it->Valid()) {
    RETURN_IF_ERROR(FromRocks(it->status(), "counter span"));
    return std::optional<std::pair<Day, Day>>();
  }
  ActorId a, t;
  Level l;
  int32_t first, last;
  RETURN_IF_ERROR(DecodeCounterKey(View(it->key()), &a, &t, &l, &first));
  it->SeekToLast();
  if (!it->Valid()) {
    RETURN_IF_ERROR(FromRocks(it->status(), "counter span"));
    return absl::DataLossError("counter span changed while reading");
  }
  RETURN_IF_ERROR(DecodeCounterKey(View(it->key()), &a, &t, &l, &last));
  const Day last_day =
      last >= highest ? kMaxDay : PeriodStartDay(level, last + 1) - 1;
  return std::optional<std::pair<Day, Day>>(
      std::make_pair(PeriodStartDay(level, first), last_day));
}

absl::StatusOr<std::optional<std::pair<Day, Day>>> EventStore::DayRange()
    const {
  std::unique_ptr<IndexCursor> first =
      NewCursor(IndexSelector::All(), kMinDay, kMaxDay, false);
  if (!first->Valid()) {
    RETURN_IF_ERROR(first->status());
    return std::nullopt;
  }
  std::unique_ptr<IndexCursor> last =
      NewCursor(IndexSelector::All(), kMinDay, kMaxDay, true);
  if (!last->Valid()) {  // every event deleted meanwhile
    RETURN_IF_ERROR(last->status());
    return std::nullopt;
  }
  return std::make_pair(first->position().day, last->position().day);
}

absl::StatusOr<StoreStats> EventStore::GetStats() const {
  StoreStats stats;
  stats.events = impl_->event_count.load();
  {
    absl::ReaderMutexLock lock(&impl_->actors_mu);
    stats.actors = static_cast<int64_t>(impl_->actor_by_folded.size());
  }
  using Days = std::optional<std::pair<Day, Day>>;
  ASSIGN_OR_RETURN(const Days days, DayRange());
  if (days) {
    stats.first_day = days->first;
    stats.last_day = days->second;
  }
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(impl_->options.path, ec)) {
    if (entry.is_regular_file(ec)) {
      stats.bytes_on_disk += static_cast<int64_t>(entry.file_size(ec));
    }
  }
  // Properties a DB always has; a value it cannot give stays 0.
  uint64_t value = 0;
  if (impl_->db->GetAggregatedIntProperty(
          rocksdb::DB::Properties::kEstimatePendingCompactionBytes, &value)) {
    stats.pending_compaction_bytes = static_cast<int64_t>(value);
  }
  if (impl_->db->GetIntProperty(rocksdb::DB::Properties::kNumRunningCompactions,
                                &value)) {
    stats.running_compactions = static_cast<int64_t>(value);
  }
  if (impl_->db->GetIntProperty(rocksdb::DB::Properties::kNumRunningFlushes,
                                &value)) {
    stats.running_flushes = static_cast<int64_t>(value);
  }
  for (rocksdb::ColumnFamilyHandle* cf : impl_->handles) {
    std::string files;
    if (impl_->db->GetProperty(
            cf, rocksdb::DB::Properties::kNumFilesAtLevelPrefix + "0",
            &files)) {
      int64_t n = 0;
      if (absl::SimpleAtoi(files, &n)) stats.level0_files += n;
    }
  }
  {
    absl::MutexLock lock(&impl_->bulk_mu);
    stats.bulk_loads = impl_->bulk_scopes;
  }
  if (const TemporalGraph* g = impl_->graph.get()) {
    stats.graph_bytes = static_cast<int64_t>(g->MemoryBytes());
    stats.graph_budget_bytes = static_cast<int64_t>(g->memory_budget());
    if (const Day h = g->horizon(); h != kMinDay) stats.graph_first_day = h;
  }
  return stats;
}

}  // namespace eventgraph::storage
