#include "client/synth_schedule.h"

#include <algorithm>

#include "client/synth_calendar.h"
#include "client/synth_random.h"

namespace eventgraph::client {
namespace {

// Percent of an average day, Monday first.
constexpr uint64_t kWeekday[7] = {105, 110, 110, 108, 100, 72, 65};
// Percent of an average month, January first.
constexpr uint64_t kMonth[12] = {100, 102, 104, 100, 100, 98,
                                 92,  88,  100, 104, 103, 90};
constexpr uint64_t kGrowthStart = 1000;
constexpr uint64_t kGrowthRise = 3000;  // the last day weighs 4000

}  // namespace

SynthSchedule::SynthSchedule(uint64_t events, int64_t first_day,
                             int64_t last_day, uint64_t seed)
    : events_(events),
      first_day_(first_day),
      last_day_(last_day),
      seed_(seed),
      next_day_(first_day) {
  for (int64_t day = first_day; day <= last_day; ++day) {
    total_weight_ += Weight(day);
  }
}

uint64_t SynthSchedule::Weight(int64_t day) const {
  const auto span =
      static_cast<uint64_t>(std::max<int64_t>(1, last_day_ - first_day_));
  const uint64_t growth =
      kGrowthStart +
      kGrowthRise * static_cast<uint64_t>(day - first_day_) / span;
  SynthRng rng(Mix64(seed_ ^ 0xda7e, static_cast<uint64_t>(day)));
  const uint64_t noise = 85 + rng.Below(31);
  const uint64_t spike =
      rng.Chance(PerMillion(10'000)) ? 200 + rng.Below(101) : 100;
  return growth * kWeekday[WeekdayOf(day)] *
         kMonth[CivilFromDays(day).month - 1] * noise * spike;
}

bool SynthSchedule::Next(int64_t* day, uint64_t* count) {
  if (next_day_ > last_day_) return false;
  cumulative_ += Weight(next_day_);
  // floor(events * cumulative / total): exact in 128 bits for the windows
  // and event counts the generator accepts.
  const auto reached = static_cast<uint64_t>(
      static_cast<unsigned __int128>(events_) * cumulative_ / total_weight_);
  *day = next_day_++;
  *count = reached - assigned_;
  assigned_ = reached;
  return true;
}

}  // namespace eventgraph::client
