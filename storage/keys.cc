#include "storage/keys.h"

#include <xxhash.h>

#include "absl/strings/str_cat.h"
#include "storage/coding.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

absl::Status BadKey(std::string_view what, std::string_view key) {
  return absl::DataLossError(absl::StrCat("corrupt ", std::string(what),
                                          " key of ", key.size(), " bytes"));
}

}  // namespace

std::string EventKey(EventId id) {
  std::string k;
  PutFixed64BE(&k, id);
  return k;
}

absl::Status DecodeEventKey(std::string_view key, EventId* id) {
  if (key.size() != kEventKeySize) return BadKey("event", key);
  *id = DecodeFixed64BE(key.data());
  return absl::OkStatus();
}

std::string ActorKey(ActorId actor) {
  std::string k;
  PutFixed32BE(&k, actor);
  return k;
}

absl::Status DecodeActorKey(std::string_view key, ActorId* actor) {
  if (key.size() != kActorKeySize) return BadKey("actor", key);
  *actor = DecodeFixed32BE(key.data());
  return absl::OkStatus();
}

std::string IdentityKey(const Event& event, std::string_view folded_actor,
                        std::string_view folded_target) {
  // Fields are separated by NUL, which no validated field contains.
  std::string material;
  auto add = [&material](std::string_view field) {
    material.append(field.data(), field.size());
    material.push_back('\0');
  };
  if (!event.source_event_id.empty()) {
    add("s");
    add(TrimAscii(event.source_event_id));
  } else {
    add("h");
    add(folded_actor);
    add(FoldName(event.action));
    add(folded_target);
    add(std::to_string(event.day));
    add(TrimAscii(event.source));
  }
  XXH128_hash_t h = XXH3_128bits(material.data(), material.size());
  std::string k;
  k.reserve(kIdentityKeySize);
  // The day first: events of one day cluster, so a load in date order
  // touches few blocks and inserts into the memtable in near key order.
  PutOrderedInt32(&k, event.day);
  PutFixed64BE(&k, h.high64);
  PutFixed64BE(&k, h.low64);
  return k;
}

std::string ActorEventPrefix(ActorId actor, Side side) {
  std::string k;
  k.reserve(kActorEventKeySize);
  PutFixed32BE(&k, actor);
  k.push_back(static_cast<char>(side));
  return k;
}

std::string ActorEventKey(ActorId actor, Side side, Day day, EventId id) {
  std::string k = ActorEventPrefix(actor, side);
  AppendDayId(&k, day, id);
  return k;
}

std::string DyadEventPrefix(ActorId actor, ActorId target) {
  std::string k;
  k.reserve(kDyadEventKeySize);
  PutFixed32BE(&k, actor);
  PutFixed32BE(&k, target);
  return k;
}

std::string DyadEventKey(ActorId actor, ActorId target, Day day, EventId id) {
  std::string k = DyadEventPrefix(actor, target);
  AppendDayId(&k, day, id);
  return k;
}

std::string DateKey(Day day, EventId id) {
  std::string k;
  k.reserve(kDateKeySize);
  AppendDayId(&k, day, id);
  return k;
}

void AppendDayId(std::string* key, Day day, EventId id) {
  PutOrderedInt32(key, day);
  PutFixed64BE(key, id);
}

absl::Status DecodeIndexTail(std::string_view key, size_t expected_size,
                             Day* day, EventId* id) {
  if (key.size() != expected_size) return BadKey("index", key);
  const char* tail = key.data() + key.size() - 12;
  *day = DecodeOrderedInt32(tail);
  *id = DecodeFixed64BE(tail + 4);
  return absl::OkStatus();
}

std::string CounterPrefix(ActorId actor, ActorId target, Level level) {
  std::string k;
  k.reserve(kCounterKeySize);
  PutFixed32BE(&k, actor);
  PutFixed32BE(&k, target);
  k.push_back(static_cast<char>(level));
  return k;
}

std::string CounterKey(ActorId actor, ActorId target, Level level,
                       int32_t period) {
  std::string k = CounterPrefix(actor, target, level);
  PutOrderedInt32(&k, period);
  return k;
}

absl::Status DecodeCounterKey(std::string_view key, ActorId* actor,
                              ActorId* target, Level* level, int32_t* period) {
  if (key.size() != kCounterKeySize) return BadKey("counter", key);
  uint8_t l = static_cast<uint8_t>(key[8]);
  if (l > static_cast<uint8_t>(Level::kYear)) return BadKey("counter", key);
  *actor = DecodeFixed32BE(key.data());
  *target = DecodeFixed32BE(key.data() + 4);
  *level = static_cast<Level>(l);
  *period = DecodeOrderedInt32(key.data() + 9);
  return absl::OkStatus();
}

std::string EncodeU64(uint64_t v) {
  std::string s;
  PutFixed64BE(&s, v);
  return s;
}

absl::Status DecodeU64(std::string_view value, uint64_t* v) {
  if (value.size() != 8) {
    return absl::DataLossError(
        absl::StrCat("corrupt 8-byte value of ", value.size(), " bytes"));
  }
  *v = DecodeFixed64BE(value.data());
  return absl::OkStatus();
}

std::string EncodeU32(uint32_t v) {
  std::string s;
  PutFixed32BE(&s, v);
  return s;
}

absl::Status DecodeU32(std::string_view value, uint32_t* v) {
  if (value.size() != 4) {
    return absl::DataLossError(
        absl::StrCat("corrupt 4-byte value of ", value.size(), " bytes"));
  }
  *v = DecodeFixed32BE(value.data());
  return absl::OkStatus();
}

int32_t PeriodOf(Level level, Day day) {
  switch (level) {
    case Level::kDay:
      return day;
    case Level::kMonth:
      return MonthIndex(day);
    case Level::kYear:
      return YearOf(day);
  }
  return day;
}

Day PeriodStartDay(Level level, int32_t period) {
  switch (level) {
    case Level::kDay:
      return period;
    case Level::kMonth:
      return MonthStartDay(period);
    case Level::kYear:
      return YearStartDay(period);
  }
  return period;
}

}  // namespace eventgraph::storage
