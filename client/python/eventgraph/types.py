"""Plain objects returned by the EventGraph client (no protobuf inside).

Dates are "YYYY-MM-DD" strings. Optional numbers absent on the server are
None. to_pandas() needs Debian's python3-pandas and raises ImportError
naming it when pandas is not importable.
"""

import dataclasses
from dataclasses import dataclass, field
from typing import Dict, List, Optional


def _pandas():
    """The pandas module; raises ImportError naming the package to install."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError("to_pandas() needs pandas: install Debian's python3-pandas "
                          "(apt-get install python3-pandas)") from e
    return pandas


@dataclass
class Event:
    """One coded event: actor does action to target on date.

    `id` is assigned by the server (0 on events not yet stored). Quad class:
    0 unknown, 1 verbal cooperation, 2 material cooperation, 3 verbal
    conflict, 4 material conflict. `country`, `lat` and `lon` are the
    event's location.
    """
    actor: str = ""
    action: str = ""
    target: str = ""
    date: str = ""
    event_code: str = ""
    quad_class: int = 0
    goldstein: Optional[float] = None
    source: str = ""
    source_event_id: str = ""
    mentions: Optional[int] = None
    tone: Optional[float] = None
    country: str = ""
    lat: Optional[float] = None
    lon: Optional[float] = None
    attributes: Dict[str, str] = field(default_factory=dict)
    id: int = 0


EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))


class EventList(list):
    """A list of Event with to_pandas()."""

    def to_pandas(self):
        """A pandas.DataFrame, one row per event; raises ImportError without pandas."""
        pandas = _pandas()
        return pandas.DataFrame([dataclasses.asdict(e) for e in self],
                                columns=list(EVENT_FIELDS))


class EventIterator:
    """An iterator over events fetched lazily from the server.

    Iterating may raise EventGraphError when a page or a chunk fails.
    """

    def __init__(self, generator):
        self._generator = generator

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._generator)

    def to_list(self):
        """The remaining events as an EventList (fetches them all)."""
        return EventList(self._generator)

    def to_pandas(self):
        """The remaining events as a pandas.DataFrame; ImportError without pandas."""
        _pandas()
        return self.to_list().to_pandas()


@dataclass
class Bucket:
    """One period of a timeline: counts per quad class, Goldstein mean, mentions.

    goldstein_mean is None when no event of the bucket has a Goldstein score.
    outgoing and incoming (timeline(split=True) only, else None): the same
    counts for the actor's events toward the counterpart, and the other way.
    """
    start_date: str
    end_date: str
    event_count: int = 0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    unclassified: int = 0
    goldstein_mean: Optional[float] = None
    goldstein_events: int = 0
    mentions: int = 0
    outgoing: Optional["Bucket"] = None
    incoming: Optional["Bucket"] = None


@dataclass
class Contributor:
    """An actor whose events a country rollup counted (docs/API.md,
    "Countries and rollup")."""
    actor: str
    country: str
    event_count: int


@dataclass
class Timeline:
    """Every bucket of a window, in order, and their total.

    `actor` and `counterpart` are canonical names (counterpart "" for all
    partners); `granularity` is "day", "week", "month", "quarter" or "year";
    `start` and `end` are the window the server used.
    """
    actor: str
    counterpart: str
    granularity: str
    start: str
    end: str
    buckets: List[Bucket]
    total: Bucket
    # rollup="country": the countries (ISO3) and the contributing actors.
    actor_country: str = ""
    counterpart_country: str = ""
    contributors: List[Contributor] = field(default_factory=list)

    def to_pandas(self):
        """A pandas.DataFrame, one row per bucket; raises ImportError without pandas."""
        pandas = _pandas()
        columns = [f.name for f in dataclasses.fields(Bucket)]
        return pandas.DataFrame([dataclasses.asdict(b) for b in self.buckets],
                                columns=columns)


@dataclass
class Actor:
    """An actor with the dates of its first and last events and its counts."""
    id: int
    name: str
    first_date: Optional[str]
    last_date: Optional[str]
    event_count: int
    out_count: int
    in_count: int
    # kind ("state", "person"... or ""), country (ISO3 or ""), where the
    # country comes from ("declared", "data", "name pattern", "country
    # name" or ""), and the declared aliases.
    kind: str = ""
    country: str = ""
    country_source: str = ""
    aliases: List[str] = field(default_factory=list)


@dataclass
class Stats:
    """The database's size and versions; dates are None when it is empty."""
    events: int
    actors: int
    first_date: Optional[str]
    last_date: Optional[str]
    bytes_on_disk: int
    format_version: str
    server_version: str


@dataclass
class Rejection:
    """Why one item was not stored: its index in the input, the field, the reason."""
    index: int
    field: str
    reason: str


@dataclass
class IngestResult:
    """The ack of one batch.

    `event_ids` has one id per item (0 for a rejected item). `sequence` is the
    batch number for ingest_stream() (0 for ingest()).
    """
    accepted: int
    duplicates: int
    rejections: List[Rejection]
    event_ids: List[int]
    sequence: int = 0


# ---------------------------------------------------------------- graph
#
# Results of paths(), neighbors() and subgraph(). The graph of a window has
# the actors as nodes and a directed edge a -> b when enough events a -> b
# in the window pass the edge filter.


@dataclass
class EdgeSummary:
    """The events of an actor pair (or of an actor) in the window that pass
    the filter: count, per quad class, mean Goldstein score (None when no
    event has one), first and last date (None when there is no event)."""
    event_count: int = 0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    unclassified: int = 0
    goldstein_mean: Optional[float] = None
    goldstein_events: int = 0
    first_date: Optional[str] = None
    last_date: Optional[str] = None


SUMMARY_FIELDS = tuple(f.name for f in dataclasses.fields(EdgeSummary))


def _summary_row(summary, **leading):
    """A flat dict: the leading columns, then every EdgeSummary field."""
    row = dict(leading)
    row.update(dataclasses.asdict(summary))
    return row


@dataclass
class PathHop:
    """One hop of a path, from_actor -> to_actor.

    `summary`: the hop's events in the window (both directions when the
    search is undirected); `top_events`: the latest of them, newest first;
    `event`: for journeys, the very event that makes the hop (else None);
    `cost`: the edge's cost (weighted and k-shortest modes).
    """
    from_actor: str
    to_actor: str
    summary: EdgeSummary
    top_events: List[Event] = field(default_factory=list)
    event: Optional[Event] = None
    cost: float = 0.0


@dataclass
class Path:
    """A path: `actors` from the first to the last, one PathHop per step.

    `cost` is the sum of the hops' costs; `departure_date` and
    `arrival_date` are the dates of a journey's first and last events (None
    for hop modes).
    """
    actors: List[str]
    hops: List[PathHop]
    cost: float = 0.0
    departure_date: Optional[str] = None
    arrival_date: Optional[str] = None


@dataclass
class SearchStats:
    """How much a graph search did: actors visited, edges expanded (or
    events scanned by journeys), hops reached and milliseconds taken."""
    visited_actors: int = 0
    expanded_edges: int = 0
    depth: int = 0
    elapsed_ms: float = 0.0


@dataclass
class PathResult:
    """The answer of paths(): canonical actor names, the mode ("shortest",
    "k-shortest", "weighted", "earliest", "latest", "fastest",
    "fewest-hops"), the window used, the paths found and, when there is
    none, the server's `reason`. `truncated`: more shortest paths exist than
    were returned."""
    from_actor: str
    to_actor: str
    mode: str
    from_date: str
    to_date: str
    paths: List[Path]
    reason: str = ""
    truncated: bool = False
    stats: SearchStats = field(default_factory=SearchStats)


@dataclass
class Neighbor:
    """A partner of the actor: the summary of their events in the requested
    direction(s), of which out_count actor -> partner and in_count
    partner -> actor."""
    actor: str
    summary: EdgeSummary
    out_count: int = 0
    in_count: int = 0
    country: str = ""  # rollup="country": the partner country (ISO3)


@dataclass
class Neighbors:
    """The answer of neighbors(): the actor's canonical name, the window
    used, the partners (at most `limit`) and how many there are in all."""
    actor: str
    from_date: str
    to_date: str
    neighbors: List[Neighbor]
    total_neighbors: int = 0

    def to_pandas(self):
        """A pandas.DataFrame, one row per partner (actor, out_count,
        in_count and the summary's fields); ImportError without pandas."""
        pandas = _pandas()
        rows = [_summary_row(n.summary, actor=n.actor, out_count=n.out_count,
                             in_count=n.in_count) for n in self.neighbors]
        return pandas.DataFrame(
            rows, columns=["actor", "out_count", "in_count", *SUMMARY_FIELDS])


@dataclass
class SubgraphNode:
    """An actor of a subgraph: hops from the nearest seed (0 for a seed) and
    all of its matching events in the window, with any partner."""
    actor: str
    distance: int
    total: EdgeSummary


@dataclass
class SubgraphEdge:
    """The events from_actor -> to_actor in the window that pass the filter."""
    from_actor: str
    to_actor: str
    summary: EdgeSummary


@dataclass
class SubgraphChunk:
    """One message of subgraph_stream(): nodes come first (nearest first),
    then edges (busiest first). The first chunk carries the window
    (from_date, to_date; "" in the others); `truncated` is set on the last
    one when max_nodes or max_edges cut the network."""
    from_date: str
    to_date: str
    nodes: List[SubgraphNode]
    edges: List[SubgraphEdge]
    truncated: bool = False


@dataclass
class Subgraph:
    """The network around the seeds: every chunk of the stream gathered.

    `truncated` is True when max_nodes or max_edges cut the network.
    """
    from_date: str
    to_date: str
    nodes: List[SubgraphNode] = field(default_factory=list)
    edges: List[SubgraphEdge] = field(default_factory=list)
    truncated: bool = False

    def add(self, chunk):
        """Adds a SubgraphChunk: nodes and edges appended, window kept."""
        self.from_date = self.from_date or chunk.from_date
        self.to_date = self.to_date or chunk.to_date
        self.nodes.extend(chunk.nodes)
        self.edges.extend(chunk.edges)
        self.truncated = self.truncated or chunk.truncated

    def to_pandas(self):
        """The edges as a pandas.DataFrame, one row per edge (from_actor,
        to_actor and the summary's fields); ImportError without pandas."""
        pandas = _pandas()
        rows = [_summary_row(e.summary, from_actor=e.from_actor, to_actor=e.to_actor)
                for e in self.edges]
        return pandas.DataFrame(rows, columns=["from_actor", "to_actor", *SUMMARY_FIELDS])

    def nodes_to_pandas(self):
        """The nodes as a pandas.DataFrame (actor, distance and the fields of
        their total); ImportError without pandas."""
        pandas = _pandas()
        rows = [_summary_row(n.total, actor=n.actor, distance=n.distance)
                for n in self.nodes]
        return pandas.DataFrame(rows, columns=["actor", "distance", *SUMMARY_FIELDS])


@dataclass
class EventCode:
    """One code of the server's CAMEO codebook (ListEventCodes).

    `level` is "root" (2 digits, "04"), "base" (3 digits, "043") or "detail"
    (4 digits, "1823"); `leaf` is True when no more specific code is below it.
    `name` is the action the server fills in for an event given only the code.
    """
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    level: str
    leaf: bool
