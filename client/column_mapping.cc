#include "client/column_mapping.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"

namespace eventgraph::client {
namespace {

struct Synonym {
  std::string_view name;  // normalized
  EventField field;
};

// Known column names, each field's names in priority order (earlier wins).
// The Event field names themselves are included so that JSONL written with
// proto field names maps too.
constexpr std::array kSynonyms = {
    Synonym{"actor", EventField::kActor},
    Synonym{"sourcename", EventField::kActor},
    Synonym{"actor1name", EventField::kActor},
    Synonym{"action", EventField::kAction},
    Synonym{"eventtext", EventField::kAction},
    Synonym{"relation", EventField::kAction},
    Synonym{"target", EventField::kTarget},
    Synonym{"targetname", EventField::kTarget},
    Synonym{"actor2name", EventField::kTarget},
    Synonym{"date", EventField::kDate},
    Synonym{"eventdate", EventField::kDate},
    Synonym{"sqldate", EventField::kDate},
    Synonym{"eventcode", EventField::kEventCode},
    Synonym{"cameocode", EventField::kEventCode},
    Synonym{"quadclass", EventField::kQuadClass},
    Synonym{"goldstein", EventField::kGoldstein},
    Synonym{"goldsteinscale", EventField::kGoldstein},
    Synonym{"intensity", EventField::kGoldstein},
    Synonym{"source", EventField::kSource},
    Synonym{"sourceurl", EventField::kSource},
    Synonym{"url", EventField::kSource},
    Synonym{"publisher", EventField::kSource},
    Synonym{"sourceeventid", EventField::kSourceEventId},
    Synonym{"eventid", EventField::kSourceEventId},
    Synonym{"globaleventid", EventField::kSourceEventId},
    Synonym{"mentions", EventField::kMentions},
    Synonym{"nummentions", EventField::kMentions},
    Synonym{"tone", EventField::kTone},
    Synonym{"avgtone", EventField::kTone},
    Synonym{"country", EventField::kCountry},
    Synonym{"location.country", EventField::kCountry},
    Synonym{"lat", EventField::kLat},
    Synonym{"latitude", EventField::kLat},
    Synonym{"actiongeolat", EventField::kLat},
    Synonym{"location.lat", EventField::kLat},
    Synonym{"lon", EventField::kLon},
    Synonym{"longitude", EventField::kLon},
    Synonym{"actiongeolong", EventField::kLon},
    Synonym{"location.lon", EventField::kLon},
};

// In the column order of a quadruple file.
constexpr std::array kRequired = {EventField::kActor, EventField::kAction,
                                  EventField::kTarget, EventField::kDate};

constexpr std::string_view kAttributesPrefix = "attributes.";
constexpr int kFieldCount = static_cast<int>(EventField::kAttribute) + 1;
constexpr size_t kNoSynonym = kSynonyms.size();
constexpr size_t kNoPriority = std::numeric_limits<size_t>::max();

// Returns the priority (index in kSynonyms) of a normalized name, or
// kNoSynonym.
size_t SynonymIndex(std::string_view normalized) {
  for (size_t i = 0; i < kSynonyms.size(); ++i) {
    if (kSynonyms[i].name == normalized) return i;
  }
  return kNoSynonym;
}

// What a normalized column name means to a profile or the synonyms.
struct KnownName {
  size_t priority;  // lower wins
  EventField field;
  std::string_view attribute_key;
};

std::optional<KnownName> Lookup(const MappingProfile& profile,
                                std::string_view normalized) {
  for (size_t i = 0; i < profile.columns.size(); ++i) {
    const ProfileColumn& column = profile.columns[i];
    if (column.name == normalized) {
      return KnownName{i, column.field, column.attribute_key};
    }
  }
  const size_t synonym = SynonymIndex(normalized);
  if (synonym == kNoSynonym) return std::nullopt;
  return KnownName{
      profile.columns.size() + synonym, kSynonyms[synonym].field, {}};
}

}  // namespace

std::string_view EventFieldName(EventField field) {
  switch (field) {
    case EventField::kIgnore:
      return "ignore";
    case EventField::kActor:
      return "actor";
    case EventField::kAction:
      return "action";
    case EventField::kTarget:
      return "target";
    case EventField::kDate:
      return "date";
    case EventField::kEventCode:
      return "event_code";
    case EventField::kQuadClass:
      return "quad_class";
    case EventField::kGoldstein:
      return "goldstein";
    case EventField::kSource:
      return "source";
    case EventField::kSourceEventId:
      return "source_event_id";
    case EventField::kMentions:
      return "mentions";
    case EventField::kTone:
      return "tone";
    case EventField::kCountry:
      return "location.country";
    case EventField::kLat:
      return "location.lat";
    case EventField::kLon:
      return "location.lon";
    case EventField::kAttribute:
      return "attributes";
  }
  return "ignore";
}

std::string NormalizeColumnName(std::string_view name) {
  std::string normalized;
  normalized.reserve(name.size());
  for (char c : name) {
    if (c == '_' || c == ' ' || c == '-') continue;
    normalized.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return normalized;
}

absl::StatusOr<ColumnOverride> ParseColumnOverride(std::string_view flag) {
  const size_t equals = flag.rfind('=');
  if (equals == std::string_view::npos || equals == 0 ||
      equals + 1 == flag.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--map expects COLUMN=FIELD, got \"", ToAbsl(flag), "\""));
  }
  ColumnOverride result;
  result.column = std::string(flag.substr(0, equals));
  const std::string_view field = flag.substr(equals + 1);
  if (absl::StartsWithIgnoreCase(ToAbsl(field), ToAbsl(kAttributesPrefix))) {
    result.field = EventField::kAttribute;
    result.attribute_key = std::string(field.substr(kAttributesPrefix.size()));
    if (result.attribute_key.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--map ", ToAbsl(flag), ": attribute key is empty"));
    }
    return result;
  }
  const std::string normalized = NormalizeColumnName(field);
  if (normalized == "ignore") {
    result.field = EventField::kIgnore;
    return result;
  }
  const size_t index = SynonymIndex(normalized);
  if (index == kNoSynonym) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--map ", ToAbsl(flag), ": unknown field \"", ToAbsl(field),
        "\" (expected actor, action, target, date, event_code, quad_class, "
        "goldstein, source, source_event_id, mentions, tone, "
        "location.country, location.lat, location.lon, attributes.KEY or "
        "ignore)"));
  }
  result.field = kSynonyms[index].field;
  return result;
}

ColumnMapping ColumnMapping::Build(const std::vector<std::string>& columns,
                                   const std::vector<ColumnOverride>& overrides,
                                   const MappingProfile& profile) {
  ColumnMapping mapping;
  mapping.columns_ = columns;
  mapping.bindings_.resize(columns.size());

  std::vector<std::string> normalized(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    normalized[i] = NormalizeColumnName(columns[i]);
  }

  // Pass 1: overrides. A field bound here is closed to everything else.
  std::array<bool, kFieldCount> taken{};
  std::vector<bool> decided(columns.size(), false);
  for (const ColumnOverride& override : overrides) {
    const std::string column = NormalizeColumnName(override.column);
    for (size_t i = 0; i < columns.size(); ++i) {
      if (decided[i] || normalized[i] != column) continue;
      const auto field_index = static_cast<size_t>(override.field);
      const bool single = override.field != EventField::kIgnore &&
                          override.field != EventField::kAttribute;
      decided[i] = true;
      if (single && taken[field_index]) break;  // field already bound
      mapping.bindings_[i] = {override.field, override.attribute_key};
      if (single) {
        taken[field_index] = true;
        break;  // one column per field: the leftmost
      }
    }
  }

  // Pass 2: the first four columns of a quadruple file.
  if (profile.positional_quad) {
    for (size_t i = 0; i < kRequired.size() && i < columns.size(); ++i) {
      const auto field_index = static_cast<size_t>(kRequired[i]);
      if (decided[i] || taken[field_index]) continue;
      mapping.bindings_[i].field = kRequired[i];
      decided[i] = true;
      taken[field_index] = true;
    }
  }

  // Pass 3: attributes.KEY columns, then the profile's names and the generic
  // synonyms, best priority first (every profile name ranks before every
  // synonym).
  std::array<size_t, kFieldCount> best_priority;
  best_priority.fill(kNoPriority);
  std::array<int, kFieldCount> best_column;
  best_column.fill(-1);
  for (size_t i = 0; i < columns.size(); ++i) {
    if (decided[i]) continue;
    if (absl::StartsWithIgnoreCase(columns[i], ToAbsl(kAttributesPrefix)) &&
        columns[i].size() > kAttributesPrefix.size()) {
      mapping.bindings_[i] = {EventField::kAttribute,
                              columns[i].substr(kAttributesPrefix.size())};
      continue;
    }
    const std::optional<KnownName> known = Lookup(profile, normalized[i]);
    if (!known.has_value()) continue;
    if (known->field == EventField::kAttribute) {
      mapping.bindings_[i] = {EventField::kAttribute,
                              std::string(known->attribute_key)};
      continue;
    }
    const auto field_index = static_cast<size_t>(known->field);
    if (taken[field_index] || known->priority >= best_priority[field_index]) {
      continue;
    }
    best_priority[field_index] = known->priority;
    best_column[field_index] = static_cast<int>(i);
  }
  for (int f = 0; f < kFieldCount; ++f) {
    if (best_column[f] >= 0) {
      mapping.bindings_[best_column[f]].field = static_cast<EventField>(f);
    }
  }

  // Two columns bound to one attribute key: the rightmost gives its value
  // (events carry each key once).
  std::unordered_set<std::string_view> attribute_keys;
  for (size_t i = columns.size(); i-- > 0;) {
    ColumnBinding& binding = mapping.bindings_[i];
    if (binding.field != EventField::kAttribute) continue;
    if (!attribute_keys.insert(binding.attribute_key).second) {
      binding = ColumnBinding{};
    }
  }

  std::array<int, kFieldCount> column_of;
  column_of.fill(-1);
  for (size_t i = 0; i < columns.size(); ++i) {
    const EventField field = mapping.bindings_[i].field;
    if (field == EventField::kIgnore) continue;
    mapping.bound_.push_back({static_cast<int>(i), field});
    if (field != EventField::kAttribute) {
      column_of[static_cast<size_t>(field)] = static_cast<int>(i);
    }
  }
  // Attributes last, by key: events then list them in the order the server
  // stores them, which it checks instead of sorting them.
  const auto first_attribute = std::stable_partition(
      mapping.bound_.begin(), mapping.bound_.end(),
      [](const BoundColumn& c) { return c.field != EventField::kAttribute; });
  std::sort(first_attribute, mapping.bound_.end(),
            [&mapping](const BoundColumn& a, const BoundColumn& b) {
              return mapping.bindings_[a.index].attribute_key <
                     mapping.bindings_[b.index].attribute_key;
            });

  // Fallbacks and derivations.
  for (const ProfileFallback& fallback : profile.fallbacks) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (normalized[i] != fallback.column) continue;
      mapping.fallbacks_.push_back(
          {fallback.field, column_of[static_cast<size_t>(fallback.field)],
           static_cast<int>(i)});
      break;
    }
  }
  const bool has_code =
      column_of[static_cast<size_t>(EventField::kEventCode)] >= 0;
  mapping.action_from_code_ = profile.action_from_code && has_code;
  mapping.derives_quad_class_ =
      has_code && column_of[static_cast<size_t>(EventField::kQuadClass)] < 0;
  return mapping;
}

std::string_view ColumnMapping::ColumnFor(EventField field) const {
  for (const BoundColumn& column : bound_) {
    if (column.field == field) return columns_[column.index];
  }
  return {};
}

std::vector<EventField> ColumnMapping::MissingRequired() const {
  std::vector<EventField> missing;
  for (EventField field : kRequired) {
    if (!ColumnFor(field).empty()) continue;
    if (field == EventField::kAction && action_from_code_) continue;
    bool has_fallback = false;
    for (const FieldFallback& fallback : fallbacks_) {
      has_fallback = has_fallback || fallback.field == field;
    }
    if (!has_fallback) missing.push_back(field);
  }
  return missing;
}

std::vector<std::string> ColumnMapping::IgnoredColumns() const {
  std::vector<std::string> ignored;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (bindings_[i].field == EventField::kIgnore) {
      ignored.push_back(columns_[i]);
    }
  }
  return ignored;
}

bool HasColumn(const std::vector<std::string>& columns,
               std::string_view column) {
  const std::string wanted = NormalizeColumnName(column);
  for (const std::string& name : columns) {
    if (NormalizeColumnName(name) == wanted) return true;
  }
  return false;
}

}  // namespace eventgraph::client
