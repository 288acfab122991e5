#include "client/synth_generator.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/synth_calendar.h"
#include "client/synth_distinct.h"
#include "client/synth_dyads.h"
#include "client/synth_event.h"
#include "client/synth_population.h"
#include "client/synth_random.h"
#include "client/synth_schedule.h"
#include "client/synth_tables.h"

namespace eventgraph::client {
namespace {

constexpr size_t kChunk = 1 << 20;  // text handed to the sink at a time

}  // namespace

struct SynthGenerator::State {
  SynthOptions options;
  int64_t first_day;
  int64_t last_day;
  std::unique_ptr<SynthPopulation> population;
  bool ran = false;
};

absl::StatusOr<std::unique_ptr<SynthGenerator>> SynthGenerator::Create(
    const SynthOptions& options) {
  auto state = std::make_unique<State>();
  state->options = options;
  SynthOptions& o = state->options;
  const auto country_limit = static_cast<uint32_t>(SynthCountries().size());
  if (o.countries == 0) o.countries = country_limit;
  if (o.events < 1 || o.events > kMaxSynthEvents) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--events must be 1 to ", kMaxSynthEvents, ", got ", o.events));
  }
  if (o.countries > country_limit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--countries must be 1 to ", country_limit, ", got ", o.countries));
  }
  const uint32_t min_actors = std::max<uint32_t>(2, o.countries);
  if (o.actors < min_actors || o.actors > kMaxSynthActors) {
    return absl::InvalidArgumentError(
        absl::StrCat("--actors must be ", min_actors, " to ", kMaxSynthActors,
                     " (at least one actor per country), got ", o.actors));
  }
  const std::optional<int64_t> first = ParseCivilDay(o.from);
  if (!first) {
    return absl::InvalidArgumentError(
        absl::StrCat("--from must be a date YYYY-MM-DD from year 1000, got \"",
                     o.from, "\""));
  }
  const std::optional<int64_t> last = ParseCivilDay(o.to);
  if (!last) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--to must be a date YYYY-MM-DD from year 1000, got \"", o.to, "\""));
  }
  if (*last < *first) {
    return absl::InvalidArgumentError(
        absl::StrCat("--to (", o.to, ") is before --from (", o.from, ")"));
  }
  state->first_day = *first;
  state->last_day = *last;
  state->population =
      std::make_unique<SynthPopulation>(o.actors, o.countries, o.seed);
  return std::unique_ptr<SynthGenerator>(new SynthGenerator(std::move(state)));
}

SynthGenerator::SynthGenerator(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

SynthGenerator::~SynthGenerator() = default;

uint32_t SynthGenerator::population_size() const {
  return state_->population->size();
}

absl::StatusOr<SynthStats> SynthGenerator::Run(SynthSink* sink) {
  if (state_->ran) {
    return absl::FailedPreconditionError("the generator has already run");
  }
  state_->ran = true;
  const SynthOptions& options = state_->options;
  const SynthPopulation& population = *state_->population;
  // Each part draws from its own stream, derived from the seed.
  SynthSchedule schedule(options.events, state_->first_day, state_->last_day,
                         options.seed);
  SynthDyads dyads(population, options.seed);
  SynthEventMaker maker(population, options.seed);
  SynthFormatter formatter(population, options.format);
  SynthRng rng(Mix64(options.seed, 0xe7e7));

  SynthStats stats;
  std::vector<bool> seen(population.size(), false);
  DistinctCounter pairs;
  std::vector<char> buffer(kChunk + SynthFormatter::kMaxLine);
  char* const begin = buffer.data();
  char* out = begin;
  auto flush = [&]() -> absl::Status {
    const std::string_view text(begin, static_cast<size_t>(out - begin));
    stats.text_bytes += text.size();
    out = begin;
    return sink->Write(text);
  };
  const std::string header = formatter.Header();
  out = std::copy(header.begin(), header.end(), out);

  uint64_t id = kFirstSynthEventId;
  int year = INT_MIN;
  SynthEvent event;
  int64_t day;
  uint64_t count;
  while (schedule.Next(&day, &count)) {
    const int day_year = CivilFromDays(day).year;
    if (day_year != year) {
      year = day_year;
      dyads.StartYear(year);
    }
    for (uint64_t i = 0; i < count; ++i) {
      const SynthDyad dyad = dyads.Next(rng);
      maker.Make(dyad, day, id, rng, &event);
      id += 1 + rng.Below(3);
      out = formatter.Write(event, out);
      if (static_cast<size_t>(out - begin) >= kChunk) {
        if (absl::Status status = flush(); !status.ok()) return status;
      }
      seen[dyad.source] = true;
      seen[dyad.target] = true;
      pairs.Add((static_cast<uint64_t>(dyad.source) << 32) | dyad.target);
    }
    stats.events += count;
  }
  if (absl::Status status = flush(); !status.ok()) return status;
  for (bool used : seen) stats.actors += used ? 1 : 0;
  stats.dyads = pairs.Count();
  stats.dyads_exact = pairs.exact();
  return stats;
}

}  // namespace eventgraph::client
