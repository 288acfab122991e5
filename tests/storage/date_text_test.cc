#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "storage/date.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

TEST(DateTest, ParsesAndFormatsIsoDates) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("1969-12-31"), -1);
  EXPECT_EQ(ParseDate("0001-01-01"), kMinDay);
  EXPECT_EQ(ParseDate("9999-12-31"), kMaxDay);
  for (const char* text : {"0001-01-01", "1900-02-28", "2000-02-29",
                           "2024-06-19", "9999-12-31", "1969-07-20"}) {
    auto day = ParseDate(text);
    ASSERT_TRUE(day.has_value()) << text;
    EXPECT_EQ(FormatDate(*day), text);
  }
}

TEST(DateTest, EveryDayOfTheRangeRoundTrips) {
  // The hand-written digits of FormatDate against ParseDate, day by day.
  for (Day day = kMinDay; day <= kMaxDay; day += 1) {
    const std::string text = FormatDate(day);
    ASSERT_EQ(ParseDate(text), day) << text;
  }
  // Outside 0001..9999 (a Day can hold it, nothing parses it) it still
  // formats, as a signed or wider year.
  EXPECT_EQ(FormatDate(kMinDay - 366), "0000-01-01");
  EXPECT_EQ(FormatDate(kMinDay - 367), "-001-12-31");
  EXPECT_EQ(FormatDate(kMaxDay + 1), "10000-01-01");
}

TEST(DateTest, ToCivilAgreesWithAbseilOnEveryDay) {
  // The arithmetic of ToCivil against absl::CivilDay, across the range and
  // beyond it on both sides (negative years, five-digit years).
  const absl::CivilDay epoch(1970, 1, 1);
  for (Day day = kMinDay - 800000; day <= kMaxDay + 800000; ++day) {
    const absl::CivilDay expected = epoch + day;
    const CivilDate got = ToCivil(day);
    ASSERT_EQ(got.year, expected.year()) << day;
    ASSERT_EQ(got.month, expected.month()) << day;
    ASSERT_EQ(got.day, expected.day()) << day;
  }
  EXPECT_EQ(YearOf(*ParseDate("2000-02-29")), 2000);
  EXPECT_EQ(MonthIndex(*ParseDate("2000-02-29")), 2000 * 12 + 1);
  EXPECT_EQ(YearOf(*ParseDate("2100-03-01")) * 12 + 2,
            MonthIndex(*ParseDate("2100-03-01")));
}

TEST(DateTest, RejectsWhatIsNotACalendarDay) {
  for (const char* text :
       {"", "2018-02-30", "1900-02-29", "2018-13-01", "2018-00-10",
        "2018-01-00", "0000-01-01", "2018-1-1", "20180101", "2018/01/01",
        "2018-01-01T00", " 2018-01-01", "abcd-ef-gh", "2018-01-3a"}) {
    EXPECT_FALSE(ParseDate(text).has_value()) << text;
  }
}

TEST(DateTest, PeriodHelpers) {
  Day d = *ParseDate("2024-06-19");  // a Wednesday
  EXPECT_EQ(FormatDate(WeekStartDay(d)), "2024-06-17");
  EXPECT_EQ(FormatDate(WeekStartDay(*ParseDate("2024-06-17"))), "2024-06-17");
  EXPECT_EQ(FormatDate(WeekStartDay(*ParseDate("2024-06-23"))), "2024-06-17");
  EXPECT_EQ(FormatDate(MonthStartDay(MonthIndex(d))), "2024-06-01");
  EXPECT_EQ(FormatDate(YearStartDay(YearOf(d))), "2024-01-01");
  EXPECT_EQ(MonthIndex(*ParseDate("0001-01-01")), 12);
  EXPECT_EQ(FormatDate(MonthStartDay(MonthIndex(*ParseDate("1969-12-31")))),
            "1969-12-01");
}

TEST(TextTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("Kim Jong Un"));
  EXPECT_TRUE(IsValidUtf8("António Guterres"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x87\xB7"));  // 4-byte
  EXPECT_FALSE(IsValidUtf8("\xC3"));             // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));         // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));     // surrogate
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
}

TEST(TextTest, NormalizationTrimsAndComposes) {
  EXPECT_EQ(NormalizeName("  Russia \t"), "Russia");
  // "e" + combining acute -> "é" (NFC).
  EXPECT_EQ(NormalizeName("Jose\xCC\x81"), "Jos\xC3\xA9");
  // NBSP is part of some ICEWS names and is kept.
  EXPECT_EQ(NormalizeName("Xinjiang\xC2\xA0Uyghur"), "Xinjiang\xC2\xA0Uyghur");
  EXPECT_EQ(NormalizeName("Shaikh Ibrahim  Al Khalifa"),
            "Shaikh Ibrahim  Al Khalifa");
}

TEST(TextTest, FoldingMatchesCaseAndCompositionInsensitively) {
  EXPECT_EQ(FoldName("NORTH KOREA"), FoldName(" north korea "));
  EXPECT_EQ(FoldName("JOS\xC3\x89"), FoldName("jose\xCC\x81"));
  EXPECT_EQ(FoldName("Stra\xC3\x9F" "e"), FoldName("STRASSE"));
  EXPECT_NE(FoldName("Kim Jong Un"), FoldName("Kim Jong-Un"));
}

TEST(TextTest, ControlCharacters) {
  EXPECT_TRUE(HasControlCharacter(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlCharacter("a\tb"));
  EXPECT_TRUE(HasControlCharacter("a\x7f"));
  EXPECT_FALSE(HasControlCharacter("Côte d'Ivoire"));
}

// The checks read eight bytes at a time: a bad byte at every position of
// a longer text, and next to UTF-8, is still found; clean text passes.
TEST(TextTest, LongTextChecksFindEveryPosition) {
  const std::string clean =
      "Democratic People's Republic of Korea ~ Ministry of Foreign Affairs";
  EXPECT_TRUE(IsValidUtf8(clean));
  EXPECT_FALSE(HasControlCharacter(clean));
  for (size_t pos = 0; pos < clean.size(); ++pos) {
    for (char bad : {'\0', '\t', '\n', '\x1f', '\x7f'}) {
      std::string s = clean;
      s[pos] = bad;
      EXPECT_TRUE(HasControlCharacter(s)) << "byte " << int(bad) << " at " << pos;
      EXPECT_TRUE(IsValidUtf8(s)) << pos;  // control characters are UTF-8
    }
    std::string high = clean;
    high[pos] = '\xff';
    EXPECT_FALSE(IsValidUtf8(high)) << pos;
    EXPECT_FALSE(HasControlCharacter(high)) << pos;
    std::string truncated = clean.substr(0, pos) + "\xC3";
    EXPECT_FALSE(IsValidUtf8(truncated)) << pos;
  }
  // Printable bytes next to the limits: space, '~' and the UTF-8 lead bytes.
  EXPECT_FALSE(HasControlCharacter(std::string(40, ' ') + std::string(40, '~')));
  const std::string utf8 = "Pyongyang 평양 Пхеньян — Côte d'Ivoire, 2024年";
  EXPECT_TRUE(IsValidUtf8(utf8));
  EXPECT_FALSE(HasControlCharacter(utf8));
  EXPECT_TRUE(HasControlCharacter(utf8 + "\x7f" + utf8));
  EXPECT_FALSE(IsValidUtf8(utf8 + "\xED\xA0\x80" + utf8));  // a surrogate
}

}  // namespace
}  // namespace eventgraph::storage
