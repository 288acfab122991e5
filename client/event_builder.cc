#include "client/event_builder.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"
#include "client/cameo.h"

namespace eventgraph::client {
namespace {

bool IsDigits(std::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Strips white space and one leading '+', which from_chars does not take.
std::string_view NumberText(std::string_view cell) {
  std::string_view text = FromAbsl(absl::StripAsciiWhitespace(ToAbsl(cell)));
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') {
    text.remove_prefix(1);
  }
  return text;
}

RowError NumberError(const ColumnMapping& mapping, const BoundColumn& column,
                     std::string_view cell, std::string_view problem) {
  return RowError{
      std::string(EventFieldName(column.field)),
      absl::StrCat("column \"", mapping.column_name(column.index),
                   "\": ", ToAbsl(problem), ": \"", ToAbsl(cell), "\"")};
}

// Parses a finite double; returns false with *problem set otherwise.
bool ParseDouble(std::string_view text, double* value,
                 std::string_view* problem) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, *value);
  if (error != std::errc() || stop != end) {
    *problem = error == std::errc::result_out_of_range ? "number out of range"
                                                       : "not a number";
    return false;
  }
  if (!std::isfinite(*value)) {
    *problem = "not a finite number";
    return false;
  }
  return true;
}

bool ParseInt(std::string_view text, int64_t min, int64_t max, int64_t* value,
              std::string_view* problem) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, *value);
  if (error == std::errc::result_out_of_range ||
      (error == std::errc() && stop == end && (*value < min || *value > max))) {
    *problem = "integer out of range";
    return false;
  }
  if (error != std::errc() || stop != end) {
    *problem = "not an integer";
    return false;
  }
  return true;
}

// The text field a fallback may fill, or nullptr.
std::string* TextField(EventField field, eventgraph::v1::Event* event) {
  switch (field) {
    case EventField::kActor:
      return event->mutable_actor();
    case EventField::kTarget:
      return event->mutable_target();
    case EventField::kAction:
      return event->mutable_action();
    default:
      return nullptr;
  }
}

// Fills an empty text field from its fallback column; returns the error of
// a row where both are empty.
std::optional<RowError> ApplyFallbacks(const ColumnMapping& mapping,
                                       absl::Span<const std::string_view> cells,
                                       eventgraph::v1::Event* event) {
  for (const FieldFallback& fallback : mapping.fallbacks()) {
    std::string* text = TextField(fallback.field, event);
    if (text == nullptr || !text->empty()) continue;
    const size_t index = static_cast<size_t>(fallback.fallback);
    if (index < cells.size() && !cells[index].empty()) {
      text->assign(cells[index].data(), cells[index].size());
      continue;
    }
    const std::string& stand_in = mapping.column_name(fallback.fallback);
    const std::string field(EventFieldName(fallback.field));
    return RowError{
        field,
        fallback.primary < 0
            ? absl::StrCat("no ", field, ": column \"", stand_in, "\" is empty")
            : absl::StrCat("no ", field, ": columns \"",
                           mapping.column_name(fallback.primary), "\" and \"",
                           stand_in, "\" are both empty")};
  }
  return std::nullopt;
}

}  // namespace

std::string NormalizeDate(std::string_view text) {
  if (text.size() == 8 && IsDigits(text)) {
    std::string date;
    date.reserve(10);
    date.append(text.substr(0, 4)).append("-").append(text.substr(4, 2));
    date.append("-").append(text.substr(6, 2));
    return date;
  }
  return std::string(text);
}

std::optional<RowError> BuildEvent(const ColumnMapping& mapping,
                                   absl::Span<const std::string_view> cells,
                                   eventgraph::v1::Event* event) {
  for (const BoundColumn& column : mapping.bound()) {
    if (static_cast<size_t>(column.index) >= cells.size()) continue;
    const std::string_view cell = cells[column.index];
    if (cell.empty()) continue;
    std::string_view problem;
    double real = 0;
    int64_t integer = 0;
    switch (column.field) {
      case EventField::kActor:
        event->set_actor(cell.data(), cell.size());
        break;
      case EventField::kAction:
        event->set_action(cell.data(), cell.size());
        break;
      case EventField::kTarget:
        event->set_target(cell.data(), cell.size());
        break;
      case EventField::kDate:
        if (cell.size() == 8 && IsDigits(cell)) {
          event->set_date(NormalizeDate(cell));
        } else {
          event->set_date(cell.data(), cell.size());
        }
        break;
      case EventField::kEventCode:
        event->set_event_code(cell.data(), cell.size());
        break;
      case EventField::kSource:
        event->set_source(cell.data(), cell.size());
        break;
      case EventField::kSourceEventId:
        event->set_source_event_id(cell.data(), cell.size());
        break;
      case EventField::kCountry:
        event->mutable_location()->set_country(cell.data(), cell.size());
        break;
      case EventField::kAttribute: {
        // A list, not the map: a loader's cheapest form (proto Event).
        v1::Attribute* attribute = event->add_attribute_list();
        attribute->set_key(mapping.binding(column.index).attribute_key);
        attribute->set_value(cell.data(), cell.size());
        break;
      }
      case EventField::kQuadClass: {
        const std::string_view text = NumberText(cell);
        if (text.empty()) break;
        if (!ParseInt(text, std::numeric_limits<int32_t>::min(),
                      std::numeric_limits<int32_t>::max(), &integer,
                      &problem)) {
          return NumberError(mapping, column, cell, problem);
        }
        event->set_quad_class(static_cast<int32_t>(integer));
        break;
      }
      case EventField::kMentions: {
        const std::string_view text = NumberText(cell);
        if (text.empty()) break;
        if (!ParseInt(text, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max(), &integer,
                      &problem)) {
          return NumberError(mapping, column, cell, problem);
        }
        event->set_mentions(integer);
        break;
      }
      case EventField::kGoldstein:
      case EventField::kTone:
      case EventField::kLat:
      case EventField::kLon: {
        const std::string_view text = NumberText(cell);
        if (text.empty()) break;
        if (!ParseDouble(text, &real, &problem)) {
          return NumberError(mapping, column, cell, problem);
        }
        if (column.field == EventField::kGoldstein) {
          event->set_goldstein(real);
        } else if (column.field == EventField::kTone) {
          event->set_tone(real);
        } else if (column.field == EventField::kLat) {
          event->mutable_location()->set_lat(real);
        } else {
          event->mutable_location()->set_lon(real);
        }
        break;
      }
      case EventField::kIgnore:
        break;
    }
  }
  if (auto error = ApplyFallbacks(mapping, cells, event)) return error;
  if (mapping.action_from_code() && event->action().empty() &&
      !event->event_code().empty()) {
    event->set_action(CameoAction(event->event_code()));
  }
  if (mapping.derives_quad_class()) {
    event->set_quad_class(QuadClassOfCameoCode(event->event_code()));
  }
  return std::nullopt;
}

}  // namespace eventgraph::client
