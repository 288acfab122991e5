#include "client/event_output.h"

#include "absl/strings/str_cat.h"
#include "client/output.h"
#include "nlohmann/json.hpp"

namespace eventgraph::client {
namespace {

std::string Optional(bool present, double value) {
  return present ? ShortestNumber(value) : std::string();
}

}  // namespace

Table EventTable() {
  return Table({{"date", Align::kLeft, 10},
                {"id", Align::kRight, 12},
                {"actor", Align::kLeft, 24},
                {"action", Align::kLeft, 28},
                {"target", Align::kLeft, 24},
                {"code", Align::kLeft, 4},
                {"quad", Align::kRight, 4},
                {"goldstein", Align::kRight, 9},
                {"source", Align::kLeft, 40}});
}

std::vector<std::string> EventTableCells(const eventgraph::v1::Event& event) {
  return {event.date(),
          absl::StrCat(event.id()),
          event.actor(),
          event.action(),
          event.target(),
          event.event_code(),
          event.quad_class() == 0 ? std::string()
                                  : absl::StrCat(event.quad_class()),
          Optional(event.has_goldstein(), event.goldstein()),
          event.source()};
}

std::vector<std::string> EventCsvHeader() {
  return {"id",         "date",       "actor",     "action", "target",
          "event_code", "quad_class", "goldstein", "source", "source_event_id",
          "mentions",   "tone",       "country",   "lat",    "lon",
          "attributes"};
}

std::vector<std::string> EventCsvCells(const eventgraph::v1::Event& event) {
  const eventgraph::v1::Location& location = event.location();
  std::string attributes;
  if (!event.attributes().empty()) {
    nlohmann::json json = nlohmann::json::object();  // sorted by key
    for (const auto& [key, value] : event.attributes()) json[key] = value;
    attributes =
        json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return {absl::StrCat(event.id()),
          event.date(),
          event.actor(),
          event.action(),
          event.target(),
          event.event_code(),
          absl::StrCat(event.quad_class()),
          Optional(event.has_goldstein(), event.goldstein()),
          event.source(),
          event.source_event_id(),
          event.has_mentions() ? absl::StrCat(event.mentions()) : std::string(),
          Optional(event.has_tone(), event.tone()),
          location.country(),
          Optional(location.has_lat(), location.lat()),
          Optional(location.has_lon(), location.lon()),
          std::move(attributes)};
}

}  // namespace eventgraph::client
