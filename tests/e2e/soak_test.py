"""Soak test: several writers and many readers on one eventgraphd at once, for a
bounded time, on loopback.

  soak_test.py [--duration SECONDS]     (or EVENTGRAPH_SOAK_SECONDS; default 20)
  EVENTGRAPH_SOAK_WRITERS, EVENTGRAPH_SOAK_READERS, EVENTGRAPH_SOAK_RATE
  (events per second per writer, default 400) tune the load.

Writers: one sends unary Ingest calls, the others IngestStream streams of 20
batches; each batch holds new events (unique source_event_id) and ~5% repeats
of the writer's earlier events. Readers loop over GetTimeline (a fixed dyad
per reader), ListEvents, StreamEvents, SearchActors, GetActor, FindPaths,
GetNeighbors, GetSubgraph and GetStats; one more thread watches the events of
one actor with WatchEvents. Asserted:
  - no RPC error anywhere (writers, readers, the watch);
  - every ack: accepted = the batch's new events, duplicates = its repeats,
    no rejections;
  - GetStats' event count never decreases, and equals at the end the seed
    events plus every writer's accepted events;
  - each reader's dyad timeline total never decreases;
  - the watch received exactly the new events of its actor;
  - CheckDatabase is clean at the end;
  - the server's RSS (VmRSS of /proc/PID/status, sampled every 0.25 s) is
    stable: the maximum of the last third of the run is at most the maximum
    of the first third plus 64 MiB, plus 256 bytes per event stored between
    the two thirds. Why these figures: the server runs with --cache-mb 32 and
    --write-buffer-mb 4, so RocksDB's share is bounded (block cache 32 MiB;
    memtables up to 2 x 4 MiB for each of the 9 column families = 72 MiB,
    which fill gradually, hence 64 MiB on top of the first third); the one
    structure meant to grow with the data is the in-memory graph index,
    measured at ~70 bytes per event (docs), with RocksDB's index and filter
    blocks of new files adding some more: 256 bytes per event covers both
    with room. A leak of a few hundred bytes per request or per event breaks
    it within a run of a few minutes. Not asserted when the server runs
    under AddressSanitizer, whose quarantine of freed memory grows RSS by
    design.

The CTest entry (label e2e) runs the short default; run it by hand with
--duration 600 for a longer soak.
"""

import argparse
import os
import random
import sys
import threading
import time
import unittest

import harness

DURATION = float(os.environ.get("EVENTGRAPH_SOAK_SECONDS", "20"))
WRITERS = int(os.environ.get("EVENTGRAPH_SOAK_WRITERS", "3"))
READERS = int(os.environ.get("EVENTGRAPH_SOAK_READERS", "6"))
RATE = float(os.environ.get("EVENTGRAPH_SOAK_RATE", "400"))  # events/s per writer
BATCH = 100
REPEAT_SHARE = 0.05
ACTORS = [f"Soak Actor {i:02d}" for i in range(40)]
WATCHED = ACTORS[7]
MIB = 1 << 20
RSS_SLACK = 64 * MIB
RSS_PER_EVENT = 256


def under_asan(pid):
    """True when the server runs with AddressSanitizer (its libasan is mapped)."""
    with open(f"/proc/{pid}/maps") as f:
        return any("libasan" in line or "libclang_rt.asan" in line for line in f)


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for pid {pid}")


class Shared:
    """What the threads report; guarded by `lock`."""

    def __init__(self):
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.errors = []        # (thread, description)
        self.accepted = 0       # events accepted by the server, all writers
        self.watched_new = 0    # new events that involve WATCHED
        self.calls = {}         # method -> count
        self.stats_samples = []  # (time, events)
        self.rss_samples = []    # (time, rss bytes)

    def error(self, who, what):
        with self.lock:
            self.errors.append((who, what))
        self.stop.set()

    def count(self, method, n=1):
        with self.lock:
            self.calls[method] = self.calls.get(method, 0) + n


class Worker(threading.Thread):
    """A thread with its own channel; any RPC error or failed check is reported
    to `shared` (which stops the soak) instead of being lost with the thread."""

    def __init__(self, name, address, shared):
        super().__init__(name=name, daemon=True)
        self.address = address
        self.shared = shared

    def work(self, api, pb):
        raise NotImplementedError

    def tolerated(self, err):
        """True for an RPC error that is expected (e.g. our own cancel)."""
        return False

    def run(self):
        import grpc
        pb = harness.load_stubs().pb
        api = harness.Api(self.address)
        try:
            self.work(api, pb)
        except grpc.RpcError as err:
            if not self.tolerated(err):
                self.shared.error(self.name, f"{err.code()}: {err.details()}")
        except Exception as err:  # noqa: BLE001: reported as a test failure
            self.shared.error(self.name, repr(err))
        finally:
            api.close()


def make_event(pb, rng, name):
    a, t = rng.sample(ACTORS, 2)
    return pb.Event(actor=a, action=rng.choice(["Consult", "Make statement", "Use force",
                                                "Express intent to cooperate"]),
                    target=t,
                    date=f"{2019 + rng.randrange(3)}-{1 + rng.randrange(12):02d}-"
                         f"{1 + rng.randrange(28):02d}",
                    event_code=rng.choice(["040", "010", "190", "030"]),
                    quad_class=1 + rng.randrange(4),
                    goldstein=rng.randrange(-100, 101) / 10,
                    mentions=rng.randrange(50),
                    source_event_id=name)


class Writer(Worker):
    def __init__(self, index, address, shared, unary):
        super().__init__(f"writer-{index}", address, shared)
        self.index = index
        self.unary = unary
        self.rng = random.Random(1000 + index)
        self.sent = []  # every new event sent (for repeats)
        self.serial = 0
        self.pending = {}  # sequence -> (events, new events, repeats, watched)
        self.sequence = 0

    def batch(self, pb):
        events, fresh, repeats, watched = [], [], 0, 0
        for _ in range(BATCH):
            if self.sent and self.rng.random() < REPEAT_SHARE:
                events.append(self.rng.choice(self.sent))
                repeats += 1
                continue
            self.serial += 1
            e = make_event(pb, self.rng, f"soak-w{self.index}-{self.serial}")
            events.append(e)
            fresh.append(e)
            watched += WATCHED in (e.actor, e.target)
        # Repeats must point at acknowledged events: only those of earlier,
        # acknowledged batches are drawn (self.sent grows on ack).
        self.sequence += 1
        self.pending[self.sequence] = (events, fresh, repeats, watched)
        return pb.IngestRequest(sequence=self.sequence, events=events)

    def on_ack(self, ack):
        events, fresh, repeats, watched = self.pending.pop(ack.sequence)
        new = len(fresh)
        if len(ack.rejections) or ack.accepted != new or ack.duplicates != repeats:
            raise AssertionError(
                f"ack {ack.sequence}: accepted {ack.accepted} (want {new}), duplicates "
                f"{ack.duplicates} (want {repeats}), rejections {list(ack.rejections)[:3]}")
        if len(ack.event_ids) != len(events) or 0 in ack.event_ids:
            raise AssertionError(f"ack {ack.sequence}: event ids {list(ack.event_ids)[:5]}...")
        self.sent.extend(fresh)
        with self.shared.lock:
            self.shared.accepted += new
            self.shared.watched_new += watched
        self.shared.count("Ingest" if self.unary else "IngestStream.ack")

    def paced(self, pb, start):
        """Yields batches at RATE events per second until stop."""
        while not self.shared.stop.is_set():
            due = start + self.serial / RATE
            delay = due - time.monotonic()
            if delay > 0:
                if self.shared.stop.wait(delay):
                    return
            yield self.batch(pb)

    def work(self, api, pb):
        start = time.monotonic()
        if self.unary:
            for request in self.paced(pb, start):
                self.on_ack(api.Ingest(request))
        else:
            while not self.shared.stop.is_set():
                batches = self.paced(pb, start)
                limited = (b for _, b in zip(range(20), batches))
                for ack in api.stub.IngestStream(limited, timeout=DURATION + 120):
                    self.on_ack(ack)
        if self.pending:
            raise AssertionError(f"{len(self.pending)} batches never acknowledged")


class Reader(Worker):
    def __init__(self, index, address, shared):
        super().__init__(f"reader-{index}", address, shared)
        self.index = index
        self.rng = random.Random(2000 + index)
        self.dyad = (ACTORS[index % len(ACTORS)], ACTORS[(index * 7 + 3) % len(ACTORS)])
        self.last_total = -1
        self.last_stats = -1

    def step(self, api, pb, k):
        rng = self.rng
        kind = k % 9
        if kind == 0:
            t = api.GetTimeline(pb.GetTimelineRequest(
                actor=self.dyad[0], counterpart=self.dyad[1], direction=pb.DIRECTION_OUT,
                granularity=pb.GRANULARITY_MONTH))
            total = t.total.event_count
            if total < self.last_total:
                raise AssertionError(f"dyad {self.dyad} total went {self.last_total} -> {total}")
            self.last_total = total
            self.shared.count("GetTimeline")
        elif kind == 1:
            page = api.ListEvents(pb.ListEventsRequest(
                actor=rng.choice(ACTORS), page_size=100, descending=rng.random() < 0.5))
            if len(page.events) > 100:
                raise AssertionError(f"ListEvents returned {len(page.events)} > 100 events")
            self.shared.count("ListEvents")
        elif kind == 2:
            n = sum(len(c.events) for c in api.StreamEvents(pb.StreamEventsRequest(
                actor=rng.choice(ACTORS), limit=300)))
            if n > 300:
                raise AssertionError(f"StreamEvents returned {n} > 300 events")
            self.shared.count("StreamEvents")
        elif kind == 3:
            api.SearchActors(pb.SearchActorsRequest(prefix="soak actor 1", page_size=20))
            api.GetActor(pb.GetActorRequest(name=rng.choice(ACTORS)))
            self.shared.count("SearchActors+GetActor")
        elif kind == 4:
            a, b = rng.sample(ACTORS, 2)
            api.FindPaths(pb.FindPathsRequest(from_actor=a, to_actor=b, max_hops=3,
                                              limit=3, evidence_events=1))
            self.shared.count("FindPaths")
        elif kind == 5:
            a, b = rng.sample(ACTORS, 2)
            api.FindPaths(pb.FindPathsRequest(
                from_actor=a, to_actor=b, mode=pb.PATH_MODE_EARLIEST_ARRIVAL,
                start_date="2019-01-01", evidence_events=1))
            self.shared.count("FindPaths(journey)")
        elif kind == 6:
            api.GetNeighbors(pb.GetNeighborsRequest(actor=rng.choice(ACTORS), limit=10))
            self.shared.count("GetNeighbors")
        elif kind == 7:
            for _ in api.GetSubgraph(pb.GetSubgraphRequest(
                    seeds=[rng.choice(ACTORS)], radius=1, max_nodes=20, max_edges=100)):
                pass
            self.shared.count("GetSubgraph")
        else:
            events = api.GetStats(pb.GetStatsRequest()).events
            if events < self.last_stats:
                raise AssertionError(f"GetStats events went {self.last_stats} -> {events}")
            self.last_stats = events
            self.shared.count("GetStats")

    def work(self, api, pb):
        k = self.index
        while not self.shared.stop.is_set():
            self.step(api, pb, k)
            k += 1


class Watcher(Worker):
    """Counts the events of WATCHED that WatchEvents delivers."""

    def __init__(self, address, shared):
        super().__init__("watcher", address, shared)
        self.received = 0
        self.ids = set()
        self.call = None
        self.ready = threading.Event()
        self.cancelled = False

    def work(self, api, pb):
        try:
            self.call = api.stub.WatchEvents(pb.WatchEventsRequest(actor=WATCHED),
                                             timeout=DURATION + 300)
        finally:
            self.ready.set()
        for chunk in self.call:
            for e in chunk.events:
                if WATCHED not in (e.actor, e.target):
                    raise AssertionError(f"watch of {WATCHED} got {e.actor} -> {e.target}")
                if e.id in self.ids:
                    raise AssertionError(f"watch delivered event {e.id} twice")
                self.ids.add(e.id)
            self.received = len(self.ids)

    def tolerated(self, err):
        import grpc
        return self.cancelled and err.code() == grpc.StatusCode.CANCELLED

    def cancel(self):
        self.cancelled = True
        if self.call is not None:
            self.call.cancel()


class Sampler(Worker):
    """GetStats (must never decrease) and the server's RSS, four times a second."""

    def __init__(self, address, pid, shared):
        super().__init__("sampler", address, shared)
        self.pid = pid

    def work(self, api, pb):
        last = -1
        while not self.shared.stop.is_set():
            now = time.monotonic()
            events = api.GetStats(pb.GetStatsRequest()).events
            if events < last:
                raise AssertionError(f"GetStats events went {last} -> {events}")
            last = events
            rss = rss_bytes(self.pid)
            with self.shared.lock:
                self.shared.stats_samples.append((now, events))
                self.shared.rss_samples.append((now, rss))
            self.shared.stop.wait(0.25)


def events_at(samples, t):
    """The stored-event count of the last sample at or before time t."""
    best = samples[0][1]
    for when, events in samples:
        if when <= t:
            best = events
    return best


class SoakTest(unittest.TestCase):

    def test_writers_and_readers_together(self):
        stubs = harness.load_stubs()
        pb = stubs.pb
        # All clients share 127.0.0.1, so they share one stream allowance; a
        # stream a reader ends is released when the server's reactor is done
        # with it, which lags on a loaded machine: room beyond the 10 streams
        # open at once (e2e_limits tests the limit itself).
        server = harness.Server(extra_args=["--cache-mb", "32", "--write-buffer-mb", "4",
                                            "--max-streams-per-client", "64"])
        self.addCleanup(server.close)
        server.start()
        api = harness.Api(server.address)
        self.addCleanup(api.close)

        # Seed events: every actor exists before the readers start.
        rng = random.Random(7)
        seed = [make_event(pb, rng, f"soak-seed-{i}") for i in range(400)]
        for i in range(0, len(seed), BATCH):
            ack = api.Ingest(pb.IngestRequest(events=seed[i:i + BATCH]))
            self.assertEqual(ack.accepted, len(seed[i:i + BATCH]), list(ack.rejections)[:3])
        seeded = api.GetStats(pb.GetStatsRequest()).events
        self.assertEqual(seeded, len(seed))

        shared = Shared()
        watcher = Watcher(server.address, shared)
        watcher.start()
        self.assertTrue(watcher.ready.wait(30), "the watch did not start")
        time.sleep(0.5)  # let the watch register before anything is written
        threads = [Sampler(server.address, server.proc.pid, shared)]
        threads += [Writer(i, server.address, shared, unary=(i == 0)) for i in range(WRITERS)]
        threads += [Reader(i, server.address, shared) for i in range(READERS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        shared.stop.wait(DURATION)
        shared.stop.set()
        for t in threads:
            t.join(timeout=120)
            self.assertFalse(t.is_alive(), f"{t.name} did not finish")
        elapsed = time.monotonic() - started
        self.assertEqual(shared.errors, [], "errors during the soak")

        stats = api.GetStats(pb.GetStatsRequest())
        self.assertEqual(stats.events, seeded + shared.accepted,
                         "stored events differ from the accepted ones")
        # The watch delivers every new event of its actor (commit order, so
        # wait for the tail to arrive).
        deadline = time.monotonic() + 20
        while watcher.received < shared.watched_new and time.monotonic() < deadline \
                and not shared.errors:
            time.sleep(0.1)
        watcher.cancel()
        watcher.join(timeout=30)
        self.assertEqual(shared.errors, [], "errors in the watch")
        self.assertEqual(watcher.received, shared.watched_new,
                         f"the watch of {WATCHED} got {watcher.received} events")

        check = api.CheckDatabase(pb.CheckDatabaseRequest(), timeout=600)
        self.assertEqual(check.problems, 0, list(check.samples))
        self.assertEqual(check.events, stats.events)

        # RSS: the last third against the first third.
        samples = shared.rss_samples
        self.assertGreater(len(samples), 9, "too few RSS samples")
        t0, t1 = samples[0][0], samples[-1][0]
        third = (t1 - t0) / 3
        first = [r for t, r in samples if t <= t0 + third]
        last = [r for t, r in samples if t >= t1 - third]
        grown = events_at(shared.stats_samples, t1) - events_at(shared.stats_samples, t0 + third)
        bound = max(first) + RSS_SLACK + RSS_PER_EVENT * grown
        rate = shared.accepted / elapsed
        print(f"\nsoak: {elapsed:.0f} s, {WRITERS} writers, {READERS} readers + 1 watch; "
              f"{shared.accepted} events accepted ({rate:.0f}/s), {stats.events} stored; "
              f"calls {dict(sorted(shared.calls.items()))}; watch got {watcher.received}; "
              f"RSS first third max {max(first) / MIB:.1f} MiB, last third max "
              f"{max(last) / MIB:.1f} MiB (bound {bound / MIB:.1f} MiB, "
              f"{grown} events stored in between); check: {check.entries} entries, "
              f"{check.elapsed_ms:.0f} ms", flush=True)
        if under_asan(server.proc.pid):
            print("soak: RSS bound not asserted under AddressSanitizer (its quarantine "
                  "keeps up to 256 MiB of freed memory)", flush=True)
            return
        self.assertLessEqual(max(last), bound,
                             f"server RSS grew from {max(first) / MIB:.1f} MiB to "
                             f"{max(last) / MIB:.1f} MiB")


if __name__ == "__main__":
    harness.use_system_python()
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--duration", type=float)
    known, rest = parser.parse_known_args()
    if known.duration is not None:
        DURATION = known.duration
    sys.argv = [sys.argv[0]] + rest
    harness.main()
