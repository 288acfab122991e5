#include "client/formats.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "client/format_profiles.h"
#include "format_samples.h"

namespace eventgraph::client {
namespace {

using testing::GdeltEvent;
using testing::GdeltLine;
using testing::IcewsHeader;
using testing::IcewsRow;

Layout Detect(std::string_view path, std::string_view line,
              InputFormat format = InputFormat::kAuto) {
  auto layout = DetectLayout(path, format, line);
  EXPECT_TRUE(layout.ok()) << layout.status();
  return layout.ok() ? *layout : Layout{};
}

TEST(InputFormatTest, ParsesAndNamesEveryFormat) {
  for (std::string_view name :
       {"auto", "gdelt1", "gdelt2", "icews", "quad", "tsv", "csv", "jsonl"}) {
    auto format = ParseInputFormat(name);
    ASSERT_TRUE(format.ok()) << name;
    EXPECT_EQ(InputFormatName(*format), name);
  }
  EXPECT_EQ(*ParseInputFormat("GDELT2"), InputFormat::kGdelt2);
  EXPECT_EQ(*ParseInputFormat("ndjson"), InputFormat::kJsonl);
  EXPECT_FALSE(ParseInputFormat("xml").ok());
}

TEST(InputFormatTest, FormatForPathLooksBehindGzAndZip) {
  EXPECT_EQ(FormatForPath("a.jsonl"), InputFormat::kJsonl);
  EXPECT_EQ(FormatForPath("20130401.export.CSV.zip"), InputFormat::kCsv);
  EXPECT_EQ(FormatForPath("a.tsv.gz"), InputFormat::kTsv);
  EXPECT_EQ(FormatForPath("a.tab"), InputFormat::kTsv);
}

TEST(DetectLayoutTest, HeaderlessGdelt1With57And58Columns) {
  for (int count : {57, 58}) {
    const Layout layout =
        Detect("20130415.export.CSV", GdeltLine(count, GdeltEvent()));
    EXPECT_EQ(layout.format, InputFormat::kGdelt1) << count;
    EXPECT_EQ(layout.syntax, Syntax::kTsv) << "tabs, whatever the name";
    EXPECT_FALSE(layout.header);
    ASSERT_EQ(layout.columns.size(), static_cast<size_t>(count));
    EXPECT_EQ(layout.columns[0], "GLOBALEVENTID");
    EXPECT_EQ(layout.columns[26], "EventCode");
    EXPECT_EQ(layout.columns[56], "DATEADDED");
  }
  EXPECT_EQ(GdeltColumns(58).back(), "SOURCEURL");
  EXPECT_EQ(DescribeLayout(Detect("d.txt", GdeltLine(58, GdeltEvent()))),
            "gdelt1 (58 columns, no header)");
}

TEST(DetectLayoutTest, HeaderlessGdelt2With61Columns) {
  const Layout layout =
      Detect("20150218230000.export.CSV", GdeltLine(61, GdeltEvent()));
  EXPECT_EQ(layout.format, InputFormat::kGdelt2);
  EXPECT_FALSE(layout.header);
  ASSERT_EQ(layout.columns.size(), 61u);
  EXPECT_EQ(layout.columns[39], "Actor1Geo_ADM2Code");
  EXPECT_EQ(layout.columns[59], "DATEADDED");
  EXPECT_EQ(layout.columns[60], "SOURCEURL");
}

TEST(DetectLayoutTest, GdeltHeaderNamesGdelt) {
  std::vector<std::string> header = {"actor", "action", "target", "date"};
  for (const std::string& name : GdeltColumns(58)) header.push_back(name);
  const Layout derived = Detect("gdelt.tsv.gz", absl::StrJoin(header, "\t"));
  EXPECT_EQ(derived.format, InputFormat::kGdelt1);
  EXPECT_TRUE(derived.header);
  const Layout v2 = Detect("gdelt.tsv", absl::StrJoin(GdeltColumns(61), "\t"));
  EXPECT_EQ(v2.format, InputFormat::kGdelt2);
  EXPECT_TRUE(v2.header);
}

TEST(DetectLayoutTest, IcewsDataverseHeaderAndDerivedHeader) {
  const Layout dataverse = Detect("events.2018.20200427.tab", IcewsHeader());
  EXPECT_EQ(dataverse.format, InputFormat::kIcews);
  EXPECT_TRUE(dataverse.header);
  EXPECT_EQ(DescribeLayout(dataverse), "icews (header)");

  const Layout derived =
      Detect("icews_raw.tsv.gz",
             "actor\taction\ttarget\tdate\tevent_id\tsource_sectors\t"
             "source_country\tcameo_code\tintensity\ttarget_sectors");
  EXPECT_EQ(derived.format, InputFormat::kIcews);

  const Layout headerless = Detect("icews.tab", IcewsRow());
  EXPECT_EQ(headerless.format, InputFormat::kIcews);
  EXPECT_FALSE(headerless.header);
  EXPECT_EQ(headerless.columns, IcewsColumns());
}

TEST(DetectLayoutTest, QuadruplesWithAndWithoutHeader) {
  const Layout bare =
      Detect("icews14.txt", "Russia\tConsult\tChina\t2014-01-01");
  EXPECT_EQ(bare.format, InputFormat::kQuad);
  EXPECT_FALSE(bare.header);
  EXPECT_EQ(bare.columns,
            (std::vector<std::string>{"actor", "action", "target", "date"}));

  const Layout extra = Detect("q.csv", "Russia,Consult,China,20140101,train",
                              InputFormat::kQuad);
  EXPECT_EQ(extra.syntax, Syntax::kCsv);
  EXPECT_FALSE(extra.header);
  EXPECT_EQ(extra.columns.back(), "column5");

  // Auto: a header of known names is a generic file (synonyms map it).
  const Layout named =
      Detect("icews18.tsv", "actor\taction\ttarget\tdate\tsplit");
  EXPECT_EQ(named.format, InputFormat::kTsv);
  EXPECT_TRUE(named.header);
  // --format quad: any header, the first four columns by position.
  const Layout forced =
      Detect("kg.tsv", "head\trelation\ttail\ttime", InputFormat::kQuad);
  EXPECT_EQ(forced.format, InputFormat::kQuad);
  EXPECT_TRUE(forced.header);
}

TEST(DetectLayoutTest, JsonlAndGenericFiles) {
  EXPECT_EQ(Detect("e.jsonl", "{\"actor\": \"A\"}").syntax, Syntax::kJsonl);
  EXPECT_EQ(Detect("e.txt", "  {\"actor\": \"A\"}").format,
            InputFormat::kJsonl);
  const Layout csv = Detect("e.csv", "actor,action,target,date");
  EXPECT_EQ(csv.format, InputFormat::kCsv);
  EXPECT_TRUE(csv.header);
  EXPECT_EQ(Detect("e.tsv", "who\twhat").format, InputFormat::kTsv);
  // --format csv wins over the name.
  EXPECT_EQ(Detect("e.tsv", "a,b", InputFormat::kCsv).syntax, Syntax::kCsv);
}

TEST(DetectLayoutTest, AForcedFormatMustFitTheFirstLine) {
  auto gdelt1 =
      DetectLayout("x.tsv", InputFormat::kGdelt1, GdeltLine(61, GdeltEvent()));
  ASSERT_FALSE(gdelt1.ok());
  EXPECT_EQ(gdelt1.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(gdelt1.status().message().find("57 or 58"), std::string::npos);
  EXPECT_FALSE(
      DetectLayout("x.tsv", InputFormat::kGdelt2, GdeltLine(58, GdeltEvent()))
          .ok());
  EXPECT_FALSE(
      DetectLayout("x.tsv", InputFormat::kIcews, "1\t2018-01-01").ok());
  EXPECT_FALSE(DetectLayout("x.tsv", InputFormat::kQuad, "a\tb\tc").ok());
  // A forced GDELT format accepts a header.
  auto header = DetectLayout("x.tsv", InputFormat::kGdelt2,
                             absl::StrJoin(GdeltColumns(61), "\t"));
  ASSERT_TRUE(header.ok());
  EXPECT_TRUE(header->header);
}

}  // namespace
}  // namespace eventgraph::client
