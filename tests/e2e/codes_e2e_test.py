"""End-to-end tests of the built-in CAMEO codebook: ListEventCodes, the fill-in
of events that come with only a code, CAMEO prefixes in the query filters, and
the CLI's `eventgraph codes`. Needs no data files; takes a few seconds.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... EVENTGRAPH_PYPROTO=... python3 tests/e2e/codes_e2e_test.py
(see harness.py for the environment variables).
"""

import csv
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import bad_request_violations, cli_json, run_cli  # noqa: E402

SKIP_EXIT_CODE = 77

harness.use_system_python()
try:
    S = harness.load_stubs()
except unittest.SkipTest as skip:
    print(f"codes_e2e_test skipped: {skip}")
    sys.exit(SKIP_EXIT_CODE)
pb = S.pb

import grpc  # noqa: E402

ROOT_QUAD = {r: 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4 for r in range(1, 21)}


def ev(actor, target, date, code="", action="", quad=0, goldstein=None):
    e = pb.Event(actor=actor, action=action, target=target, date=date, event_code=code,
                 quad_class=quad)
    if goldstein is not None:
        e.goldstein = goldstein
    return e


class CodesTestCase(harness.ServerTestCase):

    def assertInvalidField(self, field, fn, *args, **kw):
        with self.assertRaises(grpc.RpcError) as ctx:
            fn(*args, **kw)
        err = ctx.exception
        self.assertEqual(err.code(), grpc.StatusCode.INVALID_ARGUMENT, err.details())
        fields = [f for f, _ in bad_request_violations(err)]
        self.assertIn(field, fields, err.details())
        return err

    def codes(self, prefix="", quads=()):
        return list(self.api.ListEventCodes(
            pb.ListEventCodesRequest(prefix=prefix, quad_classes=list(quads))).codes)


class ListEventCodesTest(CodesTestCase):

    def test_every_code_sorted_with_root_quad_and_level(self):
        codes = self.codes()
        self.assertEqual(len(codes), 312)
        texts = [c.code for c in codes]
        self.assertEqual(texts, sorted(texts))
        self.assertEqual(len(set(texts)), len(texts))
        roots = [c.code for c in codes if c.level == pb.CAMEO_LEVEL_ROOT]
        self.assertEqual(roots, [f"{r:02d}" for r in range(1, 21)])
        for c in codes:
            with self.subTest(code=c.code):
                self.assertEqual(c.root, c.code[:2])
                self.assertEqual(c.quad_class, ROOT_QUAD[int(c.root)])
                self.assertEqual(c.level, {2: pb.CAMEO_LEVEL_ROOT, 3: pb.CAMEO_LEVEL_BASE,
                                           4: pb.CAMEO_LEVEL_DETAIL}[len(c.code)])
                self.assertTrue(-10 <= c.goldstein <= 10)
                self.assertTrue(c.name.strip())
                has_children = any(t != c.code and t.startswith(c.code) for t in texts)
                self.assertEqual(c.leaf, not has_children)

    def test_a_root_and_a_base_prefix(self):
        consult = self.codes("04")
        self.assertEqual([(c.code, c.name) for c in consult], [
            ("04", "Consult"), ("040", "Consult"), ("041", "Discuss by telephone"),
            ("042", "Make a visit"), ("043", "Host a visit"),
            ("044", "Meet at a 'third' location"), ("045", "Mediate"),
            ("046", "Engage in negotiation")])
        self.assertAlmostEqual(consult[3].goldstein, 1.9)
        self.assertEqual([c.code for c in self.codes(" 182 ")],
                         ["182", "1821", "1822", "1823"])
        self.assertEqual([c.name for c in self.codes("1823")], ["Kill by physical assault"])
        fight = self.codes("19")
        self.assertEqual(fight[0].name, "Fight")
        self.assertEqual(len(fight), 8)
        self.assertEqual(self.codes("21"), [], "a well-formed prefix without codes")

    def test_quad_class_filter(self):
        material_conflict = self.codes(quads=[4])
        self.assertEqual({c.root for c in material_conflict},
                         {f"{r}" for r in range(14, 21)})
        both = self.codes(quads=[2, 3])
        self.assertEqual({c.quad_class for c in both}, {2, 3})
        self.assertEqual(len(both) + len(material_conflict) + len(self.codes(quads=[1])), 312)
        self.assertEqual(self.codes("04", quads=[3]), [])
        self.assertEqual(len(self.codes("04", quads=[1])), 8)

    def test_bad_requests_name_the_field(self):
        for prefix in ("4", "0", "4x", "04a", "12345", "-1"):
            with self.subTest(prefix=prefix):
                self.assertInvalidField("prefix", self.codes, prefix)
        for quad in (0, 5, -1):
            with self.subTest(quad=quad):
                self.assertInvalidField("quad_classes", self.codes, "", [quad])


class FillInTest(CodesTestCase):
    """Events that come with only a code get name, quad class and Goldstein."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        batch = [
            ev("Fill A", "Fill B", "2020-01-01", code="042"),           # 0 code only
            ev("Fill A", "Fill B", "2020-01-02", code=" 190 "),         # 1 trimmed
            ev("Fill A", "Fill B", "2020-01-03", code="0499"),          # 2 unknown, root 04
            ev("Fill A", "Fill B", "2020-01-04", code="043", action="Welcome",
               quad=4, goldstein=-1.5),                                 # 3 given values
            ev("Fill A", "Fill B", "2020-01-05", code="4a"),            # 4 malformed
            ev("Fill A", "Fill B", "2020-01-06"),                       # 5 no code, no action
            ev("Fill A", "Fill B", "2020-01-07", code="99"),            # 6 no root
            ev("Fill A", "Fill B", "2020-02-30", code="111"),           # 7 bad date only
        ]
        cls.ack = cls.api.Ingest(pb.IngestRequest(events=batch))
        cls.ids = list(cls.ack.event_ids)

    def stored(self):
        resp = self.api.ListEvents(pb.ListEventsRequest(actor="Fill A", page_size=100))
        return {e.id: e for e in resp.events}

    def test_rejections(self):
        self.assertEqual(self.ack.accepted, 5, self.ack)
        got = {r.index: (r.field, r.reason) for r in self.ack.rejections}
        self.assertEqual(sorted(got), [4, 5, 7], self.ack)
        self.assertEqual(got[4][0], "events[4].event_code")
        self.assertEqual(got[5][0], "events[5].action")
        # Only the date is wrong: the missing action is no extra problem.
        self.assertEqual(got[7][0], "events[7].date")
        self.assertNotIn("action", got[7][1])

    def test_stored_events_are_filled_in(self):
        stored = self.stored()
        visit = stored[self.ids[0]]
        self.assertEqual((visit.event_code, visit.action, visit.quad_class),
                         ("042", "Make a visit", 1))
        self.assertTrue(visit.HasField("goldstein"))
        self.assertAlmostEqual(visit.goldstein, 1.9)
        fight = stored[self.ids[1]]
        self.assertEqual((fight.event_code, fight.action, fight.quad_class, fight.goldstein),
                         ("190", "Use conventional military force", 4, -10.0))
        unknown = stored[self.ids[2]]
        self.assertEqual((unknown.event_code, unknown.action, unknown.quad_class),
                         ("0499", "CAMEO 0499", 1))
        self.assertFalse(unknown.HasField("goldstein"))
        given = stored[self.ids[3]]
        self.assertEqual((given.action, given.quad_class, given.goldstein),
                         ("Welcome", 4, -1.5))
        no_root = stored[self.ids[6]]
        self.assertEqual((no_root.action, no_root.quad_class), ("CAMEO 99", 0))

    def test_timeline_counts_the_filled_in_values(self):
        t = self.api.GetTimeline(pb.GetTimelineRequest(
            actor="Fill A", from_date="2020-01-01", to_date="2020-01-31",
            granularity=pb.GRANULARITY_MONTH))
        b = t.buckets[0]
        self.assertEqual((b.event_count, b.verbal_cooperation, b.material_conflict,
                          b.unclassified), (5, 2, 2, 1))
        self.assertEqual(b.goldstein_events, 3)
        self.assertAlmostEqual(b.goldstein_mean, (1.9 - 10.0 - 1.5) / 3)

    def test_reloading_a_code_only_event_is_a_duplicate(self):
        again = self.api.Ingest(pb.IngestRequest(events=[
            ev("Fill A", "Fill B", "2020-01-01", code="042"),
            ev("Fill A", "Fill B", "2020-01-01", code="042", action="make a visit")]))
        self.assertEqual((again.accepted, again.duplicates), (0, 2), again)
        self.assertEqual(list(again.event_ids), [self.ids[0], self.ids[0]])


class FilterPrefixTest(CodesTestCase):
    """Timeline, events, neighbors and paths take a root or base code as prefix."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        batch = [
            ev("Pf A", "Pf B", "2021-03-01", code="042"),
            ev("Pf B", "Pf C", "2021-03-02", code="0431"),   # a 4-digit code under 04
            ev("Pf A", "Pf C", "2021-03-03", code="190"),
            ev("Pf A", "Pf C", "2021-03-04", code="193"),
            ev("Pf A", "Pf D", "2021-03-05", code="04"),     # a bare root
            ev("Pf A", "Pf D", "2021-03-06", code="111"),
        ]
        ack = cls.api.Ingest(pb.IngestRequest(events=batch))
        if ack.accepted != len(batch):
            raise AssertionError(f"setup ingest: {ack}")

    def event_codes(self, prefix, actor="Pf A"):
        resp = self.api.ListEvents(pb.ListEventsRequest(
            actor=actor, page_size=100, filter=pb.EventFilter(event_code_prefix=prefix)))
        return sorted(e.event_code for e in resp.events)

    def test_events_and_timeline(self):
        self.assertEqual(self.event_codes("04"), ["04", "042"])
        self.assertEqual(self.event_codes("04", actor="Pf C"), ["0431"])
        self.assertEqual(self.event_codes("043", actor="Pf C"), ["0431"])
        self.assertEqual(self.event_codes("19"), ["190", "193"])
        self.assertEqual(self.event_codes("190"), ["190"])
        self.assertEqual(self.event_codes("11"), ["111"])
        t = self.api.GetTimeline(pb.GetTimelineRequest(
            actor="Pf A", granularity=pb.GRANULARITY_YEAR,
            filter=pb.EventFilter(event_code_prefix="19")))
        self.assertEqual(t.total.event_count, 2)
        self.assertEqual(t.total.material_conflict, 2)

    def test_neighbors_and_paths(self):
        n = self.api.GetNeighbors(pb.GetNeighborsRequest(
            actor="Pf A", filter=pb.EdgeFilter(event_code_prefix="19")))
        self.assertEqual([x.actor for x in n.neighbors], ["Pf C"])
        n = self.api.GetNeighbors(pb.GetNeighborsRequest(
            actor="Pf A", filter=pb.EdgeFilter(event_code_prefix="04")))
        self.assertEqual(sorted(x.actor for x in n.neighbors), ["Pf B", "Pf D"])
        consult = self.api.FindPaths(pb.FindPathsRequest(
            from_actor="Pf A", to_actor="Pf C", filter=pb.EdgeFilter(event_code_prefix="04")))
        self.assertEqual([list(p.actors) for p in consult.paths], [["Pf A", "Pf B", "Pf C"]])
        fight = self.api.FindPaths(pb.FindPathsRequest(
            from_actor="Pf A", to_actor="Pf C", filter=pb.EdgeFilter(event_code_prefix="19")))
        self.assertEqual([list(p.actors) for p in fight.paths], [["Pf A", "Pf C"]])

    def test_one_digit_or_non_numeric_prefix_is_invalid_everywhere(self):
        for prefix in ("0", "1", "4x", "04 5", "12345"):
            with self.subTest(prefix=prefix):
                f = pb.EventFilter(event_code_prefix=prefix)
                g = pb.EdgeFilter(event_code_prefix=prefix)
                self.assertInvalidField("filter.event_code_prefix", self.api.ListEvents,
                                        pb.ListEventsRequest(actor="Pf A", filter=f))
                self.assertInvalidField("filter.event_code_prefix", self.api.GetTimeline,
                                        pb.GetTimelineRequest(actor="Pf A", filter=f))
                self.assertInvalidField("filter.event_code_prefix", self.api.GetNeighbors,
                                        pb.GetNeighborsRequest(actor="Pf A", filter=g))
                self.assertInvalidField("filter.event_code_prefix", self.api.FindPaths,
                                        pb.FindPathsRequest(from_actor="Pf A",
                                                            to_actor="Pf C", filter=g))


class CodesCliTest(CodesTestCase):

    def test_table(self):
        out = harness.cli_ok(["codes", "04"], server=self.server).stdout
        lines = out.splitlines()
        self.assertEqual(lines[0].split(), ["code", "name", "quad", "goldstein"])
        self.assertEqual(len(lines), 9, out)
        self.assertRegex(lines[1], r"^04\s+Consult\s+1\s+1$")
        self.assertRegex(out, r"\n042\s+  Make a visit\s+1\s+1\.9\n")

    def test_json_and_csv(self):
        doc = cli_json(["codes", "19", "--quad", "4"], server=self.server)
        self.assertEqual([c["code"] for c in doc["codes"]],
                         ["19", "190", "191", "192", "193", "194", "195", "196"])
        self.assertEqual(doc["codes"][1]["name"], "Use conventional military force")
        self.assertEqual(doc["codes"][0]["level"], "CAMEO_LEVEL_ROOT")
        out = harness.cli_ok(["codes", "--quad", "1,2", "-o", "csv"], server=self.server).stdout
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual({r["quad_class"] for r in rows}, {"1", "2"})
        self.assertEqual(len(rows), len(self.codes(quads=[1, 2])))
        visit = next(r for r in rows if r["code"] == "042")
        self.assertEqual(visit, {"code": "042", "name": "Make a visit", "root": "04",
                                 "quad_class": "1", "goldstein": "1.9", "level": "base",
                                 "leaf": "true"})
        none = harness.cli_ok(["codes", "04", "--quad", "4"], server=self.server).stdout
        self.assertEqual(none.strip(), "(no codes)")

    def test_errors(self):
        bad = run_cli(["codes", "4"], server=self.server)
        self.assertEqual(bad.returncode, 1, bad.describe())
        self.assertIn("INVALID_ARGUMENT", bad.stderr)
        self.assertIn("prefix", bad.stderr)
        usage = run_cli(["codes", "--quad", "5"], server=self.server)
        self.assertEqual(usage.returncode, 2, usage.describe())
        timeline = run_cli(["timeline", "Anyone", "--code", "0"], server=self.server)
        self.assertEqual(timeline.returncode, 1, timeline.describe())
        self.assertIn("filter.event_code_prefix", timeline.stderr)

    def test_help_documents_roots(self):
        for command in ("timeline", "events", "path", "neighbors"):
            with self.subTest(command=command):
                out = harness.cli_ok([command, "--help"]).stdout
                self.assertIn("19 fight", " ".join(out.split()))


if __name__ == "__main__":
    harness.main()
