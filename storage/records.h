// Value formats of the column families (see keys.h for the keys). Each
// Encode* has a Decode* that returns DataLoss on bad input.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "storage/event.h"

namespace eventgraph::storage {

// ---- events CF: everything of an Event but its names, which are stored
// once per actor (actor_id and target_id stand for them).
std::string EncodeEventRecord(const Event& event);
// Replaces *out with EncodeEventRecord(event), reusing *out's capacity (a
// writer encoding many events allocates once).
void EncodeEventRecordInto(const Event& event, std::string* out);
// Fills every field of `event` but id, actor and target names.
absl::Status DecodeEventRecord(std::string_view value, Event* event);
// ---- date_index values (format version 3): the head of the event's
// record, up to its Goldstein score: what the graph index keeps
// (actor_id, target_id, day, action, event_code, quad_class, goldstein),
// so that a window's graph is one scan of the date index.
std::string EncodeEventGraphFields(const Event& event);
// Fills only what the graph index keeps: actor_id, target_id, day, action,
// event_code, quad_class and goldstein, from a date_index value or a whole
// record; the other fields are left as they are and the rest of a record
// is not read (nor checked).
absl::Status DecodeEventGraphFields(std::string_view value, Event* event);

// ---- actors CF.
struct ActorRecord {
  std::string name;  // normalized display name (first spelling seen)
};
std::string EncodeActorRecord(const ActorRecord& record);
absl::Status DecodeActorRecord(std::string_view value, ActorRecord* record);

// ---- actor_stats CF (merge operands have the same format).
struct ActorStats {
  int64_t out_count = 0;   // events with this actor as actor
  int64_t in_count = 0;    // events with this actor as target
  int64_t self_count = 0;  // events with this actor as both
  Day first_day = 0;       // meaningful when any count > 0
  Day last_day = 0;

  int64_t event_count() const { return out_count + in_count - self_count; }
  bool empty() const { return out_count == 0 && in_count == 0; }
  void Add(const ActorStats& other);
};
std::string EncodeActorStats(const ActorStats& stats);
absl::Status DecodeActorStats(std::string_view value, ActorStats* stats);

// ---- counters CF (merge operands have the same format). Sums of the events
// of one directed actor pair in one period, per quad class. Goldstein scores
// are summed in hundredths (exact, independent of order).
struct QuadCounter {
  int64_t events = 0;
  int64_t goldstein_events = 0;  // events that have a Goldstein score
  int64_t goldstein_centi = 0;   // sum of round(goldstein * 100)
  int64_t mentions = 0;
};

// A Goldstein score as counters sum it: round(goldstein * 100).
int64_t GoldsteinCenti(double goldstein);

struct Counter {
  std::array<QuadCounter, kQuadClassCount> quad;  // indexed by QuadClass

  void AddEvent(const Event& event);
  // Adds one event of quad class `quad`: AddEvent's work once the event's
  // share is known (goldstein_centi = round(goldstein * 100)).
  void AddShare(QuadClass quad, bool has_goldstein, int64_t goldstein_centi,
                int64_t mentions);
  // Adds `sign` times `other` (sign is +1 or -1).
  void Add(const Counter& other, int sign = 1);
  bool empty() const;
};
std::string EncodeCounter(const Counter& counter);
absl::Status DecodeCounter(std::string_view value, Counter* counter);

}  // namespace eventgraph::storage
