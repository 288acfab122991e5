#include "storage/event_validation.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "storage/reference/cameo_codebook.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

// The most mentions one event may have. Mentions are summed in int64
// counters (per dyad, and per actor for all partners): the cap keeps any
// realistic sum (up to 9e9 events at the cap) from overflowing. GDELT's
// NumMentions are small counts.
constexpr int64_t kMaxMentions = 1'000'000'000;

void CheckText(std::string_view field, const std::string& value, size_t max,
               bool required, std::vector<FieldError>* errors) {
  if (!IsValidUtf8(value)) {
    errors->push_back({std::string(field), "is not valid UTF-8"});
    return;
  }
  if (HasControlCharacter(value)) {
    errors->push_back(
        {std::string(field), "contains a control character (NUL, tab, newline...)"});
    return;
  }
  if (value.size() > max) {
    errors->push_back({std::string(field),
                       absl::StrCat("is ", value.size(), " bytes; the limit is ",
                                    max)});
    return;
  }
  if (required && TrimAscii(value).empty()) {
    errors->push_back({std::string(field), "is required and empty"});
  }
}

void CheckRange(std::string_view field, const std::optional<double>& value,
                double lo, double hi, std::vector<FieldError>* errors) {
  if (!value.has_value()) return;
  if (!std::isfinite(*value) || *value < lo || *value > hi) {
    errors->push_back({std::string(field),
                       absl::StrCat(*value, " is outside ", lo, "..", hi)});
  }
}

}  // namespace

std::vector<FieldError> ValidateEvent(const Event& event) {
  std::vector<FieldError> errors;
  CheckText("actor", event.actor, kMaxNameBytes, true, &errors);
  // An event with a CAMEO code may omit its action: the store fills in the
  // code's name (storage/event_fill.h).
  CheckText("action", event.action, kMaxNameBytes, event.event_code.empty(),
            &errors);
  CheckText("target", event.target, kMaxNameBytes, true, &errors);
  if (event.day < kMinDay || event.day > kMaxDay) {
    errors.push_back({"date", "is outside 0001-01-01..9999-12-31"});
  }
  if (!event.event_code.empty()) {
    if (!reference::IsWellFormedCameoCode(event.event_code)) {
      errors.push_back({"event_code",
                        "must be a CAMEO code of 2 to 4 digits, e.g. \"036\""});
    }
  }
  if (static_cast<int>(event.quad_class) > 4) {
    errors.push_back({"quad_class", "must be 0 (unknown) or 1..4"});
  }
  CheckRange("goldstein", event.goldstein, -10, 10, &errors);
  CheckRange("tone", event.tone, -100, 100, &errors);
  CheckRange("location.lat", event.lat, -90, 90, &errors);
  CheckRange("location.lon", event.lon, -180, 180, &errors);
  if (event.mentions.has_value() && *event.mentions < 0) {
    errors.push_back({"mentions", "must not be negative"});
  } else if (event.mentions.has_value() && *event.mentions > kMaxMentions) {
    errors.push_back({"mentions", absl::StrCat(*event.mentions,
                                               " is more than the limit ",
                                               kMaxMentions)});
  }
  CheckText("source", event.source, kMaxSourceBytes, false, &errors);
  CheckText("source_event_id", event.source_event_id, kMaxSourceBytes, false,
            &errors);
  CheckText("location.country", event.country, kMaxCountryBytes, false,
            &errors);
  if (event.attributes.size() > kMaxAttributes) {
    errors.push_back({"attributes", absl::StrCat(event.attributes.size(),
                                                 " attributes; the limit is ",
                                                 kMaxAttributes)});
  } else {
    for (const auto& [key, value] : event.attributes) {
      if (key.empty()) {
        errors.push_back({"attributes", "an attribute key is empty"});
        continue;
      }
      // The field path is built only for an attribute with a problem.
      const size_t before = errors.size();
      CheckText("", key, kMaxAttributeKeyBytes, true, &errors);
      CheckText("", value, kMaxAttributeValueBytes, false, &errors);
      for (size_t k = before; k < errors.size(); ++k) {
        errors[k].field = AttributeField(key);
      }
    }
  }
  return errors;
}

std::string AttributeField(std::string_view key) {
  // Name the key in the field path only when it is printable itself.
  const bool printable = key.size() <= kMaxAttributeKeyBytes &&
                         IsValidUtf8(key) && !HasControlCharacter(key);
  return printable ? absl::StrCat("attributes[", std::string(key), "]")
                   : "attributes";
}

}  // namespace eventgraph::storage
