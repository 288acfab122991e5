// The actors of a synthetic data set: for each selected country its state
// ("RUSSIA", code RUS), its sectors ("RUSSIAN GOVERNMENT" RUSGOV, "RUSSIAN
// MILITARY" RUSMIL, ...), then named people (leaders first: "MARIA
// KALOVE", RUSGOV), plus a few international organizations (UNITED
// NATIONS, IGOUNO). Every actor has a unique name: a person's surname
// spells their number in two-letter syllables, which no institution's name
// can match.
//
// Actors are numbered by activity rank, 0 being the most active. Which
// actors exist follows prominence (a country's news share times the weight
// of the role); how often each is drawn follows a Zipf law over the rank
// (weight 1 / (rank + 2)), so a few actors take most of the events, as in
// real event data.
//
// Memory is proportional to the number of actors: about 100 bytes each,
// twice that while building (2 million actors take about 2 s and 300 MB).
// Immutable once built: thread-safe for concurrent reads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/synth_random.h"
#include "client/synth_tables.h"

namespace eventgraph::client {

class SynthPopulation {
 public:
  // Builds `actor_count` actors over the first `country_count` countries of
  // SynthCountries(). `seed` varies the given names of people.
  // REQUIRES: 1 <= country_count <= SynthCountries().size() and
  // actor_count >= max(2, country_count).
  SynthPopulation(uint32_t actor_count, uint32_t country_count, uint64_t seed);

  SynthPopulation(const SynthPopulation&) = delete;
  SynthPopulation& operator=(const SynthPopulation&) = delete;

  uint32_t size() const { return static_cast<uint32_t>(home_.size()); }
  uint32_t country_count() const {
    return static_cast<uint32_t>(countries_.size());
  }
  const SynthCountry& country(uint32_t index) const {
    return *countries_[index];
  }

  // The ten GDELT actor columns of actor `a` joined by tabs: Code, Name,
  // CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
  // Type1Code, Type2Code, Type3Code.
  std::string_view Columns(uint32_t a) const {
    return std::string_view(arena_).substr(offsets_[a],
                                           offsets_[a + 1] - offsets_[a]);
  }
  // The actor's name (unique) and code.
  std::string_view Name(uint32_t a) const;
  std::string_view Code(uint32_t a) const;

  // The country the actor belongs to, or where an organization sits (for
  // its geo columns).
  uint32_t Home(uint32_t a) const { return home_[a]; }
  // False for international organizations.
  bool HasCountry(uint32_t a) const { return national_[a] != 0; }

  // Draws an actor by activity.
  uint32_t Sample(SynthRng& rng) const {
    return static_cast<uint32_t>(activity_.Sample(rng));
  }
  // Draws an actor of `country` by activity.
  uint32_t SampleIn(uint32_t country, SynthRng& rng) const {
    const std::vector<uint32_t>& members = members_[country];
    return members[domestic_[country].Sample(rng)];
  }

 private:
  struct Candidate;

  void Add(const Candidate& candidate, uint64_t seed);

  std::vector<const SynthCountry*> countries_;
  std::string arena_;              // every actor's Columns(), back to back
  std::vector<uint64_t> offsets_;  // actor a is arena_[offsets_[a], [a+1])
  std::vector<uint32_t> home_;
  std::vector<uint8_t> national_;
  WeightedTable activity_;
  std::vector<std::vector<uint32_t>> members_;  // per country, by rank
  std::vector<WeightedTable> domestic_;         // per country
};

}  // namespace eventgraph::client
