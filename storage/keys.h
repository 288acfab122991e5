// The one place that builds and parses every RocksDB key of EventGraph.
// docs/KEY_FORMAT.md has the byte diagrams; keep both in step.
//
// All integers in keys are fixed-width big-endian; days and periods are
// signed and stored with the sign bit flipped (PutOrderedInt32), so that the
// byte order of keys is the logical order (actor, then date, then id).
//
//   CF            key                                           value
//   default       "format_version" | "next_event_id" | ...      meta values
//   events        id:8                                          EventRecord
//   identity      day:4 xxh3-128(identity):16                   id:8
//   actor_names   folded name bytes                             actor:4
//   actors        actor:4                                       ActorRecord
//   actor_stats   actor:4                                       ActorStats (merge)
//   actor_events  actor:4 dir:1 day:4 id:8                      counterpart:4
//   dyad_events   actor:4 target:4 day:4 id:8                   EventRecord
//   date_index    day:4 id:8                                    (empty)
//   counters      actor:4 target:4 level:1 period:4             Counter (merge)
//   actor_profiles actor:4                                      ActorProfile
//   actor_aliases folded alias bytes                            actor:4
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "storage/date.h"
#include "storage/event.h"

namespace eventgraph::storage {

// Column family names. DO NOT CHANGE: they are part of the on-disk format.
inline constexpr char kCfEvents[] = "events";
inline constexpr char kCfIdentity[] = "identity";
inline constexpr char kCfActorNames[] = "actor_names";
inline constexpr char kCfActors[] = "actors";
inline constexpr char kCfActorStats[] = "actor_stats";
inline constexpr char kCfActorEvents[] = "actor_events";
inline constexpr char kCfDyadEvents[] = "dyad_events";
inline constexpr char kCfDateIndex[] = "date_index";
inline constexpr char kCfCounters[] = "counters";
// Actor profiles and aliases (storage/affiliation.h). A database without
// them (made before they existed) gets them, empty, when opened.
inline constexpr char kCfActorProfiles[] = "actor_profiles";
inline constexpr char kCfActorAliases[] = "actor_aliases";

// Meta keys in the default column family.
inline constexpr char kMetaFormatVersion[] = "format_version";
inline constexpr char kMetaNextEventId[] = "next_event_id";
inline constexpr char kMetaNextActorId[] = "next_actor_id";
inline constexpr char kMetaEventCount[] = "event_count";

// The on-disk format this code reads and writes. Bump on any change.
// Version 2: dyad_events entries carry the event's record (a covering index:
// a dyad's page is one scan, no read by id).
// Version 3: date_index entries carry the event's graph fields (a window's
// graph is one scan of the date index).
inline constexpr char kFormatVersion[] = "3";
// The older versions EventStore::Open upgrades in place: version 1 (empty
// dyad_events and date_index values) and version 2 (empty date_index
// values).
inline constexpr char kFormatVersionWithoutDyadRecords[] = "1";
inline constexpr char kFormatVersionWithoutDateValues[] = "2";

// Direction byte of actor_events keys. DO NOT CHANGE: stored on disk.
enum class Side : uint8_t { kOut = 0, kIn = 1 };

// Counter granularity byte. DO NOT CHANGE: stored on disk.
// The period of a kDay counter is a Day, of kMonth a MonthIndex, of kYear a
// calendar year.
enum class Level : uint8_t { kDay = 0, kMonth = 1, kYear = 2 };

// The period of `level` that holds `day` (the day itself, its MonthIndex or
// its year), and the first day of a period: a counter key's period and the
// days it counts.
int32_t PeriodOf(Level level, Day day);
Day PeriodStartDay(Level level, int32_t period);

inline constexpr size_t kEventKeySize = 8;
inline constexpr size_t kIdentityKeySize = 20;
inline constexpr size_t kActorKeySize = 4;
inline constexpr size_t kActorEventKeySize = 17;
inline constexpr size_t kDyadEventKeySize = 20;
inline constexpr size_t kDateKeySize = 12;
inline constexpr size_t kCounterKeySize = 13;

std::string EventKey(EventId id);
absl::Status DecodeEventKey(std::string_view key, EventId* id);

std::string ActorKey(ActorId actor);
absl::Status DecodeActorKey(std::string_view key, ActorId* actor);

// Identity of an event for deduplication: its day, then XXH3-128 of its
// source_event_id when set, else of its folded actor, action, target, day
// and source. Two events are the same when their days and hashes are equal
// (ICEWS reuses an Event ID on other dates; GDELT's GLOBALEVENTID keeps its
// date, so the day never splits one of its events).
std::string IdentityKey(const Event& event, std::string_view folded_actor,
                        std::string_view folded_target);

// Index entries. Prefix builders of increasing specificity come with each;
// the prefix plus an ordered day gives a scan bound.
std::string ActorEventPrefix(ActorId actor, Side side);
std::string ActorEventKey(ActorId actor, Side side, Day day, EventId id);
std::string DyadEventPrefix(ActorId actor, ActorId target);
std::string DyadEventKey(ActorId actor, ActorId target, Day day, EventId id);
std::string DateKey(Day day, EventId id);

// Appends the (day, id) tail of an index key to a prefix.
void AppendDayId(std::string* key, Day day, EventId id);
// Parses the (day, id) tail that ends every index key. Returns DataLoss when
// the key is shorter than `expected_size` or longer.
absl::Status DecodeIndexTail(std::string_view key, size_t expected_size,
                             Day* day, EventId* id);

std::string CounterPrefix(ActorId actor, ActorId target, Level level);
std::string CounterKey(ActorId actor, ActorId target, Level level,
                       int32_t period);
absl::Status DecodeCounterKey(std::string_view key, ActorId* actor,
                              ActorId* target, Level* level, int32_t* period);

// Big-endian fixed-width values used by meta keys and index values.
std::string EncodeU64(uint64_t v);
absl::Status DecodeU64(std::string_view value, uint64_t* v);
std::string EncodeU32(uint32_t v);
absl::Status DecodeU32(std::string_view value, uint32_t* v);

}  // namespace eventgraph::storage
