"""End-to-end tests of FindPaths, GetNeighbors and GetSubgraph against a real eventgraphd.

GraphCasesTest works on a small hand-made network whose answers are worked out by hand below.
Icews0515PathsTest (needs ../shared/data/icews05-15_events.tsv.gz; label `heavy`) loads the
whole file and compares the server with a plain BFS and a plain forward scan written here.
"""

import bisect
import collections
import datetime
import os
import random
import statistics
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import bad_request_violations, norm_name  # noqa: E402

SKIP_EXIT_CODE = 77

harness.use_system_python()
try:
    S = harness.load_stubs()
except unittest.SkipTest as skip:
    print(f"graph_e2e_test skipped: {skip}")
    sys.exit(SKIP_EXIT_CODE)
pb = S.pb

import grpc  # noqa: E402

SHORTEST, K_SHORTEST, WEIGHTED = (pb.PATH_MODE_SHORTEST, pb.PATH_MODE_K_SHORTEST,
                                  pb.PATH_MODE_WEIGHTED)
EARLIEST, LATEST = pb.PATH_MODE_EARLIEST_ARRIVAL, pb.PATH_MODE_LATEST_DEPARTURE
FASTEST, FEWEST = pb.PATH_MODE_FASTEST, pb.PATH_MODE_FEWEST_HOPS


def ev(actor, target, date, quad=0, goldstein=None, code="", action="Consult"):
    e = pb.Event(actor=actor, action=action, target=target, date=date, event_code=code,
                 quad_class=quad, source=f"test:{actor}>{target}@{date}")
    if goldstein is not None:
        e.goldstein = goldstein
    return e


# The hand-made network. A reaches D four ways:
#   A-E-D (2020-01-05, 2020-01-20)       earliest arrival; E->D is hostile (-5)
#   A-F-D (two events per hop)           cheapest (many cooperative events)
#   A-K-D (2020-06-01, 2020-06-02)       fastest (1 day), latest departure
#   A-B-C-D (2020-01-10 twice, 02-01)    3 hops, with a same-day chain A->B->C
# G->A makes G reach D only when following events forwards; H->A is dated 2019-12-31, on the
# edge of the 2020 windows; X->Y (05-02) then Y->W (05-01) is a path but no journey; Z only
# talks to itself.
NETWORK = [
    ev("A", "E", "2020-01-05", 1, 2.0, "042"),
    ev("E", "D", "2020-01-20", 3, -5.0, "111"),
    ev("A", "F", "2020-01-06", 1, 1.0, "043"),
    ev("A", "F", "2020-01-07", 1, 1.0, "043"),
    ev("F", "D", "2020-03-01", 1, 2.0, "051"),
    ev("F", "D", "2020-03-02", 1, 2.0, "051"),
    ev("A", "K", "2020-06-01", 2, 6.0, "061"),
    ev("K", "D", "2020-06-02", 2, 4.0, "061"),
    ev("A", "B", "2020-01-10", 1, 3.0, "042"),
    ev("B", "C", "2020-01-10", 1, 1.0, "010"),
    ev("C", "D", "2020-02-01", 4, -10.0, "190"),
    ev("G", "A", "2020-01-01", 1, 1.0, "010"),
    ev("H", "A", "2019-12-31", 1, 1.0, "010"),
    ev("D", "D", "2020-01-01", 0, None, "010"),
    ev("Z", "Z", "2020-04-01", 0, None, "010"),
    ev("X", "Y", "2020-05-02", 1, 1.0, "010"),
    ev("Y", "W", "2020-05-01", 1, 1.0, "010"),
]

HUB_SPOKES = 1200  # more than one 1000-item message of nodes


def cost(n, goldstein_mean):
    return 21.0 / (n * (goldstein_mean + 11.0))


class GraphCasesTest(harness.ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ack = cls.api.Ingest(pb.IngestRequest(events=NETWORK))
        assert ack.accepted == len(NETWORK) and not ack.rejections, ack
        spokes = [ev("Hub", f"Spoke {i:04d}", "2021-03-01") for i in range(HUB_SPOKES)]
        ack = cls.api.Ingest(pb.IngestRequest(events=spokes))
        assert ack.accepted == HUB_SPOKES, ack

    def paths(self, frm, to, **kw):
        kw.setdefault("from_date", "2020-01-01")
        kw.setdefault("to_date", "2020-12-31")
        return self.api.FindPaths(pb.FindPathsRequest(from_actor=frm, to_actor=to, **kw))

    def assert_error(self, code, call, field=None, text=None):
        with self.assertRaises(grpc.RpcError) as ctx:
            call()
        self.assertEqual(ctx.exception.code(), code, ctx.exception.details())
        if field is not None:
            self.assertIn(field, [f for f, _ in bad_request_violations(ctx.exception)])
        if text is not None:
            self.assertIn(text, ctx.exception.details())
        return ctx.exception

    # ---------------------------------------------------------------- hop paths

    def test_shortest_returns_every_tied_path(self):
        r = self.paths("A", "D")
        self.assertEqual(sorted(tuple(p.actors) for p in r.paths),
                         [("A", "E", "D"), ("A", "F", "D"), ("A", "K", "D")])
        self.assertFalse(r.truncated)
        self.assertEqual((r.from_date, r.to_date), ("2020-01-01", "2020-12-31"))
        self.assertGreaterEqual(r.stats.visited_actors, 2)

    def test_shortest_limit_truncates(self):
        r = self.paths("A", "D", limit=2)
        self.assertEqual(len(r.paths), 2)
        self.assertTrue(r.truncated)

    def test_evidence_of_each_hop(self):
        r = self.paths("A", "D", evidence_events=5)
        path = next(p for p in r.paths if list(p.actors) == ["A", "F", "D"])
        first, second = path.hops
        self.assertEqual((first.from_actor, first.to_actor), ("A", "F"))
        self.assertEqual(first.summary.event_count, 2)
        self.assertEqual(first.summary.verbal_cooperation, 2)
        self.assertEqual((first.summary.first_date, first.summary.last_date),
                         ("2020-01-06", "2020-01-07"))
        self.assertAlmostEqual(first.summary.goldstein_mean, 1.0)
        self.assertEqual([e.date for e in first.top_events], ["2020-01-07", "2020-01-06"])
        self.assertEqual(first.top_events[0].event_code, "043")
        self.assertEqual(first.top_events[0].source, "test:A>F@2020-01-07")
        self.assertEqual([e.date for e in second.top_events], ["2020-03-02", "2020-03-01"])
        one = self.paths("A", "D", evidence_events=1)
        self.assertTrue(all(len(h.top_events) == 1 for p in one.paths for h in p.hops))
        none = self.paths("A", "D", evidence_events=-1)
        self.assertTrue(all(len(h.top_events) == 0 for p in none.paths for h in p.hops))
        self.assertEqual(none.paths[0].hops[0].summary.event_count,
                         r.paths[0].hops[0].summary.event_count)

    def test_directed_and_undirected(self):
        self.assertEqual(len(self.paths("G", "D", directed=True).paths[0].hops), 3)
        backwards = self.paths("D", "G", directed=True)
        self.assertEqual(len(backwards.paths), 0)
        self.assertIn("directed", backwards.reason)
        undirected = self.paths("D", "G")
        self.assertEqual(len(undirected.paths[0].hops), 3)
        self.assertEqual(undirected.paths[0].actors[0], "D")
        # An undirected hop's evidence has both directions' events.
        hop = self.paths("D", "A", max_hops=2).paths[0].hops[0]
        self.assertGreaterEqual(hop.summary.event_count, 1)

    def test_window_bounds_are_inclusive(self):
        self.assertEqual(len(self.paths("H", "E").paths), 0)  # H->A is on 2019-12-31
        r = self.paths("H", "E", from_date="2019-12-31")
        self.assertEqual(list(r.paths[0].actors), ["H", "A", "E"])
        # The last day counts too, one day less does not.
        self.assertEqual(len(self.paths("A", "E", from_date="2020-01-05",
                                        to_date="2020-01-05").paths), 1)
        self.assertEqual(len(self.paths("A", "E", from_date="2020-01-06",
                                        to_date="2020-01-19").paths), 0)
        # Inside the window the path must use only the window's events: before March, F-D
        # and K-D do not exist, so the only 2-hop path is A-E-D.
        r = self.paths("A", "D", to_date="2020-02-29")
        self.assertEqual([list(p.actors) for p in r.paths], [["A", "E", "D"]])

    def test_max_hops_and_no_path(self):
        r = self.paths("G", "D", directed=True, max_hops=2)
        self.assertEqual(len(r.paths), 0)
        self.assertIn("within 2 hops", r.reason)
        z = self.paths("A", "Z")  # Z has only a self-loop
        self.assertEqual(len(z.paths), 0)
        self.assertTrue(z.reason)

    def test_filters_apply_during_the_search(self):
        r = self.paths("A", "D", filter=pb.EdgeFilter(goldstein_min=0))
        self.assertEqual(sorted(tuple(p.actors) for p in r.paths),
                         [("A", "F", "D"), ("A", "K", "D")])
        r = self.paths("A", "D", filter=pb.EdgeFilter(min_events=2))
        self.assertEqual([list(p.actors) for p in r.paths], [["A", "F", "D"]])
        r = self.paths("A", "D", filter=pb.EdgeFilter(quad_classes=[2]))
        self.assertEqual([list(p.actors) for p in r.paths], [["A", "K", "D"]])
        r = self.paths("A", "D", filter=pb.EdgeFilter(event_code_prefix="04"), max_hops=3)
        self.assertEqual(len(r.paths), 0)  # E-D (111), F-D (051), C-D (190) all fail
        r = self.paths("B", "C", filter=pb.EdgeFilter(action="consult"))
        self.assertEqual(len(r.paths), 1)
        r = self.paths("B", "C", filter=pb.EdgeFilter(action="Threaten"))
        self.assertEqual(len(r.paths), 0)

    def test_weighted_and_k_shortest(self):
        r = self.paths("A", "D", mode=WEIGHTED, limit=3)
        self.assertEqual([list(p.actors) for p in r.paths][:2],
                         [["A", "F", "D"], ["A", "K", "D"]])
        self.assertAlmostEqual(r.paths[0].cost, cost(2, 1.0) + cost(2, 2.0), places=9)
        self.assertAlmostEqual(r.paths[1].cost, cost(1, 6.0) + cost(1, 4.0), places=9)
        self.assertAlmostEqual(r.paths[0].hops[0].cost, cost(2, 1.0), places=9)
        costs = [p.cost for p in r.paths]
        self.assertEqual(costs, sorted(costs))
        k = self.paths("A", "D", mode=K_SHORTEST, limit=4)
        self.assertEqual([len(p.hops) for p in k.paths], [2, 2, 2, 3])
        self.assertEqual([list(p.actors) for p in k.paths][:3],
                         [["A", "F", "D"], ["A", "K", "D"], ["A", "E", "D"]])  # by cost
        self.assertEqual(list(k.paths[3].actors), ["A", "B", "C", "D"])

    # ---------------------------------------------------------------- journeys

    def test_earliest_arrival(self):
        r = self.paths("A", "D", mode=EARLIEST)
        self.assertEqual(len(r.paths), 1)
        p = r.paths[0]
        self.assertEqual(list(p.actors), ["A", "E", "D"])
        self.assertEqual((p.departure_date, p.arrival_date), ("2020-01-05", "2020-01-20"))
        self.assertEqual([h.event.date for h in p.hops], ["2020-01-05", "2020-01-20"])
        self.assertEqual(p.hops[1].event.actor, "E")
        # Leaving after 2020-01-05: the best is A-B-C-D, arriving 2020-02-01.
        later = self.paths("A", "D", mode=EARLIEST, start_date="2020-01-08").paths[0]
        self.assertEqual(later.arrival_date, "2020-02-01")
        self.assertEqual(list(later.actors), ["A", "B", "C", "D"])

    def test_same_day_chains_and_strict(self):
        r = self.paths("A", "C", mode=EARLIEST, directed=True)
        self.assertEqual([h.event.date for h in r.paths[0].hops], ["2020-01-10", "2020-01-10"])
        strict = self.paths("A", "C", mode=EARLIEST, directed=True, strict=True)
        self.assertEqual(len(strict.paths), 0)
        self.assertIn("strictly", strict.reason)

    def test_time_must_flow_forwards(self):
        hop = self.paths("X", "W", directed=True)
        self.assertEqual(list(hop.paths[0].actors), ["X", "Y", "W"])
        journey = self.paths("X", "W", directed=True, mode=EARLIEST)
        self.assertEqual(len(journey.paths), 0)
        self.assertIn("time-respecting", journey.reason)

    def test_latest_departure_fastest_fewest_hops(self):
        late = self.paths("A", "D", mode=LATEST).paths[0]
        self.assertEqual((late.departure_date, late.arrival_date), ("2020-06-01", "2020-06-02"))
        by_march = self.paths("A", "D", mode=LATEST, end_date="2020-03-01").paths[0]
        self.assertEqual(by_march.departure_date, "2020-01-10")  # A-B-C-D
        fast = self.paths("A", "D", mode=FASTEST).paths[0]
        self.assertEqual(list(fast.actors), ["A", "K", "D"])
        few = self.paths("A", "D", mode=FEWEST).paths[0]
        self.assertEqual(list(few.actors), ["A", "E", "D"])  # 2 hops, earliest arrival
        # Leaving after 2020-01-08 within 2 hops: A-B-C-D is too long, A-F-D left too
        # early, so A-K-D.
        capped = self.paths("A", "D", mode=EARLIEST, start_date="2020-01-08", max_hops=2)
        self.assertEqual(list(capped.paths[0].actors), ["A", "K", "D"])
        self.assertEqual(capped.paths[0].arrival_date, "2020-06-02")

    # ---------------------------------------------------------------- errors

    def test_request_errors(self):
        NF, IA = grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT
        self.assert_error(NF, lambda: self.paths("Atlantis", "D"), text="Atlantis")
        self.assert_error(NF, lambda: self.paths("A", "Lemuria"), text="Lemuria")
        self.assert_error(IA, lambda: self.paths("A", "a "), field="to_actor")
        self.assert_error(IA, lambda: self.paths("", "D"), field="from_actor")
        self.assert_error(IA, lambda: self.paths("A", "D", from_date="2020-02-01",
                                                 to_date="2020-01-01"), field="to_date")
        self.assert_error(IA, lambda: self.paths("A", "D", max_hops=9), field="max_hops")
        self.assert_error(IA, lambda: self.paths("A", "D", limit=101), field="limit")
        self.assert_error(IA, lambda: self.paths("A", "D", from_date="2020-13-01"),
                          field="from_date")
        self.assert_error(IA, lambda: self.paths("A", "D", start_date="2020-02-01"),
                          field="start_date")
        self.assert_error(IA, lambda: self.paths(
            "A", "D", filter=pb.EdgeFilter(goldstein_min=11)), field="filter.goldstein_min")
        self.assert_error(IA, lambda: self.paths(
            "A", "D", filter=pb.EdgeFilter(quad_classes=[7])), field="filter.quad_classes")
        self.assert_error(IA, lambda: self.paths("A", "D", mode=99), field="mode")
        self.assert_error(IA, lambda: self.paths("A", "D", evidence_events=21),
                          field="evidence_events")

    def test_budget_exhaustion_says_how_far(self):
        err = self.assert_error(grpc.StatusCode.RESOURCE_EXHAUSTED,
                                lambda: self.paths("G", "D", max_expanded_edges=2))
        self.assertIn("actors", err.details())
        err = self.assert_error(grpc.StatusCode.RESOURCE_EXHAUSTED,
                                lambda: self.paths("A", "D", mode=EARLIEST,
                                                   max_expanded_edges=2))
        self.assertIn("edges", err.details())
        # The server is fine afterwards.
        self.assertEqual(len(self.paths("A", "D").paths), 3)

    # ---------------------------------------------------------------- neighbours

    def test_neighbors(self):
        r = self.api.GetNeighbors(pb.GetNeighborsRequest(
            actor="a", from_date="2020-01-01", to_date="2020-12-31"))
        self.assertEqual(r.actor, "A")
        names = [n.actor for n in r.neighbors]
        self.assertEqual(names[0], "F")  # two events
        self.assertEqual(sorted(names), ["B", "E", "F", "G", "K"])  # H is outside the window
        self.assertEqual(r.total_neighbors, 5)
        g = next(n for n in r.neighbors if n.actor == "G")
        self.assertEqual((g.out_count, g.in_count), (0, 1))
        out = self.api.GetNeighbors(pb.GetNeighborsRequest(
            actor="A", direction=pb.DIRECTION_OUT, from_date="2020-01-01"))
        self.assertNotIn("G", [n.actor for n in out.neighbors])
        hostile = self.api.GetNeighbors(pb.GetNeighborsRequest(
            actor="D", order=pb.NEIGHBOR_ORDER_HOSTILE))
        self.assertEqual([n.actor for n in hostile.neighbors][:2], ["C", "E"])
        self.assertNotIn("D", [n.actor for n in hostile.neighbors])  # no self-loop partner
        recent = self.api.GetNeighbors(pb.GetNeighborsRequest(
            actor="D", order=pb.NEIGHBOR_ORDER_RECENT, limit=1))
        self.assertEqual([n.actor for n in recent.neighbors], ["K"])
        self.assertEqual(recent.total_neighbors, 4)
        with self.assertRaises(grpc.RpcError) as ctx:
            self.api.GetNeighbors(pb.GetNeighborsRequest(actor="Atlantis"))
        self.assertEqual(ctx.exception.code(), grpc.StatusCode.NOT_FOUND)

    # ---------------------------------------------------------------- subgraphs

    def subgraph(self, **kw):
        chunks = list(self.api.GetSubgraph(pb.GetSubgraphRequest(**kw)))
        nodes = [n for c in chunks for n in c.nodes]
        edges = [e for c in chunks for e in c.edges]
        return chunks, nodes, edges

    def test_subgraph_around_a(self):
        chunks, nodes, edges = self.subgraph(seeds=["A"], radius=1, from_date="2020-01-01",
                                             to_date="2020-12-31")
        self.assertEqual(len(chunks), 1)
        self.assertEqual(chunks[0].from_date, "2020-01-01")
        self.assertEqual(nodes[0].actor, "A")
        self.assertEqual(nodes[0].distance, 0)
        self.assertEqual(sorted(n.actor for n in nodes[1:]), ["B", "E", "F", "G", "K"])
        self.assertTrue(all(n.distance == 1 for n in nodes[1:]))
        pairs = {(e.from_actor, e.to_actor): e.summary.event_count for e in edges}
        self.assertEqual(pairs, {("A", "F"): 2, ("A", "E"): 1, ("A", "K"): 1,
                                 ("A", "B"): 1, ("G", "A"): 1})
        a = nodes[0]
        self.assertEqual(a.total.event_count, 6)  # 5 out, 1 in (G)
        _, nodes2, edges2 = self.subgraph(seeds=["A"], radius=2, from_date="2020-01-01",
                                          to_date="2020-12-31")
        self.assertIn(("B", "C"), {(e.from_actor, e.to_actor) for e in edges2})
        self.assertEqual({n.actor: n.distance for n in nodes2}["D"], 2)
        _, only, none = self.subgraph(seeds=["A", "E"], radius=0, from_date="2020-01-01")
        self.assertEqual([n.actor for n in only], ["A", "E"])  # A has more events
        self.assertEqual([(e.from_actor, e.to_actor) for e in none], [("A", "E")])

    def test_large_subgraph_streams_in_chunks(self):
        chunks, nodes, edges = self.subgraph(seeds=["Hub"], radius=1, max_nodes=5000,
                                             max_edges=5000)
        self.assertEqual(len(nodes), HUB_SPOKES + 1)
        self.assertEqual(len(edges), HUB_SPOKES)
        self.assertGreaterEqual(len(chunks), 3)
        self.assertTrue(all(len(c.nodes) + len(c.edges) <= 1000 for c in chunks))
        self.assertFalse(chunks[-1].truncated)
        chunks, nodes, edges = self.subgraph(seeds=["Hub"], radius=1, max_nodes=100)
        self.assertEqual(len(nodes), 100)
        self.assertEqual(len(edges), 99)
        self.assertTrue(chunks[-1].truncated)

    def test_subgraph_errors(self):
        IA = grpc.StatusCode.INVALID_ARGUMENT
        self.assert_error(IA, lambda: self.subgraph(seeds=[]), field="seeds")
        self.assert_error(IA, lambda: self.subgraph(seeds=["A"], radius=5), field="radius")
        self.assert_error(grpc.StatusCode.NOT_FOUND,
                          lambda: self.subgraph(seeds=["A", "Atlantis"]), text="Atlantis")


# -------------------------------------------------------------------- ICEWS 2005-2015


def day_of(text):
    return datetime.date.fromisoformat(text).toordinal()


class Icews0515PathsTest(harness.ServerTestCase):
    """Hop counts and earliest arrivals on real data, against plain Python."""

    FILE = "icews05-15_events.tsv.gz"
    WINDOWS = [("2005-01-01", "2015-12-31"), ("2010-01-01", "2014-12-31"),
               ("2008-03-01", "2008-05-31")]
    PAIRS_PER_WINDOW = 20
    state = {}

    @classmethod
    def setUpClass(cls):
        cls.path = harness.data_file(cls.FILE)
        super().setUpClass()
        cls.rng = random.Random(20261127)
        names = {}
        cls.events = []  # (day, actor, target) with normalized names, sorted by day
        for row in harness.read_tsv(cls.path):
            a, t = norm_name(row["actor"]), norm_name(row["target"])
            names.setdefault(a, row["actor"].strip())
            names.setdefault(t, row["target"].strip())
            cls.events.append((day_of(row["date"]), a, t))
        cls.events.sort()
        cls.days = [e[0] for e in cls.events]
        cls.names = names
        summary = harness.cli_json(["ingest", cls.path, "--quiet"], server=cls.server,
                                   timeout=1200)
        assert harness.jint(summary, "rejected") == 0, summary

    def window_events(self, window):
        lo = bisect.bisect_left(self.days, day_of(window[0]))
        hi = bisect.bisect_right(self.days, day_of(window[1]))
        return self.events[lo:hi]

    @staticmethod
    def adjacency(events, directed):
        adj = collections.defaultdict(set)
        for _, a, t in events:
            if a == t:
                continue
            adj[a].add(t)
            if not directed:
                adj[t].add(a)
        return adj

    @staticmethod
    def bfs(adj, source):
        dist = {source: 0}
        queue = collections.deque([source])
        while queue:
            u = queue.popleft()
            for v in adj[u]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    queue.append(v)
        return dist

    @staticmethod
    def earliest_arrival(events, source, directed):
        """Arrival day per actor: a plain forward scan, same-day events chained to a fixpoint."""
        arrival = {source: -1}
        i = 0
        while i < len(events):
            j = i
            while j < len(events) and events[j][0] == events[i][0]:
                j += 1
            day, changed = events[i][0], True
            while changed:
                changed = False
                for _, a, t in events[i:j]:
                    if a == t:
                        continue
                    for u, v in ((a, t), (t, a)) if not directed else ((a, t),):
                        if u in arrival and v not in arrival:
                            arrival[v] = day
                            changed = True
            i = j
        del arrival[source]
        return arrival

    def pair_count(self, events_by_pair, a, b, directed):
        n = events_by_pair.get((a, b), 0)
        return n if directed else n + events_by_pair.get((b, a), 0)

    def check_window(self, window, directed, latencies):
        events = self.window_events(window)
        adj = self.adjacency(events, directed)
        by_pair = collections.Counter((a, t) for _, a, t in events if a != t)
        actors = sorted(adj)
        checked = 0
        while checked < self.PAIRS_PER_WINDOW:
            source = self.rng.choice(actors)
            dist = self.bfs(adj, source)
            arrival = self.earliest_arrival(events, source, directed)
            reachable = [v for v in dist if v != source]
            if not reachable:
                continue
            # Targets at several distances, and one actor it cannot reach (when any).
            targets = self.rng.sample(reachable, min(3, len(reachable)))
            unreachable = [v for v in actors[:500] if v not in dist]
            if unreachable:
                targets.append(self.rng.choice(unreachable))
            for target in targets:
                checked += 1
                frm, to = self.names[source], self.names[target]
                with self.subTest(window=window, directed=directed, frm=frm, to=to):
                    t0 = time.perf_counter()
                    r = self.api.FindPaths(pb.FindPathsRequest(
                        from_actor=frm, to_actor=to, from_date=window[0], to_date=window[1],
                        directed=directed, max_hops=8, limit=3))
                    latencies["shortest"].append(time.perf_counter() - t0)
                    want = dist.get(target)
                    if want is None or want > 8:
                        self.assertEqual(len(r.paths), 0, r.paths[:1])
                        self.assertTrue(r.reason)
                    else:
                        self.assertTrue(r.paths, r.reason)
                        for p in r.paths:
                            self.assertEqual(len(p.hops), want)
                            self.check_hops(p, by_pair, directed, source, target)
                    t0 = time.perf_counter()
                    j = self.api.FindPaths(pb.FindPathsRequest(
                        from_actor=frm, to_actor=to, from_date=window[0], to_date=window[1],
                        directed=directed, mode=EARLIEST, evidence_events=-1))
                    latencies["earliest"].append(time.perf_counter() - t0)
                    if target not in arrival:
                        self.assertEqual(len(j.paths), 0)
                    else:
                        self.assertEqual(len(j.paths), 1, j.reason)
                        p = j.paths[0]
                        self.assertEqual(day_of(p.arrival_date), arrival[target])
                        self.check_journey(p, window, directed, source, target)

    def check_hops(self, path, by_pair, directed, source, target):
        actors = [norm_name(a) for a in path.actors]
        self.assertEqual((actors[0], actors[-1]), (source, target))
        self.assertEqual(len(set(actors)), len(actors))
        for hop, (a, b) in zip(path.hops, zip(actors, actors[1:])):
            self.assertEqual((norm_name(hop.from_actor), norm_name(hop.to_actor)), (a, b))
            self.assertEqual(hop.summary.event_count, self.pair_count(by_pair, a, b, directed))
            self.assertGreater(hop.summary.event_count, 0)

    def check_journey(self, path, window, directed, source, target):
        actors = [norm_name(a) for a in path.actors]
        self.assertEqual((actors[0], actors[-1]), (source, target))
        self.assertEqual(len(set(actors)), len(actors))
        last = day_of(window[0])
        for hop, (a, b) in zip(path.hops, zip(actors, actors[1:])):
            e = hop.event
            ends = (norm_name(e.actor), norm_name(e.target))
            self.assertTrue(ends == (a, b) or (not directed and ends == (b, a)), (ends, a, b))
            self.assertGreaterEqual(day_of(e.date), last)
            last = day_of(e.date)
        self.assertLessEqual(last, day_of(window[1]))
        self.assertEqual(path.departure_date, path.hops[0].event.date)
        self.assertEqual(path.arrival_date, path.hops[-1].event.date)

    def test_top_partners_agree_with_a_plain_count(self):
        """GetNeighbors by count (the peers' Q3) for random actors and windows."""
        for window in self.WINDOWS:
            events = self.window_events(window)
            partners = collections.defaultdict(collections.Counter)
            outs = collections.defaultdict(collections.Counter)
            for _, a, t in events:
                if a != t:
                    partners[a][t] += 1
                    partners[t][a] += 1
                    outs[a][t] += 1
            busiest = sorted(partners, key=lambda x: -sum(partners[x].values()))[:3]
            for actor in busiest + self.rng.sample(sorted(partners), 5):
                with self.subTest(window=window, actor=self.names[actor]):
                    r = self.api.GetNeighbors(pb.GetNeighborsRequest(
                        actor=self.names[actor], from_date=window[0], to_date=window[1],
                        limit=10))
                    want = sorted(partners[actor].items(),
                                  key=lambda kv: (-kv[1], self.names[kv[0]].encode()))[:10]
                    self.assertEqual([(n.actor, n.summary.event_count) for n in r.neighbors],
                                     [(self.names[k], v) for k, v in want])
                    self.assertEqual(r.total_neighbors, len(partners[actor]))
                    for n in r.neighbors:
                        key = norm_name(n.actor)
                        self.assertEqual(n.out_count, outs[actor][key])
                        self.assertEqual(n.in_count, outs[key][actor])
                    # The same partners ranked the slow way (every event summarized).
                    recent = self.api.GetNeighbors(pb.GetNeighborsRequest(
                        actor=self.names[actor], from_date=window[0], to_date=window[1],
                        limit=1000, order=pb.NEIGHBOR_ORDER_RECENT))
                    got = {n.actor: n.summary.event_count for n in recent.neighbors}
                    self.assertEqual(len(got), min(1000, len(partners[actor])))
                    for name, count in got.items():
                        self.assertEqual(count, partners[actor][norm_name(name)], name)

    def test_paths_agree_with_plain_bfs_and_scan(self):
        latencies = collections.defaultdict(list)
        for window in self.WINDOWS:
            for directed in (False, True):
                self.check_window(window, directed, latencies)
        for name, values in latencies.items():
            values.sort()
            print(f"{name}: {len(values)} queries, p50 {statistics.median(values) * 1e3:.2f} ms,"
                  f" p99 {values[int(len(values) * 0.99)] * 1e3:.2f} ms (debug build, gRPC)",
                  file=sys.stderr)


if __name__ == "__main__":
    harness.main()
