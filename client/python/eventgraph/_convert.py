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


def direction(value):
    """The Direction enum of "both", "out" or "in"; raises InvalidArgument."""
    try:
        return DIRECTIONS[str(value).lower()]
    except KeyError:
        raise errors.invalid_argument(
            "direction", f"expected one of both, out, in; got {value!r}") from None


def granularity(value):
    """The Granularity enum of "day" ... "year"; raises InvalidArgument."""
    try:
        return GRANULARITIES[str(value).lower()]
    except KeyError:
        raise errors.invalid_argument(
            "by", f"expected one of {', '.join(GRANULARITIES)}; got {value!r}") from None


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
        goldstein_events=message.goldstein_events, mentions=message.mentions)


def timeline_from_proto(message):
    """The types.Timeline of a GetTimelineResponse."""
    return types.Timeline(
        actor=message.actor, counterpart=message.counterpart,
        granularity=_GRANULARITY_NAMES.get(message.granularity, "year"),
        start=message.from_date, end=message.to_date,
        buckets=[bucket_from_proto(b) for b in message.buckets],
        total=bucket_from_proto(message.total))


def actor_from_proto(message):
    """The types.Actor of an Actor message."""
    return types.Actor(
        id=message.id, name=message.name, first_date=message.first_date or None,
        last_date=message.last_date or None, event_count=message.event_count,
        out_count=message.out_count, in_count=message.in_count)


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
