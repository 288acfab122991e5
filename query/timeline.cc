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
  Decompose(from, storage::PeriodStartDay(max, first) - 1, lower, out);
  out->push_back({max, first, last});
  Decompose(storage::PeriodStartDay(max, last + 1), to, lower, out);
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

namespace {

// What one direction of a subject reads.
struct Reading {
  std::vector<CounterTerm> terms;
  std::vector<storage::IndexSelector> streams;
};

absl::StatusOr<Reading> PlanReading(const storage::EventStore& store,
                                    const ResolvedSubject& subject) {
  if (subject.rollup) {
    ASSIGN_OR_RETURN(RollupPlan plan, PlanRollup(store, subject));
    return Reading{std::move(plan.terms), std::move(plan.streams)};
  }
  return Reading{CounterTerms(subject), IndexStreams(subject)};
}

// The first and last day with events of the terms added (sign > 0).
// Read at `level`, the coarsest that keeps the answer's buckets: a span's
// ends only decide which bucket the window starts and ends with.
absl::StatusOr<std::optional<std::pair<Day, Day>>> SpanOf(
    const storage::EventStore& store, const std::vector<const Reading*>& readings,
    Level level) {
  std::optional<std::pair<Day, Day>> span;
  for (const Reading* r : readings) {
    for (const CounterTerm& t : r->terms) {
      if (t.sign < 0) continue;
      ASSIGN_OR_RETURN(auto s, store.CounterSpan(t.actor, t.target, level));
      if (!s) continue;
      if (!span) {
        span = s;
      } else {
        span->first = std::min(span->first, s->first);
        span->second = std::max(span->second, s->second);
      }
    }
  }
  return span;
}

// Adds the events `reading` selects in [from, to] to the `field` counter of
// their buckets, and to *tally when not null.
absl::Status Accumulate(const storage::EventStore& store,
                        const Reading& reading, const TimelineQuery& query,
                        Day from, Day to, Counter TimelineBucket::*field,
                        std::vector<TimelineBucket>* buckets,
                        ContributorTally* tally) {
  const Granularity g = query.granularity;
  if (query.filter.NeedsEvents()) {
    MergedCursor cursor =
        OpenMerged(store, reading.streams, from, to, false, std::nullopt);
    return ScanEvents(store, cursor, query.filter, 256, query.deadline,
                      [&](storage::Event&& e) {
                        ((*buckets)[BucketIndex(e.day, from, g)].*field)
                            .AddEvent(e);
                        if (tally != nullptr) {
                          tally->AddEvent(e.actor_id, e.target_id);
                        }
                        return true;
                      });
  }
  std::vector<Piece> pieces;
  Decompose(from, to, CoarsestLevel(g), &pieces);
  for (const CounterTerm& t : reading.terms) {
    int64_t term_events = 0;
    for (const Piece& p : pieces) {
      RETURN_IF_ERROR(store.ScanCounters(
          t.actor, t.target, p.level, p.first, p.last,
          [&](int32_t period, const Counter& c) {
            Day d = storage::PeriodStartDay(p.level, period);
            const Counter masked = query.filter.Mask(c);
            for (const auto& q : masked.quad) term_events += q.events;
            ((*buckets)[BucketIndex(d, from, g)].*field).Add(masked, t.sign);
          }));
    }
    if (tally != nullptr) tally->AddTerm(t, term_events);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Timeline> ComputeTimeline(const storage::EventStore& store,
                                         const TimelineQuery& query) {
  if (query.subject.actor.empty()) {
    return InvalidFieldError("actor", "is required");
  }
  if (query.from && query.to && *query.from > *query.to) {
    return InvalidFieldError("from_date", "is after to_date");
  }
  if (query.split_directions && query.subject.direction != Direction::kBoth) {
    return InvalidFieldError(
        "split_directions",
        "counts the two directions apart: it needs direction BOTH");
  }
  ASSIGN_OR_RETURN(ResolvedSubject subject,
                   ResolveSubject(store, query.subject));
  // With a counterpart other than the actor (another country with a
  // rollup), the two directions are disjoint and add up to the whole: read
  // them alone. Otherwise an event can be in both, and the whole is read.
  const bool disjoint =
      query.split_directions &&
      (subject.rollup
           ? !subject.counterpart_country.empty() &&
                 subject.counterpart_country != subject.actor_country
           : subject.counterpart && *subject.counterpart != subject.actor);
  std::optional<Reading> both, out, in;
  if (!disjoint) {
    ASSIGN_OR_RETURN(both, PlanReading(store, subject));
  }
  if (query.split_directions) {
    ResolvedSubject one_way = subject;
    one_way.direction = Direction::kOut;
    ASSIGN_OR_RETURN(out, PlanReading(store, one_way));
    one_way.direction = Direction::kIn;
    ASSIGN_OR_RETURN(in, PlanReading(store, one_way));
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
    std::vector<const Reading*> whole;
    if (both) {
      whole = {&*both};
    } else {
      whole = {&*out, &*in};
    }
    ASSIGN_OR_RETURN(auto span,
                     SpanOf(store, whole, CoarsestLevel(query.granularity)));
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

  ContributorTally* const whole_tally = subject.rollup ? &tally : nullptr;
  if (both) {
    RETURN_IF_ERROR(Accumulate(store, *both, query, from, to,
                               &TimelineBucket::counter, &timeline.buckets,
                               whole_tally));
  }
  if (query.split_directions) {
    // Disjoint directions are the whole: they feed the contributors.
    ContributorTally* const split_tally = both ? nullptr : whole_tally;
    RETURN_IF_ERROR(Accumulate(store, *out, query, from, to,
                               &TimelineBucket::outgoing, &timeline.buckets,
                               split_tally));
    RETURN_IF_ERROR(Accumulate(store, *in, query, from, to,
                               &TimelineBucket::incoming, &timeline.buckets,
                               split_tally));
  }
  for (TimelineBucket& b : timeline.buckets) {
    if (!both) {
      b.counter.Add(b.outgoing, +1);
      b.counter.Add(b.incoming, +1);
    }
    timeline.total.Add(b.counter);
    timeline.total_outgoing.Add(b.outgoing);
    timeline.total_incoming.Add(b.incoming);
  }
  if (subject.rollup) timeline.contributors = tally.Finish(store);
  return timeline;
}

}  // namespace eventgraph::query
