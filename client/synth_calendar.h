// Calendar arithmetic for the synthetic data generator: days counted from
// 1970-01-01 (proleptic Gregorian calendar) and back to civil dates.
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace eventgraph::client {

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

// Days since 1970-01-01 of a valid date.
int64_t DaysFromCivil(const CivilDate& date);

// The date `days` days after 1970-01-01 (negative: before).
CivilDate CivilFromDays(int64_t days);

// 0 for Monday .. 6 for Sunday.
int WeekdayOf(int64_t days);

// 1-based day of the year.
int DayOfYear(int64_t days);

// Days in `year` (365 or 366).
int DaysInYear(int year);

// Parses "YYYY-MM-DD" or "YYYYMMDD" with a year in 1000..9999 into days
// since 1970-01-01; nullopt for any other text or an invalid date
// (2023-02-29).
std::optional<int64_t> ParseCivilDay(std::string_view text);

}  // namespace eventgraph::client
