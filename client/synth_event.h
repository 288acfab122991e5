// One synthetic event as numbers, and the sampler of everything about it
// but its dyad and day: the CAMEO code (skewed by the dyad's mood), the
// root-event flag, mentions, sources and articles (heavy-tailed), the
// average tone (follows the Goldstein score, with noise), the three geo
// points, when GDELT would have added it, and its source article.
//
// The formatter (synth_format.h) turns a SynthEvent into text; nothing
// here formats.
//
// SynthEventMaker is immutable after construction except through Make(),
// which keeps the last article to let consecutive events share it: one
// maker per thread.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "absl/types/span.h"
#include "client/synth_dyads.h"
#include "client/synth_population.h"
#include "client/synth_random.h"

namespace eventgraph::client {

// GDELT geo types used here.
inline constexpr uint8_t kGeoNone = 0;     // the columns stay empty
inline constexpr uint8_t kGeoCountry = 1;  // the country's centroid
inline constexpr uint8_t kGeoCity = 4;     // near the capital

struct SynthGeo {
  uint8_t type = kGeoNone;
  uint32_t country = 0;  // index into the population's countries
  int32_t lat = 0;       // degrees x 10^4
  int32_t lon = 0;
};

struct SynthEvent {
  uint64_t id = 0;      // GLOBALEVENTID
  int64_t day = 0;      // days since 1970-01-01
  uint32_t actor1 = 0;  // population index
  uint32_t actor2 = 0;
  uint32_t code = 0;      // index into SynthCameoCodes()
  bool root = false;      // IsRootEvent
  uint32_t mentions = 1;  // >= articles >= sources >= 1
  uint32_t sources = 1;
  uint32_t articles = 1;
  int32_t tone = 0;  // AvgTone x 10^4
  SynthGeo actor1_geo;
  SynthGeo actor2_geo;
  SynthGeo action_geo;       // never kGeoNone
  int64_t added_day = 0;     // DATEADDED: the event's day or a few after
  int32_t added_minute = 0;  // 0..1425, a multiple of 15
  uint32_t outlet = 0;       // index into SynthOutlets()
  uint64_t article = 0;      // the article's number within the outlet
};

// Names of the news outlets of the SOURCEURLs (URL path segments).
absl::Span<const std::string_view> SynthOutlets();

class SynthEventMaker {
 public:
  // `population` must outlive the maker.
  SynthEventMaker(const SynthPopulation& population, uint64_t seed);

  // Fills *event for `dyad` on `day`, with id `id`.
  void Make(const SynthDyad& dyad, int64_t day, uint64_t id, SynthRng& rng,
            SynthEvent* event);

 private:
  SynthGeo GeoOf(uint32_t actor, uint32_t none_share, SynthRng& rng) const;

  const SynthPopulation& population_;
  uint64_t seed_;
  WeightedTable codes_[kSynthMoods];
  // The previous event's article, which the next may share.
  int64_t last_day_ = std::numeric_limits<int64_t>::min();
  uint32_t last_outlet_ = 0;
  uint64_t last_article_ = 0;
};

}  // namespace eventgraph::client
