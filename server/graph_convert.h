// Conversions between the graph part of the public API (FindPaths,
// GetNeighbors, GetSubgraph) and the domain types of query/graph_query.h.
//
// Thread safety: thread-safe (pure functions).
#pragma once

#include "absl/status/statusor.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "query/graph_query.h"

namespace eventgraph::server {

namespace v1 = ::eventgraph::v1;

// The window, filter and budget fields shared by graph requests.
// InvalidArgument naming the field for a bad date.
absl::StatusOr<query::GraphScope> ScopeFromProto(
    const std::string& from_date, const std::string& to_date,
    const v1::EdgeFilter& filter);

absl::StatusOr<query::PathQuery> FromProto(const v1::FindPathsRequest& in);
absl::StatusOr<query::NeighborsQuery> FromProto(
    const v1::GetNeighborsRequest& in);
absl::StatusOr<query::SubgraphQuery> FromProto(
    const v1::GetSubgraphRequest& in);

void ToProto(const query::EdgeStats& in, v1::EdgeSummary* out);
void ToProto(const query::PathsResult& in, v1::PathMode mode,
             v1::FindPathsResponse* out);
void ToProto(const query::NeighborsResult& in, v1::GetNeighborsResponse* out);

}  // namespace eventgraph::server
