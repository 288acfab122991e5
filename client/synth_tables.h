// The fixed vocabulary of the synthetic data generator: countries (codes,
// names, places), the actor sectors of CAMEO, international organizations
// and a table of common CAMEO event codes with their standard Goldstein
// scores. Written for the generator; not a complete codebook.
//
// Pure data and pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/types/span.h"

namespace eventgraph::client {

struct SynthCountry {
  std::string_view iso3;       // CAMEO actor country code: "RUS"
  std::string_view fips;       // GDELT geo country code (FIPS 10-4): "RS"
  std::string_view name;       // actor name of the state: "RUSSIA"
  std::string_view adjective;  // "RUSSIAN" (as in "RUSSIAN MILITARY")
  std::string_view place;      // geo name of the country: "Russia"
  std::string_view capital;    // "Moscow"
  std::string_view religion;   // CAMEO religion code of the majority: "CHR"
  int32_t capital_lat;         // degrees x 10^4
  int32_t capital_lon;
  int32_t centroid_lat;
  int32_t centroid_lon;
  uint32_t prominence;  // relative share of news attention
};

// About sixty countries, most prominent first.
absl::Span<const SynthCountry> SynthCountries();

// A CAMEO actor role within a country ("GOV", "MIL", ...).
struct SynthSector {
  std::string_view type_code;  // CAMEO type code: "GOV" ("" for clergy)
  std::string_view noun;       // name after the adjective: "GOVERNMENT"
  uint32_t weight;             // relative activity of the sector
  // Clergy: coded by the country's religion ("RUSCHR", Religion1Code
  // CHR) instead of a type; left out where the country has none.
  bool religious;
};

absl::Span<const SynthSector> SynthSectors();

// An international organization (no country code of its own).
struct SynthOrganization {
  std::string_view code;         // "IGOUNO"
  std::string_view name;         // "UNITED NATIONS"
  std::string_view known_group;  // "UNO"
  std::string_view home_iso3;    // where it sits, for its geo columns
  uint32_t weight;
};

absl::Span<const SynthOrganization> SynthOrganizations();

// A CAMEO event code the generator uses, with its name and Goldstein score
// from the built-in codebook (storage/reference/cameo_codebook.h).
struct SynthCameoCode {
  std::string_view code;         // "0431", always with its leading zero
  std::string_view description;  // "Host a visit": the codebook's name
  int goldstein_tenths;          // the codebook's Goldstein score x 10
  uint32_t weight;               // share in the overall code mix
};

absl::Span<const SynthCameoCode> SynthCameoCodes();

// The quad class of a CAMEO code by its root (reference::CameoQuadClass):
// 1 for 01-05, 2 for 06-08, 3 for 09-13, 4 for 14-20; 0 for anything else.
int SynthQuadClass(std::string_view code);

// The standard Goldstein score of a code of SynthCameoCodes(), or nullopt.
std::optional<double> SynthGoldstein(std::string_view code);

}  // namespace eventgraph::client
