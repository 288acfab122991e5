// SortedEntries (arena, prefix sort, order detection, reuse) and the
// counter sums of DerivedEntries (sorted operands, folding, encoding).
#include "storage/derived.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/keys.h"
#include "storage/records.h"

namespace eventgraph::storage {
namespace {

std::vector<std::pair<std::string, std::string>> Contents(
    const SortedEntries& entries) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    out.emplace_back(entries.key(i), entries.value(i));
  }
  return out;
}

TEST(SortedEntriesTest, SortsBytewiseWhateverTheKeysLengths) {
  // Keys sharing 8-byte prefixes, shorter than 8 bytes, with zero bytes
  // (the zero padding of the prefix must not make "ab" equal "ab\0"), and
  // values larger than a quarter block (stored apart).
  std::vector<std::pair<std::string, std::string>> want = {
      {"", "empty key"},
      {std::string("ab"), "1"},
      {std::string("ab\0", 3), "2"},
      {std::string("ab\0\0\0\0\0\0", 8), "3"},
      {std::string("ab\0\0\0\0\0\0\x01", 9), "4"},
      {"abcdefgh", std::string(300000, 'v')},
      {"abcdefghA", "5"},
      {"abcdefghB", ""},
      {"\xff\xff\xff\xff\xff\xff\xff\xff\xff", "6"},
  };
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::pair<std::string, std::string>> shuffled = want;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    SortedEntries entries;
    for (const auto& [k, v] : shuffled) entries.Add(k, v);
    entries.Sort();
    EXPECT_EQ(Contents(entries), want) << "round " << round;
  }
}

TEST(SortedEntriesTest, ManyEntriesAcrossBlocksSurviveClearAndReuse) {
  SortedEntries entries;
  std::mt19937_64 rng(3);
  for (int round = 0; round < 3; ++round) {
    std::map<std::string, std::string> want;
    const int n = 50000 + round * 10000;  // several 1 MiB blocks
    for (int i = 0; i < n; ++i) {
      std::string key = EncodeU64(rng());
      std::string value(static_cast<size_t>(rng() % 40), 'a' + i % 26);
      if (want.emplace(key, value).second) entries.Add(key, value);
    }
    entries.Sort();
    ASSERT_EQ(entries.size(), want.size());
    size_t i = 0;
    for (const auto& [k, v] : want) {
      ASSERT_EQ(entries.key(i), k) << i;
      ASSERT_EQ(entries.value(i), v) << i;
      ++i;
    }
    entries.Clear();
    EXPECT_EQ(entries.size(), 0u);
  }
}

TEST(SortedEntriesTest, EntriesAddedInOrderStayInOrder) {
  SortedEntries entries;
  for (int i = 0; i < 1000; ++i) entries.Add(EncodeU32(i), EncodeU32(i * 2));
  entries.Sort();
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(entries.key(i), EncodeU32(i));
    ASSERT_EQ(entries.value(i), EncodeU32(i * 2));
  }
  // One key out of order after many in order is still sorted in.
  entries.Add(EncodeU32(500) + "x", "late");
  entries.Sort();
  EXPECT_EQ(entries.key(501), EncodeU32(500) + "x");
  EXPECT_EQ(entries.value(501), "late");
  EXPECT_EQ(entries.key(1000), EncodeU32(999));
}

std::vector<Event> SomeEvents(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.id = static_cast<EventId>(i + 1);
    e.actor_id = 1 + rng() % 12;
    e.target_id = 1 + rng() % 12;  // self events too
    e.day = -400 + static_cast<Day>(rng() % 1200);  // before and after 1970
    e.quad_class = static_cast<QuadClass>(rng() % kQuadClassCount);
    if (rng() % 3 != 0) e.goldstein = (static_cast<int>(rng() % 201) - 100) / 10.0;
    if (rng() % 2 == 0) e.mentions = rng() % 50;
    events.push_back(e);
  }
  return events;
}

// The counters as EncodeSums writes them, decoded, by key.
std::map<std::string, Counter> EncodedCounters(DerivedEntries& derived) {
  SortedEntries counters, stats;
  derived.EncodeSums(&counters, &stats);
  std::map<std::string, Counter> out;
  std::string previous;
  for (size_t i = 0; i < counters.size(); ++i) {
    EXPECT_TRUE(i == 0 || previous < counters.key(i)) << "not in key order";
    previous = std::string(counters.key(i));
    Counter c;
    EXPECT_TRUE(DecodeCounter(counters.value(i), &c).ok());
    out[previous] = c;
  }
  return out;
}

bool Same(const Counter& a, const Counter& b) {
  for (int q = 0; q < kQuadClassCount; ++q) {
    if (a.quad[q].events != b.quad[q].events ||
        a.quad[q].goldstein_events != b.quad[q].goldstein_events ||
        a.quad[q].goldstein_centi != b.quad[q].goldstein_centi ||
        a.quad[q].mentions != b.quad[q].mentions) {
      return false;
    }
  }
  return true;
}

TEST(DerivedEntriesTest, CounterSumsEqualEventByEventCounting) {
  const std::vector<Event> events = SomeEvents(3000, 11);
  // The reference: every counter of every event added one by one.
  std::map<std::string, Counter> want;
  for (const Event& e : events) {
    for (auto [a, t] : {std::pair{e.actor_id, e.target_id},
                        std::pair{e.actor_id, kAnyActor},
                        std::pair{kAnyActor, e.target_id}}) {
      want[CounterKey(a, t, Level::kDay, e.day)].AddEvent(e);
      want[CounterKey(a, t, Level::kMonth, MonthIndex(e.day))].AddEvent(e);
      want[CounterKey(a, t, Level::kYear, YearOf(e.day))].AddEvent(e);
    }
  }
  // Without folding, folding often (merging runs), and reused after Clear.
  DerivedEntries once;
  DerivedEntries folding(/*fold_operands=*/97);
  for (const Event& e : events) {
    once.AddSums(e);
    folding.AddSums(e);
  }
  for (DerivedEntries* derived : {&once, &folding}) {
    const std::map<std::string, Counter> got = EncodedCounters(*derived);
    ASSERT_EQ(got.size(), want.size());
    for (const auto& [key, counter] : want) {
      auto it = got.find(key);
      ASSERT_NE(it, got.end());
      EXPECT_TRUE(Same(it->second, counter));
    }
  }
  folding.Clear();
  for (const Event& e : events) folding.AddSums(e);
  EXPECT_EQ(EncodedCounters(folding).size(), want.size());
  // CounterSums (used by deletes) agrees with the encoding, in key order.
  DerivedEntries sums(50);
  for (const Event& e : events) sums.AddSums(e);
  const auto& list = sums.CounterSums();
  ASSERT_EQ(list.size(), want.size());
  auto it = want.begin();
  for (const auto& [id, counter] : list) {
    EXPECT_EQ(CounterKey(id.actor, id.target, id.level, id.period), it->first);
    EXPECT_TRUE(Same(counter, it->second));
    ++it;
  }
}

}  // namespace
}  // namespace eventgraph::storage
