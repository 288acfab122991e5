// Domain types shared by every layer: an Event and the ids the store gives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/date.h"

namespace eventgraph::storage {

// Actor ids are assigned from 1 upwards; 0 means "any actor" in counter keys.
using ActorId = uint32_t;
inline constexpr ActorId kAnyActor = 0;

// Event ids are assigned from 1 upwards and never reused.
using EventId = uint64_t;

// Quad classes. DO NOT CHANGE THESE VALUES: they are stored on disk.
enum class QuadClass : uint8_t {
  kUnknown = 0,
  kVerbalCooperation = 1,
  kMaterialCooperation = 2,
  kVerbalConflict = 3,
  kMaterialConflict = 4,
};
inline constexpr int kQuadClassCount = 5;

// One coded event: actor does action to target on day.
struct Event {
  EventId id = 0;  // assigned by the store
  std::string actor;
  std::string action;
  std::string target;
  Day day = 0;
  std::string event_code;  // CAMEO code as text ("010" is not "10")
  QuadClass quad_class = QuadClass::kUnknown;
  std::optional<double> goldstein;
  std::string source;
  std::string source_event_id;
  std::optional<int64_t> mentions;
  std::optional<double> tone;
  std::string country;
  std::optional<double> lat;
  std::optional<double> lon;
  std::vector<std::pair<std::string, std::string>> attributes;

  // Resolved by the store when an event is written or read.
  ActorId actor_id = 0;
  ActorId target_id = 0;
};

}  // namespace eventgraph::storage
