// Validation of events before they are stored. The store calls it on every
// write; the server may call it to report errors early.
//
// Thread safety: thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/event.h"

namespace eventgraph::storage {

// Limits on stored events. Exceeding one is a validation error that names it.
inline constexpr size_t kMaxNameBytes = 512;      // actor, target, action
inline constexpr size_t kMaxSourceBytes = 2048;   // source, source_event_id
inline constexpr size_t kMaxCountryBytes = 128;
inline constexpr size_t kMaxAttributes = 64;
inline constexpr size_t kMaxAttributeKeyBytes = 128;
inline constexpr size_t kMaxAttributeValueBytes = 4096;

// One problem with one field of an event. `field` uses the API's field
// names ("actor", "location.lat", "attributes[origin]").
struct FieldError {
  std::string field;
  std::string reason;
};

// Returns every problem found with `event` (empty when it is valid). Checks:
// required names present after trimming (the action may be empty when an
// event_code is given: the store then fills it in, see event_fill.h), valid UTF-8, no control characters,
// length limits, event_code of 2 to 4 digits, quad class 0..4, Goldstein in
// -10..10, tone in -100..100, mentions >= 0, latitude/longitude ranges,
// finite numbers, attribute count and sizes, day within 0001..9999.
std::vector<FieldError> ValidateEvent(const Event& event);

// The field path of the attribute `key`: "attributes[KEY]" when the key is
// printable and within kMaxAttributeKeyBytes, else "attributes".
std::string AttributeField(std::string_view key);

}  // namespace eventgraph::storage
