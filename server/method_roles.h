// Which role each RPC needs when token authentication is on.
//
// Roles are ordered: a writer may do what a reader may, an admin what a
// writer may. The table lists every method of eventgraph.v1.EventGraph by
// full name ("/eventgraph.v1.EventGraph/Ingest"); a method missing from it
// needs kAdmin (deny by default). The health and reflection services are
// public (kNone): probes and tools work without a token.
//
// Thread safety: pure functions over constant tables; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace google::protobuf {
class ServiceDescriptor;
}  // namespace google::protobuf

namespace eventgraph::server {

enum class Role {
  kNone = 0,    // public: no token needed
  kReader = 1,  // queries
  kWriter = 2,  // ingest and queries
  kAdmin = 3,   // everything: checks, backups, deletes
};

// "none", "reader", "writer" or "admin".
absl::string_view RoleName(Role role);

// The role needed to call `method`, a full method name as gRPC sees it
// ("/package.Service/Method"). kNone for the health and reflection services;
// kAdmin for any method not in the table.
Role RequiredRole(absl::string_view method);

// True when `method` is listed in the table (or belongs to a public
// service).
bool IsListedMethod(absl::string_view method);

// Full names ("/pkg.Service/Method") of the methods of `service` that the
// table does not list; empty when every method has its role.
std::vector<std::string> UnlistedMethods(
    const google::protobuf::ServiceDescriptor& service);

}  // namespace eventgraph::server
