// Country reference data, built in: ISO 3166-1 alpha-3 codes (which CAMEO
// actor codes and ICEWS use for countries, e.g. RUS, PRK), FIPS 10-4 codes
// (GDELT's geographic fields: RS, KN) and English names with the common
// aliases event data sets spell them with ("Russian Federation", "DPRK",
// "Democratic People's Republic of Korea"), plus the one rule that reads a
// country out of an ICEWS actor name ("Foreign Affairs (Russia)").
//
// The table is written by hand in countries_table.cc; lookups are
// case-insensitive (ASCII) and ignore surrounding white space.
//
// Thread safety: thread-safe (immutable data; indexes built once, on first
// use, under a function-local static).
#pragma once

#include <optional>
#include <string_view>

#include "absl/types/span.h"

namespace eventgraph::reference {

struct Country {
  std::string_view iso3;  // "RUS"; also the CAMEO country code
  std::string_view fips;  // FIPS 10-4 "RS"; empty when none
  std::string_view name;  // English short name: "Russia"
  // Other names, '|'-separated: "Russian Federation|Russian Fed."
  std::string_view aliases;
};

// Every country and territory of the table, ordered by iso3.
absl::Span<const Country> AllCountries();

// By ISO3 / CAMEO code ("RUS", "rus"); nullptr when unknown.
const Country* FindCountryByCode(std::string_view iso3);

// By FIPS 10-4 code ("RS"); nullptr when unknown.
const Country* FindCountryByFips(std::string_view fips);

// By English name or alias ("Russia", "RUSSIAN FEDERATION"); nullptr when
// unknown.
const Country* FindCountryByName(std::string_view name);

// By ISO3 code, then by name or alias. This is how a query names a country.
const Country* FindCountry(std::string_view code_or_name);

// Calls fn(name) for the country's name and then each alias, in table order.
template <typename Fn>
void ForEachCountryName(const Country& c, Fn fn) {
  fn(c.name);
  std::string_view rest = c.aliases;
  while (!rest.empty()) {
    size_t bar = rest.find('|');
    fn(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
}

// The text inside the parentheses that end `name`, trimmed: "Russia" for
// "Foreign Affairs (Russia)", "Congo" for "Army (Rebel) (Congo)". nullopt
// when the name does not end with a non-empty parenthesized group or the
// group is the whole name.
std::optional<std::string_view> TrailingParenthesized(std::string_view name);

// The country an actor's name points to: the name itself when it is a
// country's name or alias ("North Korea"), else the country named by its
// trailing parenthesized group ("Government (North Korea)"); nullptr
// otherwise. Codes alone ("RUS") are not actor names and give nullptr.
const Country* CountryOfActorName(std::string_view name);

}  // namespace eventgraph::reference
