// The method -> role table: complete for the service, deny by default.
#include "server/method_roles.h"

#include "eventgraph/v1/eventgraph.pb.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace eventgraph::server {
namespace {

// Fails when an RPC is added to eventgraph.v1.EventGraph without a role in
// server/method_roles.cc.
TEST(MethodRolesTest, EveryMethodOfTheServiceIsListed) {
  const google::protobuf::ServiceDescriptor* service =
      v1::IngestRequest::descriptor()->file()->FindServiceByName("EventGraph");
  ASSERT_NE(service, nullptr);
  EXPECT_GE(service->method_count(), 13);
  for (const std::string& method : UnlistedMethods(*service)) {
    ADD_FAILURE() << method << " has no role in server/method_roles.cc";
  }
}

TEST(MethodRolesTest, RolesOfTheExistingMethods) {
  EXPECT_EQ(RequiredRole("/eventgraph.v1.EventGraph/Ingest"), Role::kWriter);
  EXPECT_EQ(RequiredRole("/eventgraph.v1.EventGraph/IngestStream"),
            Role::kWriter);
  EXPECT_EQ(RequiredRole("/eventgraph.v1.EventGraph/CheckDatabase"),
            Role::kAdmin);
  for (const char* reader :
       {"GetTimeline", "ListEvents", "StreamEvents", "SearchActors", "GetActor",
        "GetStats", "FindPaths", "GetNeighbors", "GetSubgraph", "WatchEvents",
        "ListEventCodes", "ListCountries"}) {
    EXPECT_EQ(RequiredRole(std::string("/eventgraph.v1.EventGraph/") + reader),
              Role::kReader)
        << reader;
  }
  EXPECT_EQ(RequiredRole("/eventgraph.v1.EventGraph/PutActor"), Role::kWriter);
  for (const char* admin : {"CreateBackup", "ListBackups", "VerifyBackup",
                            "DeleteBackup", "DeleteEvents"}) {
    EXPECT_EQ(RequiredRole(std::string("/eventgraph.v1.EventGraph/") + admin),
              Role::kAdmin)
        << admin;
  }
}

TEST(MethodRolesTest, UnknownMethodsNeedAdmin) {
  EXPECT_EQ(RequiredRole("/eventgraph.v1.EventGraph/SomethingNew"),
            Role::kAdmin);
  EXPECT_EQ(RequiredRole(""), Role::kAdmin);
  EXPECT_EQ(RequiredRole("/other.Service/Get"), Role::kAdmin);
  EXPECT_FALSE(IsListedMethod("/eventgraph.v1.EventGraph/SomethingNew"));
  // A prefix of a listed name is not that name.
  EXPECT_EQ(RequiredRole("/eventgraph.v1.EventGraph/GetStat"), Role::kAdmin);
}

TEST(MethodRolesTest, HealthAndReflectionArePublic) {
  EXPECT_EQ(RequiredRole("/grpc.health.v1.Health/Check"), Role::kNone);
  EXPECT_EQ(RequiredRole("/grpc.health.v1.Health/Watch"), Role::kNone);
  EXPECT_EQ(RequiredRole("/grpc.reflection.v1alpha.ServerReflection/"
                         "ServerReflectionInfo"),
            Role::kNone);
  EXPECT_EQ(RoleName(Role::kWriter), "writer");
}

}  // namespace
}  // namespace eventgraph::server
