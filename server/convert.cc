#include "server/convert.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "query/field_status.h"
#include "storage/event_validation.h"
#include "storage/text.h"

namespace eventgraph::server {

namespace {

// The one body of both FromProto overloads: `Message` is const v1::Event
// (strings copied) or v1::Event (strings moved out).
template <typename Message>
storage::Event EventFromProto(Message& in,
                              std::vector<storage::FieldError>* errors) {
  constexpr bool kMove = !std::is_const_v<Message>;
  // The value of a string field, moved out of `in` when it may be.
  auto text = [&in](const std::string& (v1::Event::*get)() const,
                    std::string* (v1::Event::*mut)()) -> std::string {
    if constexpr (kMove) {
      return std::move(*(in.*mut)());
    } else {
      return (in.*get)();
    }
  };
  storage::Event e;
  e.actor = text(&v1::Event::actor, &v1::Event::mutable_actor);
  e.action = text(&v1::Event::action, &v1::Event::mutable_action);
  e.target = text(&v1::Event::target, &v1::Event::mutable_target);
  std::optional<storage::Day> day =
      storage::ParseDate(storage::TrimAscii(in.date()));
  if (day) {
    e.day = *day;
  } else {
    std::string shown = in.date().size() > 40 ? in.date().substr(0, 40) + "..."
                                               : in.date();
    if (!storage::IsValidUtf8(shown) || storage::HasControlCharacter(shown)) {
      shown = "(unprintable)";
    }
    errors->push_back(
        {"date", in.date().empty()
                     ? std::string("is required (YYYY-MM-DD)")
                     : absl::StrCat("\"", shown,
                                    "\" is not a calendar date YYYY-MM-DD")});
  }
  e.event_code = std::string(storage::TrimAscii(in.event_code()));
  if (in.quad_class() < 0 || in.quad_class() > 4) {
    errors->push_back({"quad_class", absl::StrCat(in.quad_class(),
                                                  " is not 0 (unknown) or 1..4")});
  } else {
    e.quad_class = static_cast<storage::QuadClass>(in.quad_class());
  }
  if (in.has_goldstein()) e.goldstein = in.goldstein();
  e.source = text(&v1::Event::source, &v1::Event::mutable_source);
  e.source_event_id =
      text(&v1::Event::source_event_id, &v1::Event::mutable_source_event_id);
  if (in.has_mentions()) e.mentions = in.mentions();
  if (in.has_tone()) e.tone = in.tone();
  e.country = in.location().country();
  if (in.location().has_lat()) e.lat = in.location().lat();
  if (in.location().has_lon()) e.lon = in.location().lon();
  e.attributes.reserve(in.attributes_size() + in.attribute_list_size());
  if constexpr (kMove) {
    for (auto& [key, value] : *in.mutable_attributes()) {
      e.attributes.emplace_back(key, std::move(value));
    }
    for (v1::Attribute& a : *in.mutable_attribute_list()) {
      e.attributes.emplace_back(std::move(*a.mutable_key()),
                                std::move(*a.mutable_value()));
    }
  } else {
    for (const auto& [key, value] : in.attributes()) {
      e.attributes.emplace_back(key, value);
    }
    for (const v1::Attribute& a : in.attribute_list()) {
      e.attributes.emplace_back(a.key(), a.value());
    }
  }
  // Map order is unspecified: store attributes sorted, so they read back
  // the same whatever order a client used. The CLI sends them sorted by
  // key: one key comparison per attribute finds them sorted and distinct
  // (std::sort's pair comparisons and a second pass for duplicates were 2%
  // of a bulk load's server CPU).
  using Attribute = std::pair<std::string, std::string>;
  auto& attributes = e.attributes;
  auto out_of_order =
      std::adjacent_find(attributes.begin(), attributes.end(),
                         [](const Attribute& a, const Attribute& b) {
                           return !(a.first < b.first);
                         });
  if (out_of_order != attributes.end()) {
    std::sort(attributes.begin(), attributes.end());
    auto twice = std::adjacent_find(attributes.begin(), attributes.end(),
                                    [](const Attribute& a, const Attribute& b) {
                                      return a.first == b.first;
                                    });
    if (twice != attributes.end()) {
      errors->push_back({storage::AttributeField(twice->first),
                         "is given twice (attributes and attribute_list hold "
                         "each key once)"});
    }
  }
  return e;
}

}  // namespace

storage::Event FromProto(const v1::Event& in,
                         std::vector<storage::FieldError>* errors) {
  return EventFromProto(in, errors);
}

storage::Event FromProto(v1::Event&& in,
                         std::vector<storage::FieldError>* errors) {
  return EventFromProto(in, errors);
}

namespace {

// The one body of both ToProto(Event) overloads: `Event` is a const
// storage::Event& (strings copied) or a storage::Event&& (strings moved).
template <typename Event>
void FillEvent(Event&& in, v1::Event* out) {
  constexpr bool kMove = !std::is_lvalue_reference_v<Event>;
  auto text = [](auto& s) -> decltype(auto) {
    if constexpr (kMove) {
      return std::move(s);
    } else {
      return static_cast<const std::string&>(s);
    }
  };
  out->set_id(in.id);
  out->set_actor(text(in.actor));
  out->set_action(text(in.action));
  out->set_target(text(in.target));
  out->set_date(storage::FormatDate(in.day));
  out->set_event_code(text(in.event_code));
  out->set_quad_class(static_cast<int>(in.quad_class));
  if (in.goldstein) out->set_goldstein(*in.goldstein);
  out->set_source(text(in.source));
  out->set_source_event_id(text(in.source_event_id));
  if (in.mentions) out->set_mentions(*in.mentions);
  if (in.tone) out->set_tone(*in.tone);
  if (!in.country.empty() || in.lat || in.lon) {
    v1::Location* loc = out->mutable_location();
    loc->set_country(text(in.country));
    if (in.lat) loc->set_lat(*in.lat);
    if (in.lon) loc->set_lon(*in.lon);
  }
  for (auto& [key, value] : in.attributes) {
    (*out->mutable_attributes())[key] = text(value);
  }
}

}  // namespace

void ToProto(const storage::Event& in, v1::Event* out) { FillEvent(in, out); }

void ToProto(storage::Event&& in, v1::Event* out) {
  FillEvent(std::move(in), out);
}

absl::StatusOr<std::optional<storage::Day>> ParseDateField(
    const std::string& field, const std::string& text) {
  std::string_view trimmed = storage::TrimAscii(text);
  if (trimmed.empty()) return std::optional<storage::Day>();
  std::optional<storage::Day> day = storage::ParseDate(trimmed);
  if (!day) {
    return query::InvalidFieldError(
        field, "is not a calendar date YYYY-MM-DD between 0001 and 9999");
  }
  return day;
}

absl::StatusOr<query::Direction> FromProto(v1::Direction d,
                                           const std::string& field) {
  switch (d) {
    case v1::DIRECTION_UNSPECIFIED:
    case v1::DIRECTION_BOTH:
      return query::Direction::kBoth;
    case v1::DIRECTION_OUT:
      return query::Direction::kOut;
    case v1::DIRECTION_IN:
      return query::Direction::kIn;
    default:
      return query::InvalidFieldError(
          field, absl::StrCat(static_cast<int>(d), " is not a Direction"));
  }
}

absl::StatusOr<query::Granularity> FromProto(v1::Granularity g,
                                             const std::string& field) {
  switch (g) {
    case v1::GRANULARITY_DAY:
      return query::Granularity::kDay;
    case v1::GRANULARITY_WEEK:
      return query::Granularity::kWeek;
    case v1::GRANULARITY_MONTH:
      return query::Granularity::kMonth;
    case v1::GRANULARITY_QUARTER:
      return query::Granularity::kQuarter;
    case v1::GRANULARITY_UNSPECIFIED:
    case v1::GRANULARITY_YEAR:
      return query::Granularity::kYear;
    default:
      return query::InvalidFieldError(
          field, absl::StrCat(static_cast<int>(g), " is not a Granularity"));
  }
}

v1::Granularity ToProto(query::Granularity g) {
  switch (g) {
    case query::Granularity::kDay:
      return v1::GRANULARITY_DAY;
    case query::Granularity::kWeek:
      return v1::GRANULARITY_WEEK;
    case query::Granularity::kMonth:
      return v1::GRANULARITY_MONTH;
    case query::Granularity::kQuarter:
      return v1::GRANULARITY_QUARTER;
    case query::Granularity::kYear:
      return v1::GRANULARITY_YEAR;
  }
  return v1::GRANULARITY_YEAR;
}

absl::StatusOr<query::EventFilter> FromProto(const v1::EventFilter& filter) {
  std::vector<int> quads(filter.quad_classes().begin(),
                         filter.quad_classes().end());
  return query::EventFilter::Make(filter.action(), filter.event_code_prefix(),
                                  quads);
}

void ToProto(const storage::Counter& c, storage::Day start, storage::Day end,
             v1::TimelineBucket* out) {
  out->set_start_date(storage::FormatDate(start));
  out->set_end_date(storage::FormatDate(end));
  int64_t events = 0, gold_n = 0, gold_centi = 0, mentions = 0;
  for (const storage::QuadCounter& q : c.quad) {
    events += q.events;
    gold_n += q.goldstein_events;
    gold_centi += q.goldstein_centi;
    mentions += q.mentions;
  }
  out->set_event_count(events);
  out->set_unclassified(c.quad[0].events);
  out->set_verbal_cooperation(c.quad[1].events);
  out->set_material_cooperation(c.quad[2].events);
  out->set_verbal_conflict(c.quad[3].events);
  out->set_material_conflict(c.quad[4].events);
  out->set_goldstein_events(gold_n);
  if (gold_n > 0) {
    out->set_goldstein_mean(static_cast<double>(gold_centi) / 100.0 /
                            static_cast<double>(gold_n));
  }
  out->set_mentions(mentions);
}

void ToProto(const storage::ActorInfo& actor, v1::Actor* out) {
  out->set_id(actor.id);
  out->set_name(actor.name);
  if (!actor.stats.empty()) {
    out->set_first_date(storage::FormatDate(actor.stats.first_day));
    out->set_last_date(storage::FormatDate(actor.stats.last_day));
  }
  out->set_event_count(actor.stats.event_count());
  out->set_out_count(actor.stats.out_count);
  out->set_in_count(actor.stats.in_count);
}

}  // namespace eventgraph::server
