#include "client/output.h"

#include <gtest/gtest.h>

#include <sstream>

#include "client/event_output.h"
#include "client/table.h"
#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::client {
namespace {

TEST(FormatTest, FormatsNumbers) {
  EXPECT_EQ(FormatNumber(1.5, 2), "1.5");
  EXPECT_EQ(FormatNumber(2.0, 2), "2");
  EXPECT_EQ(FormatNumber(-0.001, 2), "0");
  EXPECT_EQ(FormatNumber(-3.14159, 2), "-3.14");
  EXPECT_EQ(ShortestNumber(0.1), "0.1");
  EXPECT_EQ(ShortestNumber(43.5), "43.5");
  EXPECT_EQ(ShortestNumber(-7), "-7");
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
  EXPECT_EQ(WithThousands(-1000), "-1,000");
}

TEST(OutputFormatTest, ParsesNames) {
  EXPECT_EQ(*ParseOutputFormat("JSON"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_FALSE(ParseOutputFormat("yaml").ok());
}

TEST(MessageToJsonTest, UsesProtoJsonMapping) {
  eventgraph::v1::Event event;
  event.set_id(12345678901234ULL);
  event.set_actor("Russia");
  event.set_event_code("040");
  event.set_mentions(3);
  auto json = MessageToJson(event);
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"id\":\"12345678901234\""), std::string::npos);
  EXPECT_NE(json->find("\"eventCode\":\"040\""), std::string::npos);
  EXPECT_NE(json->find("\"mentions\":\"3\""), std::string::npos);
  // Primitive fields at their default are printed too.
  EXPECT_NE(json->find("\"quadClass\":0"), std::string::npos);
  EXPECT_NE(json->find("\"target\":\"\""), std::string::npos);
}

TEST(TableTest, AlignsAndCutsColumns) {
  Table table({{"name", Align::kLeft, 6}, {"n", Align::kRight}});
  table.AddRow({"Ann", "5"});
  table.AddRow({"Bartholomew", "12345"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "name        n\n"
            "Ann         5\n"
            "Barth\xE2\x80\xA6  12345\n");
}

TEST(TableTest, FixedLinesUseMaxWidths) {
  Table table({{"a", Align::kLeft, 3}, {"b", Align::kRight, 4}});
  EXPECT_EQ(table.FixedTitleLine(), "a       b");
  EXPECT_EQ(table.FixedLine({"toolong", "1"}), "to\xE2\x80\xA6     1");
}

TEST(EventOutputTest, CsvCellsCoverEveryField) {
  eventgraph::v1::Event event;
  event.set_id(7);
  event.set_actor("A, Inc.");
  event.set_date("2018-01-01");
  event.mutable_location()->set_lat(42.25);
  (*event.mutable_attributes())["split"] = "train";
  const std::vector<std::string> cells = EventCsvCells(event);
  ASSERT_EQ(cells.size(), EventCsvHeader().size());
  EXPECT_EQ(cells[0], "7");
  EXPECT_EQ(cells[2], "A, Inc.");
  EXPECT_EQ(cells[7], "");  // goldstein absent
  EXPECT_EQ(cells[13], "42.25");
  EXPECT_EQ(cells[14], "");  // lon absent
  EXPECT_EQ(cells[15], "{\"split\":\"train\"}");
}

}  // namespace
}  // namespace eventgraph::client
