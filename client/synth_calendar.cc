#include "client/synth_calendar.h"

namespace eventgraph::client {
namespace {

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// Parses exactly `text.size()` decimal digits; -1 if any is not a digit.
int Digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

// The algorithms are Howard Hinnant's (eras of 400 years, years starting
// on March 1st so that the leap day comes last).
int64_t DaysFromCivil(const CivilDate& date) {
  const int64_t year = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t month_from_march = (date.month + 9) % 12;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 +
                               day_of_era / 36524 - day_of_era / 146096) /
                              365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  const int day =
      static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month = static_cast<int>(
      month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), month, day};
}

int WeekdayOf(int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const int64_t weekday = (days + 3) % 7;
  return static_cast<int>(weekday < 0 ? weekday + 7 : weekday);
}

int DayOfYear(int64_t days) {
  const CivilDate date = CivilFromDays(days);
  return static_cast<int>(days - DaysFromCivil({date.year, 1, 1})) + 1;
}

int DaysInYear(int year) { return IsLeap(year) ? 366 : 365; }

std::optional<int64_t> ParseCivilDay(std::string_view text) {
  int year, month, day;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    year = Digits(text.substr(0, 4));
    month = Digits(text.substr(5, 2));
    day = Digits(text.substr(8, 2));
  } else if (text.size() == 8) {
    year = Digits(text.substr(0, 4));
    month = Digits(text.substr(4, 2));
    day = Digits(text.substr(6, 2));
  } else {
    return std::nullopt;
  }
  if (year < 1000 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return DaysFromCivil({year, month, day});
}

}  // namespace eventgraph::client
