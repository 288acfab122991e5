// Chooses who acts on whom in each synthetic event.
//
// Three sources, mixed per event:
//  - a year's hot dyads (20%): pairs that dominate a year's news, drawn
//    with Zipf weights; about half of them carry over into the next year,
//    so some relations stay hot for years;
//  - recent dyads (35%): a pair seen in the last 4,096 events, drawn
//    uniformly from that window, so a pair that interacts tends to keep
//    interacting (the more it did, the likelier it repeats);
//  - fresh dyads (45%): the actor by activity, the target from the same
//    country 35% of the time (domestic politics), else by activity.
// Hot and recent pairs are reversed 30% of the time (relations go both
// ways). About 0.3% of fresh dyads are self-loops.
//
// Every dyad has a mood (cooperative, tense or hostile) that skews the
// CAMEO codes of its events: for hot dyads drawn with the pair, for others
// a fixed function of the seed and the unordered pair.
//
// Memory is bounded: the 4,096 recent dyads and at most 512 hot ones.
// Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "client/synth_population.h"
#include "client/synth_random.h"

namespace eventgraph::client {

enum class SynthMood : uint8_t { kCooperative, kTense, kHostile };
inline constexpr int kSynthMoods = 3;

struct SynthDyad {
  uint32_t source;
  uint32_t target;
  SynthMood mood;
  bool hot;
};

class SynthDyads {
 public:
  // `population` must outlive this object.
  SynthDyads(const SynthPopulation& population, uint64_t seed);

  // Picks the hot dyads of `year`, carrying some over from the year last
  // started. Call before the first Next() and whenever the year changes;
  // the choice depends only on the seed and the years started.
  void StartYear(int year);

  // The dyad of the next event. REQUIRES: StartYear() was called.
  SynthDyad Next(SynthRng& rng);

  // The current year's hot dyads, hottest first.
  const std::vector<SynthDyad>& hot() const { return hot_; }

 private:
  static constexpr size_t kRecent = 4096;

  SynthDyad Fresh(SynthRng& rng) const;
  // A partner for `source` other than itself: domestic with probability
  // `domestic`, else by activity.
  uint32_t Partner(uint32_t source, uint32_t domestic, SynthRng& rng) const;
  SynthMood MoodOf(uint32_t a, uint32_t b) const;

  const SynthPopulation& population_;
  uint64_t seed_;
  std::vector<SynthDyad> hot_;
  WeightedTable hot_weights_;
  std::array<SynthDyad, kRecent> recent_;
  size_t recent_count_ = 0;  // filled entries, at most kRecent
  size_t recent_next_ = 0;   // where the next dyad goes
};

}  // namespace eventgraph::client
