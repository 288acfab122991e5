// Small hand-made rows in the layouts of the known formats, for the format
// tests. The values are invented; only the column layouts are GDELT's and
// ICEWS's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "client/format_profiles.h"

namespace eventgraph::client::testing {

// A GDELT line of `count` columns (57, 58 or 61) holding `values` by column
// name; every other cell is empty.
inline std::string GdeltLine(int count,
                             const std::map<std::string, std::string>& values) {
  const std::vector<std::string>& names = GdeltColumns(count);
  std::vector<std::string> cells(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    const auto it = values.find(names[i]);
    if (it != values.end()) cells[i] = it->second;
  }
  return absl::StrJoin(cells, "\t");
}

// A GDELT event: a Russian government official criticizes Georgia.
inline std::map<std::string, std::string> GdeltEvent() {
  return {{"GLOBALEVENTID", "500000001"},
          {"SQLDATE", "20130415"},
          {"MonthYear", "201304"},
          {"Year", "2013"},
          {"FractionDate", "2013.2877"},
          {"Actor1Code", "RUSGOV"},
          {"Actor1Name", "RUSSIA"},
          {"Actor1CountryCode", "RUS"},
          {"Actor2Code", "GEO"},
          {"Actor2Name", "GEORGIA"},
          {"Actor2CountryCode", "GEO"},
          {"IsRootEvent", "1"},
          {"EventCode", "111"},
          {"EventBaseCode", "111"},
          {"EventRootCode", "11"},
          {"QuadClass", "3"},
          {"GoldsteinScale", "-2.0"},
          {"NumMentions", "6"},
          {"NumSources", "2"},
          {"NumArticles", "5"},
          {"AvgTone", "-3.25"},
          {"ActionGeo_Type", "1"},
          {"ActionGeo_FullName", "Georgia"},
          {"ActionGeo_CountryCode", "GG"},
          {"ActionGeo_Lat", "42"},
          {"ActionGeo_Long", "43.5"},
          {"DATEADDED", "20130415"},
          {"SOURCEURL", "https://news.example.org/georgia"}};
}

// The ICEWS Dataverse header and one row of it.
inline std::string IcewsHeader() { return absl::StrJoin(IcewsColumns(), "\t"); }

inline std::string IcewsRow() {
  return absl::StrJoin(std::vector<std::string>{"40000001",
                                                "2018-06-01",
                                                "Foreign Affairs (Russia)",
                                                "Executive,Government",
                                                "Russian Federation",
                                                "Express intent to cooperate",
                                                "030",
                                                "4",
                                                "North Korea",
                                                "",
                                                "North Korea",
                                                "51000001",
                                                "3",
                                                "Example Wire",
                                                "Moscow",
                                                "",
                                                "Moskva",
                                                "Russian Federation",
                                                "55.75",
                                                "37.62"},
                       "\t");
}

}  // namespace eventgraph::client::testing
