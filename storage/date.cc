#include "storage/date.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/time/civil_time.h"

namespace eventgraph::storage {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

bool ParseDigits(std::string_view s, int* out) {
  int v = 0;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<Day> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y, m, d;
  if (!ParseDigits(text.substr(0, 4), &y) ||
      !ParseDigits(text.substr(5, 2), &m) ||
      !ParseDigits(text.substr(8, 2), &d)) {
    return std::nullopt;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  absl::CivilDay civil(y, m, d);
  // CivilDay normalizes 02-30 to 03-02: reject what does not round-trip.
  if (civil.year() != y || civil.month() != m || civil.day() != d) {
    return std::nullopt;
  }
  return static_cast<Day>(civil - kEpoch);
}

std::string FormatDate(Day day) {
  const CivilDate civil = ToCivil(day);
  const int year = civil.year;
  if (year < 0 || year > 9999) {  // never parsed, but a Day can hold it
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, civil.month,
                  civil.day);
    return buf;
  }
  // Digits by hand: timelines and listings format a date per bucket and per
  // event, and snprintf was an eighth of a busy server's instructions
  // (callgrind, docs/PERFORMANCE.md).
  std::string text = "0000-00-00";
  const int y = year, m = civil.month, d = civil.day;
  text[0] = static_cast<char>('0' + y / 1000);
  text[1] = static_cast<char>('0' + y / 100 % 10);
  text[2] = static_cast<char>('0' + y / 10 % 10);
  text[3] = static_cast<char>('0' + y % 10);
  text[5] = static_cast<char>('0' + m / 10);
  text[6] = static_cast<char>('0' + m % 10);
  text[8] = static_cast<char>('0' + d / 10);
  text[9] = static_cast<char>('0' + d % 10);
  return text;
}

// Arithmetic, not absl::CivilDay (whose normalization took 2% of a bulk
// load's server CPU through MonthIndex and YearOf): the days are counted
// from 0000-03-01, so that a leap day is the last day of its year, and
// split into 400-year eras of 146097 days, years of the era (365 days plus
// one every 4 years, minus one every 100), days of the year, and months
// of 153 days per 5 (March to July, August to December, January...).
CivilDate ToCivil(Day day) {
  constexpr int64_t kEraDays = 146097;
  constexpr int64_t kDaysBeforeEpoch = 719468;  // 0000-03-01 to 1970-01-01
  const int64_t z = int64_t{day} + kDaysBeforeEpoch;
  const int64_t era = (z >= 0 ? z : z - (kEraDays - 1)) / kEraDays;
  const int64_t day_of_era = z - era * kEraDays;  // 0..146096
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
       day_of_era / (kEraDays - 1)) /
      365;  // 0..399
  const int64_t day_of_year =  // 0..365, from March 1st
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;  // 0..11
  const int month = static_cast<int>(
      month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const int day_of_month =
      static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int64_t year = era * 400 + year_of_era + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), month, day_of_month};
}

Day FromCivil(int year, int month, int day) {
  return static_cast<Day>(absl::CivilDay(year, month, day) - kEpoch);
}

int32_t MonthIndex(Day day) {
  CivilDate c = ToCivil(day);
  return c.year * 12 + (c.month - 1);
}

Day MonthStartDay(int32_t month_index) {
  return FromCivil(month_index / 12, month_index % 12 + 1, 1);
}

int32_t YearOf(Day day) { return ToCivil(day).year; }

Day YearStartDay(int32_t year) { return FromCivil(year, 1, 1); }

Day WeekStartDay(Day day) {
  absl::CivilDay civil = kEpoch + day;
  absl::CivilDay monday = absl::PrevWeekday(civil + 1, absl::Weekday::monday);
  return static_cast<Day>(monday - kEpoch);
}

}  // namespace eventgraph::storage
