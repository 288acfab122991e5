"""The Python client's country rollup and put_actor against a real eventgraphd.

Run: EVENTGRAPHD=... EVENTGRAPH_PYPROTO=... PYTHONPATH=client/python \
     /usr/bin/python3 tests/python_client/test_rollup.py
"""

import importlib.util
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))

import harness  # noqa: E402

harness.use_system_python()
if importlib.util.find_spec("eventgraph") is None:
    sys.path.insert(0, os.path.join(REPO, "client", "python"))

import eventgraph  # noqa: E402

EVENTS = [
    dict(actor="Russia", action="Consult", target="North Korea", date="2018-01-05"),
    dict(actor="Foreign Affairs (Russia)", action="Consult",
         target="Government (North Korea)", date="2018-02-05"),
    dict(actor="Kim Jong-Un", action="Host a visit", target="Russia", date="2018-03-05"),
    dict(actor="Russia", action="Criticize", target="Military (Russia)", date="2018-03-06"),
]


class RollupClientTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = harness.Server()
        cls.addClassCleanup(cls.server.close)
        cls.server.start()
        cls.client = eventgraph.connect(cls.server.address, timeout=harness.RPC_DEADLINE)
        cls.addClassCleanup(cls.client.close)
        result = cls.client.ingest(EVENTS)
        assert result.accepted == len(EVENTS), result

    def test_rollup_timeline_events_and_put_actor(self):
        t = self.client.timeline("RUS", "PRK", by="month", start="2018-01-01",
                                 end="2018-03-31", rollup="country")
        self.assertEqual([b.event_count for b in t.buckets], [1, 1, 0])
        self.assertEqual((t.actor_country, t.counterpart_country), ("RUS", "PRK"))
        self.assertEqual({c.actor: c.event_count for c in t.contributors},
                         {"Russia": 1, "North Korea": 1, "Foreign Affairs (Russia)": 1,
                          "Government (North Korea)": 1})
        actor = self.client.put_actor("Kim Jong-Un", kind="person", country="North Korea",
                                      aliases=["Kim Jong Un"])
        self.assertEqual((actor.kind, actor.country, actor.country_source),
                         ("person", "PRK", "declared"))
        self.assertEqual(actor.aliases, ["Kim Jong Un"])
        t = self.client.timeline("RUS", "PRK", by="month", start="2018-01-01",
                                 end="2018-03-31", rollup="country")
        self.assertEqual([b.event_count for b in t.buckets], [1, 1, 1])
        listed = self.client.events("Russia", "North Korea", rollup="country").to_list()
        self.assertEqual([e.date for e in listed], ["2018-01-05", "2018-02-05", "2018-03-05"])
        self.assertEqual(self.client.actor("kim jong un").name, "Kim Jong-Un")
        n = self.client.neighbors("Russia", rollup="country")
        self.assertEqual([(x.country, x.summary.event_count) for x in n.neighbors],
                         [("PRK", 3)])

    def test_errors(self):
        with self.assertRaises(eventgraph.NotFound):
            self.client.timeline("Atlantis", rollup="country")
        with self.assertRaises(eventgraph.InvalidArgument):
            self.client.put_actor("Kim Jong-Un", kind="planet")
        with self.assertRaises(eventgraph.InvalidArgument) as ctx:
            self.client.put_actor("Kim Jong-Un", country="Narnia")
        self.assertIn("country", str(ctx.exception))
        with self.assertRaises(eventgraph.InvalidArgument):
            self.client.timeline("RUS", rollup="continent")


if __name__ == "__main__":
    unittest.main(verbosity=2)
