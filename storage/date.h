// Calendar days. EventGraph stores every date as a Day: the number of days
// since 1970-01-01 (negative before it), proleptic Gregorian calendar. The
// text form is ISO 8601 "YYYY-MM-DD" for years 0001..9999.
//
// Thread safety: all functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eventgraph::storage {

using Day = int32_t;

inline constexpr Day kMinDay = -719162;  // 0001-01-01
inline constexpr Day kMaxDay = 2932896;  // 9999-12-31

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Returns the Day of "YYYY-MM-DD", or nullopt when the text is not exactly
// that form or names no calendar day (2018-02-30) or the year is 0000.
std::optional<Day> ParseDate(std::string_view text);

// Returns "YYYY-MM-DD". REQUIRES: kMinDay <= day <= kMaxDay.
std::string FormatDate(Day day);

CivilDate ToCivil(Day day);
// REQUIRES: a valid calendar date (month 1..12, day within the month).
Day FromCivil(int year, int month, int day);

// Month index: year * 12 + (month - 1); contiguous across years.
int32_t MonthIndex(Day day);
Day MonthStartDay(int32_t month_index);

// Calendar year of a day, and the day of its January 1st.
int32_t YearOf(Day day);
Day YearStartDay(int32_t year);

// Monday of the ISO week that holds `day`.
Day WeekStartDay(Day day);

}  // namespace eventgraph::storage
