#include "client/synth_event.h"

#include <algorithm>
#include <array>

#include "client/synth_tables.h"

namespace eventgraph::client {
namespace {

// How a mood multiplies the base weight of each quad class (1..4). With
// the mix of moods the dyads have, the overall shares come out near those
// of real GDELT exports: about 66% verbal cooperation, 10% material
// cooperation, 11% verbal conflict, 13% material conflict.
constexpr uint64_t kMoodQuadFactor[kSynthMoods][4] = {
    {4, 5, 1, 1},  // cooperative
    {2, 2, 5, 2},  // tense
    {1, 1, 3, 6},  // hostile
};

constexpr std::array<std::string_view, 12> kOutlets = {
    "world-herald",   "daily-courier",      "global-wire",
    "observer-post",  "evening-gazette",    "capital-tribune",
    "morning-ledger", "national-chronicle", "city-dispatch",
    "free-press",     "the-monitor",        "regional-review"};

constexpr uint32_t kRootShare = PerMillion(550'000);
constexpr uint32_t kActor1GeoMissing = PerMillion(100'000);
constexpr uint32_t kActor2GeoMissing = PerMillion(150'000);
constexpr uint32_t kCountryLevel = PerMillion(350'000);
constexpr uint32_t kActionAtActor1 = PerMillion(650'000);
constexpr uint32_t kSameArticle = PerMillion(250'000);
constexpr int32_t kCityJitter = 800;  // +-0.08 degrees
constexpr uint64_t kMaxMentions = 10'000;

// AvgTone = -2 + 0.35 * Goldstein + noise (three uniforms of +-1.5, so
// +-4.5 at most and mostly within +-1.5), clamped to +-25.
constexpr int32_t kToneBase = -20'000;
constexpr int32_t kTonePerGoldsteinTenth = 350;
constexpr int32_t kToneNoise = 15'000;
constexpr int32_t kToneLimit = 250'000;

}  // namespace

absl::Span<const std::string_view> SynthOutlets() { return kOutlets; }

SynthEventMaker::SynthEventMaker(const SynthPopulation& population,
                                 uint64_t seed)
    : population_(population), seed_(seed) {
  const absl::Span<const SynthCameoCode> codes = SynthCameoCodes();
  for (int mood = 0; mood < kSynthMoods; ++mood) {
    std::vector<uint64_t> weights;
    for (const SynthCameoCode& code : codes) {
      const int quad = SynthQuadClass(code.code);
      weights.push_back(code.weight * kMoodQuadFactor[mood][quad - 1]);
    }
    codes_[mood] = WeightedTable(weights);
  }
}

void SynthEventMaker::Make(const SynthDyad& dyad, int64_t day, uint64_t id,
                           SynthRng& rng, SynthEvent* event) {
  event->id = id;
  event->day = day;
  event->actor1 = dyad.source;
  event->actor2 = dyad.target;
  event->code =
      static_cast<uint32_t>(codes_[static_cast<int>(dyad.mood)].Sample(rng));
  event->root = rng.Chance(kRootShare);

  // A Pareto tail, P(mentions >= k) about 1 / (k - 1.5), over a small
  // uniform base: median 4, 90th percentile about 12, 99th about 100.
  // Hot dyads get up to twice as many.
  const uint64_t draw = rng.Below(uint64_t{1} << 32) + 1;
  uint64_t mentions =
      std::min(rng.Below(4) + (uint64_t{1} << 32) / draw, kMaxMentions);
  if (dyad.hot) mentions += rng.Below(mentions + 1);
  const uint64_t articles = mentions - rng.Below((mentions + 1) / 2);
  const uint64_t sources = 1 + rng.Below((articles + 1) / 2);
  event->mentions = static_cast<uint32_t>(mentions);
  event->articles = static_cast<uint32_t>(articles);
  event->sources = static_cast<uint32_t>(sources);

  int64_t tone =
      kToneBase +
      kTonePerGoldsteinTenth * SynthCameoCodes()[event->code].goldstein_tenths;
  for (int i = 0; i < 3; ++i) tone += rng.Between(-kToneNoise, kToneNoise);
  event->tone =
      static_cast<int32_t>(std::clamp<int64_t>(tone, -kToneLimit, kToneLimit));

  event->actor1_geo = GeoOf(dyad.source, kActor1GeoMissing, rng);
  event->actor2_geo = GeoOf(dyad.target, kActor2GeoMissing, rng);
  const bool at_actor1 = rng.Chance(kActionAtActor1);
  const SynthGeo& first = at_actor1 ? event->actor1_geo : event->actor2_geo;
  const SynthGeo& second = at_actor1 ? event->actor2_geo : event->actor1_geo;
  event->action_geo = first.type != kGeoNone    ? first
                      : second.type != kGeoNone ? second
                                                : GeoOf(dyad.source, 0, rng);

  // GDELT adds most events the day they happen, some a day or more later,
  // in 15-minute batches.
  const uint64_t lag_draw = rng.Below(100);
  event->added_day =
      day + (lag_draw < 85   ? 0
             : lag_draw < 97 ? 1
                             : 2 + static_cast<int64_t>(rng.Below(5)));
  event->added_minute = static_cast<int32_t>(15 * rng.Below(96));

  // An article often yields several events.
  if (day == last_day_ && rng.Chance(kSameArticle)) {
    event->outlet = last_outlet_;
    event->article = last_article_;
  } else {
    event->outlet = static_cast<uint32_t>(rng.Below(kOutlets.size()));
    event->article = Mix64(seed_ ^ 0x0a71, id) >> 24;
  }
  last_day_ = day;
  last_outlet_ = event->outlet;
  last_article_ = event->article;
}

SynthGeo SynthEventMaker::GeoOf(uint32_t actor, uint32_t none_share,
                                SynthRng& rng) const {
  SynthGeo geo;
  if (rng.Chance(none_share)) return geo;
  geo.country = population_.Home(actor);
  const SynthCountry& country = population_.country(geo.country);
  if (rng.Chance(kCountryLevel)) {
    geo.type = kGeoCountry;
    geo.lat = country.centroid_lat;
    geo.lon = country.centroid_lon;
  } else {
    geo.type = kGeoCity;
    geo.lat = country.capital_lat +
              static_cast<int32_t>(rng.Between(-kCityJitter, kCityJitter));
    geo.lon = country.capital_lon +
              static_cast<int32_t>(rng.Between(-kCityJitter, kCityJitter));
  }
  return geo;
}

}  // namespace eventgraph::client
