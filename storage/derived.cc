#include "storage/derived.h"

#include <algorithm>
#include <cstring>

#include "storage/date.h"
#include "storage/keys.h"

namespace eventgraph::storage {
namespace {

// The first 8 bytes of `key` as a big-endian integer, zero-padded: ordering
// by it and then by the whole key is bytewise order.
uint64_t KeyPrefix(std::string_view key) {
  unsigned char b[8] = {};
  std::memcpy(b, key.data(), std::min<size_t>(key.size(), 8));
  uint64_t v = 0;
  for (unsigned char c : b) v = (v << 8) | c;
  return v;
}

}  // namespace

char* SortedEntries::Allocate(size_t n) {
  if (n > kBlockBytes / 4) {
    large_.emplace_back(new char[n]);
    return large_.back().get();
  }
  while (block_ == 0 || block_used_ + n > blocks_[block_ - 1].size) {
    if (block_ == blocks_.size()) {
      const size_t size =
          blocks_.empty() ? kFirstBlockBytes
                          : std::min(kBlockBytes, 2 * blocks_.back().size);
      blocks_.push_back({std::unique_ptr<char[]>(new char[size]), size});
    }
    ++block_;  // a kept block too small for n is skipped
    block_used_ = 0;
  }
  char* p = blocks_[block_ - 1].data.get() + block_used_;
  block_used_ += n;
  return p;
}

void SortedEntries::Add(std::string_view key, std::string_view value) {
  const uint64_t prefix = KeyPrefix(key);
  char* data = Allocate(key.size() + value.size());
  std::memcpy(data, key.data(), key.size());
  if (!value.empty()) std::memcpy(data + key.size(), value.data(), value.size());
  if (sorted_ && !slots_.empty()) {
    const Slot& last = slots_.back();
    sorted_ = last.prefix < prefix ||
              (last.prefix == prefix &&
               std::string_view(last.data, last.key_size) < key);
  }
  slots_.push_back({prefix, data, static_cast<uint32_t>(key.size()),
                    static_cast<uint32_t>(value.size())});
}

void SortedEntries::Reserve(size_t entries) {
  slots_.reserve(slots_.size() + entries);
}

void SortedEntries::Clear() {
  slots_.clear();
  large_.clear();
  block_ = 0;
  block_used_ = 0;
  sorted_ = true;
}

void SortedEntries::Sort() {
  if (sorted_) return;
  std::sort(slots_.begin(), slots_.end(), [](const Slot& a, const Slot& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return std::string_view(a.data, a.key_size) <
           std::string_view(b.data, b.key_size);
  });
  sorted_ = true;
}

void SortedEntries::PutInto(rocksdb::WriteBatch* batch,
                            rocksdb::ColumnFamilyHandle* cf) {
  Sort();
  for (size_t i = 0; i < size(); ++i) batch->Put(cf, key(i), value(i));
}

void SortedEntries::MergeInto(rocksdb::WriteBatch* batch,
                              rocksdb::ColumnFamilyHandle* cf) {
  Sort();
  for (size_t i = 0; i < size(); ++i) batch->Merge(cf, key(i), value(i));
}

void DerivedEntries::Reserve(size_t events) {
  operands_.reserve(operands_.size() + std::min(3 * events, fold_operands_));
  identity.Reserve(events);
  actor_events.Reserve(2 * events);
  dyad_events.Reserve(events);
  date_index.Reserve(events);
}

void DerivedEntries::Clear() {
  identity.Clear();
  actor_events.Clear();
  dyad_events.Clear();
  date_index.Clear();
  operands_.clear();
  sums_.clear();
  actor_stats_.clear();
}

// Adds the event's share of its day's counter of one directed pair (the
// month and year counters are rolled up from the day sums).
void DerivedEntries::CountEvent(ActorId actor, ActorId target,
                                const Event& e) {
  operands_.push_back(
      {{actor, target, e.day, Level::kDay},
       e.mentions.value_or(0),
       static_cast<int32_t>(e.goldstein ? GoldsteinCenti(*e.goldstein) : 0),
       e.quad_class,
       e.goldstein.has_value()});
}

template <typename Fn>
void DerivedEntries::SumOperands(Fn&& fn) {
  std::sort(operands_.begin(), operands_.end(),
            [](const Operand& a, const Operand& b) { return a.id < b.id; });
  // Key order puts a pair's day counters first, then its months, then its
  // years: the months and years of a pair wait in `months` and `years`
  // (filled in order, as its days come in order) until its days are done.
  std::vector<std::pair<int32_t, Counter>> months;
  std::vector<std::pair<int32_t, Counter>> years;
  auto roll_up = [](std::vector<std::pair<int32_t, Counter>>& sums,
                    int32_t period, const Counter& day_sum) {
    if (sums.empty() || sums.back().first != period) {
      sums.emplace_back(period, day_sum);
    } else {
      sums.back().second.Add(day_sum);
    }
  };
  Day cached_day = kMaxDay + 1;  // none yet; MonthIndex and YearOf of it
  int32_t cached_month = 0;
  int32_t cached_year = 0;
  const size_t n = operands_.size();
  for (size_t i = 0; i < n;) {
    const ActorId actor = operands_[i].id.actor;
    const ActorId target = operands_[i].id.target;
    months.clear();
    years.clear();
    for (; i < n && operands_[i].id.actor == actor &&
           operands_[i].id.target == target;) {
      const CounterId id = operands_[i].id;  // a kDay counter
      Counter sum;
      for (; i < n && operands_[i].id == id; ++i) {
        const Operand& op = operands_[i];
        sum.AddShare(op.quad, op.has_goldstein, op.goldstein_centi,
                     op.mentions);
      }
      fn(id, sum);
      if (id.period != cached_day) {
        cached_day = id.period;
        cached_month = MonthIndex(cached_day);
        cached_year = YearOf(cached_day);
      }
      roll_up(months, cached_month, sum);
      roll_up(years, cached_year, sum);
    }
    for (const auto& [month, sum] : months) {
      fn(CounterId{actor, target, month, Level::kMonth}, sum);
    }
    for (const auto& [year, sum] : years) {
      fn(CounterId{actor, target, year, Level::kYear}, sum);
    }
  }
  operands_.clear();
}

void DerivedEntries::Fold() {
  if (operands_.empty()) return;
  // Sums of the new operands, in key order.
  std::vector<std::pair<CounterId, Counter>> added;
  SumOperands([&added](const CounterId& id, const Counter& sum) {
    added.emplace_back(id, sum);
  });
  if (sums_.empty()) {
    sums_ = std::move(added);
    return;
  }
  // Merge the two sorted runs, adding counters that appear in both.
  std::vector<std::pair<CounterId, Counter>> merged;
  merged.reserve(sums_.size() + added.size());
  auto a = sums_.begin();
  auto b = added.begin();
  while (a != sums_.end() || b != added.end()) {
    if (b == added.end() || (a != sums_.end() && a->first < b->first)) {
      merged.push_back(*a++);
    } else if (a == sums_.end() || b->first < a->first) {
      merged.push_back(*b++);
    } else {
      merged.push_back(*a++);
      merged.back().second.Add((b++)->second);
    }
  }
  sums_ = std::move(merged);
}

const std::vector<std::pair<CounterId, Counter>>&
DerivedEntries::CounterSums() {
  Fold();
  return sums_;
}

void DerivedEntries::NoteActor(ActorId id, Side side, bool self, Day day) {
  ActorStats s;
  (side == Side::kOut ? s.out_count : s.in_count) = 1;
  s.first_day = s.last_day = day;
  ActorStats& stats = actor_stats_[id];
  stats.Add(s);
  if (self && side == Side::kIn) stats.self_count += 1;
}

void DerivedEntries::Add(const Event& e, std::string_view identity_key,
                         std::string_view record) {
  identity.Add(identity_key, EncodeU64(e.id));
  actor_events.Add(ActorEventKey(e.actor_id, Side::kOut, e.day, e.id),
                   EncodeU32(e.target_id));
  actor_events.Add(ActorEventKey(e.target_id, Side::kIn, e.day, e.id),
                   EncodeU32(e.actor_id));
  dyad_events.Add(DyadEventKey(e.actor_id, e.target_id, e.day, e.id), record);
  date_index.Add(DateKey(e.day, e.id), EncodeEventGraphFields(e));
  AddSums(e);
}

void DerivedEntries::AddSums(const Event& e) {
  if (operands_.size() >= fold_operands_) Fold();
  CountEvent(e.actor_id, e.target_id, e);
  CountEvent(e.actor_id, kAnyActor, e);
  CountEvent(kAnyActor, e.target_id, e);
  const bool self = e.actor_id == e.target_id;
  NoteActor(e.actor_id, Side::kOut, self, e.day);
  NoteActor(e.target_id, Side::kIn, self, e.day);
}

void DerivedEntries::EncodeSums(SortedEntries* counters,
                                SortedEntries* stats) {
  auto add = [counters](const CounterId& id, const Counter& sum) {
    counters->Add(CounterKey(id.actor, id.target, id.level, id.period),
                  EncodeCounter(sum));
  };
  if (sums_.empty()) {
    // Straight from the sorted operands: no 160-byte Counter per key.
    counters->Reserve(operands_.size());
    SumOperands(add);
  } else {
    for (const auto& [id, sum] : CounterSums()) add(id, sum);
  }
  stats->Reserve(actor_stats_.size());
  for (const auto& [actor, s] : actor_stats_) {
    stats->Add(ActorKey(actor), EncodeActorStats(s));
  }
}

}  // namespace eventgraph::storage
