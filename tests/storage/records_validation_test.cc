#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "storage/event_validation.h"
#include "storage/records.h"

namespace eventgraph::storage {
namespace {

Event Valid() {
  Event e;
  e.actor = "Russia";
  e.action = "Make a visit";
  e.target = "North Korea";
  e.day = 11157;
  return e;
}

std::vector<std::string> Fields(const Event& e) {
  std::vector<std::string> out;
  for (const auto& err : ValidateEvent(e)) out.push_back(err.field);
  return out;
}

TEST(ValidationTest, AValidEventPasses) {
  EXPECT_TRUE(ValidateEvent(Valid()).empty());
  Event full = Valid();
  full.event_code = "0211";
  full.quad_class = QuadClass::kMaterialConflict;
  full.goldstein = -10;
  full.tone = 99.5;
  full.mentions = 0;
  full.lat = -90;
  full.lon = 180;
  full.country = "KN";
  full.attributes = {{"split", "train"}};
  EXPECT_TRUE(ValidateEvent(full).empty());
}

TEST(ValidationTest, EachFieldIsChecked) {
  using V = std::vector<std::string>;
  Event e = Valid();
  e.actor = "   ";
  EXPECT_EQ(Fields(e), V{"actor"});
  e = Valid();
  e.target = std::string(100 * 1024, 'x');
  EXPECT_EQ(Fields(e), V{"target"});
  e = Valid();
  e.action = "bad\xff";
  EXPECT_EQ(Fields(e), V{"action"});
  e = Valid();
  e.actor = std::string("Rus\0sia", 7);
  EXPECT_EQ(Fields(e), V{"actor"});
  e = Valid();
  e.day = kMaxDay + 1;
  EXPECT_EQ(Fields(e), V{"date"});
  for (const char* code : {"1", "12345", "04a", "-04"}) {
    e = Valid();
    e.event_code = code;
    EXPECT_EQ(Fields(e), V{"event_code"}) << code;
  }
  e = Valid();
  e.quad_class = static_cast<QuadClass>(5);
  EXPECT_EQ(Fields(e), V{"quad_class"});
  e = Valid();
  e.goldstein = 10.5;
  EXPECT_EQ(Fields(e), V{"goldstein"});
  e = Valid();
  e.goldstein = std::nan("");
  EXPECT_EQ(Fields(e), V{"goldstein"});
  e = Valid();
  e.tone = -101;
  EXPECT_EQ(Fields(e), V{"tone"});
  e = Valid();
  e.mentions = -1;
  EXPECT_EQ(Fields(e), V{"mentions"});
  // Found while fuzzing: two events of INT64_MAX mentions overflowed the
  // int64 sums of their counter (negative totals, and UB).
  e = Valid();
  e.mentions = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(Fields(e), V{"mentions"});
  e.mentions = 1'000'000'001;  // the limit is 1e9
  EXPECT_EQ(Fields(e), V{"mentions"});
  e.mentions = 1'000'000'000;
  EXPECT_EQ(Fields(e), V{});
  e = Valid();
  e.lat = 91;
  e.lon = std::numeric_limits<double>::infinity();
  EXPECT_EQ(Fields(e), (V{"location.lat", "location.lon"}));
  e = Valid();
  e.source = std::string(kMaxSourceBytes + 1, 's');
  EXPECT_EQ(Fields(e), V{"source"});
  e = Valid();
  e.country = "a\nb";
  EXPECT_EQ(Fields(e), V{"location.country"});
  e = Valid();
  for (int i = 0; i <= static_cast<int>(kMaxAttributes); ++i) {
    e.attributes.emplace_back("k" + std::to_string(i), "v");
  }
  EXPECT_EQ(Fields(e), V{"attributes"});
  e = Valid();
  e.attributes = {{"note", std::string(kMaxAttributeValueBytes + 1, 'v')}};
  EXPECT_EQ(Fields(e), V{"attributes[note]"});
  e = Valid();
  e.attributes = {{"", "v"}};
  EXPECT_EQ(Fields(e), V{"attributes"});
}

TEST(ValidationTest, SeveralProblemsAreAllReported) {
  Event e = Valid();
  e.actor = "";
  e.goldstein = 20;
  e.mentions = -3;
  EXPECT_EQ(ValidateEvent(e).size(), 3u);
}

TEST(RecordsTest, EventRecordRoundTrip) {
  Event e = Valid();
  e.actor_id = 3;
  e.target_id = 4000000000u;
  e.day = kMinDay;
  e.event_code = "042";
  e.quad_class = QuadClass::kVerbalCooperation;
  e.goldstein = 1.9;
  e.mentions = 12;
  e.tone = -3.25;
  e.lat = 39.03;
  e.lon = 125.75;
  e.country = "KN";
  e.source = "https://example.org/a";
  e.source_event_id = "GDELT-1";
  e.attributes = {{"a", "1"}, {"b", ""}};
  Event back;
  ASSERT_TRUE(DecodeEventRecord(EncodeEventRecord(e), &back).ok());
  EXPECT_EQ(back.actor_id, e.actor_id);
  EXPECT_EQ(back.target_id, e.target_id);
  EXPECT_EQ(back.day, e.day);
  EXPECT_EQ(back.action, e.action);
  EXPECT_EQ(back.event_code, e.event_code);
  EXPECT_EQ(back.quad_class, e.quad_class);
  EXPECT_EQ(back.goldstein, e.goldstein);
  EXPECT_EQ(back.mentions, e.mentions);
  EXPECT_EQ(back.tone, e.tone);
  EXPECT_EQ(back.lat, e.lat);
  EXPECT_EQ(back.lon, e.lon);
  EXPECT_EQ(back.country, e.country);
  EXPECT_EQ(back.source, e.source);
  EXPECT_EQ(back.source_event_id, e.source_event_id);
  EXPECT_EQ(back.attributes, e.attributes);

  Event minimal = Valid();
  ASSERT_TRUE(DecodeEventRecord(EncodeEventRecord(minimal), &back).ok());
  EXPECT_FALSE(back.goldstein.has_value());
  EXPECT_FALSE(back.mentions.has_value());
  EXPECT_TRUE(back.attributes.empty());
}

// A writer reuses one buffer for every record: what a larger record left in
// it never leaks into the next one.
TEST(RecordsTest, EncodingIntoAReusedBufferReplacesIt) {
  Event big = Valid();
  big.goldstein = -7.5;
  big.mentions = 1000000;
  big.lat = 1;
  big.source = std::string(500, 's');
  big.attributes = {{"url", std::string(300, 'u')}, {"z", "1"}};
  Event small = Valid();
  std::string buffer;
  EncodeEventRecordInto(big, &buffer);
  EXPECT_EQ(buffer, EncodeEventRecord(big));
  EncodeEventRecordInto(small, &buffer);
  EXPECT_EQ(buffer, EncodeEventRecord(small));
  Event back;
  ASSERT_TRUE(DecodeEventRecord(buffer, &back).ok());
  EXPECT_EQ(back.source, small.source);
  EXPECT_TRUE(back.attributes.empty());
}

TEST(RecordsTest, EveryTruncationOfARecordIsDataLoss) {
  Event e = Valid();
  e.goldstein = 3;
  e.attributes = {{"k", "v"}};
  std::string record = EncodeEventRecord(e);
  for (size_t n = 0; n < record.size(); ++n) {
    Event back;
    EXPECT_EQ(DecodeEventRecord(record.substr(0, n), &back).code(),
              absl::StatusCode::kDataLoss)
        << n;
  }
  Event back;
  EXPECT_EQ(DecodeEventRecord(record + "x", &back).code(),
            absl::StatusCode::kDataLoss);
}

TEST(RecordsTest, CounterAddsExactlyAndRoundTrips) {
  Counter c;
  Event e = Valid();
  e.quad_class = QuadClass::kVerbalConflict;
  e.goldstein = -2.2;
  e.mentions = 5;
  c.AddEvent(e);
  e.goldstein = 0.1;
  c.AddEvent(e);
  e.quad_class = QuadClass::kUnknown;
  e.goldstein.reset();
  c.AddEvent(e);
  Counter back;
  ASSERT_TRUE(DecodeCounter(EncodeCounter(c), &back).ok());
  EXPECT_EQ(back.quad[3].events, 2);
  EXPECT_EQ(back.quad[3].goldstein_events, 2);
  EXPECT_EQ(back.quad[3].goldstein_centi, -210);
  EXPECT_EQ(back.quad[3].mentions, 10);
  EXPECT_EQ(back.quad[0].events, 1);
  EXPECT_EQ(back.quad[0].goldstein_events, 0);
  back.Add(c, -1);
  EXPECT_TRUE(back.empty());
  EXPECT_EQ(DecodeCounter("\x40", &back).code(), absl::StatusCode::kDataLoss);
}

TEST(RecordsTest, ActorStatsAddKeepsTheSpan) {
  ActorStats a{1, 0, 0, 100, 100};
  ActorStats b{0, 2, 1, 50, 70};
  a.Add(b);
  EXPECT_EQ(a.first_day, 50);
  EXPECT_EQ(a.last_day, 100);
  EXPECT_EQ(a.event_count(), 2);
  ActorStats back;
  ASSERT_TRUE(DecodeActorStats(EncodeActorStats(a), &back).ok());
  EXPECT_EQ(back.out_count, 1);
  EXPECT_EQ(back.in_count, 2);
  EXPECT_EQ(back.self_count, 1);
}

// Found by fuzz_storage_decode: days were checked on one side only (first
// >= kMinDay, last <= kMaxDay), so a corrupt value decoded to days outside
// 0001..9999 (or truncated to int32) instead of DataLoss.
TEST(RecordsTest, ActorStatsWithDaysOutOfRangeAreDataLoss) {
  ActorStats back;
  // The fuzzer's input: out 502, in 502, self 1, then huge days.
  const std::string found("\xf6\x03\xf6\x03\x01\xf8\xff\x2c\xff\xff\xff\x02",
                          12);
  EXPECT_EQ(DecodeActorStats(found, &back).code(), absl::StatusCode::kDataLoss);
  for (const auto& [first, last] :
       std::vector<std::pair<Day, Day>>{{kMaxDay + 1, kMaxDay + 1},
                                        {kMinDay - 1, kMinDay - 1},
                                        {kMinDay, kMaxDay + 1},
                                        {kMinDay - 1, kMaxDay}}) {
    ActorStats bad{1, 0, 0, first, last};
    EXPECT_EQ(DecodeActorStats(EncodeActorStats(bad), &back).code(),
              absl::StatusCode::kDataLoss)
        << first << ".." << last;
  }
  ActorStats edges{1, 0, 0, kMinDay, kMaxDay};
  EXPECT_TRUE(DecodeActorStats(EncodeActorStats(edges), &back).ok());
}

}  // namespace
}  // namespace eventgraph::storage
