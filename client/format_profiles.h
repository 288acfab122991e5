// What the columns of the known formats (formats.h) mean: the official
// column names of headerless GDELT and ICEWS files, and each format's
// MappingProfile (column_mapping.h).
//
// GDELT 1.0 and 2.0 (by name, so a header with these names maps the same):
//   GLOBALEVENTID -> source_event_id (with the date, the event's identity:
//   loading a day again adds nothing), SQLDATE -> date, Actor1Name -> actor
//   (when empty, Actor1Code such as "RUS"; when both are empty the row is
//   rejected), Actor2Name -> target (likewise Actor2Code), EventCode ->
//   event_code (text: "010"), QuadClass -> quad_class, GoldsteinScale ->
//   goldstein, NumMentions -> mentions, AvgTone -> tone,
//   ActionGeo_CountryCode, ActionGeo_Lat, ActionGeo_Long -> location
//   (country is GDELT's FIPS code, e.g. "GG"), SOURCEURL -> source.
//   Attributes: actor1_code, actor1_country_code, actor2_code,
//   actor2_country_code, event_root_code, event_base_code, num_sources,
//   num_articles, date_added (DATEADDED as GDELT writes it),
//   action_geo_name (ActionGeo_FullName).
//   GDELT has no action text: the action is EventCode's name in the
//   built-in CAMEO codebook, e.g. "Make a visit" for 042 (client/cameo.h). Columns named actor, action,
//   target and date (the derived files' first four) take precedence.
// ICEWS: Event ID -> source_event_id (with the date the identity: ICEWS
//   reuses ids on other dates), Event Date -> date, Source Name -> actor,
//   Event Text -> action, Target Name -> target, CAMEO Code -> event_code,
//   Intensity -> goldstein, Country, Latitude, Longitude -> location.
//   Attributes: source_sectors, source_country, target_sectors,
//   target_country, story_id, sentence_number, publisher, city, district,
//   province. ICEWS has no quad class: it comes from the CAMEO root.
// quad: the first four columns positionally; the others as generic.
// tsv, csv, jsonl: the generic synonyms only.
// All profiles fall back to the generic synonyms for other columns.
//
// Pure code, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "client/column_mapping.h"
#include "client/formats.h"

namespace eventgraph::client {

// The GDELT column names of a headerless file of `count` columns: 57
// (GDELT 1.0 backfiles, no SOURCEURL), 58 (GDELT 1.0) or 61 (GDELT 2.0,
// which adds the three *Geo_ADM2Code columns); empty for another count.
const std::vector<std::string>& GdeltColumns(int count);

// The 20 column names of an ICEWS Dataverse file, in their order.
const std::vector<std::string>& IcewsColumns();

// The profile of `format`; kAuto, kTsv, kCsv and kJsonl have the default
// (generic) profile.
const MappingProfile& ProfileFor(InputFormat format);

}  // namespace eventgraph::client
