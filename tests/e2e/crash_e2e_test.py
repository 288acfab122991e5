"""Crash test: stream events into eventgraphd, kill -9 it at a random moment,
restart it, and check that every acknowledged event is there exactly once.

Each cycle streams batches of new events (and some repeats of earlier ones)
while a timer SIGKILLs the server after a random delay. After the restart:
- every event of every acknowledged batch is stored: re-sending the batch
  gives only duplicates, with the same event ids as the ack;
- nothing is stored twice: the event count equals the number of distinct
  events whose batch was sent (acknowledged or not) minus those that were
  lost before an ack, and never exceeds the distinct events sent;
- timelines agree with the events: the per-actor totals of GetActor equal a
  count of ListEvents.

EVENTGRAPH_CRASH_CYCLES sets the number of kill/restart cycles (default 20,
about half a minute); run with a few hundred by hand for a longer soak.
"""

import os
import random
import signal
import threading
import time
import unittest

import harness

CYCLES = int(os.environ.get("EVENTGRAPH_CRASH_CYCLES", "20"))
BATCH = 200
SEED = int(os.environ.get("EVENTGRAPH_CRASH_SEED", "20240619"))


class CrashTest(unittest.TestCase):

    def test_acknowledged_events_survive_kill_9(self):
        import grpc
        stubs = harness.load_stubs()
        pb = stubs.pb
        rng = random.Random(SEED)
        server = harness.Server()
        self.addCleanup(server.close)
        server.start()

        sent = {}      # source_event_id -> event, every event ever sent
        sent_list = []
        acked = []     # (request, ack) of every acknowledged batch
        next_id = 0
        for cycle in range(CYCLES):
            api = harness.Api(server.address)
            batches = []
            for b in range(40):
                events = []
                for _ in range(BATCH):
                    if sent_list and rng.random() < 0.1:  # a repeat of an earlier event
                        events.append(rng.choice(sent_list))
                        continue
                    next_id += 1
                    e = pb.Event(actor=f"Crash Actor {rng.randrange(30)}",
                                 action="Consult",
                                 target=f"Crash Target {rng.randrange(12)}",
                                 date=f"2020-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                                 quad_class=1 + rng.randrange(4),
                                 source_event_id=f"crash-{next_id}")
                    sent[e.source_event_id] = e
                    sent_list.append(e)
                    events.append(e)
                batches.append(pb.IngestRequest(sequence=b, events=events))

            delay = rng.uniform(0.05, 0.8)
            killer = threading.Timer(delay, lambda: server.proc.send_signal(signal.SIGKILL))
            killer.start()
            try:
                for ack in api.stub.IngestStream(iter(batches), timeout=60):
                    acked.append((batches[ack.sequence], ack))
            except grpc.RpcError:
                pass  # the server died mid-stream
            killer.join()
            server.proc.wait(timeout=30)
            api.close()
            server.start()

        api = harness.Api(server.address)
        self.addCleanup(api.close)
        self.assertGreater(len(acked), 0, "no batch was ever acknowledged")
        for request, ack in acked:
            again = api.Ingest(request)
            self.assertEqual(again.accepted, 0,
                             f"an acknowledged batch lost {again.accepted} events")
            self.assertEqual(again.duplicates, len(request.events))
            self.assertEqual(list(again.event_ids), list(ack.event_ids))

        stats = api.GetStats(pb.GetStatsRequest())
        print(f"\n{CYCLES} kills; {len(acked)} of {CYCLES * 40} batches acknowledged; "
              f"{stats.events} events stored of {len(sent)} sent", flush=True)
        self.assertLess(len(acked), CYCLES * 40, "no kill landed mid-stream")
        acked_ids = {e.source_event_id for request, _ in acked for e in request.events}
        self.assertGreaterEqual(stats.events, len(acked_ids))
        self.assertLessEqual(stats.events, len(sent), "an event was stored twice")

        # Every stored event is one of those sent, once.
        seen = set()
        token = ""
        while True:
            page = api.ListEvents(pb.ListEventsRequest(page_size=1000, page_token=token))
            for e in page.events:
                self.assertIn(e.source_event_id, sent)
                self.assertNotIn(e.source_event_id, seen, "stored twice")
                seen.add(e.source_event_id)
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(len(seen), stats.events)

        # Counters agree with the events after the crashes.
        for a in range(30):
            name = f"Crash Actor {a}"
            try:
                actor = api.GetActor(pb.GetActorRequest(name=name))
            except grpc.RpcError as err:
                self.assertEqual(err.code(), grpc.StatusCode.NOT_FOUND)
                continue
            listed = 0
            token = ""
            while True:
                page = api.ListEvents(pb.ListEventsRequest(
                    actor=name, direction=pb.DIRECTION_OUT, page_size=1000,
                    page_token=token))
                listed += len(page.events)
                token = page.next_page_token
                if not token:
                    break
            self.assertEqual(actor.out_count, listed, name)
            timeline = api.GetTimeline(pb.GetTimelineRequest(
                actor=name, direction=pb.DIRECTION_OUT, granularity=pb.GRANULARITY_MONTH))
            self.assertEqual(timeline.total.event_count, listed, name)
        # The whole database agrees with its event records: every index entry,
        # identity, counter and actor statistic.
        check = api.CheckDatabase(pb.CheckDatabaseRequest(), timeout=300)
        self.assertEqual(check.problems, 0, list(check.samples))
        self.assertEqual(check.events, stats.events)


if __name__ == "__main__":
    harness.use_system_python()
    harness.main()
