#include "query/timeline.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "query/event_scan.h"
#include "query/field_status.h"
#include "storage/status_macros.h"

namespace eventgraph::query {

using storage::Counter;
using storage::Day;
using storage::Level;

namespace {

int32_t QuarterIndex(Day d) { return storage::MonthIndex(d) / 3; }

// Position of the bucket holding `day` in a timeline starting at `from`.
int64_t BucketIndex(Day day, Day from, Granularity g) {
  switch (g) {
    case Granularity::kDay:
      return day - from;
    case Granularity::kWeek:
      return (storage::WeekStartDay(day) - storage::WeekStartDay(from)) / 7;
    case Granularity::kMonth:
      return storage::MonthIndex(day) - storage::MonthIndex(from);
    case Granularity::kQuarter:
      return QuarterIndex(day) - QuarterIndex(from);
    case Granularity::kYear:
      return storage::YearOf(day) - storage::YearOf(from);
  }
  return 0;
}

// A run of whole periods of one counter level.
struct Piece {
  Level level;
  int32_t first;
  int32_t last;
};

Day PeriodStart(Level level, int32_t period) {
  switch (level) {
    case Level::kDay:
      return period;
    case Level::kMonth:
      return storage::MonthStartDay(period);
    case Level::kYear:
      return storage::YearStartDay(period);
  }
  return period;
}

// Cuts [from, to] into the fewest pieces of whole years (when max is kYear),
// whole months (max >= kMonth) and days.
void Decompose(Day from, Day to, Level max, std::vector<Piece>* out) {
  if (from > to) return;
  if (max == Level::kDay) {
    out->push_back({Level::kDay, from, to});
    return;
  }
  const Level lower = max == Level::kYear ? Level::kMonth : Level::kDay;
  int32_t first, last;
  if (max == Level::kYear) {
    first = storage::YearOf(from) +
            (from == storage::YearStartDay(storage::YearOf(from)) ? 0 : 1);
    last = storage::YearOf(to) -
           (to + 1 == storage::YearStartDay(storage::YearOf(to) + 1) ? 0 : 1);
  } else {
    const int32_t mf = storage::MonthIndex(from);
    const int32_t mt = storage::MonthIndex(to);
    first = mf + (from == storage::MonthStartDay(mf) ? 0 : 1);
    last = mt - (to + 1 == storage::MonthStartDay(mt + 1) ? 0 : 1);
  }
  if (first > last) {
    Decompose(from, to, lower, out);
    return;
  }
  Decompose(from, PeriodStart(max, first) - 1, lower, out);
  out->push_back({max, first, last});
  Decompose(PeriodStart(max, last + 1), to, lower, out);
}

Level CoarsestLevel(Granularity g) {
  switch (g) {
    case Granularity::kDay:
    case Granularity::kWeek:
      return Level::kDay;
    case Granularity::kMonth:
    case Granularity::kQuarter:
      return Level::kMonth;
    case Granularity::kYear:
      return Level::kYear;
  }
  return Level::kDay;
}

}  // namespace

Day BucketStart(Day day, Granularity g) {
  switch (g) {
    case Granularity::kDay:
      return day;
    case Granularity::kWeek:
      return storage::WeekStartDay(day);
    case Granularity::kMonth:
      return storage::MonthStartDay(storage::MonthIndex(day));
    case Granularity::kQuarter:
      return storage::MonthStartDay(QuarterIndex(day) * 3);
    case Granularity::kYear:
      return storage::YearStartDay(storage::YearOf(day));
  }
  return day;
}

Day NextBucketStart(Day start, Granularity g) {
  switch (g) {
    case Granularity::kDay:
      return start + 1;
    case Granularity::kWeek:
      return storage::WeekStartDay(start) + 7;
    case Granularity::kMonth:
      return storage::MonthStartDay(storage::MonthIndex(start) + 1);
    case Granularity::kQuarter:
      return storage::MonthStartDay((QuarterIndex(start) + 1) * 3);
    case Granularity::kYear:
      return storage::YearStartDay(storage::YearOf(start) + 1);
  }
  return start + 1;
}

absl::StatusOr<Timeline> ComputeTimeline(const storage::EventStore& store,
                                         const TimelineQuery& query) {
  if (query.subject.actor.empty()) {
    return InvalidFieldError("actor", "is required");
  }
  if (query.from && query.to && *query.from > *query.to) {
    return InvalidFieldError("from_date", "is after to_date");
  }
  ASSIGN_OR_RETURN(ResolvedSubject subject,
                   ResolveSubject(store, query.subject));
  std::vector<CounterTerm> terms;
  std::vector<storage::IndexSelector> streams;
  if (subject.rollup) {
    ASSIGN_OR_RETURN(RollupPlan plan, PlanRollup(store, subject));
    terms = std::move(plan.terms);
    streams = std::move(plan.streams);
  } else {
    terms = CounterTerms(subject);
    streams = IndexStreams(subject);
  }
  ContributorTally tally(subject);

  Timeline timeline;
  timeline.actor = subject.actor_name;
  timeline.counterpart = subject.counterpart_name;
  timeline.actor_country = subject.actor_country;
  timeline.counterpart_country = subject.counterpart_country;
  timeline.from = query.from;
  timeline.to = query.to;
  if (!query.from || !query.to) {
    std::optional<std::pair<Day, Day>> span;
    for (const CounterTerm& t : terms) {
      if (t.sign < 0) continue;
      ASSIGN_OR_RETURN(auto s, store.CounterSpan(t.actor, t.target));
      if (!s) continue;
      if (!span) {
        span = s;
      } else {
        span->first = std::min(span->first, s->first);
        span->second = std::max(span->second, s->second);
      }
    }
    if (!span && !query.from && !query.to) return timeline;  // no events
    if (!span) span = std::make_pair(query.from.value_or(*query.to),
                                     query.to.value_or(*query.from));
    // An open end extends to the whole bucket of the subject's first (last)
    // event, but never crosses the given end.
    const Granularity g = query.granularity;
    if (!query.from) {
      Day first = BucketStart(span->first, g);
      timeline.from = query.to ? std::min(first, *query.to) : first;
    }
    if (!query.to) {
      Day last = NextBucketStart(BucketStart(span->second, g), g) - 1;
      timeline.to = query.from ? std::max(last, *query.from) : last;
    }
  }
  const Day from = *timeline.from;
  const Day to = *timeline.to;
  const Granularity g = query.granularity;
  const int64_t count = BucketIndex(to, from, g) + 1;
  if (count > kMaxTimelineBuckets) {
    return absl::OutOfRangeError(absl::StrCat(
        "the window ", storage::FormatDate(from), "..", storage::FormatDate(to),
        " has ", count, " buckets at this granularity; the limit is ",
        kMaxTimelineBuckets, ": use a coarser granularity or a shorter window"));
  }
  timeline.buckets.resize(count);
  Day start = from;
  for (int64_t i = 0; i < count; ++i) {
    Day next = NextBucketStart(start, g);
    timeline.buckets[i].start = start;
    timeline.buckets[i].end = std::min<Day>(next - 1, to);
    start = next;
  }

  if (query.filter.NeedsEvents()) {
    MergedCursor cursor =
        OpenMerged(store, streams, from, to, false, std::nullopt);
    RETURN_IF_ERROR(ScanEvents(store, cursor, query.filter, 256, query.deadline,
                               [&](storage::Event&& e) {
                                 timeline.buckets[BucketIndex(e.day, from, g)]
                                     .counter.AddEvent(e);
                                 if (subject.rollup) {
                                   tally.AddEvent(e.actor_id, e.target_id);
                                 }
                                 return true;
                               }));
  } else {
    std::vector<Piece> pieces;
    Decompose(from, to, CoarsestLevel(g), &pieces);
    for (const CounterTerm& t : terms) {
      int64_t term_events = 0;
      for (const Piece& p : pieces) {
        RETURN_IF_ERROR(store.ScanCounters(
            t.actor, t.target, p.level, p.first, p.last,
            [&](int32_t period, const Counter& c) {
              Day d = PeriodStart(p.level, period);
              const Counter masked = query.filter.Mask(c);
              for (const auto& q : masked.quad) term_events += q.events;
              timeline.buckets[BucketIndex(d, from, g)].counter.Add(masked,
                                                                    t.sign);
            }));
      }
      if (subject.rollup) tally.AddTerm(t, term_events);
    }
  }
  for (const TimelineBucket& b : timeline.buckets) {
    timeline.total.Add(b.counter);
  }
  if (subject.rollup) timeline.contributors = tally.Finish(store);
  return timeline;
}

}  // namespace eventgraph::query
