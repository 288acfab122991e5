// Timelines: counts of a subject's events per calendar bucket, with the
// quad-class mix, the Goldstein mean and mentions.
//
// Unfiltered (or quad-class-filtered) timelines read only counters: the
// window is cut into whole years, whole months and single days at its edges,
// so a 24-year yearly timeline costs a few dozen counter reads whatever the
// number of events. Action or CAMEO-code filters need the events themselves
// and scan the subject's index within the window.
//
// Thread safety: thread-safe (a function of an EventStore, which is).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "query/event_filter.h"
#include "query/rollup.h"
#include "query/subject.h"
#include "storage/event_store.h"

namespace eventgraph::query {

enum class Granularity { kDay, kWeek, kMonth, kQuarter, kYear };

// The most buckets one timeline may have.
inline constexpr int64_t kMaxTimelineBuckets = 100000;

struct TimelineQuery {
  Subject subject;  // subject.actor is required
  // Absent ends extend to the whole bucket of the subject's first (last)
  // event.
  std::optional<storage::Day> from;
  std::optional<storage::Day> to;
  EventFilter filter;
  Granularity granularity = Granularity::kYear;
  // Also count the two directions apart (Timeline::outgoing, incoming).
  // REQUIRES: subject.direction == Direction::kBoth when set.
  bool split_directions = false;
  // An event scan (filtered by action or code) stops past it.
  absl::Time deadline = absl::InfiniteFuture();
};

struct TimelineBucket {
  storage::Day start = 0;  // clipped to the window
  storage::Day end = 0;    // inclusive, clipped to the window
  storage::Counter counter;
  // split_directions only: the bucket's events with the subject's actor as
  // source (outgoing) and as target (incoming). Without a counterpart, or
  // with the counterpart equal to the actor, an event can be in both (a
  // self-loop; inside one country with a rollup), so the two can add up to
  // more than `counter`; with two different counterparts they add up to it.
  storage::Counter outgoing;
  storage::Counter incoming;
};

struct Timeline {
  std::string actor;        // canonical names (country names with a rollup)
  std::string counterpart;
  // Rollup::kCountry: the countries (ISO3) and the actors whose events were
  // counted, with their counts, most first.
  std::string actor_country;
  std::string counterpart_country;
  std::vector<Contributor> contributors;
  // The window used; absent when open ends found no events.
  std::optional<storage::Day> from;
  std::optional<storage::Day> to;
  std::vector<TimelineBucket> buckets;  // every bucket of the window
  storage::Counter total;
  storage::Counter total_outgoing;  // split_directions only
  storage::Counter total_incoming;
};

// The first day of the bucket that holds `day`.
storage::Day BucketStart(storage::Day day, Granularity granularity);
// The first day of the bucket after the one starting at `start`.
storage::Day NextBucketStart(storage::Day start, Granularity granularity);

// Computes a timeline. Errors: InvalidArgument (field "subject.actor" when
// empty, "from_date" when from > to, "split_directions" with a one-way
// direction), NotFound naming an unknown actor (or
// country, with a rollup),
// OutOfRange when the window holds more than kMaxTimelineBuckets buckets,
// DataLoss on corrupt data.
absl::StatusOr<Timeline> ComputeTimeline(const storage::EventStore& store,
                                         const TimelineQuery& query);

}  // namespace eventgraph::query
