// Fuzzes the decoders of the storage layer on corrupt bytes, as a damaged
// database would hand them over: keys (storage/keys.h), values
// (storage/records.h), the coding primitives (storage/coding.h), dates
// (storage/date.h) and name normalization (storage/text.h).
//
// Input: byte 0 picks the decoder, the rest is the key or value.
//
// Properties checked besides "no crash, no UB, no leak" (corrupt input must
// give a Status):
//  - a decoded key encodes back to the same bytes (keys are canonical);
//  - a decoded value re-encodes to a fixed point (not to the same bytes:
//    non-canonical varints are accepted): Encode(Decode(
//    Encode(v))) == Encode(v), and decoded values are in range (days within
//    0001..9999, quad classes 0..4);
//  - a corrupt value's error is DataLoss;
//  - a parsed date formats back to the same text;
//  - normalized names fold like the names they came from (an actor stays
//    findable by its stored display name).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "storage/coding.h"
#include "storage/date.h"
#include "storage/keys.h"
#include "storage/records.h"
#include "storage/text.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace s = eventgraph::storage;

using ::eventgraph::fuzz::Check;

void CheckError(const absl::Status& status) {
  Check(absl::IsDataLoss(status), "a corrupt key or value gives DataLoss");
  Check(!status.message().empty(), "the error says what is corrupt");
}

bool DayInRange(s::Day day) { return day >= s::kMinDay && day <= s::kMaxDay; }

void FuzzKeys(uint8_t which, std::string_view in) {
  switch (which % 4) {
    case 0: {
      s::EventId id;
      if (absl::Status st = s::DecodeEventKey(in, &id); !st.ok()) {
        return CheckError(st);
      }
      Check(s::EventKey(id) == in, "event key round trip");
      return;
    }
    case 1: {
      s::ActorId actor;
      if (absl::Status st = s::DecodeActorKey(in, &actor); !st.ok()) {
        return CheckError(st);
      }
      Check(s::ActorKey(actor) == in, "actor key round trip");
      return;
    }
    case 2: {
      constexpr size_t kSizes[] = {s::kActorEventKeySize, s::kDyadEventKeySize,
                                   s::kDateKeySize};
      const size_t expected = kSizes[(which / 4) % 3];
      s::Day day;
      s::EventId id;
      if (absl::Status st = s::DecodeIndexTail(in, expected, &day, &id);
          !st.ok()) {
        return CheckError(st);
      }
      std::string key(in.substr(0, in.size() - 12));
      s::AppendDayId(&key, day, id);
      Check(key == in, "index key round trip");
      return;
    }
    default: {
      s::ActorId actor, target;
      s::Level level;
      int32_t period;
      if (absl::Status st =
              s::DecodeCounterKey(in, &actor, &target, &level, &period);
          !st.ok()) {
        return CheckError(st);
      }
      Check(s::CounterKey(actor, target, level, period) == in,
            "counter key round trip");
      return;
    }
  }
}

void FuzzValues(uint8_t which, std::string_view in) {
  switch (which % 4) {
    case 0: {
      s::Event event;
      if (absl::Status st = s::DecodeEventRecord(in, &event); !st.ok()) {
        return CheckError(st);
      }
      Check(DayInRange(event.day), "a decoded event's day is in range");
      Check(static_cast<int>(event.quad_class) < s::kQuadClassCount,
            "a decoded quad class is known");
      const std::string encoded = s::EncodeEventRecord(event);
      s::Event again;
      Check(s::DecodeEventRecord(encoded, &again).ok(),
            "a re-encoded event decodes");
      Check(s::EncodeEventRecord(again) == encoded,
            "event record re-encoding is a fixed point");
      return;
    }
    case 1: {
      s::ActorRecord record;
      if (absl::Status st = s::DecodeActorRecord(in, &record); !st.ok()) {
        return CheckError(st);
      }
      // Not byte for byte: decoders accept non-canonical varints (a length
      // 0xF3 0x00 is 115), as LevelDB's do; the encoding is canonical.
      const std::string encoded = s::EncodeActorRecord(record);
      s::ActorRecord again;
      Check(s::DecodeActorRecord(encoded, &again).ok() &&
                again.name == record.name && encoded.size() <= in.size(),
            "actor record round trip");
      return;
    }
    case 2: {
      s::ActorStats stats;
      if (absl::Status st = s::DecodeActorStats(in, &stats); !st.ok()) {
        return CheckError(st);
      }
      Check(DayInRange(stats.first_day) && DayInRange(stats.last_day),
            "decoded actor stats have days in range");
      const std::string encoded = s::EncodeActorStats(stats);
      s::ActorStats again;
      Check(s::DecodeActorStats(encoded, &again).ok() &&
                s::EncodeActorStats(again) == encoded,
            "actor stats re-encoding is a fixed point");
      return;
    }
    default: {
      s::Counter counter;
      if (absl::Status st = s::DecodeCounter(in, &counter); !st.ok()) {
        return CheckError(st);
      }
      const std::string encoded = s::EncodeCounter(counter);
      s::Counter again;
      Check(s::DecodeCounter(encoded, &again).ok() &&
                s::EncodeCounter(again) == encoded,
            "counter re-encoding is a fixed point");
      return;
    }
  }
}

// A sequence of Get* calls picked by the bytes themselves.
void FuzzCoding(std::string_view in) {
  while (!in.empty()) {
    const uint8_t op = static_cast<uint8_t>(in[0]);
    in.remove_prefix(1);
    const size_t before = in.size();
    std::string back;
    bool ok = false;
    switch (op % 7) {
      case 0: {
        uint32_t v;
        if ((ok = s::GetFixed32BE(&in, &v))) s::PutFixed32BE(&back, v);
        break;
      }
      case 1: {
        uint64_t v;
        if ((ok = s::GetFixed64BE(&in, &v))) s::PutFixed64BE(&back, v);
        break;
      }
      case 2: {
        int32_t v;
        if ((ok = s::GetOrderedInt32(&in, &v))) s::PutOrderedInt32(&back, v);
        break;
      }
      case 3: {
        uint64_t v;
        if ((ok = s::GetVarint64(&in, &v))) {
          s::PutVarint64(&back, v);
          std::string_view view = back;
          uint64_t again;
          Check(s::GetVarint64(&view, &again) && again == v && view.empty(),
                "varint round trip");
        }
        break;
      }
      case 4: {
        int64_t v;
        if ((ok = s::GetVarsint64(&in, &v))) {
          s::PutVarsint64(&back, v);
          std::string_view view = back;
          int64_t again;
          Check(s::GetVarsint64(&view, &again) && again == v && view.empty(),
                "zigzag varint round trip");
        }
        break;
      }
      case 5: {
        double v;
        if ((ok = s::GetDouble(&in, &v))) s::PutDouble(&back, v);
        break;
      }
      default: {
        std::string_view v;
        if ((ok = s::GetLengthPrefixed(&in, &v))) {
          Check(v.size() <= before, "a length prefix stays inside the input");
        }
        break;
      }
    }
    if (!ok) return;
    Check(in.size() < before || op % 7 == 6, "a Get consumes bytes");
    if (op % 7 <= 2 || op % 7 == 5) {
      Check(back.size() == before - in.size(), "fixed-width round trip size");
    }
  }
}

void FuzzDate(std::string_view in) {
  const std::optional<s::Day> day = s::ParseDate(in);
  if (!day) return;
  Check(DayInRange(*day), "a parsed date is in range");
  Check(s::FormatDate(*day) == in, "a parsed date formats back");
  const s::CivilDate civil = s::ToCivil(*day);
  Check(s::FromCivil(civil.year, civil.month, civil.day) == *day,
        "civil date round trip");
  Check(s::MonthStartDay(s::MonthIndex(*day)) <= *day &&
            s::YearStartDay(s::YearOf(*day)) <= *day &&
            s::WeekStartDay(*day) <= *day && *day - s::WeekStartDay(*day) < 7,
        "bucket starts precede the day");
}

void FuzzText(std::string_view in) {
  s::HasControlCharacter(in);
  const std::string_view trimmed = s::TrimAscii(in);
  Check(trimmed.size() <= in.size(), "trimming never grows");
  if (!s::IsValidUtf8(in)) return;
  const std::string normal = s::NormalizeName(in);
  Check(s::IsValidUtf8(normal), "a normalized name is valid UTF-8");
  Check(s::NormalizeName(normal) == normal, "normalization is idempotent");
  const std::string folded = s::FoldName(in);
  Check(s::IsValidUtf8(folded), "a folded name is valid UTF-8");
  Check(s::FoldName(normal) == folded,
        "a stored (normalized) name folds like the name it came from");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // A copy of exactly the input's size, so that a read past its end is a
  // heap overflow ASan reports.
  const std::string copy(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view in = copy;
  const uint8_t which = data[0];
  switch (which % 5) {
    case 0:
      FuzzKeys(which / 5, in);
      break;
    case 1:
      FuzzValues(which / 5, in);
      break;
    case 2:
      FuzzCoding(in);
      break;
    case 3:
      FuzzDate(in);
      break;
    default:
      FuzzText(in);
      break;
  }
  return 0;
}
