#include "server/method_roles.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"

namespace eventgraph::server {
namespace {

struct MethodRole {
  const char* method;
  Role role;
};

// Every RPC of eventgraph.v1.EventGraph. A new RPC must be added here
// (tests/server/method_roles_test.cc fails otherwise); until then it needs
// the admin role.
constexpr MethodRole kMethodRoles[] = {
    // Writes.
    {"/eventgraph.v1.EventGraph/Ingest", Role::kWriter},
    {"/eventgraph.v1.EventGraph/IngestStream", Role::kWriter},
    {"/eventgraph.v1.EventGraph/PutActor", Role::kWriter},
    // Queries.
    {"/eventgraph.v1.EventGraph/GetTimeline", Role::kReader},
    {"/eventgraph.v1.EventGraph/ListEvents", Role::kReader},
    {"/eventgraph.v1.EventGraph/StreamEvents", Role::kReader},
    {"/eventgraph.v1.EventGraph/SearchActors", Role::kReader},
    {"/eventgraph.v1.EventGraph/GetActor", Role::kReader},
    {"/eventgraph.v1.EventGraph/GetStats", Role::kReader},
    {"/eventgraph.v1.EventGraph/FindPaths", Role::kReader},
    {"/eventgraph.v1.EventGraph/GetNeighbors", Role::kReader},
    {"/eventgraph.v1.EventGraph/GetSubgraph", Role::kReader},
    {"/eventgraph.v1.EventGraph/WatchEvents", Role::kReader},
    {"/eventgraph.v1.EventGraph/ListEventCodes", Role::kReader},
    {"/eventgraph.v1.EventGraph/ListCountries", Role::kReader},
    // Administration.
    {"/eventgraph.v1.EventGraph/CheckDatabase", Role::kAdmin},
    {"/eventgraph.v1.EventGraph/CreateBackup", Role::kAdmin},
    {"/eventgraph.v1.EventGraph/ListBackups", Role::kAdmin},
    {"/eventgraph.v1.EventGraph/VerifyBackup", Role::kAdmin},
    {"/eventgraph.v1.EventGraph/DeleteBackup", Role::kAdmin},
    {"/eventgraph.v1.EventGraph/DeleteEvents", Role::kAdmin},
};

// Services reachable without a token (prefixes of full method names).
constexpr const char* kPublicServices[] = {
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
};

const MethodRole* Find(absl::string_view method) {
  for (const MethodRole& entry : kMethodRoles) {
    if (method == entry.method) return &entry;
  }
  return nullptr;
}

bool IsPublic(absl::string_view method) {
  for (const char* prefix : kPublicServices) {
    if (absl::StartsWith(method, prefix)) return true;
  }
  return false;
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kNone:
      return "none";
    case Role::kReader:
      return "reader";
    case Role::kWriter:
      return "writer";
    case Role::kAdmin:
      return "admin";
  }
  return "admin";
}

Role RequiredRole(absl::string_view method) {
  if (IsPublic(method)) return Role::kNone;
  const MethodRole* entry = Find(method);
  return entry != nullptr ? entry->role : Role::kAdmin;
}

bool IsListedMethod(absl::string_view method) {
  return IsPublic(method) || Find(method) != nullptr;
}

std::vector<std::string> UnlistedMethods(
    const google::protobuf::ServiceDescriptor& service) {
  std::vector<std::string> missing;
  for (int i = 0; i < service.method_count(); ++i) {
    std::string name =
        absl::StrCat("/", service.full_name(), "/", service.method(i)->name());
    if (!IsListedMethod(name)) missing.push_back(std::move(name));
  }
  return missing;
}

}  // namespace eventgraph::server
