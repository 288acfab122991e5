"""Tests of the Python client package `eventgraph` against a real eventgraphd.

Run: EVENTGRAPHD=... EVENTGRAPH_PYPROTO=... PYTHONPATH=client/python \
     /usr/bin/python3 tests/python_client/test_client.py
The server is started by the end-to-end harness (tests/e2e/harness.py) on a
temporary database; see it for the environment variables.
"""

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


if __name__ == "__main__":
    unittest.main(verbosity=2)
