// Writes synthetic events as text, one line each:
//  - kGdelt2: a GDELT 2.0 event export line, 61 tab-separated columns in the
//    official order (GLOBALEVENTID, SQLDATE, MonthYear, Year, FractionDate,
//    the ten Actor1 columns, the ten Actor2 columns, IsRootEvent, EventCode,
//    EventBaseCode, EventRootCode, QuadClass, GoldsteinScale, NumMentions,
//    NumSources, NumArticles, AvgTone, the eight columns of Actor1Geo,
//    Actor2Geo and ActionGeo, DATEADDED, SOURCEURL), no header;
//  - kTsv: the project's generic TSV, with a header line naming the columns
//    SynthTsvColumns() lists (the names `eventgraph ingest` maps).
// Numbers are written with integer arithmetic only (no locale, no printf),
// so the text is the same on every platform.
//
// Not thread-safe (caches the current day's date text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "client/synth_event.h"
#include "client/synth_population.h"

namespace eventgraph::client {

enum class SynthFormat : uint8_t { kGdelt2, kTsv };

inline constexpr int kGdelt2ColumnCount = 61;

// The header of --format tsv, in column order.
absl::Span<const std::string_view> SynthTsvColumns();

class SynthFormatter {
 public:
  // No line is longer than this: the longest names and numbers the tables
  // and samplers can produce give lines under 1,000 bytes.
  static constexpr size_t kMaxLine = 4096;

  // `population` must outlive the formatter.
  SynthFormatter(const SynthPopulation& population, SynthFormat format);

  // The header line with its "\n" (TSV), or "" (GDELT 2.0 has none).
  std::string Header() const;

  // Writes the event's line, "\n" included, at `out` and returns the end.
  // REQUIRES: `out` has room for kMaxLine bytes.
  char* Write(const SynthEvent& event, char* out);

 private:
  // Text of the three geo variants of a country.
  struct CountryGeo {
    std::string country_level;  // the 8 columns of a country-level point
    std::string city_prefix;    // Type..ADM2Code of the capital, with a tab
    std::string city_suffix;    // "\t" FeatureID
  };

  void SetDay(int64_t day);
  char* WriteGeo(const SynthGeo& geo, char* out) const;
  char* WriteGdelt2(const SynthEvent& event, char* out);
  char* WriteTsv(const SynthEvent& event, char* out);
  char* WriteUrl(const SynthEvent& event, char* out) const;

  const SynthPopulation& population_;
  SynthFormat format_;
  std::vector<CountryGeo> geo_;
  std::vector<std::string> code_columns_;  // EventCode..GoldsteinScale
  std::vector<std::string> goldstein_;     // per code
  // Date text of the current day.
  int64_t day_;
  bool have_day_ = false;
  std::string gdelt_date_;  // SQLDATE \t MonthYear \t Year \t FractionDate
  std::string iso_date_;    // YYYY-MM-DD
  std::string url_date_;    // YYYY/MM/DD
  // YYYYMMDD of the day and the next few, for DATEADDED.
  static constexpr int kAddedDays = 8;
  char added_dates_[kAddedDays][8];
};

}  // namespace eventgraph::client
