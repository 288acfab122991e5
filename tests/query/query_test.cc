// Timelines and listings against brute force over a random event set:
// negative days, self-loops, every granularity, direction, window and filter.
#include <algorithm>
#include <map>
#include <random>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "query/event_listing.h"
#include "query/field_status.h"
#include "query/timeline.h"
#include "tests/query/split_timelines.h"
#include "storage/event_fill.h"
#include "storage/event_store.h"
#include "storage/text.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::query {
namespace {

using storage::Day;
using storage::Event;

const char* kActors[] = {"Russia", "North Korea", "China", "Japan", "UN"};
const char* kActions[] = {"Consult", "Make a visit", "Threaten", "Fight"};
const char* kCodes[] = {"040", "042", "138", "190"};

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.path = dir_.path();
    auto store = storage::EventStore::Open(options);
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    std::mt19937 rng(7);
    const Day lo = *storage::ParseDate("1968-11-20");
    const Day hi = *storage::ParseDate("1972-03-10");
    std::uniform_int_distribution<Day> day(lo, hi);
    std::vector<Event> batch;
    for (int i = 0; i < 3000; ++i) {
      Event e;
      e.actor = kActors[rng() % 5];
      e.target = kActors[rng() % 5];  // self-loops included
      int k = rng() % 4;
      e.action = kActions[k];
      e.event_code = kCodes[k];
      e.quad_class = static_cast<storage::QuadClass>(rng() % 5);
      if (rng() % 3) e.goldstein = static_cast<int>(rng() % 201 - 100) / 10.0;
      if (rng() % 2) e.mentions = rng() % 50;
      e.day = day(rng);
      e.source = std::to_string(i);
      batch.push_back(e);
      if (batch.size() == 700) Flush(&batch);
    }
    Flush(&batch);
  }

  void Flush(std::vector<Event>* batch) {
    auto r = store_->Write(*batch);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->accepted, static_cast<int64_t>(batch->size()));
    for (size_t i = 0; i < batch->size(); ++i) {
      (*batch)[i].id = r->ids[i];
      // The store fills in quad class and Goldstein from the CAMEO code.
      storage::FillFromEventCode(&(*batch)[i]);
      events_.push_back((*batch)[i]);
    }
    batch->clear();
  }

  bool InSubject(const Event& e, const Subject& s) const {
    if (s.actor.empty()) return true;
    bool out = e.actor == s.actor &&
               (s.counterpart.empty() || e.target == s.counterpart);
    bool in = e.target == s.actor &&
              (s.counterpart.empty() || e.actor == s.counterpart);
    switch (s.direction) {
      case Direction::kOut:
        return out;
      case Direction::kIn:
        return in;
      case Direction::kBoth:
        return out || in;
    }
    return false;
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::EventStore> store_;
  std::vector<Event> events_;
};

TEST_F(QueryTest, TimelinesEqualBruteForce) {
  std::mt19937 rng(11);
  const Granularity grans[] = {Granularity::kDay, Granularity::kWeek,
                               Granularity::kMonth, Granularity::kQuarter,
                               Granularity::kYear};
  const Direction dirs[] = {Direction::kBoth, Direction::kOut, Direction::kIn};
  for (int round = 0; round < 120; ++round) {
    TimelineQuery q;
    q.subject.actor = kActors[rng() % 5];
    if (rng() % 3) q.subject.counterpart = kActors[rng() % 5];
    q.subject.direction = dirs[rng() % 3];
    q.granularity = grans[rng() % 5];
    const Day lo = *storage::ParseDate("1968-10-01");
    if (rng() % 4) q.from = lo + static_cast<Day>(rng() % 700);
    if (rng() % 4) q.to = lo + 600 + static_cast<Day>(rng() % 800);
    if (q.from && q.to && *q.from > *q.to) std::swap(*q.from, *q.to);
    int filter_kind = rng() % 4;
    std::vector<int> quads;
    std::string action, code;
    if (filter_kind == 1) quads = {1, 3};
    if (filter_kind == 2) action = "  make A VISIT";
    if (filter_kind == 3) code = "19";  // a CAMEO root: fight
    auto filter = EventFilter::Make(action, code, quads);
    ASSERT_TRUE(filter.ok());
    q.filter = *filter;
    SCOPED_TRACE(::testing::Message()
                 << "round " << round << " " << q.subject.actor << "/"
                 << q.subject.counterpart << " dir "
                 << static_cast<int>(q.subject.direction) << " gran "
                 << static_cast<int>(q.granularity) << " filter "
                 << filter_kind);
    auto t = ComputeTimeline(*store_, q);
    ASSERT_TRUE(t.ok()) << t.status();
    ASSERT_TRUE(t->from.has_value());
    // Buckets tile the window without gaps.
    ASSERT_FALSE(t->buckets.empty());
    EXPECT_EQ(t->buckets.front().start, *t->from);
    EXPECT_EQ(t->buckets.back().end, *t->to);
    for (size_t i = 0; i + 1 < t->buckets.size(); ++i) {
      EXPECT_EQ(t->buckets[i].end + 1, t->buckets[i + 1].start);
      EXPECT_EQ(BucketStart(t->buckets[i + 1].start, q.granularity),
                t->buckets[i + 1].start);
    }
    std::vector<int64_t> count(t->buckets.size());
    std::vector<int64_t> centi(t->buckets.size());
    std::vector<int64_t> q3(t->buckets.size());
    int64_t total = 0;
    for (const Event& e : events_) {
      if (!InSubject(e, q.subject) || !q.filter.Matches(e)) continue;
      if (e.day < *t->from || e.day > *t->to) continue;
      auto it = std::upper_bound(
          t->buckets.begin(), t->buckets.end(), e.day,
          [](Day d, const TimelineBucket& b) { return d < b.start; });
      size_t i = static_cast<size_t>(it - t->buckets.begin()) - 1;
      ++count[i];
      ++total;
      if (e.goldstein) centi[i] += std::llround(*e.goldstein * 100);
      if (e.quad_class == storage::QuadClass::kVerbalConflict) ++q3[i];
    }
    int64_t got_total = 0;
    for (size_t i = 0; i < t->buckets.size(); ++i) {
      const storage::Counter& c = t->buckets[i].counter;
      int64_t n = 0, cs = 0;
      for (const auto& qc : c.quad) {
        n += qc.events;
        cs += qc.goldstein_centi;
      }
      got_total += n;
      ASSERT_EQ(n, count[i]) << "bucket " << storage::FormatDate(t->buckets[i].start);
      ASSERT_EQ(cs, centi[i]);
      ASSERT_EQ(c.quad[3].events, q3[i]);
    }
    EXPECT_EQ(got_total, total);
    // Open ends cover every event of the subject.
    if (!q.from && !q.to && !q.filter.NeedsEvents()) {
      int64_t all = 0;
      for (const Event& e : events_) {
        all += InSubject(e, q.subject) && q.filter.Matches(e);
      }
      EXPECT_EQ(total, all);
    }
  }
}

TEST_F(QueryTest, SplitDirectionsEqualTheOneWayTimelines) {
  std::mt19937 rng(23);
  const Granularity grans[] = {Granularity::kWeek, Granularity::kMonth,
                               Granularity::kYear};
  for (int round = 0; round < 60; ++round) {
    TimelineQuery q;
    q.subject.actor = kActors[rng() % 5];
    // No counterpart, another actor, or the actor itself (self-loops).
    const int kind = round % 3;
    if (kind == 1) {
      do {
        q.subject.counterpart = kActors[rng() % 5];
      } while (q.subject.counterpart == q.subject.actor);
    }
    if (kind == 2) q.subject.counterpart = q.subject.actor;
    q.granularity = grans[rng() % 3];
    const Day lo = *storage::ParseDate("1968-10-01");
    if (rng() % 2) q.from = lo + static_cast<Day>(rng() % 500);
    if (rng() % 2) q.to = lo + 700 + static_cast<Day>(rng() % 500);
    if (rng() % 3 == 0) q.filter = *EventFilter::Make("", "19", {});
    SCOPED_TRACE(::testing::Message()
                 << "round " << round << " " << q.subject.actor << "/"
                 << q.subject.counterpart);
    SplitTimelines got;
    ComputeSplitTimelines(*store_, q, &got);
    ASSERT_FALSE(::testing::Test::HasFatalFailure());
    ExpectSplitMatches(got);
    const Timeline* t = &got.split;
    int64_t outgoing = 0;
    for (const TimelineBucket& b : t->buckets) {
      for (const auto& qc : b.outgoing.quad) outgoing += qc.events;
    }
    // Brute force for the outgoing side: the actor's events (to the
    // counterpart) in the window.
    int64_t want = 0;
    for (const Event& e : events_) {
      if (e.actor != q.subject.actor || e.day < *t->from || e.day > *t->to) {
        continue;
      }
      if (!q.subject.counterpart.empty() && e.target != q.subject.counterpart) {
        continue;
      }
      want += q.filter.Matches(e);
    }
    EXPECT_EQ(outgoing, want);
  }
}

TEST_F(QueryTest, TimelineErrors) {
  TimelineQuery q;
  q.subject.actor = "Nobody";
  auto t = ComputeTimeline(*store_, q);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(t.status().message(), "Nobody"));
  q.subject.actor = "Russia";
  q.subject.counterpart = "Atlantis";
  t = ComputeTimeline(*store_, q);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(t.status().message(), "Atlantis"));
  q.subject.counterpart = "";
  q.from = 10;
  q.to = 5;
  t = ComputeTimeline(*store_, q);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(t.status()), "from_date");
  q.from = storage::kMinDay;
  q.to = storage::kMaxDay;
  q.granularity = Granularity::kDay;
  t = ComputeTimeline(*store_, q);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kOutOfRange);
  q.granularity = Granularity::kYear;  // 9999 buckets: fine
  t = ComputeTimeline(*store_, q);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->buckets.size(), 9999u);
  // Splitting a one-way timeline says which field is wrong.
  q.from.reset();
  q.to.reset();
  q.split_directions = true;
  q.subject.direction = Direction::kOut;
  t = ComputeTimeline(*store_, q);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(t.status()), "split_directions");
}

TEST_F(QueryTest, PagesWalkEveryEventOnceInOrder) {
  const Direction dirs[] = {Direction::kBoth, Direction::kOut, Direction::kIn};
  std::mt19937 rng(5);
  for (int round = 0; round < 24; ++round) {
    EventQuery q;
    if (round % 6) q.subject.actor = kActors[rng() % 5];
    if (round % 2 && !q.subject.actor.empty()) {
      q.subject.counterpart = kActors[rng() % 5];
    }
    q.subject.direction = dirs[rng() % 3];
    q.descending = round % 4 == 1;
    if (round % 3 == 0) q.from = *storage::ParseDate("1969-06-01");
    if (round % 5 == 0) {
      auto f = EventFilter::Make("", "04", {});
      ASSERT_TRUE(f.ok());
      q.filter = *f;
    }
    std::vector<std::pair<Day, storage::EventId>> expected;
    for (const Event& e : events_) {
      if (InSubject(e, q.subject) && q.filter.Matches(e) &&
          (!q.from || e.day >= *q.from)) {
        expected.emplace_back(e.day, e.id);
      }
    }
    std::sort(expected.begin(), expected.end());
    if (q.descending) std::reverse(expected.begin(), expected.end());
    std::vector<std::pair<Day, storage::EventId>> got;
    std::string token;
    int pages = 0;
    do {
      auto page = ListEvents(*store_, q, 37, token);
      ASSERT_TRUE(page.ok()) << page.status();
      for (const Event& e : page->events) got.emplace_back(e.day, e.id);
      token = page->next_page_token;
      ASSERT_LT(++pages, 1000);
      if (!token.empty()) {
        EXPECT_EQ(page->events.size(), 37u);
      }
    } while (!token.empty());
    ASSERT_EQ(got, expected) << "round " << round;
  }
}

TEST_F(QueryTest, PageTokensBelongToTheirQuery) {
  EventQuery q;
  q.subject.actor = "Russia";
  auto page = ListEvents(*store_, q, 5, "");
  ASSERT_TRUE(page.ok());
  ASSERT_FALSE(page->next_page_token.empty());
  EventQuery other = q;
  other.subject.actor = "China";
  auto bad = ListEvents(*store_, other, 5, page->next_page_token);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(bad.status()), "page_token");
  bad = ListEvents(*store_, q, 5, "not a token!");
  EXPECT_EQ(FieldOf(bad.status()), "page_token");
  // Page size is coerced to the maximum.
  auto big = ListEvents(*store_, EventQuery(), 100000, "");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->events.size(), static_cast<size_t>(kMaxPageSize));
  auto dflt = ListEvents(*store_, EventQuery(), 0, "");
  EXPECT_EQ(dflt->events.size(), static_cast<size_t>(kDefaultPageSize));
}

TEST_F(QueryTest, FilterValidation) {
  EXPECT_EQ(FieldOf(EventFilter::Make("", "04x", {}).status()),
            "filter.event_code_prefix");
  // A root is two digits: one digit or five is no CAMEO prefix.
  EXPECT_EQ(FieldOf(EventFilter::Make("", "0", {}).status()),
            "filter.event_code_prefix");
  EXPECT_EQ(FieldOf(EventFilter::Make("", "04311", {}).status()),
            "filter.event_code_prefix");
  EXPECT_TRUE(EventFilter::Make("", " 19 ", {}).ok());
  EXPECT_EQ(FieldOf(EventFilter::Make("", "", {5}).status()),
            "filter.quad_classes");
  EXPECT_EQ(FieldOf(EventFilter::Make("\xff", "", {}).status()),
            "filter.action");
}

}  // namespace
}  // namespace eventgraph::query
