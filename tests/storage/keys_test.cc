#include "storage/keys.h"

#include <algorithm>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "storage/coding.h"
#include "storage/date.h"

namespace eventgraph::storage {
namespace {

const Day kDays[] = {kMinDay, kMinDay + 1, -719162 / 2, -365, -1, 0, 1,
                     ParseDate("2000-07-19").value(), ParseDate("2024-06-19").value(),
                     kMaxDay - 1, kMaxDay};

TEST(KeysTest, OrderedInt32ByteOrderEqualsNumericOrder) {
  std::vector<int32_t> values = {INT32_MIN, -1000000, -2, -1, 0, 1, 2,
                                 1000000, INT32_MAX};
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    std::string a, b;
    PutOrderedInt32(&a, values[i]);
    PutOrderedInt32(&b, values[i + 1]);
    EXPECT_LT(a, b) << values[i] << " vs " << values[i + 1];
    std::string_view in(a);
    int32_t back;
    ASSERT_TRUE(GetOrderedInt32(&in, &back));
    EXPECT_EQ(back, values[i]);
  }
}

TEST(KeysTest, DyadKeyRoundTripAndOrderAcrossNegativeAndFarDates) {
  std::vector<std::string> keys;
  for (Day d : kDays) {
    for (EventId id : {EventId{1}, EventId{255}, EventId{1} << 40}) {
      std::string k = DyadEventKey(7, 9, d, id);
      ASSERT_EQ(k.size(), kDyadEventKeySize);
      Day day;
      EventId back;
      ASSERT_TRUE(DecodeIndexTail(k, kDyadEventKeySize, &day, &back).ok());
      EXPECT_EQ(day, d);
      EXPECT_EQ(back, id);
      EXPECT_EQ(k.substr(0, 8), DyadEventPrefix(7, 9));
      keys.push_back(k);
    }
  }
  // Generated in (day, id) order: byte order must agree.
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(KeysTest, ActorEventKeysGroupByActorThenSideThenDate) {
  std::string a = ActorEventKey(1, Side::kOut, kMaxDay, 99);
  std::string b = ActorEventKey(1, Side::kIn, kMinDay, 1);
  std::string c = ActorEventKey(2, Side::kOut, kMinDay, 1);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(a.size(), kActorEventKeySize);
}

TEST(KeysTest, DateKeysSortByDayThenId) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<Day> days(kMinDay, kMaxDay);
  std::vector<std::pair<Day, EventId>> entries;
  for (int i = 0; i < 1000; ++i) entries.emplace_back(days(rng), rng());
  std::vector<std::string> keys;
  for (auto [d, id] : entries) keys.push_back(DateKey(d, id));
  std::sort(entries.begin(), entries.end());
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < keys.size(); ++i) {
    Day d;
    EventId id;
    ASSERT_TRUE(DecodeIndexTail(keys[i], kDateKeySize, &d, &id).ok());
    EXPECT_EQ(std::make_pair(d, id), entries[i]);
  }
}

TEST(KeysTest, CounterKeyRoundTrip) {
  for (Level level : {Level::kDay, Level::kMonth, Level::kYear}) {
    for (int32_t period : {-5, 0, 24006, kMaxDay}) {
      std::string k = CounterKey(3, kAnyActor, level, period);
      ActorId a, t;
      Level l;
      int32_t p;
      ASSERT_TRUE(DecodeCounterKey(k, &a, &t, &l, &p).ok());
      EXPECT_EQ(a, 3u);
      EXPECT_EQ(t, kAnyActor);
      EXPECT_EQ(l, level);
      EXPECT_EQ(p, period);
    }
  }
}

TEST(KeysTest, CorruptKeysAreDataLossNotCrashes) {
  Day d;
  EventId id;
  EXPECT_EQ(DecodeIndexTail("short", kDyadEventKeySize, &d, &id).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeEventKey("1234567", &id).code(),
            absl::StatusCode::kDataLoss);
  ActorId a, t;
  Level l;
  int32_t p;
  std::string bad_level = CounterKey(1, 2, Level::kDay, 0);
  bad_level[8] = 9;
  EXPECT_EQ(DecodeCounterKey(bad_level, &a, &t, &l, &p).code(),
            absl::StatusCode::kDataLoss);
  uint64_t v;
  EXPECT_EQ(DecodeU64("abc", &v).code(), absl::StatusCode::kDataLoss);
}

TEST(KeysTest, IdentityUsesSourceEventIdWhenGiven) {
  Event a;
  a.actor = "Russia";
  a.target = "North Korea";
  a.action = "Consult";
  a.day = 100;
  a.source_event_id = "123";
  Event b = a;
  b.action = "Something else";
  EXPECT_EQ(IdentityKey(a, "russia", "north korea"),
            IdentityKey(b, "russia", "north korea"));
  a.source_event_id.clear();
  b.source_event_id.clear();
  EXPECT_NE(IdentityKey(a, "russia", "north korea"),
            IdentityKey(b, "russia", "north korea"));
  Event c = a;
  c.action = "  CONSULT ";  // normalized the same
  EXPECT_EQ(IdentityKey(a, "russia", "north korea"),
            IdentityKey(c, "russia", "north korea"));
  c.day = 101;
  EXPECT_NE(IdentityKey(a, "russia", "north korea"),
            IdentityKey(c, "russia", "north korea"));
  EXPECT_EQ(IdentityKey(a, "x", "y").size(), kIdentityKeySize);
}

}  // namespace
}  // namespace eventgraph::storage
