#include "client/cameo.h"

#include <gtest/gtest.h>

#include "client/ingest_backoff.h"

namespace eventgraph::client {
namespace {

TEST(CameoTest, QuadClassByRoot) {
  EXPECT_EQ(QuadClassOfCameoCode("010"), 1);
  EXPECT_EQ(QuadClassOfCameoCode("0211"), 1);
  EXPECT_EQ(QuadClassOfCameoCode("057"), 1);
  EXPECT_EQ(QuadClassOfCameoCode("06"), 2);
  EXPECT_EQ(QuadClassOfCameoCode("0874"), 2);
  EXPECT_EQ(QuadClassOfCameoCode("09"), 3);
  EXPECT_EQ(QuadClassOfCameoCode(" 138 "), 3);
  EXPECT_EQ(QuadClassOfCameoCode("14"), 4);
  EXPECT_EQ(QuadClassOfCameoCode("204"), 4);
}

TEST(CameoTest, NoQuadClassWithoutAValidRoot) {
  EXPECT_EQ(QuadClassOfCameoCode(""), 0);
  EXPECT_EQ(QuadClassOfCameoCode("0"), 0);
  EXPECT_EQ(QuadClassOfCameoCode("00"), 0);
  EXPECT_EQ(QuadClassOfCameoCode("21"), 0);
  EXPECT_EQ(QuadClassOfCameoCode("10"), 3);  // root 10, not code 010
  EXPECT_EQ(QuadClassOfCameoCode("x10"), 0);
}

TEST(CameoTest, ActionText) {
  // The codebook's name, as the server fills it in.
  EXPECT_EQ(CameoAction("042"), "Make a visit");
  EXPECT_EQ(CameoAction(" 1823 "), "Kill by physical assault");
  EXPECT_EQ(CameoAction("19"), "Fight");
  // A code the codebook lacks is kept and named as such.
  EXPECT_EQ(CameoAction("0499"), "CAMEO 0499");
}

TEST(RetryDelayTest, DoublesUpToEightSeconds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(RetryDelay(0), milliseconds(500));
  EXPECT_EQ(RetryDelay(1), milliseconds(1000));
  EXPECT_EQ(RetryDelay(2), milliseconds(2000));
  EXPECT_EQ(RetryDelay(4), milliseconds(8000));
  EXPECT_EQ(RetryDelay(5), milliseconds(8000));
  EXPECT_EQ(RetryDelay(1000), milliseconds(8000));
}

}  // namespace
}  // namespace eventgraph::client
