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
