// Maps the columns of an input file (header names, or JSONL keys) to the
// fields of eventgraph.v1.Event.
//
// A column is found by its normalized name: ASCII lower case, with '_', ' '
// and '-' removed ("Actor1Name" and "actor1_name" are both "actor1name").
// Each Event field has a list of known names (synonyms) in priority order;
// when several columns name the same field the earliest synonym wins, then
// the leftmost column. `--map COLUMN=FIELD` overrides bind a column to a
// field (or to a free attribute, or to nothing) before synonyms apply, and a
// field bound by an override is never bound by a synonym.
//
// A MappingProfile adds what one input format knows (see format_profiles.h):
// its own column names, bound after the overrides and before the generic
// synonyms (a column the profile binds, even to an attribute, is not
// considered again); the first four columns as actor, action, target and
// date whatever their names (quadruple files); a fallback column for an
// empty actor or target (GDELT's actor code for its actor name); and an
// action derived from the event code (GDELT has no action text).
//
// Whatever the profile, a file with an event-code column and no quad-class
// column gets the quad class derived from the code's CAMEO root
// (derives_quad_class(); see cameo.h).
//
// Pure code, no I/O. ColumnMapping is immutable once built, so it is safe to
// share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace eventgraph::client {

// The Event fields an input column can feed.
enum class EventField : uint8_t {
  kIgnore,
  kActor,
  kAction,
  kTarget,
  kDate,
  kEventCode,
  kQuadClass,
  kGoldstein,
  kSource,
  kSourceEventId,
  kMentions,
  kTone,
  kCountry,
  kLat,
  kLon,
  kAttribute,  // a free attribute; the key is in ColumnBinding
};

// Returns the Event field path used in messages: "actor", "event_code",
// "location.lat", "attributes" or "ignore".
std::string_view EventFieldName(EventField field);

// Returns `name` in ASCII lower case without '_', ' ' and '-'.
std::string NormalizeColumnName(std::string_view name);

// One `--map COLUMN=FIELD` flag.
struct ColumnOverride {
  std::string column;         // as given; matched after normalization
  EventField field;           // kIgnore for "ignore"
  std::string attribute_key;  // for kAttribute: the KEY of "attributes.KEY"
};

// Parses "COLUMN=FIELD" (split at the last '='). FIELD is an Event field name
// ("actor", "event_code", "location.lat", ...) or one of its synonyms,
// compared like column names; or "attributes.KEY" (KEY kept verbatim); or
// "ignore". Returns INVALID_ARGUMENT naming the problem otherwise.
absl::StatusOr<ColumnOverride> ParseColumnOverride(std::string_view flag);

// One known column name of a format.
struct ProfileColumn {
  std::string_view name;  // normalized (NormalizeColumnName)
  EventField field;
  std::string_view attribute_key;  // for kAttribute
};

// When `field`'s cell is empty, the cell of `column` (a normalized name)
// stands in.
struct ProfileFallback {
  EventField field;  // kActor or kTarget
  std::string_view column;
};

// What one input format knows about its columns. The default profile knows
// nothing: only overrides and generic synonyms apply.
struct MappingProfile {
  // Bound before the generic synonyms; for a single field, an earlier entry
  // wins over a later one, then the leftmost column.
  absl::Span<const ProfileColumn> columns;
  // Columns 1..4 are actor, action, target and date whatever their names.
  bool positional_quad = false;
  absl::Span<const ProfileFallback> fallbacks;
  // An empty action becomes CameoAction(event code).
  bool action_from_code = false;
};

// What one column feeds.
struct ColumnBinding {
  EventField field = EventField::kIgnore;
  std::string attribute_key;  // for kAttribute
};

// A bound column: its index in the row and what it feeds. For kAttribute the
// key is binding(index).attribute_key.
struct BoundColumn {
  int index;
  EventField field;
};

// A resolved ProfileFallback: the column feeding `field` (-1 if none) and
// the column standing in when its cell is empty.
struct FieldFallback {
  EventField field;
  int primary;
  int fallback;
};

class ColumnMapping {
 public:
  // Binds `columns` (header names in file order). Columns whose name starts
  // with "attributes." (normalized) become attributes named by the rest of
  // the original name. Never fails: see MissingRequired().
  static ColumnMapping Build(const std::vector<std::string>& columns,
                             const std::vector<ColumnOverride>& overrides,
                             const MappingProfile& profile = {});

  ColumnMapping(const ColumnMapping&) = delete;
  ColumnMapping& operator=(const ColumnMapping&) = delete;
  ColumnMapping(ColumnMapping&&) = default;
  ColumnMapping& operator=(ColumnMapping&&) = default;

  // The columns that feed a field: those of the event's own fields in
  // column order, then the attributes' by key (distinct keys).
  const std::vector<BoundColumn>& bound() const { return bound_; }

  // Binding of column `index`. REQUIRES: 0 <= index < column_count().
  const ColumnBinding& binding(int index) const { return bindings_[index]; }
  int column_count() const { return static_cast<int>(bindings_.size()); }

  // Name of column `index`. REQUIRES: 0 <= index < column_count().
  const std::string& column_name(int index) const { return columns_[index]; }

  // The column name bound to `field`, or "" if none.
  std::string_view ColumnFor(EventField field) const;

  // The required fields (actor, action, target, date) that no column feeds
  // and no fallback or derivation can fill.
  std::vector<EventField> MissingRequired() const;

  // The fallbacks whose stand-in column exists, in profile order.
  const std::vector<FieldFallback>& fallbacks() const { return fallbacks_; }

  // True when an empty action is to be derived from the event code (the
  // profile says so and a column feeds event_code).
  bool action_from_code() const { return action_from_code_; }

  // True when the quad class is to be derived from the event code: a column
  // feeds event_code and none feeds quad_class.
  bool derives_quad_class() const { return derives_quad_class_; }

  // Names of the columns that feed nothing, in column order.
  std::vector<std::string> IgnoredColumns() const;

 private:
  ColumnMapping() = default;

  std::vector<std::string> columns_;
  std::vector<ColumnBinding> bindings_;
  std::vector<BoundColumn> bound_;
  std::vector<FieldFallback> fallbacks_;
  bool action_from_code_ = false;
  bool derives_quad_class_ = false;
};

// Returns true if `column` (any spelling) is one of `columns` after
// normalization.
bool HasColumn(const std::vector<std::string>& columns,
               std::string_view column);

}  // namespace eventgraph::client
