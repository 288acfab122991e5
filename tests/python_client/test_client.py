"""Tests of the Python client package `eventgraph` against a real eventgraphd.

Run: EVENTGRAPHD=... EVENTGRAPH_PYPROTO=... PYTHONPATH=client/python \
     /usr/bin/python3 tests/python_client/test_client.py
The server is started by the end-to-end harness (tests/e2e/harness.py) on a
temporary database; see it for the environment variables.
"""

import dataclasses
import datetime
import importlib.util
import os
import random
import socket
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CLIENT_DIR = os.path.join(REPO, "client", "python")
EXAMPLE = os.path.join(CLIENT_DIR, "examples", "russia_north_korea.py")
sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))

import harness  # noqa: E402

harness.use_system_python()
if importlib.util.find_spec("eventgraph") is None:
    sys.path.insert(0, CLIENT_DIR)

import eventgraph  # noqa: E402

HAVE_PANDAS = importlib.util.find_spec("pandas") is not None
HAVE_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
QUAD_FIELDS = {1: "verbal_cooperation", 2: "material_cooperation",
               3: "verbal_conflict", 4: "material_conflict", 0: "unclassified"}


def event(actor, target, date, action="Consult", **kw):
    """An event dict as Client.ingest takes it."""
    return dict(actor=actor, action=action, target=target, date=date, **kw)


def random_events(rng, actor, partners, count, year=2018):
    """count events between actor and partners in year, both directions, mixed fields."""
    out = []
    for i in range(count):
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        partner = rng.choice(partners)
        a, t = (actor, partner) if rng.random() < 0.6 else (partner, actor)
        e = event(a, t, day.isoformat(), action=f"Action {i}", quad_class=rng.randrange(5),
                  source=f"doc-{actor}-{i}")
        if rng.random() < 0.7:
            e["goldstein"] = rng.choice([-10.0, -2.5, 0.0, 1.9, 3.4, 8.0])
        if rng.random() < 0.5:
            e["mentions"] = rng.randrange(20)
        out.append(e)
    return out


def free_port():
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClientTestCase(unittest.TestCase):
    """One server (fresh database) and one client for the whole class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = harness.Server()
        cls.addClassCleanup(cls.server.close)
        cls.server.start()
        cls.client = eventgraph.connect(cls.server.address, timeout=harness.RPC_DEADLINE)
        cls.addClassCleanup(cls.client.close)

    def assertIngested(self, events):
        result = self.client.ingest(events)
        self.assertEqual(result.rejections, [])
        self.assertEqual(result.accepted + result.duplicates, len(events))
        return result


class IngestTest(ClientTestCase):

    def test_dicts_and_event_objects(self):
        batch = [event("Ingestia", "Otheria", "2019-05-01", quad_class=1, goldstein=3.4),
                 eventgraph.Event(actor="Otheria", action="Reply", target="Ingestia",
                                  date=datetime.date(2019, 5, 2), mentions=4,
                                  country="XX", lat=1.5, lon=2.5,
                                  attributes={"note": "n"})]
        result = self.client.ingest(batch)
        self.assertIsInstance(result, eventgraph.IngestResult)
        self.assertEqual((result.accepted, result.duplicates, result.rejections), (2, 0, []))
        self.assertEqual(len(result.event_ids), 2)
        self.assertTrue(all(result.event_ids))
        got = list(self.client.events("Ingestia"))
        self.assertEqual([e.id for e in got], result.event_ids)
        second = got[1]
        self.assertEqual((second.date, second.mentions, second.country, second.lat,
                          second.lon, second.attributes, second.goldstein),
                         ("2019-05-02", 4, "XX", 1.5, 2.5, {"note": "n"}, None))
        self.assertEqual(got[0].goldstein, 3.4)

    def test_rejections_name_index_and_field(self):
        batch = [event("Rejectia", "Otheria", "2019-01-01"),
                 event("Rejectia", "Otheria", "2018-02-30"),
                 event("", "Otheria", "2019-01-02"),
                 event("Rejectia", "Otheria", "2019-01-03", quad_class=9)]
        result = self.client.ingest(batch)
        self.assertEqual(result.accepted, 1)
        self.assertEqual([r.index for r in result.rejections], [1, 2, 3])
        self.assertEqual([r.field for r in result.rejections],
                         ["events[1].date", "events[2].actor", "events[3].quad_class"])
        self.assertIn("2018-02-30", result.rejections[0].reason)
        self.assertNotEqual(result.event_ids[0], 0)
        self.assertEqual(result.event_ids[1:], [0, 0, 0])

    def test_same_batch_twice_is_idempotent(self):
        batch = [event("Idempotia", "Otheria", f"2017-03-{d:02d}", source="s")
                 for d in range(1, 11)]
        first = self.client.ingest(batch)
        again = self.client.ingest(batch)
        self.assertEqual((first.accepted, first.duplicates), (10, 0))
        self.assertEqual((again.accepted, again.duplicates, again.rejections), (0, 10, []))
        self.assertEqual(again.event_ids, first.event_ids)
        self.assertEqual(self.client.actor("Idempotia").event_count, 10)

    def test_client_side_checks_send_nothing(self):
        before = self.client.stats().events
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.ingest([event("Checkia", "Otheria", "2019-01-01"),
                                dict(actor="Checkia", colour="red")])
        self.assertEqual(ctx.exception.field_violations[0][0], "events[1]")
        self.assertIn("colour", ctx.exception.field_violations[0][1])
        self.assertIsInstance(ctx.exception, ValueError)
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.ingest([event("Checkia", "Otheria", "2019-01-01", quad_class="one")])
        self.assertEqual(ctx.exception.field_violations[0][0], "events[0].quad_class")
        with self.assertRaises(eventgraph.InvalidArgument):
            self.client.ingest(["not an event"])
        self.assertEqual(self.client.stats().events, before)

    def test_ingest_stream_acks_every_batch_in_order(self):
        rng = random.Random(7)
        events = random_events(rng, "Streamia", ["Otheria", "Thirdia"], 450)
        events[250]["date"] = "2018-13-01"
        acks = self.client.ingest_stream(iter(events), batch_size=100)
        self.assertEqual([a.sequence for a in acks], [0, 1, 2, 3, 4])
        self.assertEqual([len(a.event_ids) for a in acks], [100, 100, 100, 100, 50])
        self.assertEqual(sum(a.accepted for a in acks), 449)
        rejections = [r for a in acks for r in a.rejections]
        self.assertEqual([(r.index, r.field) for r in rejections],
                         [(250, "events[250].date")])
        self.assertEqual(acks[2].event_ids[50], 0)
        again = self.client.ingest_stream(events, batch_size=128)
        self.assertEqual(sum(a.duplicates for a in again), 449)
        self.assertEqual(sum(a.accepted for a in again), 0)
        self.assertEqual([i for a in again for i in a.event_ids],
                         [i for a in acks for i in a.event_ids])

    def test_ingest_stream_raises_what_the_source_raises(self):
        def source():
            yield event("Brokenia", "Otheria", "2016-01-01")
            raise OSError("disk gone")
        with self.assertRaisesRegex(OSError, "disk gone"):
            self.client.ingest_stream(source(), batch_size=10)
        with self.assertRaises(eventgraph.InvalidArgument):
            self.client.ingest_stream([], batch_size=0)


class ReadTest(ClientTestCase):
    """Timelines and listings over a known, random set of events."""

    ACTOR, PARTNER = "Timelandia", "Partneria"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rng = random.Random(2018)
        cls.events = random_events(rng, cls.ACTOR, [cls.PARTNER, "Thirdia"], 600)
        acks = cls.client.ingest_stream(cls.events, batch_size=250)
        ids = [i for a in acks for i in a.event_ids]
        for e, i in zip(cls.events, ids):
            e["id"] = i

    def selected(self, partner=None, direction="both", quad=None):
        out = []
        for e in self.events:
            pair = {"both": ((e["actor"], e["target"]), (e["target"], e["actor"])),
                    "out": ((e["actor"], e["target"]),),
                    "in": ((e["target"], e["actor"]),)}[direction]
            if not any(a == self.ACTOR and (partner is None or t == partner)
                       for a, t in pair):
                continue
            if quad is not None and e["quad_class"] != quad:
                continue
            out.append(e)
        return out

    def expected_month(self, events, month):
        inside = [e for e in events if int(e["date"][5:7]) == month]
        scores = [e["goldstein"] for e in inside if "goldstein" in e]
        counts = {name: 0 for name in QUAD_FIELDS.values()}
        for e in inside:
            counts[QUAD_FIELDS[e["quad_class"]]] += 1
        return dict(event_count=len(inside), goldstein_events=len(scores),
                    goldstein_mean=sum(scores) / len(scores) if scores else None,
                    mentions=sum(e.get("mentions", 0) for e in inside), **counts)

    def assertBucket(self, bucket, expected):
        for name, value in expected.items():
            got = getattr(bucket, name)
            if name == "goldstein_mean" and value is not None:
                self.assertAlmostEqual(got, value, places=9, msg=bucket.start_date)
            else:
                self.assertEqual(got, value, f"{bucket.start_date} {name}")

    def test_monthly_timeline_equals_the_ingested_events(self):
        for direction in ("both", "out", "in"):
            with self.subTest(direction=direction):
                t = self.client.timeline(self.ACTOR, self.PARTNER, start="2018-01-01",
                                         end="2018-12-31", by="month",
                                         direction=direction)
                self.assertIsInstance(t, eventgraph.Timeline)
                self.assertEqual((t.actor, t.counterpart, t.granularity, t.start, t.end),
                                 (self.ACTOR, self.PARTNER, "month", "2018-01-01",
                                  "2018-12-31"))
                self.assertEqual(len(t.buckets), 12)
                events = self.selected(self.PARTNER, direction)
                for month, bucket in enumerate(t.buckets, start=1):
                    self.assertEqual(bucket.start_date, f"2018-{month:02d}-01")
                    self.assertBucket(bucket, self.expected_month(events, month))
                self.assertEqual(t.total.event_count, len(events))

    def test_split_timeline_has_both_directions_in_one_call(self):
        t = self.client.timeline(self.ACTOR, self.PARTNER, start="2018-01-01",
                                 end="2018-12-31", by="month", split=True)
        out_events = self.selected(self.PARTNER, "out")
        in_events = self.selected(self.PARTNER, "in")
        self.assertGreater(len(out_events), 0)
        self.assertGreater(len(in_events), 0)
        for month, bucket in enumerate(t.buckets, start=1):
            self.assertIsInstance(bucket.outgoing, eventgraph.Bucket)
            self.assertBucket(bucket.outgoing, self.expected_month(out_events, month))
            self.assertBucket(bucket.incoming, self.expected_month(in_events, month))
        self.assertEqual(t.total.outgoing.event_count, len(out_events))
        self.assertEqual(t.total.incoming.event_count, len(in_events))
        plain = self.client.timeline(self.ACTOR, self.PARTNER, start="2018-01-01",
                                     end="2018-12-31", by="month")
        self.assertIsNone(plain.buckets[0].outgoing)
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.timeline(self.ACTOR, self.PARTNER, direction="out", split=True)
        self.assertEqual([f for f, _ in ctx.exception.field_violations], ["split_directions"])

    def test_timeline_filters_and_date_objects(self):
        t = self.client.timeline(self.ACTOR, start=datetime.date(2018, 1, 1),
                                 end=datetime.date(2018, 6, 30), by="quarter", quad=4)
        self.assertEqual([b.start_date for b in t.buckets], ["2018-01-01", "2018-04-01"])
        expected = [e for e in self.selected(quad=4) if e["date"] <= "2018-06-30"]
        self.assertEqual(t.total.event_count, len(expected))
        self.assertEqual(t.total.material_conflict, len(expected))
        empty = self.client.timeline(self.ACTOR, start="2010-01-01", end="2010-12-31")
        self.assertEqual(empty.total.event_count, 0)
        self.assertIsNone(empty.buckets[0].goldstein_mean)

    def test_events_walk_every_page_and_equal_the_stream(self):
        expected = sorted(self.selected(), key=lambda e: (e["date"], e["id"]))
        paged = list(self.client.events(self.ACTOR, page_size=37))
        self.assertGreater(len(paged), 37 * 3)
        self.assertEqual([(e.date, e.id) for e in paged],
                         [(e["date"], e["id"]) for e in expected])
        streamed = list(self.client.stream_events(self.ACTOR))
        self.assertEqual(paged, streamed)
        self.assertTrue(all(isinstance(e, eventgraph.Event) for e in paged))
        descending = self.client.events(self.ACTOR, descending=True, page_size=50).to_list()
        self.assertEqual(descending, list(reversed(paged)))
        self.assertEqual(list(self.client.stream_events(self.ACTOR, limit=5)), paged[:5])

    def test_events_with_counterpart_and_filters(self):
        got = list(self.client.events(self.ACTOR, self.PARTNER, direction="out", quad=2,
                                      start="2018-03-01", end="2018-08-31"))
        expected = [e for e in self.selected(self.PARTNER, "out", quad=2)
                    if "2018-03-01" <= e["date"] <= "2018-08-31"]
        self.assertEqual(sorted(e.id for e in got), sorted(e["id"] for e in expected))
        self.assertTrue(all(e.actor == self.ACTOR and e.quad_class == 2 for e in got))

    def test_search_actor_stats_health(self):
        found = self.client.search_actors("timeL")
        self.assertEqual([a.name for a in found], [self.ACTOR])
        actor = self.client.actor("  TIMELANDIA ")
        self.assertIsInstance(actor, eventgraph.Actor)
        self.assertEqual(actor.name, self.ACTOR)
        self.assertEqual(actor.event_count, len(self.selected()))
        self.assertEqual(actor.out_count,
                         sum(1 for e in self.events if e["actor"] == self.ACTOR))
        self.assertEqual(actor.first_date, min(e["date"] for e in self.events))
        self.assertEqual(self.client.search_actors("", limit=2),
                         self.client.search_actors("")[:2])
        stats = self.client.stats()
        self.assertIsInstance(stats, eventgraph.Stats)
        self.assertEqual(stats.events, len(list(self.client.stream_events())))
        self.assertEqual(stats.actors, len(self.client.search_actors("")))
        self.assertTrue(stats.server_version)
        self.assertEqual(self.client.health(), "SERVING")

    def test_to_pandas(self):
        t = self.client.timeline(self.ACTOR, by="month")
        events = self.client.events(self.ACTOR)
        if not HAVE_PANDAS:
            with self.assertRaisesRegex(ImportError, "python3-pandas"):
                t.to_pandas()
            with self.assertRaisesRegex(ImportError, "python3-pandas"):
                events.to_pandas()
            return
        self.assertEqual(len(t.to_pandas()), len(t.buckets))
        self.assertEqual(len(events.to_pandas()), len(self.selected()))


class ErrorTest(ClientTestCase):

    def test_unknown_actor_is_not_found_naming_it(self):
        for call in (lambda: self.client.timeline("Nowhereland"),
                     lambda: self.client.actor("Nowhereland")):
            with self.assertRaises(eventgraph.NotFound) as ctx:
                call()
            err = ctx.exception
            self.assertIsInstance(err, eventgraph.EventGraphError)
            self.assertEqual(err.code.name, "NOT_FOUND")
            self.assertIn("Nowhereland", err.message)

    def test_bad_date_is_invalid_argument_with_field_violations(self):
        self.client.ingest([event("Erroria", "Otheria", "2019-01-01")])
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.timeline("Erroria", start="2018-02-30")
        self.assertEqual(ctx.exception.code.name, "INVALID_ARGUMENT")
        self.assertEqual([f for f, _ in ctx.exception.field_violations], ["from_date"])
        self.assertTrue(ctx.exception.field_violations[0][1])
        listing = self.client.events("Erroria", end="2018-13-01")
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            list(listing)
        self.assertIn("to_date", [f for f, _ in ctx.exception.field_violations])

    def test_bad_arguments_fail_before_any_call(self):
        cases = [(lambda: self.client.timeline("Erroria", direction="sideways"), "direction"),
                 (lambda: self.client.timeline("Erroria", by="decade"), "by"),
                 (lambda: self.client.events(start=20180101), "start")]
        for call, field in cases:
            with self.assertRaises(eventgraph.InvalidArgument) as ctx:
                call()
            self.assertEqual(ctx.exception.field_violations[0][0], field)

    def test_event_codes(self):
        consult = self.client.event_codes("04")
        self.assertIsInstance(consult[0], eventgraph.EventCode)
        self.assertEqual([c.code for c in consult][:3], ["04", "040", "041"])
        visit = next(c for c in consult if c.code == "042")
        self.assertEqual(visit, eventgraph.EventCode(
            code="042", name="Make a visit", root="04", quad_class=1, goldstein=1.9,
            level="base", leaf=True))
        self.assertEqual(consult[0].level, "root")
        self.assertEqual({c.quad_class for c in self.client.event_codes(quad=(3, 4))}, {3, 4})
        self.assertEqual(len(self.client.event_codes()), 312)
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.event_codes("4")
        self.assertEqual([f for f, _ in ctx.exception.field_violations], ["prefix"])

    def test_unreachable_server_is_unavailable(self):
        with eventgraph.connect(f"127.0.0.1:{free_port()}", timeout=10) as client:
            with self.assertRaises(eventgraph.Unavailable) as ctx:
                client.stats()
            self.assertEqual(ctx.exception.code.name, "UNAVAILABLE")

    def test_per_call_timeout_overrides_the_default(self):
        # A negative timeout is a deadline already passed: it fails every time,
        # where a tiny positive one races with a fast server.
        with eventgraph.connect(self.server.address, timeout=-1) as client:
            with self.assertRaises(eventgraph.DeadlineExceeded) as ctx:
                client.stats()
            self.assertEqual(ctx.exception.code.name, "DEADLINE_EXCEEDED")
            self.assertEqual(client.health(timeout=10), "SERVING")
        with self.assertRaises(eventgraph.DeadlineExceeded):
            self.client.actor("Erroria", timeout=-1)


class GraphTest(ClientTestCase):
    """paths(), neighbors() and subgraph() on a tiny hand-made graph.

        E1 Alpha -> Beta    2019-01-10 Consult      q1 +3.0
        E2 Alpha -> Beta    2019-03-01 Criticize    q3 -2.0
        E3 Beta  -> Gamma   2019-02-01 Provide aid  q2 +5.0
        E4 Beta  -> Gamma   2019-03-05 Consult      q1 (no score)
        E5 Gamma -> Delta   2019-01-05 Consult      q1 +1.0  (one-way, early)
        E6 Beta  -> Beta    2019-02-15 Praise       q1 +3.4  (a self-loop)
        E7 Epsilon -> Alpha 2019-06-01 Threaten     q3 -4.4  (one-way)
    and, apart, a diamond Kappa -> {Lambda, Mu} -> Nu on 2019-04-01.
    """

    EVENTS = {
        "E1": event("Alpha", "Beta", "2019-01-10", "Consult", event_code="040",
                    quad_class=1, goldstein=3.0, source="e1"),
        "E2": event("Alpha", "Beta", "2019-03-01", "Criticize", event_code="111",
                    quad_class=3, goldstein=-2.0, source="e2"),
        "E3": event("Beta", "Gamma", "2019-02-01", "Provide aid", event_code="070",
                    quad_class=2, goldstein=5.0, source="e3"),
        # No score: a code outside the CAMEO codebook gets no default Goldstein.
        "E4": event("Beta", "Gamma", "2019-03-05", "Consult", event_code="0499",
                    quad_class=1, source="e4"),
        "E5": event("Gamma", "Delta", "2019-01-05", "Consult", event_code="040",
                    quad_class=1, goldstein=1.0, source="e5"),
        "E6": event("Beta", "Beta", "2019-02-15", "Praise", event_code="051",
                    quad_class=1, goldstein=3.4, source="e6"),
        "E7": event("Epsilon", "Alpha", "2019-06-01", "Threaten", event_code="130",
                    quad_class=3, goldstein=-4.4, source="e7"),
        "D1": event("Kappa", "Lambda", "2019-04-01", source="d1"),
        "D2": event("Kappa", "Mu", "2019-04-01", source="d2"),
        "D3": event("Lambda", "Nu", "2019-04-01", source="d3"),
        "D4": event("Mu", "Nu", "2019-04-01", source="d4"),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        names = list(cls.EVENTS)
        result = cls.client.ingest([cls.EVENTS[n] for n in names])
        assert result.rejections == [], result.rejections
        cls.ids = dict(zip(names, result.event_ids))
        cls.names_by_id = {i: n for n, i in cls.ids.items()}

    def events_of(self, events):
        return [(e.id, e.date, e.action) for e in events]

    def expected(self, *names):
        return [(self.ids[n], self.EVENTS[n]["date"], self.EVENTS[n]["action"])
                for n in names]

    # ------------------------------------------------------------ paths

    def test_shortest_path_with_evidence(self):
        r = self.client.paths("alpha", " GAMMA")
        self.assertIsInstance(r, eventgraph.PathResult)
        self.assertEqual((r.from_actor, r.to_actor, r.mode), ("Alpha", "Gamma", "shortest"))
        self.assertEqual((r.from_date, r.to_date), ("2019-01-05", "2019-06-01"))
        self.assertEqual((r.reason, r.truncated), ("", False))
        self.assertEqual(len(r.paths), 1)
        path = r.paths[0]
        self.assertEqual(path.actors, ["Alpha", "Beta", "Gamma"])
        self.assertEqual((path.departure_date, path.arrival_date), (None, None))
        first, second = path.hops
        self.assertEqual((first.from_actor, first.to_actor), ("Alpha", "Beta"))
        self.assertEqual(first.summary, eventgraph.EdgeSummary(
            event_count=2, verbal_cooperation=1, verbal_conflict=1, goldstein_mean=0.5,
            goldstein_events=2, first_date="2019-01-10", last_date="2019-03-01"))
        self.assertEqual(self.events_of(first.top_events), self.expected("E2", "E1"))
        self.assertIsNone(first.event)
        self.assertEqual(second.summary, eventgraph.EdgeSummary(
            event_count=2, verbal_cooperation=1, material_cooperation=1,
            goldstein_mean=5.0, goldstein_events=1, first_date="2019-02-01",
            last_date="2019-03-05"))
        self.assertEqual(self.events_of(second.top_events), self.expected("E4", "E3"))
        self.assertGreater(r.stats.visited_actors, 0)
        self.assertIsInstance(r.stats, eventgraph.SearchStats)

    def test_evidence_events(self):
        one = self.client.paths("Alpha", "Gamma", evidence_events=1).paths[0]
        self.assertEqual(self.events_of(one.hops[0].top_events), self.expected("E2"))
        none = self.client.paths("Alpha", "Gamma", evidence_events=0).paths[0]
        self.assertEqual([h.top_events for h in none.hops], [[], []])
        self.assertEqual(none.hops[0].summary.event_count, 2)  # the summary stays

    def test_direction_of_one_way_edges(self):
        back = self.client.paths("Gamma", "Alpha", directed=True)
        self.assertEqual(back.paths, [])
        self.assertTrue(back.reason)
        undirected = self.client.paths("Gamma", "Alpha")
        self.assertEqual([p.actors for p in undirected.paths], [["Gamma", "Beta", "Alpha"]])
        # The hop Gamma - Beta is made of the events Beta -> Gamma.
        self.assertEqual(undirected.paths[0].hops[0].summary.event_count, 2)
        forward = self.client.paths("Alpha", "Delta", directed=True)
        self.assertEqual([p.actors for p in forward.paths],
                         [["Alpha", "Beta", "Gamma", "Delta"]])
        capped = self.client.paths("Alpha", "Delta", directed=True, max_hops=2)
        self.assertEqual(capped.paths, [])
        self.assertTrue(capped.reason)

    def test_every_shortest_path_up_to_the_limit(self):
        r = self.client.paths("Kappa", "Nu")
        self.assertEqual(sorted(p.actors for p in r.paths),
                         [["Kappa", "Lambda", "Nu"], ["Kappa", "Mu", "Nu"]])
        self.assertFalse(r.truncated)
        one = self.client.paths("Kappa", "Nu", limit=1)
        self.assertEqual(len(one.paths), 1)
        self.assertTrue(one.truncated)
        apart = self.client.paths("Alpha", "Kappa")
        self.assertEqual(apart.paths, [])
        self.assertTrue(apart.reason)

    def test_window_and_filter_apply_while_searching(self):
        early = self.client.paths("Alpha", "Gamma", to_date="2019-01-31")
        self.assertEqual((early.from_date, early.to_date), ("2019-01-05", "2019-01-31"))
        self.assertEqual(early.paths, [])
        self.assertTrue(early.reason)
        late = self.client.paths("Alpha", "Gamma", from_date=datetime.date(2019, 2, 1))
        self.assertEqual([h.summary.event_count for h in late.paths[0].hops], [1, 2])
        cooperative = self.client.paths("Alpha", "Gamma", quad=1)
        self.assertEqual([h.summary.event_count for h in cooperative.paths[0].hops], [1, 1])
        self.assertEqual(self.client.paths("Alpha", "Gamma", quad=[3, 4]).paths, [])
        self.assertEqual(len(self.client.paths("Alpha", "Gamma", min_events=2).paths), 1)
        self.assertEqual(self.client.paths("Alpha", "Gamma", min_events=3).paths, [])
        scored = self.client.paths("Alpha", "Gamma", goldstein_min=0)
        hop = scored.paths[0].hops[1]
        self.assertEqual((hop.summary.event_count, hop.summary.goldstein_mean), (1, 5.0))
        self.assertEqual(self.client.paths("Alpha", "Gamma", goldstein_max=-3).paths, [])
        self.assertEqual(len(self.client.paths("Alpha", "Gamma", action="consult").paths), 1)
        self.assertEqual(len(self.client.paths("Alpha", "Gamma", code="04").paths), 1)
        self.assertEqual(self.client.paths("Alpha", "Gamma", code="11").paths, [])

    def test_weighted_cost(self):
        r = self.client.paths("Alpha", "Gamma", mode="weighted")
        self.assertEqual(r.mode, "weighted")
        self.assertEqual(len(r.paths), 1)  # the only loopless path
        first, second = r.paths[0].hops
        # cost = 21 / (n * (g + 11)): n events of mean Goldstein g.
        self.assertAlmostEqual(first.cost, 21 / (2 * (0.5 + 11)))
        self.assertAlmostEqual(second.cost, 21 / (2 * (5.0 + 11)))
        self.assertAlmostEqual(r.paths[0].cost, first.cost + second.cost)
        k = self.client.paths("Kappa", "Nu", mode="k_shortest", limit=5)
        self.assertEqual(k.mode, "k-shortest")
        self.assertEqual(len(k.paths), 2)

    def test_journeys(self):
        def journey(mode, **kw):
            r = self.client.paths("Alpha", "Gamma", mode=mode, directed=True, **kw)
            self.assertEqual(len(r.paths), 1, r)
            p = r.paths[0]
            return (p.departure_date, p.arrival_date,
                    [self.names_by_id[h.event.id] for h in p.hops])

        self.assertEqual(journey("earliest"), ("2019-01-10", "2019-02-01", ["E1", "E3"]))
        self.assertEqual(journey("latest"), ("2019-03-01", "2019-03-05", ["E2", "E4"]))
        self.assertEqual(journey("fastest"), ("2019-03-01", "2019-03-05", ["E2", "E4"]))
        self.assertEqual(journey("earliest", start_date="2019-02-01"),
                         ("2019-03-01", "2019-03-05", ["E2", "E4"]))
        self.assertEqual(journey("latest", end_date=datetime.date(2019, 3, 1)),
                         ("2019-01-10", "2019-02-01", ["E1", "E3"]))
        fewest = self.client.paths("Alpha", "Gamma", mode="fewest-hops", directed=True,
                                   strict=True)
        self.assertEqual([p.actors for p in fewest.paths], [["Alpha", "Beta", "Gamma"]])
        self.assertEqual(len(fewest.paths[0].hops), 2)
        r = self.client.paths("Alpha", "Gamma", mode="earliest", directed=True)
        self.assertEqual(r.mode, "earliest")
        hop = r.paths[0].hops[0]
        self.assertIsInstance(hop.event, eventgraph.Event)
        self.assertEqual((hop.event.actor, hop.event.action, hop.event.target),
                         ("Alpha", "Consult", "Beta"))
        # Gamma -> Delta happened before anyone reached Gamma.
        late = self.client.paths("Alpha", "Delta", mode="earliest", directed=True)
        self.assertEqual(late.paths, [])
        self.assertTrue(late.reason)

    def test_path_errors(self):
        with self.assertRaises(eventgraph.NotFound) as ctx:
            self.client.paths("Alpha", "Nowhereland")
        self.assertIn("Nowhereland", ctx.exception.message)
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.paths("Beta", "beta ")  # the same actor
        self.assertIn("to_actor", [f for f, _ in ctx.exception.field_violations])
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.paths("Alpha", "Gamma", max_hops=9)
        self.assertIn("max_hops", [f for f, _ in ctx.exception.field_violations])
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.paths("Alpha", "Gamma", from_date="2019-02-30")
        self.assertIn("from_date", [f for f, _ in ctx.exception.field_violations])
        for kw, field in [({"mode": "longest"}, "mode"), ({"limit": "3"}, "limit"),
                          ({"goldstein_min": "x"}, "goldstein_min"),
                          ({"to_date": 20190101}, "to_date")]:
            with self.assertRaises(eventgraph.InvalidArgument) as ctx:
                self.client.paths("Alpha", "Gamma", **kw)
            self.assertEqual(ctx.exception.field_violations[0][0], field)
        with self.assertRaises(eventgraph.DeadlineExceeded):
            self.client.paths("Alpha", "Gamma", timeout=-1)

    # ------------------------------------------------------------ neighbors

    def test_neighbors(self):
        n = self.client.neighbors("ALPHA")
        self.assertIsInstance(n, eventgraph.Neighbors)
        self.assertEqual((n.actor, n.from_date, n.to_date, n.total_neighbors),
                         ("Alpha", "2019-01-05", "2019-06-01", 2))
        self.assertEqual(n.neighbors, [
            eventgraph.Neighbor("Beta", eventgraph.EdgeSummary(
                event_count=2, verbal_cooperation=1, verbal_conflict=1,
                goldstein_mean=0.5, goldstein_events=2, first_date="2019-01-10",
                last_date="2019-03-01"), out_count=2, in_count=0),
            eventgraph.Neighbor("Epsilon", eventgraph.EdgeSummary(
                event_count=1, verbal_conflict=1, goldstein_mean=-4.4,
                goldstein_events=1, first_date="2019-06-01",
                last_date="2019-06-01"), out_count=0, in_count=1)])

    def test_neighbor_order_direction_limit_window(self):
        def names(**kw):
            return [x.actor for x in self.client.neighbors("Alpha", **kw).neighbors]

        self.assertEqual(names(order="hostile"), ["Epsilon", "Beta"])
        self.assertEqual(names(order="cooperative"), ["Beta", "Epsilon"])
        self.assertEqual(names(order="recent"), ["Epsilon", "Beta"])
        self.assertEqual(names(direction="out"), ["Beta"])
        self.assertEqual(names(direction="in"), ["Epsilon"])
        self.assertEqual(names(to_date="2019-05-31"), ["Beta"])
        self.assertEqual(names(quad=3), ["Beta", "Epsilon"])  # 1 each, then by name
        self.assertEqual(names(min_events=2), ["Beta"])
        limited = self.client.neighbors("Alpha", limit=1)
        self.assertEqual((len(limited.neighbors), limited.total_neighbors), (1, 2))

    def test_self_loop_is_no_partner(self):
        n = self.client.neighbors("Beta")
        self.assertEqual([(x.actor, x.out_count, x.in_count) for x in n.neighbors],
                         [("Alpha", 0, 2), ("Gamma", 2, 0)])
        self.assertEqual(n.total_neighbors, 2)

    def test_neighbor_errors(self):
        with self.assertRaises(eventgraph.NotFound) as ctx:
            self.client.neighbors("Nowhereland")
        self.assertIn("Nowhereland", ctx.exception.message)
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.neighbors("Alpha", order="alphabetical")
        self.assertEqual(ctx.exception.field_violations[0][0], "order")
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.neighbors("Alpha", limit=1001)
        self.assertIn("limit", [f for f, _ in ctx.exception.field_violations])

    # ------------------------------------------------------------ subgraph

    def shape(self, g):
        return ([(x.actor, x.distance) for x in g.nodes],
                sorted((e.from_actor, e.to_actor, e.summary.event_count) for e in g.edges))

    def test_subgraph_radius_one(self):
        g = self.client.subgraph("Alpha")
        self.assertIsInstance(g, eventgraph.Subgraph)
        self.assertEqual((g.from_date, g.to_date, g.truncated),
                         ("2019-01-05", "2019-06-01", False))
        self.assertEqual(self.shape(g), (
            [("Alpha", 0), ("Beta", 1), ("Epsilon", 1)],
            [("Alpha", "Beta", 2), ("Epsilon", "Alpha", 1)]))
        alpha, beta, _ = g.nodes
        self.assertAlmostEqual(alpha.total.goldstein_mean, (3.0 - 2.0 - 4.4) / 3)
        self.assertEqual(dataclasses.replace(alpha.total, goldstein_mean=None),
                         eventgraph.EdgeSummary(
                             event_count=3, verbal_cooperation=1, verbal_conflict=2,
                             goldstein_events=3, first_date="2019-01-10",
                             last_date="2019-06-01"))
        self.assertEqual(beta.total.event_count, 5)  # the self-loop once
        self.assertEqual([e.summary.event_count for e in g.edges], [2, 1])  # busiest first

    def test_subgraph_radius_direction_and_self_loop(self):
        self.assertEqual(self.shape(self.client.subgraph(["Alpha"], radius=2)), (
            [("Alpha", 0), ("Beta", 1), ("Epsilon", 1), ("Gamma", 2)],
            [("Alpha", "Beta", 2), ("Beta", "Gamma", 2), ("Epsilon", "Alpha", 1)]))
        self.assertEqual(self.shape(self.client.subgraph("Alpha", radius=2, direction="out")),
                         ([("Alpha", 0), ("Beta", 1), ("Gamma", 2)],
                          [("Alpha", "Beta", 2), ("Beta", "Gamma", 2)]))
        self.assertEqual(self.shape(self.client.subgraph("Alpha", radius=4, direction="in")),
                         ([("Alpha", 0), ("Epsilon", 1)], [("Epsilon", "Alpha", 1)]))
        # Radius 0: the seeds and the edges among them; a self-loop is none.
        self.assertEqual(self.shape(self.client.subgraph("Beta", radius=0)),
                         ([("Beta", 0)], []))
        self.assertEqual(self.shape(self.client.subgraph(["Alpha", "Gamma"], radius=0)),
                         ([("Alpha", 0), ("Gamma", 0)], []))
        two = self.client.subgraph(["Alpha", "Beta"], radius=0)
        self.assertEqual(self.shape(two)[1], [("Alpha", "Beta", 2)])

    def test_subgraph_limits_truncate(self):
        g = self.client.subgraph("Alpha", radius=2, max_nodes=2)
        self.assertTrue(g.truncated)
        self.assertEqual(self.shape(g), ([("Alpha", 0), ("Beta", 1)],
                                         [("Alpha", "Beta", 2)]))
        g = self.client.subgraph("Alpha", radius=2, max_edges=1)
        self.assertTrue(g.truncated)
        self.assertEqual(len(g.edges), 1)
        self.assertEqual(g.edges[0].summary.event_count, 2)

    def test_subgraph_stream_chunks_add_up(self):
        chunks = list(self.client.subgraph_stream("Alpha", radius=2))
        self.assertTrue(chunks)
        self.assertTrue(all(isinstance(c, eventgraph.SubgraphChunk) for c in chunks))
        self.assertEqual(chunks[0].from_date, "2019-01-05")
        whole = eventgraph.Subgraph(from_date="", to_date="")
        for c in chunks:
            whole.add(c)
        self.assertEqual(whole, self.client.subgraph("Alpha", radius=2))

    def test_subgraph_errors(self):
        with self.assertRaises(eventgraph.NotFound) as ctx:
            self.client.subgraph(["Alpha", "Nowhereland"])
        self.assertIn("Nowhereland", ctx.exception.message)
        stream = self.client.subgraph_stream("Nowhereland")
        with self.assertRaises(eventgraph.NotFound):
            list(stream)
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.subgraph("Alpha", radius=5)
        self.assertIn("radius", [f for f, _ in ctx.exception.field_violations])
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.subgraph(["Alpha", 7])
        self.assertEqual(ctx.exception.field_violations[0][0], "seeds")
        with self.assertRaises(eventgraph.InvalidArgument):
            self.client.subgraph([])

    def test_graph_to_pandas(self):
        n = self.client.neighbors("Alpha")
        g = self.client.subgraph("Alpha")
        if not HAVE_PANDAS:
            for call in (n.to_pandas, g.to_pandas, g.nodes_to_pandas):
                with self.assertRaisesRegex(ImportError, "python3-pandas"):
                    call()
            return
        frame = n.to_pandas()
        self.assertEqual(list(frame["actor"]), ["Beta", "Epsilon"])
        self.assertEqual(list(frame["event_count"]), [2, 1])
        self.assertEqual(list(frame["out_count"]), [2, 0])
        edges = g.to_pandas()
        self.assertEqual(len(edges), 2)
        self.assertEqual(list(edges.columns[:3]), ["from_actor", "to_actor", "event_count"])
        self.assertEqual(list(g.nodes_to_pandas()["distance"]), [0, 1, 1])


class ExampleTest(ClientTestCase):
    """The example script, run as a user would, against an empty server."""

    def run_example(self, png):
        proc = subprocess.run(
            [sys.executable, EXAMPLE, "--server", self.server.address, "--png", png],
            capture_output=True, text=True, timeout=120, cwd=os.path.dirname(png))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return proc.stdout

    def test_example_loads_the_sample_and_prints_the_timeline(self):
        folder = harness.make_temp_dir("eventgraph-example-")
        self.addCleanup(harness.remove_temp_dir, folder)
        png = os.path.join(folder, "chart.png")
        out = self.run_example(png)
        self.assertIn("loaded russia_north_korea.tsv: 76 accepted", out)
        t = self.client.timeline("Russia", "North Korea", by="year")
        self.assertEqual(self.client.stats().events, 76)
        lines = out.splitlines()
        rows = [line.split() for line in lines if line[:4].isdigit()]
        self.assertEqual([r[0] for r in rows], [b.start_date for b in t.buckets])
        self.assertEqual([int(r[1]) for r in rows], [b.event_count for b in t.buckets])
        total = next(line.split() for line in lines if line.startswith("total"))
        self.assertEqual(int(total[1]), t.total.event_count)
        self.assertEqual(t.total.event_count, 17)
        if HAVE_MATPLOTLIB:
            self.assertIn("chart written", out)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        else:
            self.assertIn("chart skipped", out)
            self.assertFalse(os.path.exists(png))
        again = self.run_example(png)
        self.assertIn("sample not loaded", again)
        self.assertEqual(self.client.stats().events, 76)



class LiveAndAdminTest(ClientTestCase):

    def test_watch_events_and_check_database(self):
        import queue
        import threading
        feed = self.client.watch_events("Watcheria", direction="out", timeout=60)
        got = queue.Queue()

        def pump():
            try:
                for e in feed:
                    got.put(e)
            except eventgraph.EventGraphError as err:
                got.put(err)
        threading.Thread(target=pump, daemon=True).start()
        # Probe until the feed is live, then send the real event.
        for attempt in range(100):
            self.assertIngested([event("Watcheria", "Probe", "2020-01-01",
                                       source_event_id=f"wp{attempt}")])
            try:
                first = got.get(timeout=0.2)
                break
            except queue.Empty:
                continue
        else:
            self.fail("the feed never became live")
        self.assertEqual(first.actor, "Watcheria")
        result = self.assertIngested([event("Watcheria", "Otheria", "2020-02-02",
                                            source_event_id="real"),
                                      event("Otheria", "Watcheria", "2020-02-03",
                                            source_event_id="other")])
        while True:
            e = got.get(timeout=5)
            if e.source_event_id == "real":
                break
        self.assertEqual(e.id, result.event_ids[0])
        feed.call.cancel()
        report = self.client.check_database()
        self.assertEqual(report["problems"], 0, report["samples"])
        self.assertGreater(report["events"], 0)

if __name__ == "__main__":
    unittest.main(verbosity=2)
