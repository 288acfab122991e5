// Actor profiles and country affiliation: what kind of actor it is (state,
// government, person...), which country it belongs to, and its aliases.
//
// An actor's country is decided by the first of these that gives one:
//   1. declared: set by PutActor (ActorProfile::declared_country);
//   2. data: the country field of the event that first named the actor
//      (GDELT's Actor1CountryCode / Actor2CountryCode, a CAMEO code; ICEWS's
//      Source Country / Target Country, a name), kept in
//      ActorProfile::data_country when the actor is created;
//   3. name pattern: an ICEWS name ending in "(Country)":
//      "Foreign Affairs (Russia)";
//   4. country name: the name itself is a country's name or alias:
//      "North Korea", "Russian Federation".
// Countries are ISO3 codes of storage/reference/countries.h.
//
// Thread safety: thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "storage/event.h"

namespace eventgraph::storage {

// Kind of an actor. DO NOT CHANGE THESE VALUES: stored on disk
// (actor_profiles column family). New kinds are appended.
enum class ActorKind : uint8_t {
  kUnspecified = 0,
  kState = 1,
  kGovernment = 2,
  kPerson = 3,
  kOrganization = 4,
  kMilitary = 5,
  kGroup = 6,  // armed, political or civil group
  kMedia = 7,
  kOther = 8,
};
inline constexpr uint8_t kMaxActorKind = 8;

// "state", "government", "person", "organization", "military", "group",
// "media", "other"; "" for kUnspecified.
std::string_view ActorKindName(ActorKind kind);
// Parses a kind name (case-insensitive; "organisation" too). nullopt when
// unknown; "" gives kUnspecified.
std::optional<ActorKind> ParseActorKind(std::string_view text);

// Where an actor's country comes from. DO NOT CHANGE THESE VALUES: they are
// part of the API (ActorCountrySource).
enum class CountrySource : uint8_t {
  kNone = 0,
  kDeclared = 1,
  kData = 2,
  kNamePattern = 3,
  kCountryName = 4,
};

// The stored profile of an actor (actor_profiles column family).
struct ActorProfile {
  ActorKind kind = ActorKind::kUnspecified;
  std::string declared_country;      // ISO3, empty when none declared
  std::string data_country;          // ISO3, empty when the data gave none
  std::vector<std::string> aliases;  // normalized display spellings
};
std::string EncodeActorProfile(const ActorProfile& profile);
// DataLoss on bad input.
absl::Status DecodeActorProfile(std::string_view value, ActorProfile* profile);

struct Affiliation {
  std::string country;  // ISO3; empty when none
  CountrySource source = CountrySource::kNone;
};

// The country of an actor named `name` with `profile` (nullptr: none
// stored), by the precedence above.
Affiliation ResolveAffiliation(std::string_view name,
                               const ActorProfile* profile);

// The country an event's data gives its actor (`actor_side`) or target:
// the ISO3 code of the attribute actor1_country_code / actor2_country_code
// (a CAMEO/ISO3 code) or source_country / target_country (a country name),
// whichever is set and known first; empty otherwise.
std::string DataCountry(const Event& event, bool actor_side);

}  // namespace eventgraph::storage
