"""Conversions between the plain objects of types.py and the API's messages.

Argument checks done here raise errors.InvalidArgument naming the argument.
"""

import dataclasses
import datetime

from . import errors, types
from ._stubs import pb

DIRECTIONS = {"both": pb.DIRECTION_BOTH, "out": pb.DIRECTION_OUT, "in": pb.DIRECTION_IN}
GRANULARITIES = {"day": pb.GRANULARITY_DAY, "week": pb.GRANULARITY_WEEK,
                 "month": pb.GRANULARITY_MONTH, "quarter": pb.GRANULARITY_QUARTER,
                 "year": pb.GRANULARITY_YEAR}
_GRANULARITY_NAMES = {v: k for k, v in GRANULARITIES.items()}
_GRANULARITY_NAMES[pb.GRANULARITY_UNSPECIFIED] = "year"

PATH_MODES = {"shortest": pb.PATH_MODE_SHORTEST, "k-shortest": pb.PATH_MODE_K_SHORTEST,
              "weighted": pb.PATH_MODE_WEIGHTED, "earliest": pb.PATH_MODE_EARLIEST_ARRIVAL,
              "latest": pb.PATH_MODE_LATEST_DEPARTURE, "fastest": pb.PATH_MODE_FASTEST,
              "fewest-hops": pb.PATH_MODE_FEWEST_HOPS}
# Longer spellings accepted too ("k_shortest", "earliest-arrival", ...).
_PATH_MODE_ALIASES = {"earliest-arrival": "earliest", "latest-departure": "latest"}
_PATH_MODE_NAMES = {v: k for k, v in PATH_MODES.items()}
_PATH_MODE_NAMES[pb.PATH_MODE_UNSPECIFIED] = "shortest"
NEIGHBOR_ORDERS = {"count": pb.NEIGHBOR_ORDER_COUNT,
                   "cooperative": pb.NEIGHBOR_ORDER_COOPERATIVE,
                   "hostile": pb.NEIGHBOR_ORDER_HOSTILE, "recent": pb.NEIGHBOR_ORDER_RECENT}

_OPTIONAL_EVENT_FIELDS = ("goldstein", "mentions", "tone")
_LOCATION_FIELDS = ("country", "lat", "lon")


def date_text(value, name):
    """"" for None, the text of a "YYYY-MM-DD" string or of a datetime.date.

    The server checks the text; raises InvalidArgument for other types.
    """
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise errors.invalid_argument(name, f"expected YYYY-MM-DD or a date, got {value!r}")


def _enum(table, value, name, key=None):
    """table[key or the lower-cased value]; raises InvalidArgument naming `name`."""
    try:
        return table[key if key is not None else str(value).lower()]
    except KeyError:
        raise errors.invalid_argument(
            name, f"expected one of {', '.join(table)}; got {value!r}") from None


def direction(value):
    """The Direction enum of "both", "out" or "in"; raises InvalidArgument."""
    return _enum(DIRECTIONS, value, "direction")


ROLLUPS = {"none": pb.ROLLUP_NONE, "country": pb.ROLLUP_COUNTRY}
ACTOR_KINDS = {"": pb.ACTOR_KIND_UNSPECIFIED, "state": pb.ACTOR_KIND_STATE,
               "government": pb.ACTOR_KIND_GOVERNMENT, "person": pb.ACTOR_KIND_PERSON,
               "organization": pb.ACTOR_KIND_ORGANIZATION,
               "organisation": pb.ACTOR_KIND_ORGANIZATION,
               "military": pb.ACTOR_KIND_MILITARY, "group": pb.ACTOR_KIND_GROUP,
               "media": pb.ACTOR_KIND_MEDIA, "other": pb.ACTOR_KIND_OTHER}
_KIND_NAMES = {v: k for k, v in ACTOR_KINDS.items() if k != "organisation"}
_SOURCE_NAMES = {pb.ACTOR_COUNTRY_SOURCE_DECLARED: "declared",
                 pb.ACTOR_COUNTRY_SOURCE_DATA: "data",
                 pb.ACTOR_COUNTRY_SOURCE_NAME_PATTERN: "name pattern",
                 pb.ACTOR_COUNTRY_SOURCE_COUNTRY_NAME: "country name"}


def rollup(value):
    """The Rollup enum of None, "none" or "country"; raises InvalidArgument."""
    return _enum(ROLLUPS, value or "none", "rollup")


def actor_kind(value):
    """The ActorKind enum of None, "state", "person"...; raises InvalidArgument."""
    return _enum(ACTOR_KINDS, value or "", "kind")


def granularity(value):
    """The Granularity enum of "day" ... "year"; raises InvalidArgument."""
    return _enum(GRANULARITIES, value, "by")


def event_filter(action=None, code=None, quad=None):
    """An EventFilter; quad is one class (1..4) or an iterable of them."""
    if quad is None:
        quads = []
    elif isinstance(quad, int):
        quads = [quad]
    else:
        quads = list(quad)
    return pb.EventFilter(action=action or "", event_code_prefix=code or "",
                          quad_classes=quads)


def path_mode(value):
    """The PathMode enum of "shortest", "k-shortest", "weighted", "earliest",
    "latest", "fastest" or "fewest-hops" ("_" for "-" too); raises
    InvalidArgument."""
    name = str(value).lower().replace("_", "-")
    return _enum(PATH_MODES, value, "mode", key=_PATH_MODE_ALIASES.get(name, name))


def neighbor_order(value):
    """The NeighborOrder enum of "count", "cooperative", "hostile" or "recent"."""
    return _enum(NEIGHBOR_ORDERS, value, "order")


def int_arg(value, name):
    """0 for None (the server's default), else value; raises InvalidArgument
    for a non-int (bool included). The server checks the range."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.invalid_argument(name, f"expected an int, got {value!r}")
    return value


def _number_arg(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise errors.invalid_argument(name, f"expected a number, got {value!r}")
    return float(value)


def edge_filter(action=None, code=None, quad=None, goldstein_min=None,
                goldstein_max=None, min_events=None):
    """An EdgeFilter; quad is one class (1..4) or an iterable of them, the
    Goldstein bounds are numbers or None (no bound)."""
    base = event_filter(action, code, quad)
    message = pb.EdgeFilter(action=base.action, event_code_prefix=base.event_code_prefix,
                            quad_classes=list(base.quad_classes),
                            min_events=int_arg(min_events, "min_events"))
    if goldstein_min is not None:
        message.goldstein_min = _number_arg(goldstein_min, "goldstein_min")
    if goldstein_max is not None:
        message.goldstein_max = _number_arg(goldstein_max, "goldstein_max")
    return message


def seed_list(seeds):
    """The seeds as a list of names: one name (a str) or an iterable of them."""
    if isinstance(seeds, str):
        return [seeds]
    try:
        names = list(seeds)
    except TypeError:
        raise errors.invalid_argument(
            "seeds", f"expected an actor name or a list of them, got {seeds!r}") from None
    for name in names:
        if not isinstance(name, str):
            raise errors.invalid_argument("seeds", f"expected actor names, got {name!r}")
    return names


def event_to_proto(item, index=0):
    """The Event message of a types.Event or a dict of its field names.

    Raises InvalidArgument (field events[index]) for another type or an
    unknown key; the server checks the values.
    """
    if isinstance(item, types.Event):
        values = dataclasses.asdict(item)
    elif isinstance(item, dict):
        unknown = sorted(set(item) - set(types.EVENT_FIELDS))
        if unknown:
            raise errors.invalid_argument(
                f"events[{index}]", f"unknown field(s) {', '.join(unknown)}")
        values = dict(item)
    else:
        raise errors.invalid_argument(
            f"events[{index}]", f"expected a dict or an Event, got {type(item).__name__}")
    message = pb.Event()
    for name, value in values.items():
        if value is None:
            continue
        try:
            if name in _LOCATION_FIELDS:
                setattr(message.location, name, value)
            elif name == "attributes":
                message.attributes.update(value)
            elif name == "date":
                message.date = date_text(value, f"events[{index}].date")
            else:
                setattr(message, name, value)
        except (TypeError, ValueError) as e:
            if isinstance(e, errors.EventGraphError):
                raise
            raise errors.invalid_argument(f"events[{index}].{name}", str(e)) from None
    return message


def _optional(message, name):
    return getattr(message, name) if message.HasField(name) else None


def event_from_proto(message):
    """The types.Event of an Event message."""
    location = message.location
    return types.Event(
        id=message.id, actor=message.actor, action=message.action,
        target=message.target, date=message.date, event_code=message.event_code,
        quad_class=message.quad_class, goldstein=_optional(message, "goldstein"),
        source=message.source, source_event_id=message.source_event_id,
        mentions=_optional(message, "mentions"), tone=_optional(message, "tone"),
        country=location.country, lat=_optional(location, "lat"),
        lon=_optional(location, "lon"), attributes=dict(message.attributes))


def bucket_from_proto(message):
    """The types.Bucket of a TimelineBucket message."""
    return types.Bucket(
        start_date=message.start_date, end_date=message.end_date,
        event_count=message.event_count,
        verbal_cooperation=message.verbal_cooperation,
        material_cooperation=message.material_cooperation,
        verbal_conflict=message.verbal_conflict,
        material_conflict=message.material_conflict,
        unclassified=message.unclassified,
        goldstein_mean=_optional(message, "goldstein_mean"),
        goldstein_events=message.goldstein_events, mentions=message.mentions,
        outgoing=(bucket_from_proto(message.outgoing)
                  if message.HasField("outgoing") else None),
        incoming=(bucket_from_proto(message.incoming)
                  if message.HasField("incoming") else None))


def timeline_from_proto(message):
    """The types.Timeline of a GetTimelineResponse."""
    return types.Timeline(
        actor=message.actor, counterpart=message.counterpart,
        granularity=_GRANULARITY_NAMES.get(message.granularity, "year"),
        start=message.from_date, end=message.to_date,
        buckets=[bucket_from_proto(b) for b in message.buckets],
        total=bucket_from_proto(message.total),
        actor_country=message.actor_country,
        counterpart_country=message.counterpart_country,
        contributors=[types.Contributor(actor=c.actor, country=c.country,
                                        event_count=c.event_count)
                      for c in message.contributors])


def actor_from_proto(message):
    """The types.Actor of an Actor message."""
    return types.Actor(
        id=message.id, name=message.name, first_date=message.first_date or None,
        last_date=message.last_date or None, event_count=message.event_count,
        out_count=message.out_count, in_count=message.in_count,
        kind=_KIND_NAMES.get(message.kind, ""), country=message.country,
        country_source=_SOURCE_NAMES.get(message.country_source, ""),
        aliases=list(message.aliases))


def stats_from_proto(message):
    """The types.Stats of a GetStatsResponse."""
    return types.Stats(
        events=message.events, actors=message.actors,
        first_date=message.first_date or None, last_date=message.last_date or None,
        bytes_on_disk=message.bytes_on_disk, format_version=message.format_version,
        server_version=message.server_version)


def ingest_result_from_proto(message, offset=0):
    """The types.IngestResult of an IngestResponse; offset is added to indexes."""
    rejections = []
    for r in message.rejections:
        field = r.field
        local = f"events[{r.index}]"
        if offset and field.startswith(local):
            field = f"events[{r.index + offset}]" + field[len(local):]
        rejections.append(types.Rejection(index=r.index + offset, field=field,
                                          reason=r.reason))
    return types.IngestResult(
        accepted=message.accepted, duplicates=message.duplicates,
        rejections=rejections, event_ids=list(message.event_ids),
        sequence=message.sequence)


# ---------------------------------------------------------------- graph


def summary_from_proto(message):
    """The types.EdgeSummary of an EdgeSummary message."""
    return types.EdgeSummary(
        event_count=message.event_count,
        verbal_cooperation=message.verbal_cooperation,
        material_cooperation=message.material_cooperation,
        verbal_conflict=message.verbal_conflict,
        material_conflict=message.material_conflict,
        unclassified=message.unclassified,
        goldstein_mean=_optional(message, "goldstein_mean"),
        goldstein_events=message.goldstein_events,
        first_date=message.first_date or None, last_date=message.last_date or None)


def hop_from_proto(message):
    """The types.PathHop of a PathHop message."""
    return types.PathHop(
        from_actor=message.from_actor, to_actor=message.to_actor,
        summary=summary_from_proto(message.summary),
        top_events=[event_from_proto(e) for e in message.top_events],
        event=event_from_proto(message.event) if message.HasField("event") else None,
        cost=message.cost)


def path_result_from_proto(message):
    """The types.PathResult of a FindPathsResponse."""
    paths = [types.Path(actors=list(p.actors), hops=[hop_from_proto(h) for h in p.hops],
                        cost=p.cost, departure_date=p.departure_date or None,
                        arrival_date=p.arrival_date or None)
             for p in message.paths]
    stats = message.stats
    return types.PathResult(
        from_actor=message.from_actor, to_actor=message.to_actor,
        mode=_PATH_MODE_NAMES.get(message.mode, "shortest"),
        from_date=message.from_date, to_date=message.to_date, paths=paths,
        reason=message.reason, truncated=message.truncated,
        stats=types.SearchStats(visited_actors=stats.visited_actors,
                                expanded_edges=stats.expanded_edges, depth=stats.depth,
                                elapsed_ms=stats.elapsed_ms))


def neighbors_from_proto(message):
    """The types.Neighbors of a GetNeighborsResponse."""
    return types.Neighbors(
        actor=message.actor, from_date=message.from_date, to_date=message.to_date,
        neighbors=[types.Neighbor(actor=n.actor, summary=summary_from_proto(n.summary),
                                  out_count=n.out_count, in_count=n.in_count,
                                  country=n.country)
                   for n in message.neighbors],
        total_neighbors=message.total_neighbors)


def subgraph_chunk_from_proto(message):
    """The types.SubgraphChunk of a GetSubgraphResponse message."""
    return types.SubgraphChunk(
        from_date=message.from_date, to_date=message.to_date,
        nodes=[types.SubgraphNode(actor=n.actor, distance=n.distance,
                                  total=summary_from_proto(n.total))
               for n in message.nodes],
        edges=[types.SubgraphEdge(from_actor=e.from_actor, to_actor=e.to_actor,
                                  summary=summary_from_proto(e.summary))
               for e in message.edges],
        truncated=message.truncated)


_CAMEO_LEVELS = {pb.CAMEO_LEVEL_ROOT: "root", pb.CAMEO_LEVEL_BASE: "base",
                 pb.CAMEO_LEVEL_DETAIL: "detail"}


def event_code_from_proto(message):
    """The types.EventCode of a CameoCode."""
    return types.EventCode(
        code=message.code, name=message.name, root=message.root,
        quad_class=message.quad_class, goldstein=message.goldstein,
        level=_CAMEO_LEVELS.get(message.level, ""), leaf=message.leaf)
