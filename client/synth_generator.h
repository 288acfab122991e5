// The synthetic data generator behind `eventgraph generate`: GDELT-shaped
// events for scale tests, streamed day by day in date order.
//
// Realism: actors follow a Zipf law of activity (synth_population.h);
// dyads persist (hot dyads per year, recent dyads repeat: synth_dyads.h);
// more events in later years, quieter weekends and holidays, spikes
// (synth_schedule.h); a CAMEO code mix led by verbal cooperation, Goldstein
// scores and quad classes consistent with the codes, heavy-tailed mentions
// (synth_event.h).
//
// Reproducible: the same options give byte-identical text on every
// platform (all randomness is integer arithmetic on the seed).
//
// Bounded memory: proportional to the number of actors and the days of the
// window, not to the number of events (text is written in 1 MiB chunks).
//
// Not thread-safe; Run() may be called once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/synth_format.h"
#include "client/synth_sink.h"

namespace eventgraph::client {

struct SynthOptions {
  uint64_t events = 1'000'000;  // 1 .. kMaxSynthEvents
  uint64_t seed = 1;
  uint32_t actors = 5'000;          // max(2, countries) .. kMaxSynthActors
  uint32_t countries = 0;           // 1 .. SynthCountries().size(); 0: all
  std::string from = "2000-01-01";  // first day, YYYY-MM-DD or YYYYMMDD
  std::string to = "2024-12-31";    // last day
  SynthFormat format = SynthFormat::kGdelt2;
};

inline constexpr uint64_t kMaxSynthEvents = 100'000'000'000;
inline constexpr uint32_t kMaxSynthActors = 2'000'000;

// The first GLOBALEVENTID; each next one is 1 to 3 higher.
inline constexpr uint64_t kFirstSynthEventId = 400'000'001;

struct SynthStats {
  uint64_t events = 0;
  uint64_t actors = 0;      // distinct actors in the events
  uint64_t dyads = 0;       // distinct (actor, target) pairs
  bool dyads_exact = true;  // false: an estimate (+-1%)
  uint64_t text_bytes = 0;  // uncompressed text written
};

class SynthGenerator {
 public:
  // Checks the options and builds the actor population.
  // Errors: INVALID_ARGUMENT naming the flag (--events, --actors,
  // --countries, --from, --to) and the allowed range.
  static absl::StatusOr<std::unique_ptr<SynthGenerator>> Create(
      const SynthOptions& options);

  ~SynthGenerator();
  SynthGenerator(const SynthGenerator&) = delete;
  SynthGenerator& operator=(const SynthGenerator&) = delete;

  // Writes every event to `sink` (not closed). Errors: the sink's.
  absl::StatusOr<SynthStats> Run(SynthSink* sink);

  // The number of actors built (actors appearing in the events may be
  // fewer).
  uint32_t population_size() const;

 private:
  struct State;
  explicit SynthGenerator(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace eventgraph::client
