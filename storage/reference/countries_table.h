// Private to countries.cc: the hand-written table behind countries.h.
#pragma once

#include <cstddef>
#include <string_view>

#include "storage/reference/countries.h"

namespace eventgraph::reference {

extern const Country kCountryTable[];
extern const size_t kCountryTableSize;

// A FIPS 10-4 code for part of a country (several FIPS codes, one ISO3).
struct FipsExtra {
  std::string_view fips;
  std::string_view iso3;
};
extern const FipsExtra kFipsExtras[];
extern const size_t kFipsExtrasSize;

}  // namespace eventgraph::reference
