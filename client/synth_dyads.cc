#include "client/synth_dyads.h"

#include <algorithm>
#include <utility>

namespace eventgraph::client {
namespace {

constexpr uint32_t kHotShare = PerMillion(200'000);
// Of the events that are not hot: 35% of all events, i.e. 0.35 / 0.8.
constexpr uint32_t kRecentShare = PerMillion(437'500);
constexpr uint32_t kReverse = PerMillion(300'000);
constexpr uint32_t kSelfLoop = PerMillion(3'000);
constexpr uint32_t kDomestic = PerMillion(350'000);
constexpr uint32_t kHotDomestic = PerMillion(500'000);
constexpr uint32_t kCarryOver = PerMillion(500'000);
constexpr int kPartnerTries = 8;

// Moods of ordinary dyads (percent): 72 cooperative, 18 tense, 10 hostile.
// Hot dyads: 45, 25, 30.
SynthMood MoodFromPercent(uint64_t percent, uint64_t cooperative,
                          uint64_t tense) {
  if (percent < cooperative) return SynthMood::kCooperative;
  if (percent < cooperative + tense) return SynthMood::kTense;
  return SynthMood::kHostile;
}

}  // namespace

SynthDyads::SynthDyads(const SynthPopulation& population, uint64_t seed)
    : population_(population), seed_(seed) {}

void SynthDyads::StartYear(int year) {
  SynthRng rng(Mix64(seed_ ^ 0x4077, static_cast<uint64_t>(year)));
  const size_t wanted = std::clamp<size_t>(population_.size() / 50, 8, 512);
  std::vector<SynthDyad> next;
  for (const SynthDyad& dyad : hot_) {
    if (rng.Chance(kCarryOver)) next.push_back(dyad);
  }
  while (next.size() < wanted) {
    const uint32_t source = population_.Sample(rng);
    const uint32_t target = Partner(source, kHotDomestic, rng);
    next.push_back(
        {source, target, MoodFromPercent(rng.Below(100), 45, 25), true});
  }
  hot_ = std::move(next);
  std::vector<uint64_t> weights;
  for (size_t i = 0; i < hot_.size(); ++i)
    weights.push_back(1'000'000 / (i + 1));
  hot_weights_ = WeightedTable(weights);
}

SynthDyad SynthDyads::Next(SynthRng& rng) {
  SynthDyad dyad;
  if (rng.Chance(kHotShare)) {
    dyad = hot_[hot_weights_.Sample(rng)];
    if (rng.Chance(kReverse)) std::swap(dyad.source, dyad.target);
  } else if (recent_count_ > 0 && rng.Chance(kRecentShare)) {
    dyad = recent_[rng.Below(recent_count_)];
    if (rng.Chance(kReverse)) std::swap(dyad.source, dyad.target);
  } else {
    dyad = Fresh(rng);
  }
  recent_[recent_next_] = dyad;
  recent_next_ = (recent_next_ + 1) % kRecent;
  recent_count_ = std::min(recent_count_ + 1, kRecent);
  return dyad;
}

SynthDyad SynthDyads::Fresh(SynthRng& rng) const {
  const uint32_t source = population_.Sample(rng);
  const uint32_t target =
      rng.Chance(kSelfLoop) ? source : Partner(source, kDomestic, rng);
  return {source, target, MoodOf(source, target), false};
}

uint32_t SynthDyads::Partner(uint32_t source, uint32_t domestic,
                             SynthRng& rng) const {
  const bool home = population_.HasCountry(source) && rng.Chance(domestic);
  for (int i = 0; i < kPartnerTries; ++i) {
    const uint32_t target =
        home ? population_.SampleIn(population_.Home(source), rng)
             : population_.Sample(rng);
    if (target != source) return target;
  }
  // Only when `source` takes nearly all the activity of its pool.
  return (source + 1) % population_.size();
}

SynthMood SynthDyads::MoodOf(uint32_t a, uint32_t b) const {
  const uint64_t pair =
      (static_cast<uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
  return MoodFromPercent(Mix64(seed_ ^ 0x300d, pair) % 100, 72, 18);
}

}  // namespace eventgraph::client
