// Unit tests of the server's proto conversions and status mapping.
#include "gtest/gtest.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "query/field_status.h"
#include "server/convert.h"
#include "server/errors.h"

namespace eventgraph::server {
namespace {

v1::Event FullEvent() {
  v1::Event e;
  e.set_actor("Vladimir Putin");
  e.set_action("Make a visit");
  e.set_target("North Korea");
  e.set_date("2024-06-19");
  e.set_event_code("042");
  e.set_quad_class(1);
  e.set_goldstein(1.9);
  e.set_source("https://example.org/visit");
  e.set_source_event_id("doc-1");
  e.set_mentions(12);
  e.set_tone(-1.5);
  e.mutable_location()->set_country("KN");
  e.mutable_location()->set_lat(39.03);
  e.mutable_location()->set_lon(125.75);
  (*e.mutable_attributes())["b"] = "2";
  (*e.mutable_attributes())["a"] = "1";
  return e;
}

TEST(ConvertTest, EventRoundTripKeepsEveryField) {
  std::vector<storage::FieldError> errors;
  storage::Event domain = FromProto(FullEvent(), &errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(domain.attributes.size(), 2u);
  EXPECT_EQ(domain.attributes[0].first, "a");  // sorted
  domain.id = 7;
  v1::Event back;
  ToProto(domain, &back);
  v1::Event want = FullEvent();
  want.set_id(7);
  EXPECT_EQ(back.SerializeAsString().size(), want.SerializeAsString().size());
  EXPECT_EQ(back.date(), "2024-06-19");
  EXPECT_EQ(back.goldstein(), 1.9);
  EXPECT_EQ(back.mentions(), 12);
  EXPECT_EQ(back.location().lat(), 39.03);
  EXPECT_EQ(back.attributes().at("b"), "2");
  // Absent optional fields stay absent.
  v1::Event minimal;
  minimal.set_actor("A");
  minimal.set_action("B");
  minimal.set_target("C");
  minimal.set_date("1950-01-01");
  storage::Event m = FromProto(minimal, &errors);
  EXPECT_FALSE(m.goldstein.has_value());
  EXPECT_FALSE(m.mentions.has_value());
  v1::Event m_back;
  ToProto(m, &m_back);
  EXPECT_FALSE(m_back.has_goldstein());
  EXPECT_FALSE(m_back.has_location());
}

// attribute_list is the same as the map to the server: both fields merge,
// read back as the map; a key given twice is a field error naming it.
TEST(ConvertTest, AttributeListMergesWithTheMap) {
  v1::Event e = FullEvent();
  v1::Attribute* c = e.add_attribute_list();
  c->set_key("c");
  c->set_value("3");
  v1::Attribute* zero = e.add_attribute_list();
  zero->set_key("0");
  zero->set_value("");
  std::vector<storage::FieldError> errors;
  storage::Event domain = FromProto(e, &errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(domain.attributes.size(), 4u);
  EXPECT_EQ(domain.attributes[0], (std::pair<std::string, std::string>{"0", ""}));
  EXPECT_EQ(domain.attributes[3], (std::pair<std::string, std::string>{"c", "3"}));
  v1::Event back;
  ToProto(domain, &back);
  EXPECT_EQ(back.attributes().size(), 4u);
  EXPECT_EQ(back.attributes().at("c"), "3");
  EXPECT_EQ(back.attribute_list_size(), 0);

  v1::Attribute* again = e.add_attribute_list();
  again->set_key("a");  // also in the map
  again->set_value("other");
  FromProto(e, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "attributes[a]");
  EXPECT_NE(errors[0].reason.find("twice"), std::string::npos);
  errors.clear();
  v1::Event listed = FullEvent();
  listed.clear_attributes();
  for (int i = 0; i < 2; ++i) {
    v1::Attribute* bad = listed.add_attribute_list();
    bad->set_key(std::string("k\x01", 2));  // twice, and unprintable
  }
  FromProto(listed, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "attributes");
}

// The rvalue FromProto (bulk streams) gives the same event as the copying
// one, long strings and both attribute forms included.
TEST(ConvertTest, MovingConversionEqualsCopyingConversion) {
  v1::Event e = FullEvent();
  e.set_actor(std::string(100, 'A') + " Ministry of Foreign Affairs");
  e.set_source("https://example.org/" + std::string(200, 'p'));
  v1::Attribute* url = e.add_attribute_list();
  url->set_key("source_url_with_a_long_key");
  url->set_value("https://example.org/" + std::string(300, 'u'));
  std::vector<storage::FieldError> copy_errors;
  const storage::Event copied = FromProto(e, &copy_errors);
  std::vector<storage::FieldError> move_errors;
  const storage::Event moved = FromProto(std::move(e), &move_errors);
  EXPECT_TRUE(copy_errors.empty());
  EXPECT_TRUE(move_errors.empty());
  EXPECT_EQ(moved.actor, copied.actor);
  EXPECT_EQ(moved.action, copied.action);
  EXPECT_EQ(moved.target, copied.target);
  EXPECT_EQ(moved.day, copied.day);
  EXPECT_EQ(moved.event_code, copied.event_code);
  EXPECT_EQ(moved.quad_class, copied.quad_class);
  EXPECT_EQ(moved.goldstein, copied.goldstein);
  EXPECT_EQ(moved.source, copied.source);
  EXPECT_EQ(moved.source_event_id, copied.source_event_id);
  EXPECT_EQ(moved.mentions, copied.mentions);
  EXPECT_EQ(moved.tone, copied.tone);
  EXPECT_EQ(moved.country, copied.country);
  EXPECT_EQ(moved.lat, copied.lat);
  EXPECT_EQ(moved.lon, copied.lon);
  EXPECT_EQ(moved.attributes, copied.attributes);
  EXPECT_EQ(moved.source.size(), 220u);
  ASSERT_EQ(moved.attributes.size(), 3u);
  EXPECT_EQ(moved.attributes[2].first, "source_url_with_a_long_key");
}

TEST(ConvertTest, DateAndQuadClassProblemsAreFieldErrors) {
  v1::Event e = FullEvent();
  e.set_date("2018-02-30");
  e.set_quad_class(7);
  std::vector<storage::FieldError> errors;
  FromProto(e, &errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "date");
  EXPECT_NE(errors[0].reason.find("2018-02-30"), std::string::npos);
  EXPECT_EQ(errors[1].field, "quad_class");
  errors.clear();
  e.set_date(std::string("\xff\x01", 2));  // not printable: not echoed
  e.set_quad_class(1);
  FromProto(e, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].reason.find("unprintable"), std::string::npos);
}

TEST(ConvertTest, RequestFields) {
  auto none = ParseDateField("from_date", " ");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto bad = ParseDateField("to_date", "2018-13-01");
  EXPECT_EQ(query::FieldOf(bad.status()), "to_date");
  EXPECT_EQ(*FromProto(v1::DIRECTION_UNSPECIFIED, "direction"),
            query::Direction::kBoth);
  EXPECT_EQ(query::FieldOf(
                FromProto(static_cast<v1::Direction>(9), "direction").status()),
            "direction");
  EXPECT_EQ(*FromProto(v1::GRANULARITY_UNSPECIFIED, "granularity"),
            query::Granularity::kYear);
  EXPECT_EQ(ToProto(query::Granularity::kWeek), v1::GRANULARITY_WEEK);
}

TEST(ConvertTest, BucketCarriesTheGoldsteinMeanOnlyWhenScored) {
  storage::Counter c;
  c.quad[3] = {2, 2, -450, 10};  // two verbal conflicts, mean -2.25
  c.quad[0] = {1, 0, 0, 0};
  v1::TimelineBucket b;
  ToProto(c, 0, 30, &b);
  EXPECT_EQ(b.event_count(), 3);
  EXPECT_EQ(b.verbal_conflict(), 2);
  EXPECT_EQ(b.unclassified(), 1);
  EXPECT_EQ(b.goldstein_events(), 2);
  EXPECT_DOUBLE_EQ(b.goldstein_mean(), -2.25);
  EXPECT_EQ(b.mentions(), 10);
  EXPECT_EQ(b.start_date(), "1970-01-01");
  EXPECT_EQ(b.end_date(), "1970-01-31");
  v1::TimelineBucket empty;
  ToProto(storage::Counter(), 0, 0, &empty);
  EXPECT_FALSE(empty.has_goldstein_mean());
}

TEST(ErrorsTest, FieldErrorsBecomeBadRequestDetails) {
  grpc::Status s = ToGrpcStatus(
      query::InvalidFieldError("from_date", "is not a calendar date"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "from_date: is not a calendar date");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "from_date");
  EXPECT_EQ(bad.field_violations(0).description(), "is not a calendar date");
}

TEST(ErrorsTest, CodesAreKeptAndOkStaysOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  grpc::Status nf = ToGrpcStatus(absl::NotFoundError("actor \"X\" not found"));
  EXPECT_EQ(nf.error_code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(nf.error_details()));
  EXPECT_EQ(details.details_size(), 0);
  EXPECT_EQ(ToGrpcStatus(absl::DataLossError("x")).error_code(),
            grpc::StatusCode::DATA_LOSS);
  EXPECT_EQ(ToGrpcStatus(absl::OutOfRangeError("x")).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
}

}  // namespace
}  // namespace eventgraph::server
