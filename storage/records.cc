#include "storage/records.h"

#include <algorithm>
#include <cmath>

#include "storage/coding.h"

namespace eventgraph::storage {
namespace {

// Presence bits of optional EventRecord fields. DO NOT CHANGE: on disk.
constexpr uint64_t kHasGoldstein = 1 << 0;
constexpr uint64_t kHasMentions = 1 << 1;
constexpr uint64_t kHasTone = 1 << 2;
constexpr uint64_t kHasLat = 1 << 3;
constexpr uint64_t kHasLon = 1 << 4;
constexpr uint8_t kEventRecordVersion = 1;

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(std::string("corrupt ") + std::string(what));
}

bool GetString(std::string_view* in, std::string* out) {
  std::string_view s;
  if (!GetLengthPrefixed(in, &s)) return false;
  out->assign(s.data(), s.size());
  return true;
}

// Appends a record's head: its fields up to the Goldstein score, with the
// presence bits `bits`.
void AppendEventHead(std::string* v, const Event& e, uint64_t bits) {
  v->push_back(static_cast<char>(kEventRecordVersion));
  PutVarint64(v, e.actor_id);
  PutVarint64(v, e.target_id);
  PutVarsint64(v, e.day);
  PutLengthPrefixed(v, e.action);
  PutLengthPrefixed(v, e.event_code);
  v->push_back(static_cast<char>(e.quad_class));
  PutVarint64(v, bits);
  if (e.goldstein) PutDouble(v, *e.goldstein);
}

}  // namespace

std::string EncodeEventGraphFields(const Event& e) {
  std::string v;
  v.reserve(32 + e.action.size() + e.event_code.size());
  AppendEventHead(&v, e, e.goldstein ? kHasGoldstein : 0);
  return v;
}

std::string EncodeEventRecord(const Event& e) {
  std::string v;
  EncodeEventRecordInto(e, &v);
  return v;
}

void EncodeEventRecordInto(const Event& e, std::string* out) {
  std::string& v = *out;
  v.clear();
  // Room for everything: the fixed fields, varints and length prefixes take
  // at most 129 bytes, and 20 per attribute.
  size_t size = 129 + e.action.size() + e.event_code.size() + e.source.size() +
                e.source_event_id.size() + e.country.size();
  for (const auto& [key, value] : e.attributes) {
    size += 20 + key.size() + value.size();
  }
  v.reserve(size);
  const uint64_t bits = (e.goldstein ? kHasGoldstein : 0) |
                        (e.mentions ? kHasMentions : 0) |
                        (e.tone ? kHasTone : 0) | (e.lat ? kHasLat : 0) |
                        (e.lon ? kHasLon : 0);
  AppendEventHead(&v, e, bits);
  if (e.mentions) PutVarint64(&v, static_cast<uint64_t>(*e.mentions));
  if (e.tone) PutDouble(&v, *e.tone);
  if (e.lat) PutDouble(&v, *e.lat);
  if (e.lon) PutDouble(&v, *e.lon);
  PutLengthPrefixed(&v, e.source);
  PutLengthPrefixed(&v, e.source_event_id);
  PutLengthPrefixed(&v, e.country);
  PutVarint64(&v, e.attributes.size());
  for (const auto& [key, value] : e.attributes) {
    PutLengthPrefixed(&v, key);
    PutLengthPrefixed(&v, value);
  }
}

namespace {

// Reads a double into *out when `bit` is set in `bits`; resets *out
// otherwise. False when the input is short.
bool GetOptionalDouble(std::string_view* in, uint64_t bits, uint64_t bit,
                       std::optional<double>* out) {
  if (!(bits & bit)) {
    out->reset();
    return true;
  }
  double d;
  if (!GetDouble(in, &d)) return false;
  *out = d;
  return true;
}

// Decodes a record up to its Goldstein score (the fields the graph keeps),
// leaving `in` at the mentions and `bits` holding the presence bits.
absl::Status DecodeEventHead(std::string_view* rest, Event* e,
                             uint64_t* presence) {
  std::string_view& in = *rest;
  uint64_t& bits = *presence;
  if (in.empty() || static_cast<uint8_t>(in[0]) != kEventRecordVersion) {
    return Corrupt("event record (unknown version)");
  }
  in.remove_prefix(1);
  uint64_t actor, target;
  int64_t day;
  if (!GetVarint64(&in, &actor) || !GetVarint64(&in, &target) ||
      !GetVarsint64(&in, &day) || actor > UINT32_MAX || target > UINT32_MAX ||
      day < kMinDay || day > kMaxDay || !GetString(&in, &e->action) ||
      !GetString(&in, &e->event_code) || in.empty()) {
    return Corrupt("event record");
  }
  e->actor_id = static_cast<ActorId>(actor);
  e->target_id = static_cast<ActorId>(target);
  e->day = static_cast<Day>(day);
  uint8_t quad = static_cast<uint8_t>(in[0]);
  in.remove_prefix(1);
  if (quad >= kQuadClassCount || !GetVarint64(&in, &bits)) {
    return Corrupt("event record");
  }
  e->quad_class = static_cast<QuadClass>(quad);
  auto get_double = [&](uint64_t bit, std::optional<double>* out) {
    return GetOptionalDouble(&in, bits, bit, out);
  };
  if (!get_double(kHasGoldstein, &e->goldstein)) return Corrupt("event record");
  return absl::OkStatus();
}

}  // namespace

absl::Status DecodeEventGraphFields(std::string_view in, Event* e) {
  uint64_t bits;
  return DecodeEventHead(&in, e, &bits);
}

absl::Status DecodeEventRecord(std::string_view in, Event* e) {
  uint64_t bits, n;
  if (absl::Status s = DecodeEventHead(&in, e, &bits); !s.ok()) return s;
  auto get_double = [&](uint64_t bit, std::optional<double>* out) {
    return GetOptionalDouble(&in, bits, bit, out);
  };
  if (bits & kHasMentions) {
    uint64_t m;
    if (!GetVarint64(&in, &m)) return Corrupt("event record");
    e->mentions = static_cast<int64_t>(m);
  } else {
    e->mentions.reset();
  }
  if (!get_double(kHasTone, &e->tone) || !get_double(kHasLat, &e->lat) ||
      !get_double(kHasLon, &e->lon) || !GetString(&in, &e->source) ||
      !GetString(&in, &e->source_event_id) || !GetString(&in, &e->country) ||
      !GetVarint64(&in, &n) || n > in.size()) {
    return Corrupt("event record");
  }
  e->attributes.clear();
  e->attributes.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    std::string key, value;
    if (!GetString(&in, &key) || !GetString(&in, &value)) {
      return Corrupt("event record attributes");
    }
    e->attributes.emplace_back(std::move(key), std::move(value));
  }
  if (!in.empty()) return Corrupt("event record (trailing bytes)");
  return absl::OkStatus();
}

std::string EncodeActorRecord(const ActorRecord& record) {
  std::string v;
  v.push_back(1);  // record version
  PutLengthPrefixed(&v, record.name);
  return v;
}

absl::Status DecodeActorRecord(std::string_view in, ActorRecord* record) {
  std::string_view name;
  if (in.empty() || in[0] != 1) return Corrupt("actor record");
  in.remove_prefix(1);
  if (!GetLengthPrefixed(&in, &name) || !in.empty()) {
    return Corrupt("actor record");
  }
  record->name.assign(name.data(), name.size());
  return absl::OkStatus();
}

void ActorStats::Add(const ActorStats& o) {
  if (o.empty()) return;
  if (empty()) {
    first_day = o.first_day;
    last_day = o.last_day;
  } else {
    first_day = std::min(first_day, o.first_day);
    last_day = std::max(last_day, o.last_day);
  }
  out_count += o.out_count;
  in_count += o.in_count;
  self_count += o.self_count;
}

std::string EncodeActorStats(const ActorStats& s) {
  std::string v;
  PutVarint64(&v, static_cast<uint64_t>(s.out_count));
  PutVarint64(&v, static_cast<uint64_t>(s.in_count));
  PutVarint64(&v, static_cast<uint64_t>(s.self_count));
  PutVarsint64(&v, s.first_day);
  PutVarsint64(&v, s.last_day);
  return v;
}

absl::Status DecodeActorStats(std::string_view in, ActorStats* s) {
  uint64_t out, inn, self;
  int64_t first, last;
  if (!GetVarint64(&in, &out) || !GetVarint64(&in, &inn) ||
      !GetVarint64(&in, &self) || !GetVarsint64(&in, &first) ||
      !GetVarsint64(&in, &last) || !in.empty() || first < kMinDay ||
      first > kMaxDay || last < kMinDay || last > kMaxDay) {
    return Corrupt("actor stats");
  }
  s->out_count = static_cast<int64_t>(out);
  s->in_count = static_cast<int64_t>(inn);
  s->self_count = static_cast<int64_t>(self);
  s->first_day = static_cast<Day>(first);
  s->last_day = static_cast<Day>(last);
  return absl::OkStatus();
}

int64_t GoldsteinCenti(double goldstein) {
  return static_cast<int64_t>(std::llround(goldstein * 100));
}

void Counter::AddEvent(const Event& e) {
  AddShare(e.quad_class, e.goldstein.has_value(),
           e.goldstein ? GoldsteinCenti(*e.goldstein) : 0,
           e.mentions.value_or(0));
}

void Counter::AddShare(QuadClass quad_class, bool has_goldstein,
                       int64_t goldstein_centi, int64_t mentions) {
  QuadCounter& q = quad[static_cast<int>(quad_class)];
  ++q.events;
  if (has_goldstein) {
    ++q.goldstein_events;
    q.goldstein_centi += goldstein_centi;
  }
  q.mentions += mentions;
}

void Counter::Add(const Counter& other, int sign) {
  for (int i = 0; i < kQuadClassCount; ++i) {
    quad[i].events += sign * other.quad[i].events;
    quad[i].goldstein_events += sign * other.quad[i].goldstein_events;
    quad[i].goldstein_centi += sign * other.quad[i].goldstein_centi;
    quad[i].mentions += sign * other.quad[i].mentions;
  }
}

bool Counter::empty() const {
  for (const QuadCounter& q : quad) {
    if (q.events != 0) return false;
  }
  return true;
}

// Format: a byte with one bit per non-empty quad class, then for each:
// varint events, varint goldstein_events, varsint goldstein_centi, varint
// mentions.
std::string EncodeCounter(const Counter& c) {
  std::string v;
  uint8_t mask = 0;
  for (int i = 0; i < kQuadClassCount; ++i) {
    if (c.quad[i].events != 0) mask |= 1 << i;
  }
  v.push_back(static_cast<char>(mask));
  for (int i = 0; i < kQuadClassCount; ++i) {
    if (!(mask & (1 << i))) continue;
    PutVarint64(&v, static_cast<uint64_t>(c.quad[i].events));
    PutVarint64(&v, static_cast<uint64_t>(c.quad[i].goldstein_events));
    PutVarsint64(&v, c.quad[i].goldstein_centi);
    PutVarint64(&v, static_cast<uint64_t>(c.quad[i].mentions));
  }
  return v;
}

absl::Status DecodeCounter(std::string_view in, Counter* c) {
  *c = Counter();
  if (in.empty()) return Corrupt("counter");
  uint8_t mask = static_cast<uint8_t>(in[0]);
  in.remove_prefix(1);
  if (mask >> kQuadClassCount) return Corrupt("counter");
  for (int i = 0; i < kQuadClassCount; ++i) {
    if (!(mask & (1 << i))) continue;
    uint64_t events, gold_n, mentions;
    int64_t gold_sum;
    if (!GetVarint64(&in, &events) || !GetVarint64(&in, &gold_n) ||
        !GetVarsint64(&in, &gold_sum) || !GetVarint64(&in, &mentions)) {
      return Corrupt("counter");
    }
    c->quad[i] = {static_cast<int64_t>(events), static_cast<int64_t>(gold_n),
                  gold_sum, static_cast<int64_t>(mentions)};
  }
  if (!in.empty()) return Corrupt("counter (trailing bytes)");
  return absl::OkStatus();
}

}  // namespace eventgraph::storage
