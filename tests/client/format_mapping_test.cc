// Mapping of each known format: ColumnMapping::Build with the format's
// profile, then BuildEvent on a hand-made row.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "client/column_mapping.h"
#include "client/event_builder.h"
#include "client/format_profiles.h"
#include "client/row_parser.h"
#include "format_samples.h"
#include "tests/client/event_attributes.h"

namespace eventgraph::client {
namespace {

using testing::GdeltEvent;
using testing::GdeltLine;
using testing::IcewsHeader;
using testing::IcewsRow;

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string_view> cells;
  SplitTsv(line, &cells);
  return {cells.begin(), cells.end()};
}

// Maps `columns` for `format` and builds an event from `line`.
struct Built {
  std::optional<RowError> error;
  eventgraph::v1::Event event;
};

Built Build(const std::vector<std::string>& columns, InputFormat format,
            const std::string& line,
            const std::vector<ColumnOverride>& overrides = {}) {
  const ColumnMapping mapping =
      ColumnMapping::Build(columns, overrides, ProfileFor(format));
  EXPECT_TRUE(mapping.MissingRequired().empty());
  std::vector<std::string_view> cells;
  SplitTsv(line, &cells);
  Built built;
  built.error = BuildEvent(mapping, cells, &built.event);
  return built;
}

void ExpectGdeltEvent(const eventgraph::v1::Event& event) {
  EXPECT_EQ(event.source_event_id(), "500000001");
  EXPECT_EQ(event.date(), "2013-04-15");
  EXPECT_EQ(event.actor(), "RUSSIA");
  EXPECT_EQ(event.target(), "GEORGIA");
  EXPECT_EQ(event.event_code(), "111");
  EXPECT_EQ(event.quad_class(), 3);
  EXPECT_DOUBLE_EQ(event.goldstein(), -2.0);
  EXPECT_EQ(event.mentions(), 6);
  EXPECT_DOUBLE_EQ(event.tone(), -3.25);
  EXPECT_EQ(event.location().country(), "GG");
  EXPECT_DOUBLE_EQ(event.location().lat(), 42);
  EXPECT_DOUBLE_EQ(event.location().lon(), 43.5);
  const auto attributes = Attributes(event);
  EXPECT_EQ(attributes.at("actor1_code"), "RUSGOV");
  EXPECT_EQ(attributes.at("actor1_country_code"), "RUS");
  EXPECT_EQ(attributes.at("actor2_code"), "GEO");
  EXPECT_EQ(attributes.at("actor2_country_code"), "GEO");
  EXPECT_EQ(attributes.at("event_root_code"), "11");
  EXPECT_EQ(attributes.at("event_base_code"), "111");
  EXPECT_EQ(attributes.at("num_sources"), "2");
  EXPECT_EQ(attributes.at("num_articles"), "5");
  EXPECT_EQ(attributes.at("date_added"), "20130415");
  EXPECT_EQ(attributes.at("action_geo_name"), "Georgia");
  EXPECT_EQ(attributes.count("MonthYear"), 0u);
}

TEST(GdeltMappingTest, Gdelt1With58ColumnsMapsEveryUsefulColumn) {
  const Built built = Build(GdeltColumns(58), InputFormat::kGdelt1,
                            GdeltLine(58, GdeltEvent()));
  ASSERT_FALSE(built.error.has_value()) << built.error->reason;
  ExpectGdeltEvent(built.event);
  EXPECT_EQ(built.event.action(), "Criticize or denounce");
  EXPECT_EQ(built.event.source(), "https://news.example.org/georgia");
}

TEST(GdeltMappingTest, Gdelt1With57ColumnsHasNoSource) {
  const Built built = Build(GdeltColumns(57), InputFormat::kGdelt1,
                            GdeltLine(57, GdeltEvent()));
  ASSERT_FALSE(built.error.has_value()) << built.error->reason;
  ExpectGdeltEvent(built.event);
  EXPECT_EQ(built.event.source(), "");
}

TEST(GdeltMappingTest, Gdelt2With61Columns) {
  auto values = GdeltEvent();
  values["ActionGeo_ADM2Code"] = "GG51";
  values["DATEADDED"] = "20130415064500";
  const Built built =
      Build(GdeltColumns(61), InputFormat::kGdelt2, GdeltLine(61, values));
  ASSERT_FALSE(built.error.has_value()) << built.error->reason;
  EXPECT_EQ(built.event.location().country(), "GG");
  EXPECT_DOUBLE_EQ(built.event.location().lon(), 43.5);
  EXPECT_EQ(Attributes(built.event).at("date_added"), "20130415064500");
  EXPECT_EQ(built.event.source(), "https://news.example.org/georgia");
  EXPECT_EQ(built.event.action(), "Criticize or denounce");
}

TEST(GdeltMappingTest, EventCodeKeepsLeadingZeros) {
  auto values = GdeltEvent();
  values["EventCode"] = "010";
  values["EventRootCode"] = "01";
  values["QuadClass"] = "1";
  const Built built =
      Build(GdeltColumns(58), InputFormat::kGdelt1, GdeltLine(58, values));
  ASSERT_FALSE(built.error.has_value());
  EXPECT_EQ(built.event.event_code(), "010");
  EXPECT_EQ(built.event.action(), "Make statement");
  EXPECT_EQ(Attributes(built.event).at("event_root_code"), "01");
}

TEST(GdeltMappingTest, EmptyNameFallsBackToTheActorCode) {
  auto values = GdeltEvent();
  values["Actor1Name"] = "";
  values["Actor1Code"] = "RUS";
  values["Actor2Name"] = "";
  const Built built =
      Build(GdeltColumns(58), InputFormat::kGdelt1, GdeltLine(58, values));
  ASSERT_FALSE(built.error.has_value());
  EXPECT_EQ(built.event.actor(), "RUS");
  EXPECT_EQ(built.event.target(), "GEO");
}

TEST(GdeltMappingTest, RowWithoutNameOrCodeIsRejected) {
  auto values = GdeltEvent();
  values["Actor2Name"] = "";
  values["Actor2Code"] = "";
  const Built built =
      Build(GdeltColumns(58), InputFormat::kGdelt1, GdeltLine(58, values));
  ASSERT_TRUE(built.error.has_value());
  EXPECT_EQ(built.error->field, "target");
  EXPECT_EQ(built.error->reason,
            "no target: columns \"Actor2Name\" and \"Actor2Code\" are both "
            "empty");
}

TEST(GdeltMappingTest, DerivedFileKeepsItsActionAndActorColumns) {
  std::vector<std::string> columns = {"actor", "action", "target", "date"};
  for (const std::string& name : GdeltColumns(58)) columns.push_back(name);
  const std::string line =
      "RUSSIA\tCriticize or denounce\tGEORGIA\t2013-04-15\t" +
      GdeltLine(58, GdeltEvent());
  const Built built = Build(columns, InputFormat::kGdelt1, line);
  ASSERT_FALSE(built.error.has_value()) << built.error->reason;
  ExpectGdeltEvent(built.event);
  EXPECT_EQ(built.event.action(), "Criticize or denounce");

  // Its empty actor (no Actor1Name, no Actor1Code) is rejected too.
  auto values = GdeltEvent();
  values["Actor1Name"] = "";
  values["Actor1Code"] = "";
  const Built empty = Build(
      columns, InputFormat::kGdelt1,
      "\tCriticize or denounce\tGEORGIA\t2013-04-15\t" + GdeltLine(58, values));
  ASSERT_TRUE(empty.error.has_value());
  EXPECT_EQ(empty.error->field, "actor");
  EXPECT_NE(empty.error->reason.find("\"Actor1Code\""), std::string::npos);
}

TEST(GdeltMappingTest, OverridesStillApply) {
  const Built built =
      Build(GdeltColumns(58), InputFormat::kGdelt1, GdeltLine(58, GdeltEvent()),
            {*ParseColumnOverride("ActionGeo_FullName=ignore"),
             *ParseColumnOverride("Year=attributes.year")});
  ASSERT_FALSE(built.error.has_value());
  EXPECT_EQ(Attributes(built.event).count("action_geo_name"), 0u);
  EXPECT_EQ(Attributes(built.event).at("year"), "2013");
}

void ExpectIcewsEvent(const eventgraph::v1::Event& event) {
  EXPECT_EQ(event.source_event_id(), "40000001");
  EXPECT_EQ(event.date(), "2018-06-01");
  EXPECT_EQ(event.actor(), "Foreign Affairs (Russia)");
  EXPECT_EQ(event.action(), "Express intent to cooperate");
  EXPECT_EQ(event.target(), "North Korea");
  EXPECT_EQ(event.event_code(), "030");
  EXPECT_EQ(event.quad_class(), 1) << "from the CAMEO root 03";
  EXPECT_DOUBLE_EQ(event.goldstein(), 4);
  EXPECT_EQ(event.source(), "");
  EXPECT_EQ(event.location().country(), "Russian Federation");
  EXPECT_DOUBLE_EQ(event.location().lat(), 55.75);
  EXPECT_DOUBLE_EQ(event.location().lon(), 37.62);
  const auto attributes = Attributes(event);
  EXPECT_EQ(attributes.at("source_sectors"), "Executive,Government");
  EXPECT_EQ(attributes.at("source_country"), "Russian Federation");
  EXPECT_EQ(attributes.count("target_sectors"), 0u) << "empty cell";
  EXPECT_EQ(attributes.at("target_country"), "North Korea");
  EXPECT_EQ(attributes.at("story_id"), "51000001");
  EXPECT_EQ(attributes.at("sentence_number"), "3");
  EXPECT_EQ(attributes.at("publisher"), "Example Wire");
  EXPECT_EQ(attributes.at("city"), "Moscow");
  EXPECT_EQ(attributes.count("district"), 0u);
  EXPECT_EQ(attributes.at("province"), "Moskva");
}

TEST(IcewsMappingTest, DataverseHeader) {
  const Built built =
      Build(Split(IcewsHeader()), InputFormat::kIcews, IcewsRow());
  ASSERT_FALSE(built.error.has_value()) << built.error->reason;
  ExpectIcewsEvent(built.event);
}

TEST(IcewsMappingTest, DerivedSnakeCaseHeader) {
  // actor, action, target, date first, then the other raw columns.
  const std::vector<std::string> columns = {
      "actor",           "action",         "target",         "date",
      "event_id",        "source_sectors", "source_country", "cameo_code",
      "intensity",       "target_sectors", "target_country", "story_id",
      "sentence_number", "publisher",      "city",           "district",
      "province",        "country",        "latitude",       "longitude"};
  const std::string line =
      "Foreign Affairs (Russia)\tExpress intent to cooperate\tNorth "
      "Korea\t2018-06-01\t40000001\tExecutive,Government\tRussian "
      "Federation\t030\t4\t\tNorth Korea\t51000001\t3\tExample "
      "Wire\tMoscow\t\tMoskva\tRussian Federation\t55.75\t37.62";
  const Built built = Build(columns, InputFormat::kIcews, line);
  ASSERT_FALSE(built.error.has_value()) << built.error->reason;
  ExpectIcewsEvent(built.event);
}

TEST(IcewsMappingTest, QuadClassFromEveryRoot) {
  const std::vector<std::string> columns = Split(IcewsHeader());
  const std::map<std::string, int> expected = {
      {"010", 1}, {"057", 1}, {"061", 2}, {"0874", 2}, {"090", 3},
      {"138", 3}, {"141", 4}, {"204", 4}, {"", 0},     {"99", 0}};
  for (const auto& [code, quad] : expected) {
    std::vector<std::string_view> cells;
    const std::string row = IcewsRow();
    SplitTsv(row, &cells);
    cells[6] = code;
    const ColumnMapping mapping =
        ColumnMapping::Build(columns, {}, ProfileFor(InputFormat::kIcews));
    eventgraph::v1::Event event;
    ASSERT_FALSE(BuildEvent(mapping, cells, &event).has_value());
    EXPECT_EQ(event.quad_class(), quad) << code;
  }
}

TEST(QuadMappingTest, FirstFourColumnsByPosition) {
  const Built built =
      Build({"head", "relation", "tail", "time", "split"}, InputFormat::kQuad,
            "Russia\tConsult\tChina\t2018-01-01\ttrain");
  ASSERT_FALSE(built.error.has_value());
  EXPECT_EQ(built.event.actor(), "Russia");
  EXPECT_EQ(built.event.action(), "Consult");
  EXPECT_EQ(built.event.target(), "China");
  EXPECT_EQ(built.event.date(), "2018-01-01");
  EXPECT_EQ(built.event.quad_class(), 0);

  const ColumnMapping mapping =
      ColumnMapping::Build({"actor", "action", "target", "date", "column5"}, {},
                           ProfileFor(InputFormat::kQuad));
  EXPECT_EQ(mapping.IgnoredColumns(), std::vector<std::string>{"column5"});
}

TEST(GenericMappingTest, DerivesQuadClassOnlyWithoutAQuadColumn) {
  const ColumnMapping without = ColumnMapping::Build(
      {"actor", "action", "target", "date", "cameo_code"}, {});
  EXPECT_TRUE(without.derives_quad_class());
  EXPECT_FALSE(without.action_from_code());
  const ColumnMapping with = ColumnMapping::Build(
      {"actor", "action", "target", "date", "cameo_code", "quad_class"}, {});
  EXPECT_FALSE(with.derives_quad_class());
  const ColumnMapping no_code =
      ColumnMapping::Build({"actor", "action", "target", "date"}, {});
  EXPECT_FALSE(no_code.derives_quad_class());
}

TEST(GenericMappingTest, GdeltWithoutActionNeedsTheEventCode) {
  std::vector<std::string> columns = GdeltColumns(58);
  const ColumnMapping full =
      ColumnMapping::Build(columns, {}, ProfileFor(InputFormat::kGdelt1));
  EXPECT_TRUE(full.MissingRequired().empty());
  EXPECT_TRUE(full.action_from_code());
  const ColumnMapping no_code =
      ColumnMapping::Build(columns, {*ParseColumnOverride("EventCode=ignore")},
                           ProfileFor(InputFormat::kGdelt1));
  EXPECT_EQ(no_code.MissingRequired(),
            std::vector<EventField>{EventField::kAction});
}

}  // namespace
}  // namespace eventgraph::client
