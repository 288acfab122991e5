// Filling in events from their CAMEO code (storage/event_fill.h), alone and
// on the store's write path.
#include "storage/event_fill.h"

#include "gtest/gtest.h"
#include "storage/event_store.h"
#include "storage/event_validation.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::storage {
namespace {

Event CodeOnly(std::string code) {
  Event e;
  e.actor = "Russia";
  e.target = "North Korea";
  e.day = *ParseDate("2024-06-19");
  e.event_code = std::move(code);
  return e;
}

TEST(EventFillTest, ACodeGivesActionQuadClassAndGoldstein) {
  Event e = CodeOnly("042");
  EXPECT_TRUE(ValidateEvent(e).empty()) << "the action may be left out";
  FillFromEventCode(&e);
  EXPECT_EQ(e.action, "Make a visit");
  EXPECT_EQ(e.quad_class, QuadClass::kVerbalCooperation);
  ASSERT_TRUE(e.goldstein.has_value());
  EXPECT_DOUBLE_EQ(*e.goldstein, 1.9);

  Event root = CodeOnly("19");
  FillFromEventCode(&root);
  EXPECT_EQ(root.action, "Fight");
  EXPECT_EQ(root.quad_class, QuadClass::kMaterialConflict);
  EXPECT_DOUBLE_EQ(*root.goldstein, -10.0);
}

TEST(EventFillTest, GivenValuesAreKeptEvenWhenTheyDisagree) {
  Event e = CodeOnly("042");
  e.action = "Visit";
  e.quad_class = QuadClass::kMaterialConflict;
  e.goldstein = -3.5;
  FillFromEventCode(&e);
  EXPECT_EQ(e.action, "Visit");
  EXPECT_EQ(e.quad_class, QuadClass::kMaterialConflict);
  EXPECT_DOUBLE_EQ(*e.goldstein, -3.5);

  Event blank = CodeOnly("111");
  blank.action = "  ";  // blank counts as missing
  FillFromEventCode(&blank);
  EXPECT_EQ(blank.action, "Criticize or denounce");
}

TEST(EventFillTest, AnUnknownCodeIsKeptAndNamed) {
  Event e = CodeOnly("0499");
  FillFromEventCode(&e);
  EXPECT_EQ(e.event_code, "0499");
  EXPECT_EQ(e.action, "CAMEO 0499");
  EXPECT_EQ(e.quad_class, QuadClass::kVerbalCooperation) << "root 04";
  EXPECT_FALSE(e.goldstein.has_value()) << "no score for an unknown code";

  Event no_root = CodeOnly("99");
  FillFromEventCode(&no_root);
  EXPECT_EQ(no_root.action, "CAMEO 99");
  EXPECT_EQ(no_root.quad_class, QuadClass::kUnknown);
  EXPECT_FALSE(no_root.goldstein.has_value());
}

TEST(EventFillTest, NoCodeNoFillAndTheActionStaysRequired) {
  Event e = CodeOnly("");
  FillFromEventCode(&e);
  EXPECT_EQ(e.action, "");
  EXPECT_EQ(e.quad_class, QuadClass::kUnknown);
  const auto errors = ValidateEvent(e);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "action");

  Event bad = CodeOnly("4a");  // malformed: rejected, nothing filled in
  const auto bad_errors = ValidateEvent(bad);
  ASSERT_EQ(bad_errors.size(), 1u);
  EXPECT_EQ(bad_errors[0].field, "event_code");
}

TEST(EventFillTest, TheStoreFillsInOnWrite) {
  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  auto store = EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  std::vector<Event> events = {CodeOnly("043"), CodeOnly("4a"),
                               CodeOnly("1823")};
  events[2].goldstein = -9.0;
  auto written = (*store)->Write(events);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->accepted, 2);
  ASSERT_EQ(written->rejections.size(), 1u);
  EXPECT_EQ(written->rejections[0].index, 1);
  EXPECT_EQ(written->rejections[0].error.field, "event_code");
  auto stored = (*store)->GetEvents({written->ids[0], written->ids[2]});
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].action, "Host a visit");
  EXPECT_EQ((*stored)[0].quad_class, QuadClass::kVerbalCooperation);
  EXPECT_DOUBLE_EQ(*(*stored)[0].goldstein, 2.8);
  EXPECT_EQ((*stored)[1].action, "Kill by physical assault");
  EXPECT_EQ((*stored)[1].quad_class, QuadClass::kMaterialConflict);
  EXPECT_DOUBLE_EQ(*(*stored)[1].goldstein, -9.0) << "given, kept";
  // The filled-in values are what the derived data count.
  auto check = (*store)->Check();
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->problems, 0);
}

}  // namespace
}  // namespace eventgraph::storage
