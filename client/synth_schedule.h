// How many synthetic events fall on each day of a window.
//
// Every day gets a weight: a growth trend (the last day weighs four times
// the first, as news coverage grew), a weekly rhythm (weekends quieter), a
// seasonal one (August and late December quieter), day-to-day noise of
// +-15% and, on about one day in a hundred, a news spike of 2-3x. The
// events are shared out in proportion to the cumulative weights, so the
// counts add up to exactly the number asked for.
//
// The weight of a day depends only on the seed, the window and the day, so
// the schedule needs no memory: the constructor sums the weights once and
// Next() walks the days again. Not thread-safe.
#pragma once

#include <cstdint>

namespace eventgraph::client {

class SynthSchedule {
 public:
  // REQUIRES: first_day <= last_day (days since 1970-01-01), and a window
  // of at most 3.7 million days.
  SynthSchedule(uint64_t events, int64_t first_day, int64_t last_day,
                uint64_t seed);

  // Sets *day and *count to the next day of the window and its number of
  // events (possibly 0), in date order; false after the last day.
  bool Next(int64_t* day, uint64_t* count);

  // The weight of a day of the window.
  uint64_t Weight(int64_t day) const;

 private:
  uint64_t events_;
  int64_t first_day_;
  int64_t last_day_;
  uint64_t seed_;
  unsigned __int128 total_weight_ = 0;
  int64_t next_day_;
  unsigned __int128 cumulative_ = 0;
  uint64_t assigned_ = 0;  // events given to the days before next_day_
};

}  // namespace eventgraph::client
