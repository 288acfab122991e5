// The graph handlers of EventGraphService: FindPaths, GetNeighbors (unary)
// and GetSubgraph (server-streaming chunks). Thin: convert, call query/,
// map the status.
#include <algorithm>

#include "absl/time/clock.h"
#include "query/graph_query.h"
#include "server/errors.h"
#include "server/graph_convert.h"
#include "server/rpc_log.h"
#include "server/service.h"
#include "storage/status_macros.h"

namespace eventgraph::server {
namespace {

constexpr int kSubgraphChunk = 1000;  // nodes or edges per message


// Computes the whole subgraph (bounded by max_nodes and max_edges), then
// writes it in chunks, one write in flight.
class SubgraphReactor : public grpc::ServerWriteReactor<v1::GetSubgraphResponse> {
 public:
  SubgraphReactor(storage::EventStore* store, grpc::CallbackServerContext* ctx,
                  const v1::GetSubgraphRequest& request)
      : start_(absl::Now()) {
    absl::Status status = [&]() -> absl::Status {
      ASSIGN_OR_RETURN(query::SubgraphQuery q, FromProto(request));
      q.scope.deadline = absl::FromChrono(ctx->deadline());
      ASSIGN_OR_RETURN(result_, query::FindSubgraph(*store, q));
      return absl::OkStatus();
    }();
    if (!status.ok()) {
      Done(ToGrpcStatus(status));
      return;
    }
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Done(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    if (finished_) {
      Done(grpc::Status::OK);
      return;
    }
    WriteNext();
  }

  void OnDone() override {
    LogRpc("GetSubgraph", start_, status_);
    delete this;
  }

 private:
  void WriteNext() {
    out_.Clear();
    if (first_) {
      out_.set_from_date(storage::FormatDate(result_.window.from));
      out_.set_to_date(storage::FormatDate(result_.window.to));
      first_ = false;
    }
    int room = kSubgraphChunk;
    for (; node_ < result_.nodes.size() && room > 0; ++node_, --room) {
      const query::SubgraphNodeEntry& n = result_.nodes[node_];
      v1::SubgraphNode* node = out_.add_nodes();
      node->set_actor(n.actor);
      node->set_distance(n.distance);
      ToProto(n.total, node->mutable_total());
    }
    for (; edge_ < result_.edges.size() && room > 0; ++edge_, --room) {
      const query::SubgraphEdgeEntry& e = result_.edges[edge_];
      v1::SubgraphEdge* edge = out_.add_edges();
      edge->set_from_actor(e.from);
      edge->set_to_actor(e.to);
      ToProto(e.stats, edge->mutable_summary());
    }
    finished_ =
        node_ == result_.nodes.size() && edge_ == result_.edges.size();
    if (finished_) out_.set_truncated(result_.truncated);
    StartWrite(&out_);
  }

  void Done(const grpc::Status& status) {
    status_ = status;
    Finish(status);
  }

  const absl::Time start_;
  query::SubgraphResult result_;
  size_t node_ = 0;
  size_t edge_ = 0;
  bool first_ = true;
  bool finished_ = false;
  v1::GetSubgraphResponse out_;
  grpc::Status status_;
};

}  // namespace

grpc::ServerUnaryReactor* EventGraphService::FindPaths(
    grpc::CallbackServerContext* ctx, const v1::FindPathsRequest* request,
    v1::FindPathsResponse* response) {
  const absl::Time start = absl::Now();
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(query::PathQuery q, FromProto(*request));
    q.scope.deadline = absl::FromChrono(ctx->deadline());
    ASSIGN_OR_RETURN(query::PathsResult r, query::FindPaths(*store_, q));
    ToProto(r, request->mode(), response);
    return absl::OkStatus();
  }();
  return FinishUnary(ctx, "FindPaths", start, status);
}

grpc::ServerUnaryReactor* EventGraphService::GetNeighbors(
    grpc::CallbackServerContext* ctx, const v1::GetNeighborsRequest* request,
    v1::GetNeighborsResponse* response) {
  const absl::Time start = absl::Now();
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(query::NeighborsQuery q, FromProto(*request));
    q.scope.deadline = absl::FromChrono(ctx->deadline());
    ASSIGN_OR_RETURN(query::NeighborsResult r, query::FindNeighbors(*store_, q));
    ToProto(r, response);
    return absl::OkStatus();
  }();
  return FinishUnary(ctx, "GetNeighbors", start, status);
}

grpc::ServerWriteReactor<v1::GetSubgraphResponse>*
EventGraphService::GetSubgraph(grpc::CallbackServerContext* ctx,
                               const v1::GetSubgraphRequest* request) {
  return new SubgraphReactor(store_, ctx, *request);
}

}  // namespace eventgraph::server
