#include "storage/merge_operators.h"

#include <algorithm>
#include <string_view>

#include "storage/keys.h"
#include "storage/records.h"

namespace eventgraph::storage {
namespace {

std::string_view View(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
}

// Decodes `existing` (when present) and `value` as T, adds them with
// T::Add and encodes the sum into `out`. Returns false on a corrupt input.
template <typename T, typename Decode, typename Encode>
bool AddValues(const rocksdb::Slice* existing, const rocksdb::Slice& value,
               std::string* out, Decode decode, Encode encode) {
  T sum;
  if (existing != nullptr && !decode(View(*existing), &sum).ok()) return false;
  T operand;
  if (!decode(View(value), &operand).ok()) return false;
  sum.Add(operand);
  *out = encode(sum);
  return true;
}

class CounterMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    return AddValues<Counter>(existing, value, new_value, DecodeCounter,
                              [](const Counter& c) { return EncodeCounter(c); });
  }
  const char* Name() const override { return "eventgraph.CounterAdd.v1"; }
};

class ActorStatsMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    return AddValues<ActorStats>(existing, value, new_value, DecodeActorStats,
                                 EncodeActorStats);
  }
  const char* Name() const override { return "eventgraph.ActorStatsAdd.v1"; }
};

class MetaMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    uint64_t operand;
    if (!DecodeU64(View(value), &operand).ok()) return false;
    uint64_t result = operand;
    if (existing != nullptr) {
      uint64_t old;
      if (!DecodeU64(View(*existing), &old).ok()) return false;
      result = View(key) == kMetaEventCount ? old + operand
                                            : std::max(old, operand);
    }
    *new_value = EncodeU64(result);
    return true;
  }
  const char* Name() const override { return "eventgraph.MetaMerge.v1"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewMetaMergeOperator() {
  return std::make_shared<MetaMergeOperator>();
}

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator() {
  return std::make_shared<CounterMergeOperator>();
}

std::shared_ptr<rocksdb::MergeOperator> NewActorStatsMergeOperator() {
  return std::make_shared<ActorStatsMergeOperator>();
}

}  // namespace eventgraph::storage
