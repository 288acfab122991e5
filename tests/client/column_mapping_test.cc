#include "client/column_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace eventgraph::client {
namespace {

using ::testing::ElementsAre;

std::vector<ColumnOverride> Overrides(const std::vector<std::string>& flags) {
  std::vector<ColumnOverride> overrides;
  for (const std::string& flag : flags) {
    auto parsed = ParseColumnOverride(flag);
    EXPECT_TRUE(parsed.ok()) << flag << ": " << parsed.status();
    if (parsed.ok()) overrides.push_back(*parsed);
  }
  return overrides;
}

TEST(NormalizeColumnNameTest, LowercasesAndDropsSeparators) {
  EXPECT_EQ(NormalizeColumnName("Actor1Name"), "actor1name");
  EXPECT_EQ(NormalizeColumnName("event_date"), "eventdate");
  EXPECT_EQ(NormalizeColumnName("Event-Date"), "eventdate");
  EXPECT_EQ(NormalizeColumnName("Source Name"), "sourcename");
  EXPECT_EQ(NormalizeColumnName("ActionGeo_Long"), "actiongeolong");
}

TEST(ColumnMappingTest, MapsPlainHeader) {
  const ColumnMapping mapping =
      ColumnMapping::Build({"actor", "action", "target", "date", "split"}, {});
  EXPECT_TRUE(mapping.MissingRequired().empty());
  EXPECT_EQ(mapping.binding(0).field, EventField::kActor);
  EXPECT_EQ(mapping.binding(3).field, EventField::kDate);
  EXPECT_EQ(mapping.binding(4).field, EventField::kIgnore);
  EXPECT_EQ(mapping.IgnoredColumns(), std::vector<std::string>{"split"});
  EXPECT_EQ(mapping.bound().size(), 4u);
}

TEST(ColumnMappingTest, MapsRawIcewsSynonyms) {
  const ColumnMapping mapping = ColumnMapping::Build(
      {"Source Name", "Event Text", "Target Name", "Event Date", "Event ID",
       "CAMEO Code", "Intensity", "Publisher", "Country", "Latitude",
       "Longitude", "Story ID"},
      {});
  EXPECT_TRUE(mapping.MissingRequired().empty());
  EXPECT_EQ(mapping.ColumnFor(EventField::kActor), "Source Name");
  EXPECT_EQ(mapping.ColumnFor(EventField::kAction), "Event Text");
  EXPECT_EQ(mapping.ColumnFor(EventField::kTarget), "Target Name");
  EXPECT_EQ(mapping.ColumnFor(EventField::kDate), "Event Date");
  EXPECT_EQ(mapping.ColumnFor(EventField::kSourceEventId), "Event ID");
  EXPECT_EQ(mapping.ColumnFor(EventField::kEventCode), "CAMEO Code");
  EXPECT_EQ(mapping.ColumnFor(EventField::kGoldstein), "Intensity");
  EXPECT_EQ(mapping.ColumnFor(EventField::kSource), "Publisher");
  EXPECT_EQ(mapping.ColumnFor(EventField::kCountry), "Country");
  EXPECT_EQ(mapping.ColumnFor(EventField::kLat), "Latitude");
  EXPECT_EQ(mapping.ColumnFor(EventField::kLon), "Longitude");
  EXPECT_EQ(mapping.IgnoredColumns(), std::vector<std::string>{"Story ID"});
}

TEST(ColumnMappingTest, EarlierSynonymWinsWhateverTheColumnOrder) {
  // GDELT files carry both the derived columns and the raw ones.
  const ColumnMapping mapping = ColumnMapping::Build(
      {"SQLDATE", "Actor1Name", "Actor2Name", "EventCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "AvgTone", "ActionGeo_Lat",
       "ActionGeo_Long", "SOURCEURL", "GLOBALEVENTID", "actor", "action",
       "target", "date"},
      {});
  EXPECT_EQ(mapping.ColumnFor(EventField::kActor), "actor");
  EXPECT_EQ(mapping.ColumnFor(EventField::kTarget), "target");
  EXPECT_EQ(mapping.ColumnFor(EventField::kDate), "date");
  EXPECT_EQ(mapping.ColumnFor(EventField::kQuadClass), "QuadClass");
  EXPECT_EQ(mapping.ColumnFor(EventField::kMentions), "NumMentions");
  EXPECT_EQ(mapping.ColumnFor(EventField::kTone), "AvgTone");
  EXPECT_EQ(mapping.ColumnFor(EventField::kLon), "ActionGeo_Long");
  EXPECT_EQ(mapping.ColumnFor(EventField::kSourceEventId), "GLOBALEVENTID");
  EXPECT_EQ(mapping.IgnoredColumns(),
            (std::vector<std::string>{"SQLDATE", "Actor1Name", "Actor2Name"}));
}

TEST(ColumnMappingTest, ReportsMissingRequiredFields) {
  const ColumnMapping mapping =
      ColumnMapping::Build({"who", "action", "whom", "date"}, {});
  EXPECT_THAT(mapping.MissingRequired(),
              ElementsAre(EventField::kActor, EventField::kTarget));
}

TEST(ColumnMappingTest, OverridesBindBeforeSynonyms) {
  const ColumnMapping mapping = ColumnMapping::Build(
      {"actor", "Actor1Name", "action", "target", "date", "split", "extra"},
      Overrides(
          {"actor1_name=actor", "split=attributes.split", "Extra=ignore"}));
  EXPECT_EQ(mapping.ColumnFor(EventField::kActor), "Actor1Name");
  EXPECT_EQ(mapping.binding(0).field, EventField::kIgnore);
  EXPECT_EQ(mapping.binding(5).field, EventField::kAttribute);
  EXPECT_EQ(mapping.binding(5).attribute_key, "split");
  EXPECT_EQ(mapping.binding(6).field, EventField::kIgnore);
  EXPECT_EQ(mapping.IgnoredColumns(),
            (std::vector<std::string>{"actor", "extra"}));
}

TEST(ColumnMappingTest, OverrideCanIgnoreAKnownColumn) {
  const ColumnMapping mapping = ColumnMapping::Build(
      {"actor", "action", "target", "date", "url"}, Overrides({"url=ignore"}));
  EXPECT_EQ(mapping.ColumnFor(EventField::kSource), "");
}

TEST(ColumnMappingTest, AttributeColumnsMapByName) {
  const ColumnMapping mapping = ColumnMapping::Build(
      {"actor", "action", "target", "date", "attributes.story_id"}, {});
  EXPECT_EQ(mapping.binding(4).field, EventField::kAttribute);
  EXPECT_EQ(mapping.binding(4).attribute_key, "story_id");
}

// An event carries each attribute key once: of two columns bound to one
// key, the rightmost gives the value and the other is reported ignored.
TEST(ColumnMappingTest, OneAttributeKeyTakesTheRightmostColumn) {
  const ColumnMapping mapping = ColumnMapping::Build(
      {"actor", "action", "target", "date", "attributes.story_id", "story",
       "attributes.city"},
      Overrides({"story=attributes.story_id"}));
  EXPECT_EQ(mapping.binding(4).field, EventField::kIgnore);
  EXPECT_EQ(mapping.binding(5).field, EventField::kAttribute);
  EXPECT_EQ(mapping.binding(5).attribute_key, "story_id");
  EXPECT_EQ(mapping.binding(6).attribute_key, "city");
  EXPECT_EQ(mapping.IgnoredColumns(),
            (std::vector<std::string>{"attributes.story_id"}));
}

// Events list their attributes in key order (the server's stored order):
// bound() gives the fields' columns in column order, then the attributes'
// by key.
TEST(ColumnMappingTest, BoundListsAttributesLastByKey) {
  const ColumnMapping mapping = ColumnMapping::Build(
      {"attributes.zone", "actor", "attributes.city", "action", "target",
       "attributes.Area", "date", "attributes.city_code"},
      {});
  std::vector<std::string> order;
  for (const BoundColumn& c : mapping.bound()) {
    order.push_back(c.field == EventField::kAttribute
                        ? "attributes." + mapping.binding(c.index).attribute_key
                        : std::string(mapping.ColumnFor(c.field)));
  }
  EXPECT_THAT(order, ElementsAre("actor", "action", "target", "date",
                                 "attributes.Area", "attributes.city",
                                 "attributes.city_code", "attributes.zone"));
}

TEST(ParseColumnOverrideTest, AcceptsFieldNamesAndSynonyms) {
  auto parsed = ParseColumnOverride("Who=actor");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->column, "Who");
  EXPECT_EQ(parsed->field, EventField::kActor);
  EXPECT_EQ(ParseColumnOverride("x=location.lat")->field, EventField::kLat);
  EXPECT_EQ(ParseColumnOverride("x=EventCode")->field, EventField::kEventCode);
  EXPECT_EQ(ParseColumnOverride("a=b=date")->column, "a=b");
  auto attribute = ParseColumnOverride("x=attributes.Story ID");
  ASSERT_TRUE(attribute.ok());
  EXPECT_EQ(attribute->field, EventField::kAttribute);
  EXPECT_EQ(attribute->attribute_key, "Story ID");
}

TEST(ParseColumnOverrideTest, RejectsBadFlags) {
  EXPECT_FALSE(ParseColumnOverride("nofield").ok());
  EXPECT_FALSE(ParseColumnOverride("=actor").ok());
  EXPECT_FALSE(ParseColumnOverride("x=").ok());
  EXPECT_FALSE(ParseColumnOverride("x=attributes.").ok());
  auto unknown = ParseColumnOverride("x=colour");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("colour"), std::string::npos);
}

TEST(HasColumnTest, MatchesAfterNormalization) {
  EXPECT_TRUE(HasColumn({"Actor1Name"}, "actor1_name"));
  EXPECT_FALSE(HasColumn({"Actor1Name"}, "actor2name"));
}

}  // namespace
}  // namespace eventgraph::client
