// Private to storage/: what an event adds to the database besides its
// record — identity, index entries, counter and actor-statistics operands.
// EventStore::Write, Check and Repair all derive them here, so that the
// three agree by construction.
//
// Thread safety: SortedEntries and DerivedEntries are not thread-safe (one
// thread at a time, no internal locking).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "rocksdb/write_batch.h"
#include "storage/event.h"
#include "storage/keys.h"
#include "storage/records.h"

namespace eventgraph::storage {

// Key-value pairs of one column family, sorted before they are used
// (memtable inserts in key order reuse the skip list's search path; SST
// files need them in order). The bytes of the entries live in large blocks
// that are never moved, and each entry is a fixed-size slot, so a bulk
// write of 10^6 entries makes no allocation per entry and copies nothing
// twice; sorting compares the keys' first eight bytes as one integer before
// it compares the rest. Clear() keeps the memory for the next use.
class SortedEntries {
 public:
  SortedEntries() = default;
  SortedEntries(SortedEntries&&) = default;
  SortedEntries& operator=(SortedEntries&&) = default;

  // Copies `key` and `value`. REQUIRES: each below 4 GiB.
  void Add(std::string_view key, std::string_view value);
  // Room for `entries` more entries.
  void Reserve(size_t entries);
  // Sorts by key (bytewise), unless they were added in order. Keys are
  // expected to be distinct.
  void Sort();
  void PutInto(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf);
  void MergeInto(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf);
  size_t size() const { return slots_.size(); }
  // The i-th entry, in key order once Sort() was called since the last Add.
  // Valid until Clear(). REQUIRES: i < size().
  std::string_view key(size_t i) const {
    return std::string_view(slots_[i].data, slots_[i].key_size);
  }
  std::string_view value(size_t i) const {
    const Slot& s = slots_[i];
    return std::string_view(s.data + s.key_size, s.value_size);
  }
  // Forgets the entries; keeps the memory.
  void Clear();

 private:
  // Blocks grow from 4 KiB to 1 MiB: a commit of one event (or Check's
  // per-event entries) must not pay for a megabyte.
  static constexpr size_t kFirstBlockBytes = size_t{4} << 10;
  static constexpr size_t kBlockBytes = size_t{1} << 20;

  struct Block {
    std::unique_ptr<char[]> data;  // uninitialized
    size_t size;
  };

  struct Slot {
    uint64_t prefix;   // the key's first 8 bytes, big-endian, zero-padded
    const char* data;  // the key, then the value
    uint32_t key_size;
    uint32_t value_size;
  };
  // Room for `n` bytes in the current block (a new one if needed).
  char* Allocate(size_t n);

  std::vector<Block> blocks_;                   // kept by Clear()
  std::vector<std::unique_ptr<char[]>> large_;  // entries above kBlockBytes/4
  size_t block_ = 0;       // blocks_[block_ - 1] is being filled
  size_t block_used_ = 0;  // bytes used in it
  std::vector<Slot> slots_;
  bool sorted_ = true;  // entries added in key order need no sort
};

// A counter's key, unencoded (CounterKey encodes it). operator< is the
// order of the encoded keys.
struct CounterId {
  ActorId actor;
  ActorId target;
  int32_t period;
  Level level;

  bool operator==(const CounterId& o) const {
    return actor == o.actor && target == o.target && period == o.period &&
           level == o.level;
  }
  bool operator<(const CounterId& o) const {
    if (actor != o.actor) return actor < o.actor;
    if (target != o.target) return target < o.target;
    if (level != o.level) return level < o.level;
    return period < o.period;
  }
};

// The derived entries of a set of events, per column family. Counters and
// actor statistics are summed per key (one merge operand per key).
//
// Counters are summed by sorting, not hashing: each event appends one small
// record per day counter it touches (three: the pair and each side against
// any actor), and the records are sorted and folded into per-key sums when
// they pass kFoldOperands and when the sums are read; a pair's month and
// year sums are rolled up from its day sums, which come in order. A bulk
// write of 10^5 events thus makes no allocation per counter and touches
// memory in order; a full recount (Check, Repair) holds at most
// kFoldOperands records besides the sums.
class DerivedEntries {
 public:
  static constexpr size_t kFoldOperands = size_t{1} << 22;

  // `fold_operands`: how many records wait before they are folded (tests
  // make it small).
  explicit DerivedEntries(size_t fold_operands = kFoldOperands)
      : fold_operands_(fold_operands) {}

  SortedEntries identity;      // identity key -> event id
  SortedEntries actor_events;  // both sides
  SortedEntries dyad_events;  // value: the event's record
  SortedEntries date_index;

  // Room for the entries of `events` more events.
  void Reserve(size_t events);
  // Forgets everything; keeps the memory.
  void Clear();

  // Adds everything `e` derives. `identity_key` is IdentityKey(e, ...);
  // `record` is EncodeEventRecord(e), the value of its dyad_events entry
  // (a caller that only needs the keys, as a delete, may pass "").
  // REQUIRES: e.id, e.actor_id, e.target_id and e.day are set.
  void Add(const Event& e, std::string_view identity_key,
           std::string_view record);
  // Adds only the counters and actor statistics of `e`.
  void AddSums(const Event& e);

  // Adds one merge operand per counter to *counters (in key order) and one
  // per actor to *stats (unsorted).
  void EncodeSums(SortedEntries* counters, SortedEntries* stats);

  // The counters' sums, each counter once, in key order.
  const std::vector<std::pair<CounterId, Counter>>& CounterSums();
  const absl::flat_hash_map<ActorId, ActorStats>& actor_stats() const {
    return actor_stats_;
  }

 private:
  // One event's share of one day counter.
  struct Operand {
    CounterId id;
    int64_t mentions;
    int32_t goldstein_centi;
    QuadClass quad;
    bool has_goldstein;
  };

  void CountEvent(ActorId actor, ActorId target, const Event& e);
  void NoteActor(ActorId id, Side side, bool self, Day day);
  // Sorts operands_, calls fn(const CounterId&, const Counter& sum) once
  // per counter in key order, and clears operands_.
  template <typename Fn>
  void SumOperands(Fn&& fn);
  // Adds operands_ into sums_.
  void Fold();

  size_t fold_operands_;
  std::vector<Operand> operands_;
  std::vector<std::pair<CounterId, Counter>> sums_;  // in key order
  absl::flat_hash_map<ActorId, ActorStats> actor_stats_;
};

}  // namespace eventgraph::storage
