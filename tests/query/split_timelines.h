// What the split_directions tests compare: a split timeline, the same query
// unsplit, and each direction alone over the split timeline's window.
#pragma once

#include <string>

#include "gtest/gtest.h"
#include "query/timeline.h"
#include "storage/event_store.h"

namespace eventgraph::query {

struct SplitTimelines {
  Timeline split;  // split_directions = true
  Timeline whole;  // the query as given
  Timeline out;    // Direction::kOut over split's window
  Timeline in;     // Direction::kIn over split's window
};

// Computes the four for `q` (direction kBoth). Fails the current test on an
// error, or when they do not have the same buckets; callers check
// HasFatalFailure().
inline void ComputeSplitTimelines(const storage::EventStore& store,
                                  const TimelineQuery& q,
                                  SplitTimelines* got) {
  TimelineQuery split = q;
  split.split_directions = true;
  auto t = ComputeTimeline(store, split);
  ASSERT_TRUE(t.ok()) << t.status();
  got->split = *std::move(t);
  auto whole = ComputeTimeline(store, q);
  ASSERT_TRUE(whole.ok()) << whole.status();
  got->whole = *std::move(whole);
  ASSERT_EQ(got->split.from, got->whole.from);
  ASSERT_EQ(got->split.to, got->whole.to);
  TimelineQuery one_way = q;
  one_way.from = got->split.from;
  one_way.to = got->split.to;
  one_way.subject.direction = Direction::kOut;
  auto out = ComputeTimeline(store, one_way);
  ASSERT_TRUE(out.ok()) << out.status();
  got->out = *std::move(out);
  one_way.subject.direction = Direction::kIn;
  auto in = ComputeTimeline(store, one_way);
  ASSERT_TRUE(in.ok()) << in.status();
  got->in = *std::move(in);
  const size_t n = got->split.buckets.size();
  ASSERT_EQ(got->whole.buckets.size(), n);
  ASSERT_EQ(got->out.buckets.size(), n);
  ASSERT_EQ(got->in.buckets.size(), n);
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(got->split.buckets[i].start, got->whole.buckets[i].start);
    ASSERT_EQ(got->split.buckets[i].start, got->out.buckets[i].start);
    ASSERT_EQ(got->split.buckets[i].start, got->in.buckets[i].start);
  }
}

// Counters compared in full: every quad class's events, Goldstein sums and
// mentions.
inline void ExpectSameCounter(const storage::Counter& got,
                              const storage::Counter& want,
                              const std::string& what) {
  for (size_t i = 0; i < got.quad.size(); ++i) {
    EXPECT_EQ(got.quad[i].events, want.quad[i].events) << what << " quad " << i;
    EXPECT_EQ(got.quad[i].goldstein_events, want.quad[i].goldstein_events)
        << what << " quad " << i;
    EXPECT_EQ(got.quad[i].goldstein_centi, want.quad[i].goldstein_centi)
        << what << " quad " << i;
    EXPECT_EQ(got.quad[i].mentions, want.quad[i].mentions)
        << what << " quad " << i;
  }
}

// Every bucket and the totals of the split timeline against the others.
inline void ExpectSplitMatches(const SplitTimelines& t) {
  for (size_t i = 0; i < t.split.buckets.size(); ++i) {
    const TimelineBucket& b = t.split.buckets[i];
    const std::string at = storage::FormatDate(b.start);
    ExpectSameCounter(b.counter, t.whole.buckets[i].counter, "whole " + at);
    ExpectSameCounter(b.outgoing, t.out.buckets[i].counter, "outgoing " + at);
    ExpectSameCounter(b.incoming, t.in.buckets[i].counter, "incoming " + at);
  }
  ExpectSameCounter(t.split.total, t.whole.total, "total");
  ExpectSameCounter(t.split.total_outgoing, t.out.total, "total outgoing");
  ExpectSameCounter(t.split.total_incoming, t.in.total, "total incoming");
}

}  // namespace eventgraph::query
