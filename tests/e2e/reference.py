"""A plain-Python model of what GetTimeline and ListEvents should return.

The API tests compare the server with it. It works on eventgraph.v1.Event messages (or anything
with the same attributes) and knows nothing of the server.
"""

import datetime

from harness import load_stubs, norm_name

_pb = load_stubs().pb
BOTH, OUT, IN = _pb.DIRECTION_BOTH, _pb.DIRECTION_OUT, _pb.DIRECTION_IN
DAY, WEEK, MONTH = _pb.GRANULARITY_DAY, _pb.GRANULARITY_WEEK, _pb.GRANULARITY_MONTH
QUARTER, YEAR = _pb.GRANULARITY_QUARTER, _pb.GRANULARITY_YEAR


def parse_date(text):
    return datetime.date.fromisoformat(text)


def bucket_floor(d, granularity):
    if granularity == DAY:
        return d
    if granularity == WEEK:
        return d - datetime.timedelta(days=d.weekday())  # ISO weeks start on Monday
    if granularity == MONTH:
        return d.replace(day=1)
    if granularity == QUARTER:
        return datetime.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return datetime.date(d.year, 1, 1)


def bucket_next(start, granularity):
    """The first day of the next bucket, or None past 9999-12-31."""
    try:
        if granularity == DAY:
            return start + datetime.timedelta(days=1)
        if granularity == WEEK:
            return start + datetime.timedelta(days=7)
        months = {MONTH: 1, QUARTER: 3}.get(granularity, 12)
        month0 = start.month - 1 + months
        return datetime.date(start.year + month0 // 12, month0 % 12 + 1, 1)
    except (OverflowError, ValueError):
        return None


def matches_subject(e, actor, counterpart, direction):
    a, c = norm_name(actor), norm_name(counterpart) if counterpart else None
    ea, et = norm_name(e.actor), norm_name(e.target)
    out = ea == a and (c is None or et == c)
    into = et == a and (c is None or ea == c)
    if direction == OUT:
        return out
    if direction == IN:
        return into
    return out or into


def matches_filter(e, action="", code_prefix="", quads=()):
    if action and norm_name(e.action) != norm_name(action):
        return False
    if code_prefix and not e.event_code.startswith(code_prefix):
        return False
    if quads and e.quad_class not in quads:
        return False
    return True


def expected_buckets(events, actor, counterpart, direction, frm, to, granularity,
                     action="", code_prefix="", quads=()):
    """[dict] of the buckets GetTimeline should return for the window [frm, to]."""
    frm, to = parse_date(frm), parse_date(to)
    chosen = [e for e in events
              if matches_subject(e, actor, counterpart, direction)
              and matches_filter(e, action, code_prefix, quads)
              and frm <= parse_date(e.date) <= to]
    out = []
    start = bucket_floor(frm, granularity)
    while start is not None and start <= to:
        nxt = bucket_next(start, granularity)
        first = max(start, frm)
        last = min(nxt - datetime.timedelta(days=1), to) if nxt else to
        inside = [e for e in chosen if first <= parse_date(e.date) <= last]
        with_g = [e.goldstein for e in inside if e.HasField("goldstein")]
        out.append({
            "start_date": first.isoformat(),
            "end_date": last.isoformat(),
            "event_count": len(inside),
            "verbal_cooperation": sum(1 for e in inside if e.quad_class == 1),
            "material_cooperation": sum(1 for e in inside if e.quad_class == 2),
            "verbal_conflict": sum(1 for e in inside if e.quad_class == 3),
            "material_conflict": sum(1 for e in inside if e.quad_class == 4),
            "unclassified": sum(1 for e in inside if e.quad_class not in (1, 2, 3, 4)),
            "goldstein_events": len(with_g),
            "goldstein_mean": sum(with_g) / len(with_g) if with_g else None,
            "mentions": sum(e.mentions for e in inside if e.HasField("mentions")),
        })
        start = nxt
    return out
