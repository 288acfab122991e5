#include "client/event_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/client/event_attributes.h"

namespace eventgraph::client {
namespace {

using Cells = std::vector<std::string_view>;

const std::vector<std::string> kColumns = {
    "actor",      "action",    "target",   "date",      "cameo_code",
    "quad_class", "goldstein", "url",      "event_id",  "mentions",
    "tone",       "country",   "latitude", "longitude", "attributes.split"};

class EventBuilderTest : public ::testing::Test {
 protected:
  // Builds an event from `cells`, returning the error if any.
  std::optional<RowError> Build(const Cells& cells) {
    event_.Clear();
    return BuildEvent(mapping_, cells, &event_);
  }

  ColumnMapping mapping_ = ColumnMapping::Build(kColumns, {});
  eventgraph::v1::Event event_;
};

TEST_F(EventBuilderTest, FillsEveryField) {
  const auto error =
      Build({"Russia", "Consult", "North Korea", "2018-06-01", "040", "1",
             "1.0", "https://example.org/a", "32889836", "12", "-2.5", "RUS",
             "55.75", "37.62", "train"});
  ASSERT_FALSE(error.has_value()) << error->reason;
  EXPECT_EQ(event_.actor(), "Russia");
  EXPECT_EQ(event_.action(), "Consult");
  EXPECT_EQ(event_.target(), "North Korea");
  EXPECT_EQ(event_.date(), "2018-06-01");
  EXPECT_EQ(event_.event_code(), "040");
  EXPECT_EQ(event_.quad_class(), 1);
  ASSERT_TRUE(event_.has_goldstein());
  EXPECT_DOUBLE_EQ(event_.goldstein(), 1.0);
  EXPECT_EQ(event_.source(), "https://example.org/a");
  EXPECT_EQ(event_.source_event_id(), "32889836");
  ASSERT_TRUE(event_.has_mentions());
  EXPECT_EQ(event_.mentions(), 12);
  EXPECT_DOUBLE_EQ(event_.tone(), -2.5);
  EXPECT_EQ(event_.location().country(), "RUS");
  EXPECT_DOUBLE_EQ(event_.location().lat(), 55.75);
  EXPECT_DOUBLE_EQ(event_.location().lon(), 37.62);
  ASSERT_EQ(Attributes(event_).count("split"), 1u);
  EXPECT_EQ(Attributes(event_).at("split"), "train");
}

TEST_F(EventBuilderTest, EmptyNumericCellsLeaveFieldsAbsent) {
  const auto error = Build({"A", "B", "C", "2018-06-01", "", "", "", "", "", "",
                            " ", "", "", "", ""});
  ASSERT_FALSE(error.has_value());
  EXPECT_FALSE(event_.has_goldstein());
  EXPECT_FALSE(event_.has_mentions());
  EXPECT_FALSE(event_.has_tone());
  EXPECT_FALSE(event_.has_location());
  EXPECT_EQ(event_.quad_class(), 0);
  EXPECT_TRUE(Attributes(event_).empty());
}

TEST_F(EventBuilderTest, ConvertsEightDigitDates) {
  ASSERT_FALSE(Build({"A", "B", "C", "20110601"}).has_value());
  EXPECT_EQ(event_.date(), "2011-06-01");
}

TEST_F(EventBuilderTest, SendsOtherDatesUnchanged) {
  ASSERT_FALSE(Build({"A", "B", "C", "2018-02-30"}).has_value());
  EXPECT_EQ(event_.date(), "2018-02-30");
  ASSERT_FALSE(Build({"A", "B", "C", "June 1"}).has_value());
  EXPECT_EQ(event_.date(), "June 1");
  ASSERT_FALSE(Build({"A", "B", "C", "2011060"}).has_value());
  EXPECT_EQ(event_.date(), "2011060");
}

TEST_F(EventBuilderTest, AcceptsSignsAndSpacesAroundNumbers) {
  ASSERT_FALSE(Build({"A", "B", "C", "2018-06-01", "", " 4 ", "+1.9", "", "",
                      "7", "-0.5"})
                   .has_value());
  EXPECT_EQ(event_.quad_class(), 4);
  EXPECT_DOUBLE_EQ(event_.goldstein(), 1.9);
  EXPECT_DOUBLE_EQ(event_.tone(), -0.5);
}

TEST_F(EventBuilderTest, RejectsUnparsableNumbers) {
  auto error = Build({"A", "B", "C", "2018-06-01", "", "", "high"});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->field, "goldstein");
  EXPECT_NE(error->reason.find("goldstein"), std::string::npos);
  EXPECT_NE(error->reason.find("\"high\""), std::string::npos);

  error = Build({"A", "B", "C", "2018-06-01", "", "", "", "", "", "1.5"});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->field, "mentions");

  error = Build({"A", "B", "C", "2018-06-01", "", "99999999999"});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->field, "quad_class");
  EXPECT_NE(error->reason.find("out of range"), std::string::npos);

  error = Build(
      {"A", "B", "C", "2018-06-01", "", "", "", "", "", "", "", "", "nan"});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->field, "location.lat");

  error = Build({"A", "B", "C", "2018-06-01", "", "", "1.5x"});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->field, "goldstein");
}

TEST_F(EventBuilderTest, LeavesTextChecksToTheServer) {
  const std::string with_nul("Rus\0sia", 7);
  ASSERT_FALSE(Build({with_nul, "B", "", "2018-06-01"}).has_value());
  EXPECT_EQ(event_.actor(), with_nul);
  EXPECT_EQ(event_.target(), "");
}

TEST(NormalizeDateTest, ConvertsOnlyEightDigits) {
  EXPECT_EQ(NormalizeDate("20180601"), "2018-06-01");
  EXPECT_EQ(NormalizeDate("2018-06-01"), "2018-06-01");
  EXPECT_EQ(NormalizeDate("2018060a"), "2018060a");
  EXPECT_EQ(NormalizeDate(""), "");
}

}  // namespace
}  // namespace eventgraph::client
