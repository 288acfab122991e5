"""End-to-end tests of eventgraphd as a process: reflection, limits, config
file, a second server on the same folder, and graceful shutdown in the middle
of a streaming ingest (every acknowledged event is still there afterwards).

Run: python3 tests/e2e/server_e2e_test.py (see harness.py for the variables).
"""

import os
import signal
import threading
import time
import unittest

import harness


def _event(pb, i, day=1):
    return pb.Event(actor=f"Shutdown Actor {i % 7}", action="Consult",
                    target=f"Shutdown Target {i % 5}", date=f"2015-03-{day:02d}",
                    source=f"doc-{i}")


class ServerProcessTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.stubs = harness.load_stubs()
        cls.pb = cls.stubs.pb

    def start(self, *extra):
        server = harness.Server(extra_args=extra)
        self.addCleanup(server.close)
        server.start()
        api = harness.Api(server.address)
        self.addCleanup(api.close)
        return server, api

    def test_reflection_lists_the_services(self):
        server, api = self.start()
        call = api.channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=None, response_deserializer=None)
        # ServerReflectionRequest{list_services: ""}: field 7, length 0.
        responses = list(call(iter([b"\x3a\x00"]), timeout=10))
        self.assertEqual(len(responses), 1)
        self.assertIn(b"eventgraph.v1.EventGraph", responses[0])
        self.assertIn(b"grpc.health.v1.Health", responses[0])

    def test_a_second_server_on_the_same_folder_fails_clearly(self):
        first, _ = self.start()
        second = harness.Server(db_dir=first.db_dir)
        self.addCleanup(second.close)
        with self.assertRaises(harness.ServerError) as caught:
            second.start()
        self.assertIn("another eventgraphd", str(caught.exception))
        # The first one is unharmed.
        self.assertEqual(harness.Api(first.address).health_check(), harness.HEALTH_SERVING)

    def test_messages_over_the_limit_are_refused(self):
        server, api = self.start("--max-message-mb", "1")
        import grpc
        big = self.pb.IngestRequest(events=[
            self.pb.Event(actor="Big", action="Consult", target="Bigger", date="2015-01-01",
                          source=str(i), attributes={"pad": "x" * 3000})
            for i in range(400)])  # about 1.2 MB
        with self.assertRaises(grpc.RpcError) as caught:
            api.Ingest(big)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        small = self.pb.IngestRequest(events=list(big.events)[:100])
        self.assertEqual(api.Ingest(small).accepted, 100)

    def test_config_file_sets_flags(self):
        work = harness.make_temp_dir()
        self.addCleanup(harness.remove_temp_dir, work)
        config = os.path.join(work, "eventgraphd.toml")
        with open(config, "w") as f:
            f.write('# eventgraphd settings\ncache-mb = 32\nworkers = 3\n')
        server, api = self.start("--config", config)
        api.GetStats(self.pb.GetStatsRequest())
        server.stop()
        with open(server.log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
        self.assertIn("cache 32 MiB", log, "cache-mb from the config file")
        self.assertIn("workers 3", log, "workers from the config file")

    def test_no_thread_but_the_waiting_one_takes_sigterm(self):
        # The main thread waits for SIGTERM (sigwait); a thread of gRPC's that
        # did not block it could take it, and its default action killed the
        # server without the graceful shutdown (a rare e2e failure, exit -15).
        server, api = self.start()
        api.GetStats(self.pb.GetStatsRequest())  # every thread started
        pid = server.proc.pid
        takers = []
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            blocked = int(fields["SigBlk"], 16)
            if not blocked & (1 << (signal.SIGTERM - 1)):
                takers.append((int(tid), fields["Name"].strip()))
        # The main thread shows SIGTERM unblocked while it is in sigwait.
        self.assertEqual([t for t in takers if t[0] != pid], [],
                         "only the main thread, in sigwait, may take SIGTERM")
        self.assertEqual(server.stop(), 0, server.log_tail())

    def test_sigterm_during_a_stream_keeps_every_acked_event(self):
        import grpc
        server, api = self.start()
        pb = self.pb
        batches = [pb.IngestRequest(sequence=b, events=[_event(pb, b * 500 + i, 1 + b % 28)
                                                        for i in range(500)])
                   for b in range(60)]
        acked = []
        enough = threading.Event()

        def requests():
            for b in batches:
                yield b
                if b.sequence == 20:
                    enough.wait(timeout=30)  # keep the stream open past the signal

        def consume():
            try:
                for ack in api.stub.IngestStream(requests(), timeout=60):
                    acked.append(ack)
                    if ack.sequence == 10:
                        enough.set()
            except grpc.RpcError:
                pass  # the server went away: expected
            finally:
                enough.set()

        reader = threading.Thread(target=consume)
        reader.start()
        self.assertTrue(enough.wait(timeout=60), "no ack for batch 10")
        server.proc.send_signal(signal.SIGTERM)
        code = server.proc.wait(timeout=30)
        reader.join(timeout=30)
        self.assertEqual(code, 0, server.log_tail())
        self.assertGreaterEqual(len(acked), 11)
        self.assertEqual([a.sequence for a in acked], list(range(len(acked))),
                         "acks come in order")
        accepted = sum(a.accepted for a in acked)
        self.assertEqual(accepted, 500 * len(acked))

        server.start()
        api2 = harness.Api(server.address)
        self.addCleanup(api2.close)
        stats = api2.GetStats(pb.GetStatsRequest())
        self.assertGreaterEqual(stats.events, accepted)
        for ack in acked:
            again = api2.Ingest(batches[ack.sequence])
            self.assertEqual(again.duplicates, 500, f"batch {ack.sequence} lost events")
            self.assertEqual(list(again.event_ids), list(ack.event_ids))

    def test_a_scan_past_its_deadline_stops_and_the_server_stays_up(self):
        import grpc
        server, api = self.start()
        pb = self.pb
        for b in range(10):
            api.Ingest(pb.IngestRequest(events=[
                pb.Event(actor="Busy", action="Consult", target=f"T{i}",
                         date="2016-01-01", source=f"{b}-{i}") for i in range(2000)]))
        request = pb.ListEventsRequest(actor="Busy",
                                       filter=pb.EventFilter(action="never happens"))
        with self.assertRaises(grpc.RpcError) as caught:
            api.ListEvents(request, timeout=0.005)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.DEADLINE_EXCEEDED)
        page = api.ListEvents(request, timeout=30)
        self.assertEqual(len(page.events), 0)
        self.assertEqual(api.health_check(), harness.HEALTH_SERVING)


if __name__ == "__main__":
    harness.use_system_python()
    harness.main()
