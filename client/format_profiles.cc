#include "client/format_profiles.h"

#include <array>
#include <string_view>

#include "absl/strings/match.h"
#include "client/absl_compat.h"

namespace eventgraph::client {
namespace {

// The GDELT 2.0 event export, column by column. GDELT 1.0 is the same
// without the three ADM2 columns.
constexpr std::array<std::string_view, 61> kGdelt2Columns = {
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
};

constexpr std::array<std::string_view, 20> kIcewsColumns = {
    "Event ID",        "Event Date",     "Source Name",    "Source Sectors",
    "Source Country",  "Event Text",     "CAMEO Code",     "Intensity",
    "Target Name",     "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher",      "City",           "District",
    "Province",        "Country",        "Latitude",       "Longitude",
};

constexpr ProfileColumn Field(std::string_view name, EventField field) {
  return {name, field, {}};
}

constexpr ProfileColumn Attribute(std::string_view name, std::string_view key) {
  return {name, EventField::kAttribute, key};
}

// Normalized names, each field's in priority order.
constexpr std::array kGdeltProfileColumns = {
    Field("actor", EventField::kActor),
    Field("actor1name", EventField::kActor),
    Field("action", EventField::kAction),
    Field("target", EventField::kTarget),
    Field("actor2name", EventField::kTarget),
    Field("date", EventField::kDate),
    Field("sqldate", EventField::kDate),
    Field("globaleventid", EventField::kSourceEventId),
    Field("eventcode", EventField::kEventCode),
    Field("quadclass", EventField::kQuadClass),
    Field("goldsteinscale", EventField::kGoldstein),
    Field("nummentions", EventField::kMentions),
    Field("avgtone", EventField::kTone),
    Field("actiongeocountrycode", EventField::kCountry),
    Field("actiongeolat", EventField::kLat),
    Field("actiongeolong", EventField::kLon),
    Field("sourceurl", EventField::kSource),
    Attribute("actor1code", "actor1_code"),
    Attribute("actor1countrycode", "actor1_country_code"),
    Attribute("actor2code", "actor2_code"),
    Attribute("actor2countrycode", "actor2_country_code"),
    Attribute("eventrootcode", "event_root_code"),
    Attribute("eventbasecode", "event_base_code"),
    Attribute("numsources", "num_sources"),
    Attribute("numarticles", "num_articles"),
    Attribute("dateadded", "date_added"),
    Attribute("actiongeofullname", "action_geo_name"),
};

constexpr std::array kGdeltFallbacks = {
    ProfileFallback{EventField::kActor, "actor1code"},
    ProfileFallback{EventField::kTarget, "actor2code"},
};

constexpr std::array kIcewsProfileColumns = {
    Field("actor", EventField::kActor),
    Field("sourcename", EventField::kActor),
    Field("action", EventField::kAction),
    Field("eventtext", EventField::kAction),
    Field("target", EventField::kTarget),
    Field("targetname", EventField::kTarget),
    Field("date", EventField::kDate),
    Field("eventdate", EventField::kDate),
    Field("eventid", EventField::kSourceEventId),
    Field("cameocode", EventField::kEventCode),
    Field("intensity", EventField::kGoldstein),
    Field("country", EventField::kCountry),
    Field("latitude", EventField::kLat),
    Field("longitude", EventField::kLon),
    Attribute("sourcesectors", "source_sectors"),
    Attribute("sourcecountry", "source_country"),
    Attribute("targetsectors", "target_sectors"),
    Attribute("targetcountry", "target_country"),
    Attribute("storyid", "story_id"),
    Attribute("sentencenumber", "sentence_number"),
    Attribute("publisher", "publisher"),
    Attribute("city", "city"),
    Attribute("district", "district"),
    Attribute("province", "province"),
};

std::vector<std::string> GdeltNames(bool adm2, bool source_url) {
  std::vector<std::string> names;
  for (std::string_view name : kGdelt2Columns) {
    if (!adm2 && absl::EndsWith(ToAbsl(name), "ADM2Code")) continue;
    if (!source_url && name == "SOURCEURL") continue;
    names.emplace_back(name);
  }
  return names;
}

}  // namespace

const std::vector<std::string>& GdeltColumns(int count) {
  static const auto* const kGdelt1Backfile =
      new std::vector<std::string>(GdeltNames(false, false));
  static const auto* const kGdelt1 =
      new std::vector<std::string>(GdeltNames(false, true));
  static const auto* const kGdelt2 =
      new std::vector<std::string>(GdeltNames(true, true));
  static const auto* const kNone = new std::vector<std::string>();
  if (count == static_cast<int>(kGdelt1Backfile->size())) {
    return *kGdelt1Backfile;
  }
  if (count == static_cast<int>(kGdelt1->size())) return *kGdelt1;
  if (count == static_cast<int>(kGdelt2->size())) return *kGdelt2;
  return *kNone;
}

const std::vector<std::string>& IcewsColumns() {
  static const auto* const kNames =
      new std::vector<std::string>(kIcewsColumns.begin(), kIcewsColumns.end());
  return *kNames;
}

const MappingProfile& ProfileFor(InputFormat format) {
  static const MappingProfile kGeneric;
  static const MappingProfile kGdelt{kGdeltProfileColumns, false,
                                     kGdeltFallbacks, true};
  static const MappingProfile kIcews{kIcewsProfileColumns, false, {}, false};
  static const MappingProfile kQuad{{}, true, {}, false};
  switch (format) {
    case InputFormat::kGdelt1:
    case InputFormat::kGdelt2:
      return kGdelt;
    case InputFormat::kIcews:
      return kIcews;
    case InputFormat::kQuad:
      return kQuad;
    default:
      return kGeneric;
  }
}

}  // namespace eventgraph::client
