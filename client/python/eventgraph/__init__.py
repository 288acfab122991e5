"""EventGraph client: timelines, events, paths and networks of a geopolitical
event graph.

    import eventgraph
    c = eventgraph.connect("127.0.0.1:50051")
    t = c.timeline("Russia", "North Korea", start="2018-01-01",
                   end="2018-10-31", by="month")
    for b in t.buckets:
        print(b.start_date, b.event_count, b.goldstein_mean)
    r = c.paths("Russia", "Japan", from_date="2018-01-01", mode="earliest")
    for p in r.paths:
        print(" -> ".join(p.actors), p.departure_date, p.arrival_date)

Importing this package needs the generated stubs (see _stubs.py) and
Debian's python3-grpcio and python3-protobuf.
"""

from .client import Client, connect
from .errors import (Aborted, Cancelled, DeadlineExceeded, EventGraphError,
                     FailedPrecondition, Internal, InvalidArgument, NotFound,
                     OutOfRange, PermissionDenied, ResourceExhausted,
                     Unauthenticated, Unavailable)
from .types import (Actor, Bucket, EdgeSummary, Event, EventCode, EventIterator, EventList,
                    IngestResult, Neighbor, Neighbors, Path, PathHop, PathResult,
                    Rejection, SearchStats, Stats, Subgraph, SubgraphChunk,
                    SubgraphEdge, SubgraphNode, Timeline)

__all__ = [
    "Client", "connect",
    "EventGraphError", "Aborted", "Cancelled", "DeadlineExceeded",
    "FailedPrecondition", "Internal", "InvalidArgument", "NotFound",
    "PermissionDenied", "Unauthenticated",
    "OutOfRange", "ResourceExhausted", "Unavailable",
    "Actor", "Bucket", "Event", "EventIterator", "EventList", "IngestResult",
    "Rejection", "Stats", "Timeline",
    "EdgeSummary", "Neighbor", "Neighbors", "Path", "PathHop", "PathResult",
    "SearchStats", "Subgraph", "SubgraphChunk", "SubgraphEdge", "SubgraphNode",
    "EventCode",
]
