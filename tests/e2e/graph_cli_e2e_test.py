"""End-to-end tests of the graph commands of the `eventgraph` CLI (path,
neighbors, subgraph) against a real `eventgraphd`, on a tiny hand-made graph.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... python3 tests/e2e/graph_cli_e2e_test.py
(see harness.py for the environment variables).
"""

import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, cli_ok, jint, run_cli  # noqa: E402

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
ARROW = "\u2014({})\u2192"  # "—(label)→"
SPECIAL = 'Omega <&"> Co'

# The graph (see tests/python_client/test_client.py, GraphTest, for the
# same chain):
#   Alpha -> Beta 2019-01-10 (coop), 2019-03-01 (conflict)
#   Beta -> Gamma 2019-02-01, 2019-03-05; Gamma -> Delta 2019-01-05 (early)
#   Beta -> Beta (a self-loop); Epsilon -> Alpha 2019-06-01 (hostile)
#   'Omega <&"> Co' -> Beta 2019-05-05; Kappa -> {Lambda, Mu} -> Nu
EVENTS = [
    dict(actor="Alpha", action="Consult", target="Beta", date="2019-01-10",
         event_code="040", quad_class=1, goldstein=3.0, source="e1"),
    dict(actor="Alpha", action="Criticize", target="Beta", date="2019-03-01",
         event_code="111", quad_class=3, goldstein=-2.0, source="e2"),
    dict(actor="Beta", action="Provide aid", target="Gamma", date="2019-02-01",
         event_code="070", quad_class=2, goldstein=5.0, source="e3"),
    # No score: a code outside the CAMEO codebook gets no default Goldstein.
    dict(actor="Beta", action="Consult", target="Gamma", date="2019-03-05",
         event_code="0499", quad_class=1, source="e4"),
    dict(actor="Gamma", action="Consult", target="Delta", date="2019-01-05",
         event_code="040", quad_class=1, goldstein=1.0, source="e5"),
    dict(actor="Beta", action="Praise", target="Beta", date="2019-02-15",
         event_code="051", quad_class=1, goldstein=3.4, source="e6"),
    dict(actor="Epsilon", action="Threaten", target="Alpha", date="2019-06-01",
         event_code="130", quad_class=3, goldstein=-4.4, source="e7"),
    dict(actor=SPECIAL, action="Consult", target="Beta", date="2019-05-05",
         event_code="040", quad_class=1, goldstein=2.0, source="e8"),
    dict(actor="Kappa", action="Consult", target="Lambda", date="2019-04-01", source="d1"),
    dict(actor="Kappa", action="Consult", target="Mu", date="2019-04-01", source="d2"),
    dict(actor="Lambda", action="Consult", target="Nu", date="2019-04-01", source="d3"),
    dict(actor="Mu", action="Consult", target="Nu", date="2019-04-01", source="d4"),
]


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


class GraphCliTest(harness.ServerTestCase):
    WITH_API = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = harness.make_temp_dir("eventgraph-graph-cli-")
        cls.addClassCleanup(harness.remove_temp_dir, folder)
        path = os.path.join(folder, "graph.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for e in EVENTS:
                f.write(json.dumps(e) + "\n")
        summary = cli_json(["ingest", path, "--quiet"], server=cls.server)
        if jint(summary, "accepted") != len(EVENTS):
            raise AssertionError(f"ingest failed: {summary}")

    def cli(self, args, output=None):
        return cli_ok(args, server=self.server, output=output)

    def json(self, args):
        return cli_json(args, server=self.server)

    def failing(self, args, output=None):
        return run_cli(args, server=self.server, output=output)

    # ------------------------------------------------------------ path

    def test_path_json_is_the_response(self):
        doc = self.json(["path", "alpha", "GAMMA"])
        self.assertEqual((doc["fromActor"], doc["toActor"], doc["mode"]),
                         ("Alpha", "Gamma", "PATH_MODE_SHORTEST"))
        self.assertEqual((doc["fromDate"], doc["toDate"]), ("2019-01-05", "2019-06-01"))
        self.assertEqual((doc["reason"], doc["truncated"]), ("", False))
        self.assertEqual([p["actors"] for p in doc["paths"]], [["Alpha", "Beta", "Gamma"]])
        first, second = doc["paths"][0]["hops"]
        self.assertEqual((first["fromActor"], first["toActor"]), ("Alpha", "Beta"))
        summary = first["summary"]
        self.assertEqual(jint(summary, "eventCount"), 2)
        self.assertEqual(jint(summary, "verbalCooperation"), 1)
        self.assertEqual(jint(summary, "verbalConflict"), 1)
        self.assertAlmostEqual(summary["goldsteinMean"], 0.5)
        self.assertEqual((summary["firstDate"], summary["lastDate"]),
                         ("2019-01-10", "2019-03-01"))
        self.assertEqual([e["action"] for e in first["topEvents"]], ["Criticize", "Consult"])
        self.assertEqual(jint(second["summary"], "eventCount"), 2)
        self.assertGreater(jint(doc["stats"], "visitedActors"), 0)

    def test_path_table(self):
        out = self.cli(["path", "Alpha", "Gamma"]).stdout
        self.assertIn("Alpha \u2192 Gamma: 1 shortest path, 2019-01-05 to 2019-06-01, "
                      "undirected\n", out)
        line = ("Alpha " + ARROW.format("2 events, 2019-01-10..2019-03-01") + " Beta "
                + ARROW.format("2 events, 2019-02-01..2019-03-05") + " Gamma")
        self.assertIn("\n1. " + line + "\n   2 hops\n", out)
        self.assertIn("   Alpha \u2194 Beta: 1 vcoop, 1 vconf; goldstein 0.5\n", out)
        self.assertRegex(out, r"\n     2019-03-01  \u2192  Criticize  +111  e2\n")
        self.assertIn("   Beta \u2194 Gamma: 1 vcoop, 1 mcoop; goldstein 5 (1 scored)\n", out)
        self.assertRegex(out, r"\nvisited \d+ actors, expanded \d+ edges, depth \d+, "
                              r"[\d.]+ ms\n$")
        self.assertNotIn("\x1b[", out)  # not a terminal: no colour
        painted = self.cli(["--color", "always", "path", "Alpha", "Gamma"]).stdout
        self.assertIn("\x1b[2mvisited", painted)  # the dim footer

    def test_journey_table(self):
        out = self.cli(["path", "Alpha", "Gamma", "--mode", "earliest", "--directed"]).stdout
        self.assertIn("1 earliest-arrival journey", out)
        self.assertIn("Alpha " + ARROW.format("2019-01-10 Consult") + " Beta "
                      + ARROW.format("2019-02-01 Provide aid") + " Gamma\n", out)
        self.assertIn("   2 hops, departs 2019-01-10, arrives 2019-02-01, span 22 days\n",
                      out)
        latest = self.json(["path", "Alpha", "Gamma", "--mode", "latest", "--directed"])
        path = latest["paths"][0]
        self.assertEqual((path["departureDate"], path["arrivalDate"]),
                         ("2019-03-01", "2019-03-05"))
        self.assertEqual([h["event"]["action"] for h in path["hops"]],
                         ["Criticize", "Consult"])
        later = self.json(["path", "Alpha", "Gamma", "--mode", "earliest", "--directed",
                           "--start", "20190201"])
        self.assertEqual(later["paths"][0]["arrivalDate"], "2019-03-05")
        fastest = self.cli(["path", "Alpha", "Gamma", "--mode", "fastest",
                            "--directed"]).stdout
        self.assertIn("departs 2019-03-01, arrives 2019-03-05, span 4 days", fastest)

    def test_no_path_prints_the_reason(self):
        args = ["path", "Alpha", "Delta", "--mode", "earliest", "--directed"]
        doc = self.json(args)
        self.assertEqual(doc["paths"], [])
        self.assertTrue(doc["reason"])
        out = self.cli(args).stdout
        self.assertIn("\nno path: " + doc["reason"] + "\n", out)
        as_csv = self.cli(args, output="csv")
        self.assertEqual(len(csv_rows(as_csv.stdout)), 0)
        self.assertIn("no path: " + doc["reason"], as_csv.stderr)
        directed = self.json(["path", "Gamma", "Alpha", "--directed"])
        self.assertEqual(directed["paths"], [])
        self.assertEqual(len(self.json(["path", "Gamma", "Alpha"])["paths"]), 1)

    def test_path_csv_one_row_per_hop(self):
        rows = csv_rows(self.cli(["path", "Alpha", "Gamma", "--mode", "weighted"],
                                 output="csv").stdout)
        self.assertEqual([(r["path_index"], r["hop_index"], r["from"], r["to"])
                          for r in rows],
                         [("0", "0", "Alpha", "Beta"), ("0", "1", "Beta", "Gamma")])
        self.assertEqual([r["event_count"] for r in rows], ["2", "2"])
        self.assertEqual([r["first_date"] for r in rows], ["2019-01-10", "2019-02-01"])
        self.assertAlmostEqual(float(rows[0]["cost"]), 21 / (2 * 11.5))
        self.assertAlmostEqual(float(rows[1]["cost"]), 21 / (2 * 16))
        self.assertAlmostEqual(float(rows[0]["path_cost"]), 21 / 23 + 21 / 32)
        self.assertEqual(rows[0]["event_id"], "")
        journey = csv_rows(self.cli(["path", "Alpha", "Gamma", "--mode", "earliest",
                                     "--directed"], output="csv").stdout)
        self.assertEqual([(r["event_date"], r["event_action"]) for r in journey],
                         [("2019-01-10", "Consult"), ("2019-02-01", "Provide aid")])
        self.assertTrue(all(r["event_id"] for r in journey))

    def test_path_flags_reach_the_server(self):
        def count(*args):
            return len(self.json(["path", "Alpha", "Gamma", *args])["paths"])

        self.assertEqual(count("--quad", "3,4"), 0)
        self.assertEqual(count("--quad", "1", "--quad", "2"), 1)
        self.assertEqual(count("--min-events", "3"), 0)
        self.assertEqual(count("--goldstein-max", "-3"), 0)
        self.assertEqual(count("--goldstein-min", "-2.5"), 1)
        self.assertEqual(count("--code", "04"), 1)
        self.assertEqual(count("--code", "07"), 0)
        bad_code = run_cli(["path", "Alpha", "Gamma", "--code", "0"], server=self.server)
        self.assertEqual(bad_code.returncode, 1, bad_code.describe())
        self.assertIn("filter.event_code_prefix", bad_code.stderr)
        self.assertEqual(count("--action", "criticize"), 0)
        self.assertEqual(count("--to", "2019-01-31"), 0)
        self.assertEqual(count("--max-hops", "1"), 0)
        no_evidence = self.json(["path", "Alpha", "Gamma", "--evidence", "0"])
        self.assertEqual([h.get("topEvents", []) for h in no_evidence["paths"][0]["hops"]],
                         [[], []])
        one = self.json(["path", "Alpha", "Gamma", "--evidence", "1"])
        self.assertEqual(len(one["paths"][0]["hops"][0]["topEvents"]), 1)
        both = self.cli(["path", "Kappa", "Nu"], output="json")
        self.assertEqual(len(json.loads(both.stdout)["paths"]), 2)
        self.assertNotIn("note:", both.stderr)
        cut = self.cli(["path", "Kappa", "Nu", "--limit", "1"], output="json")
        self.assertEqual(len(json.loads(cut.stdout)["paths"]), 1)
        self.assertIn("more shortest paths exist", cut.stderr)
        k = self.json(["path", "Kappa", "Nu", "--mode", "k-shortest", "--k", "5"])
        self.assertEqual((k["mode"], len(k["paths"])), ("PATH_MODE_K_SHORTEST", 2))

    # ------------------------------------------------------------ neighbors

    def test_neighbors_outputs(self):
        doc = self.json(["neighbors", "Alpha"])
        self.assertEqual((doc["actor"], jint(doc, "totalNeighbors")), ("Alpha", 2))
        self.assertEqual([(n["actor"], jint(n, "outCount"), jint(n, "inCount"),
                           jint(n["summary"], "eventCount")) for n in doc["neighbors"]],
                         [("Beta", 2, 0, 2), ("Epsilon", 0, 1, 1)])
        out = self.cli(["neighbors", "Alpha"]).stdout
        self.assertIn("Alpha \u2194 2 partners, 2019-01-05 to 2019-06-01\n", out)
        self.assertRegex(out, r"\nactor +events +out +in +vcoop +mcoop +vconf +mconf "
                              r"+goldstein +first +last\n")
        self.assertRegex(out, r"\nBeta +2 +2 +0 +1 +0 +1 +0 +0\.5 +2019-01-10 +2019-03-01\n")
        self.assertRegex(out, r"\nEpsilon +1 +0 +1 +0 +0 +1 +0 +-4\.4 +2019-06-01 "
                              r"+2019-06-01\n")
        rows = csv_rows(self.cli(["neighbors", "Alpha", "--order", "hostile"],
                                 output="csv").stdout)
        self.assertEqual([(r["actor"], r["event_count"], r["out_count"], r["in_count"],
                           r["goldstein_mean"]) for r in rows],
                         [("Epsilon", "1", "0", "1", "-4.4"), ("Beta", "2", "2", "0", "0.5")])

    def test_neighbors_flags(self):
        def names(*args):
            return [n["actor"] for n in self.json(["neighbors", *args])["neighbors"]]

        self.assertEqual(names("Alpha", "--direction", "out"), ["Beta"])
        self.assertEqual(names("Alpha", "--direction", "in"), ["Epsilon"])
        self.assertEqual(names("Alpha", "--order", "recent"), ["Epsilon", "Beta"])
        self.assertEqual(names("Alpha", "--to", "2019-05-31"), ["Beta"])
        self.assertEqual(names("Alpha", "--limit", "1"), ["Beta"])
        # The self-loop Beta -> Beta makes no partner.
        self.assertEqual(names("Beta"), ["Alpha", "Gamma", SPECIAL])
        limited = self.cli(["neighbors", "Beta", "--limit", "1"]).stdout
        self.assertIn("3 partners, 2019-01-05 to 2019-06-01, showing 1\n", limited)

    # ------------------------------------------------------------ subgraph

    def test_subgraph_graphml(self):
        text = self.cli(["subgraph", "Beta"], output="graphml").stdout
        root = ET.fromstring(text.encode("utf-8"))
        self.assertEqual(root.tag, GRAPHML + "graphml")
        keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
                for k in root.findall(GRAPHML + "key")}
        graph = root.find(GRAPHML + "graph")
        self.assertEqual(graph.get("edgedefault"), "directed")

        def data(element):
            out = {}
            for d in element.findall(GRAPHML + "data"):
                domain, name, _ = keys[d.get("key")]
                self.assertEqual(domain, element.tag[len(GRAPHML):])
                out[name] = d.text or ""
            return out

        self.assertEqual(data(graph), {"from_date": "2019-01-05", "to_date": "2019-06-01",
                                       "truncated": "false"})
        nodes = {n.get("id"): data(n) for n in graph.findall(GRAPHML + "node")}
        names = {i: d["name"] for i, d in nodes.items()}
        self.assertEqual(sorted(names.values()), sorted(["Alpha", "Beta", "Gamma", SPECIAL]))
        by_name = {d["name"]: d for d in nodes.values()}
        self.assertEqual((by_name["Beta"]["distance"], by_name["Beta"]["events"]), ("0", "6"))
        self.assertEqual((by_name[SPECIAL]["distance"], by_name[SPECIAL]["events"]),
                         ("1", "1"))
        edges = {}
        for e in graph.findall(GRAPHML + "edge"):
            edges[(names[e.get("source")], names[e.get("target")])] = data(e)
        self.assertEqual(set(edges), {("Alpha", "Beta"), ("Beta", "Gamma"),
                                      (SPECIAL, "Beta")})
        ab = edges[("Alpha", "Beta")]
        self.assertEqual((ab["events"], ab["verbal_cooperation"], ab["verbal_conflict"],
                          ab["first_date"], ab["last_date"]),
                         ("2", "1", "1", "2019-01-10", "2019-03-01"))
        self.assertAlmostEqual(float(ab["goldstein_mean"]), 0.5)
        self.assertAlmostEqual(float(edges[("Beta", "Gamma")]["goldstein_mean"]), 5.0)
        # The special characters are escaped in the text, not left raw.
        self.assertIn("Omega &lt;&amp;&quot;&gt; Co", text)

    def test_subgraph_dot(self):
        text = self.cli(["subgraph", "Beta"], output="dot").stdout
        self.assertTrue(text.startswith("digraph eventgraph {\n"), text)
        self.assertTrue(text.endswith("}\n"), text)
        edges = re.findall(r'^  ("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*") \[(.*)\];$',
                           text, re.M)
        self.assertEqual(len(edges), 3, text)
        by_pair = {(a, b): attrs for a, b, attrs in edges}
        special = '"Omega <&\\"> Co"'
        self.assertIn((special, '"Beta"'), by_pair)
        self.assertIn("  " + special + " [", text)  # the node, quoted and escaped
        width = f"penwidth={1 + math.log(2):.2f}"
        self.assertIn(width, by_pair[('"Alpha"', '"Beta"')])
        self.assertIn('color="#7f7f7f"', by_pair[('"Alpha"', '"Beta"')])  # 1 coop, 1 conflict
        self.assertIn('color="#1a9850"', by_pair[('"Beta"', '"Gamma"')])  # cooperation
        self.assertIn("penwidth=1,", by_pair[(special, '"Beta"')])
        if shutil.which("dot"):
            svg = subprocess.run(["dot", "-Tsvg"], input=text.encode("utf-8"),
                                 capture_output=True, timeout=60)
            self.assertEqual(svg.returncode, 0, svg.stderr)

    def test_subgraph_json_table_csv(self):
        doc = self.json(["subgraph", "Alpha", "--radius", "2"])
        self.assertEqual(set(doc), {"fromDate", "toDate", "nodes", "edges", "truncated"})
        self.assertEqual((doc["fromDate"], doc["toDate"], doc["truncated"]),
                         ("2019-01-05", "2019-06-01", False))
        self.assertEqual([(n["actor"], n["distance"]) for n in doc["nodes"]],
                         [("Alpha", 0), ("Beta", 1), ("Epsilon", 1), ("Gamma", 2),
                          (SPECIAL, 2)])
        self.assertEqual(jint(doc["nodes"][0]["total"], "eventCount"), 3)
        self.assertEqual(sorted((e["fromActor"], e["toActor"]) for e in doc["edges"]),
                         [("Alpha", "Beta"), ("Beta", "Gamma"), ("Epsilon", "Alpha"),
                          (SPECIAL, "Beta")])
        counts = [jint(e["summary"], "eventCount") for e in doc["edges"]]
        self.assertEqual(counts, sorted(counts, reverse=True))
        table = self.cli(["subgraph", "Alpha", "--radius", "2"]).stdout
        self.assertIn("subgraph: 5 actors, 4 edges, 2019-01-05 to 2019-06-01\n", table)
        self.assertRegex(table, r"\nactor +distance +events +vcoop")
        self.assertRegex(table, r"\nfrom +to +events +vcoop")
        rows = csv_rows(self.cli(["subgraph", "Alpha", "--radius", "2"],
                                 output="csv").stdout)
        self.assertEqual(sorted((r["from"], r["to"], r["event_count"]) for r in rows),
                         [("Alpha", "Beta", "2"), ("Beta", "Gamma", "2"),
                          ("Epsilon", "Alpha", "1"), (SPECIAL, "Beta", "1")])
        seeds_only = self.json(["subgraph", "Beta", "--radius", "0"])
        self.assertEqual(([n["actor"] for n in seeds_only["nodes"]], seeds_only["edges"]),
                         (["Beta"], []))  # the self-loop is no edge
        out_only = self.json(["subgraph", "Alpha", "--radius", "2", "--direction", "out"])
        self.assertEqual([n["actor"] for n in out_only["nodes"]], ["Alpha", "Beta", "Gamma"])
        filtered = self.json(["subgraph", "Alpha", "--quad", "3"])
        self.assertEqual(sorted(n["actor"] for n in filtered["nodes"]),
                         ["Alpha", "Beta", "Epsilon"])

    def test_subgraph_truncation_goes_to_stderr(self):
        result = self.cli(["subgraph", "Alpha", "--radius", "2", "--max-nodes", "2"],
                          output="json")
        doc = json.loads(result.stdout)
        self.assertTrue(doc["truncated"])
        self.assertEqual([n["actor"] for n in doc["nodes"]], ["Alpha", "Beta"])
        self.assertIn("note: the subgraph was cut", result.stderr)
        graphml = self.cli(["subgraph", "Alpha", "--max-edges", "1"], output="graphml")
        self.assertIn("note: the subgraph was cut", graphml.stderr)
        self.assertNotIn("note:", graphml.stdout)
        whole = self.cli(["subgraph", "Alpha"], output="graphml")
        self.assertEqual(whole.stderr, "")

    # ------------------------------------------------------------ failures

    def test_unknown_actor_is_not_found_naming_it(self):
        for args in (["path", "Alpha", "Nowhereland"], ["neighbors", "Nowhereland"],
                     ["subgraph", "Alpha", "Nowhereland"]):
            with self.subTest(args=args):
                result = self.failing(args)
                self.assertEqual(result.returncode, 1, result.describe())
                self.assertTrue(result.stderr.startswith("error: NOT_FOUND: "),
                                result.describe())
                self.assertIn("Nowhereland", result.stderr)
                self.assertEqual(result.stdout, "")

    def test_bad_requests(self):
        server_side = self.failing(["path", "Alpha", "Gamma", "--max-hops", "9"])
        self.assertEqual(server_side.returncode, 1, server_side.describe())
        self.assertIn("error: INVALID_ARGUMENT: ", server_side.stderr)
        self.assertIn("  max_hops: ", server_side.stderr)  # the BadRequest field
        same = self.failing(["path", "Beta", "beta"])
        self.assertEqual(same.returncode, 1, same.describe())
        self.assertIn("to_actor", same.stderr)
        for args, output in ((["path", "Alpha", "Gamma"], "graphml"),
                             (["neighbors", "Alpha"], "dot"),
                             (["path", "Alpha"], None),
                             (["path", "Alpha", "Gamma", "--mode", "longest"], None),
                             (["path", "Alpha", "Gamma", "--quad", "1,5"], None),
                             (["path", "Alpha", "Gamma", "--evidence", "21"], None),
                             (["neighbors", "Alpha", "--order", "name"], None),
                             (["subgraph", "Alpha", "--radius", "5"], None),
                             (["subgraph"], None)):
            with self.subTest(args=args, output=output):
                result = self.failing(args, output=output)
                self.assertEqual(result.returncode, 2, result.describe())


if __name__ == "__main__":
    harness.main()
