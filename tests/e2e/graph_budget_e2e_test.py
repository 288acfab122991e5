"""End-to-end test of the graph index's memory budget (`eventgraphd --graph-memory-mb`).

Two servers load the same generated events (three years, written by `eventgraph generate`):
one with a 1 MiB graph budget, which keeps only the newest days in memory, and one with the
default. Paths, journeys and neighbours must be the same on both, for windows inside the
bounded graph's days, straddling its first day and wholly before it (read from disk); a window
too big for the budget gets RESOURCE_EXHAUSTED naming the graph's first day; GetStats reports
the budget, the bytes and the first day; a restart keeps the bound. Needs no data files.
"""

import collections
import datetime
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, cli_ok, jint  # noqa: E402

SKIP_EXIT_CODE = 77

harness.use_system_python()
try:
    S = harness.load_stubs()
except unittest.SkipTest as skip:
    print(f"graph_budget_e2e_test skipped: {skip}")
    sys.exit(SKIP_EXIT_CODE)
pb = S.pb

import grpc  # noqa: E402

EVENTS = 60000
BUDGET_MB = 1


def day(text):
    return datetime.date.fromisoformat(text)


def shifted(text, days):
    return (day(text) + datetime.timedelta(days=days)).isoformat()


class GraphBudgetTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dir = harness.make_temp_dir()
        cls.addClassCleanup(harness.remove_temp_dir, cls.dir)
        cls.data = os.path.join(cls.dir, "events.tsv")
        cli_ok(["generate", "--events", EVENTS, "--actors", 1500, "--seed", 5, "--format",
                "tsv", "--from", "2020-01-01", "--to", "2022-12-31", "--output", cls.data])
        cls.rows = list(harness.read_tsv(cls.data))
        cls.bounded = harness.Server(extra_args=["--graph-memory-mb", str(BUDGET_MB)])
        cls.full = harness.Server()
        for server in (cls.bounded, cls.full):
            cls.addClassCleanup(server.close)
            server.start()
            summary = cli_json(["ingest", cls.data, "--quiet"], server=server)
            if jint(summary, "accepted") != EVENTS:
                raise AssertionError(f"ingest failed: {summary}")
        cls.api_bounded = harness.Api(cls.bounded.address)
        cls.api_full = harness.Api(cls.full.address)
        cls.addClassCleanup(lambda: cls.api_bounded.close())
        cls.addClassCleanup(lambda: cls.api_full.close())
        cls.first = cls.api_bounded.GetStats(pb.GetStatsRequest()).graph_first_date

    def busiest(self, lo, hi, n):
        """The n actors with the most events in [lo, hi], by the test's own count."""
        count = collections.Counter()
        for r in self.rows:
            if lo <= r["date"] <= hi:
                count[r["actor"]] += 1
                count[r["target"]] += 1
        return [a for a, _ in count.most_common(n)]

    def windows(self):
        return [
            ("inside the graph's days", self.first, "2022-12-31"),
            ("straddling its first day", shifted(self.first, -20), shifted(self.first, 10)),
            ("before it, from disk", "2020-03-01", "2020-03-25"),
        ]

    def test_stats_report_the_budget_and_the_first_day(self):
        s = self.api_bounded.GetStats(pb.GetStatsRequest())
        self.assertEqual(s.graph_budget_bytes, BUDGET_MB << 20)
        self.assertGreater(s.graph_bytes, 0)
        self.assertLessEqual(s.graph_bytes, BUDGET_MB << 20)
        self.assertGreater(s.graph_first_date, "2020-06-01")
        self.assertLessEqual(s.graph_first_date, "2022-12-31")
        f = self.api_full.GetStats(pb.GetStatsRequest())
        self.assertEqual(f.graph_first_date, "")
        self.assertEqual(f.graph_budget_bytes, 1024 << 20)
        self.assertGreater(f.graph_bytes, s.graph_bytes * 3)
        # The CLI shows them too.
        doc = cli_json(["stats"], server=self.bounded)
        self.assertEqual(doc["graphFirstDate"], s.graph_first_date)
        self.assertEqual(jint(doc, "graphBudgetBytes"), BUDGET_MB << 20)

    def paths(self, api, frm, to, lo, hi, mode):
        return api.FindPaths(pb.FindPathsRequest(
            from_actor=frm, to_actor=to, from_date=lo, to_date=hi, mode=mode, max_hops=4,
            limit=5, evidence_events=1))

    @staticmethod
    def canonical(r, journey):
        if r.truncated:
            # More shortest paths than the limit: which of them are returned
            # is not specified (it follows the graph's inner order), only
            # how many and how long.
            return (r.from_date, r.to_date, len(r.paths),
                    sorted(len(p.hops) for p in r.paths), r.reason)
        out = []
        for p in r.paths:
            if journey:
                # Earliest arrival: the arrival day, then the hops (the
                # departure of equally good journeys is not specified).
                out.append((len(p.hops), p.arrival_date))
            else:
                out.append((tuple(p.actors), tuple(h.summary.event_count for h in p.hops)))
        return (r.from_date, r.to_date, sorted(out), r.reason)

    def test_paths_and_journeys_match_the_unbounded_server(self):
        rng = random.Random(9)
        compared = found = 0
        for name, lo, hi in self.windows():
            actors = self.busiest(lo, hi, 30)
            for _ in range(6):
                frm, to = rng.sample(actors, 2)
                for mode in (pb.PATH_MODE_SHORTEST, pb.PATH_MODE_EARLIEST_ARRIVAL):
                    with self.subTest(window=name, frm=frm, to=to, mode=mode):
                        a = self.paths(self.api_bounded, frm, to, lo, hi, mode)
                        b = self.paths(self.api_full, frm, to, lo, hi, mode)
                        journey = mode != pb.PATH_MODE_SHORTEST
                        self.assertEqual(self.canonical(a, journey), self.canonical(b, journey))
                        compared += 1
                        found += 1 if a.paths else 0
        self.assertEqual(compared, 36)
        self.assertGreater(found, 12)

    def test_neighbors_match_the_unbounded_server(self):
        for name, lo, hi in self.windows():
            actor = self.busiest(lo, hi, 1)[0]
            with self.subTest(window=name, actor=actor):
                req = pb.GetNeighborsRequest(actor=actor, from_date=lo, to_date=hi, limit=1000)
                a = self.api_bounded.GetNeighbors(req)
                b = self.api_full.GetNeighbors(req)
                self.assertGreater(len(a.neighbors), 3)
                self.assertEqual(
                    sorted((n.actor, n.summary.event_count, n.out_count) for n in a.neighbors),
                    sorted((n.actor, n.summary.event_count, n.out_count) for n in b.neighbors))

    def test_a_window_too_big_for_the_budget_is_refused(self):
        actors = self.busiest("2020-01-01", "2022-12-31", 2)
        with self.assertRaises(grpc.RpcError) as ctx:
            self.paths(self.api_bounded, actors[0], actors[1], "", "",
                       pb.PATH_MODE_SHORTEST)
        self.assertEqual(ctx.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertIn(self.first, ctx.exception.details())
        self.assertIn("--graph-memory-mb", ctx.exception.details())
        # The unbounded server answers it.
        self.paths(self.api_full, actors[0], actors[1], "", "", pb.PATH_MODE_SHORTEST)
        # And the bounded one still serves the rest.
        self.paths(self.api_bounded, actors[0], actors[1], self.first, "",
                   pb.PATH_MODE_SHORTEST)

    def test_zz_a_restart_keeps_the_bound(self):
        self.bounded.restart()
        api = harness.Api(self.bounded.address)
        try:
            s = api.GetStats(pb.GetStatsRequest())
            self.assertLessEqual(s.graph_bytes, BUDGET_MB << 20)
            self.assertNotEqual(s.graph_first_date, "")
            lo, hi = "2020-03-01", "2020-03-25"
            actors = self.busiest(lo, hi, 2)
            a = self.paths(api, actors[0], actors[1], lo, hi, pb.PATH_MODE_SHORTEST)
            b = self.paths(self.api_full, actors[0], actors[1], lo, hi, pb.PATH_MODE_SHORTEST)
            self.assertEqual(self.canonical(a, False), self.canonical(b, False))
        finally:
            api.close()
        type(self).api_bounded.close()
        type(self).api_bounded = harness.Api(self.bounded.address)


if __name__ == "__main__":
    harness.main()
