"""End-to-end tests of every documented limit (docs/API.md, "Limits").

One server with a small --max-message-mb (1) and --max-streams-per-client
(2). For each limit: a request over it gets the right status and a message
naming the limit, and nothing stored before is lost (the event count holds).
Takes a few seconds.
"""

import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402

harness.use_system_python()

import grpc  # noqa: E402

MAX_MESSAGE_MB = 1
MAX_STREAMS = 2
BASE_EVENTS = 1200  # more than one page of the largest size (1,000)


class LimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stubs = harness.load_stubs()
        cls.pb = cls.stubs.pb
        cls.server = harness.Server(extra_args=[
            "--max-message-mb", str(MAX_MESSAGE_MB),
            "--max-streams-per-client", str(MAX_STREAMS)])
        cls.server.start()
        cls.api = harness.Api(cls.server.address)
        pb = cls.pb
        # A chain Limit0 -> Limit1 -> ... and BASE_EVENTS events in all.
        events = []
        for i in range(BASE_EVENTS):
            events.append(pb.Event(actor=f"Limit{i % 40}", action="Consult",
                                   target=f"Limit{i % 40 + 1}",
                                   date=f"2019-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                                   source_event_id=f"base-{i}"))
        ack = cls.api.Ingest(pb.IngestRequest(events=events))
        assert ack.accepted == BASE_EVENTS, ack

    @classmethod
    def tearDownClass(cls):
        cls.api.close()
        cls.server.stop()
        cls.server.close()

    def count(self):
        return self.api.GetStats(self.pb.GetStatsRequest()).events

    def assert_status(self, call, code, *needles):
        with self.assertRaises(grpc.RpcError) as caught:
            call()
        self.assertEqual(caught.exception.code(), code, caught.exception.details())
        for needle in needles:
            self.assertIn(needle, caught.exception.details())
        return caught.exception

    def test_message_size(self):
        before = self.count()
        pb = self.pb
        big = "x" * 4000
        events = [pb.Event(actor="Big", action="Consult", target="Bigger", date="2019-01-01",
                           source_event_id=f"big-{i}", attributes={"a": big})
                  for i in range(400)]  # about 1.6 MiB
        self.assert_status(lambda: self.api.Ingest(pb.IngestRequest(events=events)),
                           grpc.StatusCode.RESOURCE_EXHAUSTED, "larger than max",
                           str(MAX_MESSAGE_MB << 20))
        self.assertEqual(self.count(), before)

    def test_batch_size(self):
        before = self.count()
        pb = self.pb
        events = [pb.Event(actor="Batch", action="Consult", target="Batch B",
                           date="2019-01-01", source_event_id=f"batch-{i}")
                  for i in range(10001)]
        error = self.assert_status(lambda: self.api.Ingest(pb.IngestRequest(events=events)),
                                   grpc.StatusCode.INVALID_ARGUMENT, "10001 events",
                                   "the limit is 10000")
        self.assertIsNotNone(error)
        self.assertEqual(self.count(), before)

    def test_page_size(self):
        pb = self.pb
        page = self.api.ListEvents(pb.ListEventsRequest(page_size=5000))
        self.assertEqual(len(page.events), 1000)  # clamped to the maximum
        self.assertTrue(page.next_page_token)
        page = self.api.ListEvents(pb.ListEventsRequest())
        self.assertEqual(len(page.events), 100)  # the default
        self.assert_status(lambda: self.api.ListEvents(pb.ListEventsRequest(page_size=-1)),
                           grpc.StatusCode.INVALID_ARGUMENT, "page_size")

    def test_path_budget(self):
        pb = self.pb
        request = pb.FindPathsRequest(from_actor="Limit0", to_actor="Limit39",
                                      max_hops=8, max_visited_actors=3)
        self.assert_status(lambda: self.api.FindPaths(request),
                           grpc.StatusCode.RESOURCE_EXHAUSTED, "search budget exhausted",
                           "limits: 3 actors")

    def test_graph_and_timeline_bounds(self):
        pb = self.pb
        self.assert_status(
            lambda: self.api.FindPaths(pb.FindPathsRequest(from_actor="Limit0",
                                                           to_actor="Limit5", max_hops=9)),
            grpc.StatusCode.INVALID_ARGUMENT, "9 is outside 1..8")
        self.assert_status(
            lambda: self.api.GetNeighbors(pb.GetNeighborsRequest(actor="Limit0", limit=1001)),
            grpc.StatusCode.INVALID_ARGUMENT, "1001 is outside 1..1000")
        # 1000-01-01..9999-12-31 by day is about 3.3 million buckets.
        self.assert_status(
            lambda: self.api.GetTimeline(pb.GetTimelineRequest(
                actor="Limit0", from_date="1000-01-01", to_date="9999-12-31",
                granularity=pb.GRANULARITY_DAY)),
            grpc.StatusCode.OUT_OF_RANGE, "100000")

    def test_string_length_and_attribute_count(self):
        before = self.count()
        pb = self.pb
        events = [
            pb.Event(actor="A" * 513, action="Consult", target="T", date="2019-01-01"),
            pb.Event(actor="Attr", action="Consult", target="T", date="2019-01-01",
                     attributes={f"k{i}": "v" for i in range(65)}),
            pb.Event(actor="Fine", action="Consult", target="T", date="2019-01-01",
                     source_event_id="limits-fine"),
        ]
        ack = self.api.Ingest(pb.IngestRequest(events=events))
        self.assertEqual(ack.accepted, 1)  # the good item is stored anyway
        by_index = {r.index: r for r in ack.rejections}
        self.assertEqual(by_index[0].field, "events[0].actor")
        self.assertIn("the limit is 512", by_index[0].reason)
        self.assertEqual(by_index[1].field, "events[1].attributes")
        self.assertIn("65 attributes; the limit is 64", by_index[1].reason)
        self.assertEqual(self.count(), before + 1)

    def test_concurrent_streams_per_client(self):
        pb = self.pb
        before = self.count()

        def watch():
            return self.api.stub.WatchEvents(pb.WatchEventsRequest(actor="Nobody"),
                                             timeout=30)

        open_streams = [watch() for _ in range(MAX_STREAMS)]
        time.sleep(0.3)  # both are open on the server
        over = watch()
        error = self.assert_status(lambda: next(over), grpc.StatusCode.RESOURCE_EXHAUSTED,
                                   f"max-streams-per-client = {MAX_STREAMS}")
        self.assertIsNotNone(error)
        # Unary calls are not streams: they still work at the limit.
        self.assertEqual(self.count(), before)
        # An ingest stream over the limit stores nothing.
        request = pb.IngestRequest(sequence=1, events=[pb.Event(
            actor="Stream", action="Consult", target="Over", date="2019-01-01")])
        self.assert_status(lambda: list(self.api.IngestStream(iter([request]))),
                           grpc.StatusCode.RESOURCE_EXHAUSTED, "max-streams-per-client")
        self.assertEqual(self.count(), before)
        # Once one ends, a new one is allowed.
        open_streams[0].cancel()
        deadline = time.monotonic() + 10
        while True:
            acks = None
            try:
                acks = list(self.api.IngestStream(iter([request])))
            except grpc.RpcError as e:
                if e.code() != grpc.StatusCode.RESOURCE_EXHAUSTED or \
                        time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
            if acks is not None:
                break
        self.assertEqual(acks[0].accepted, 1)
        for stream in open_streams[1:]:
            stream.cancel()
        self.assertEqual(self.count(), before + 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
