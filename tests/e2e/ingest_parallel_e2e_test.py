"""End-to-end tests of `eventgraph ingest --parse-threads N` (client/ingest_pipeline.h): the same
inputs loaded with 1 and with 4 parse threads into two fresh servers give the same result.

  - a generated file (`eventgraph generate`, 20,000 events, gzip'd GDELT 2.0) and a TSV file with
    bad rows of every kind (the reader's: field count, invalid UTF-8; the builder's: numbers; the
    server's: dates): the reject logs are the same line for line (the server's rejections, which
    come back with the acks at their own pace, are compared as a set), the summaries' counts are
    equal and right, and `stats` and a busy actor's timeline are equal;
  - a gzip file cut short: both runs stop with the same exit code and the same count of rows
    acknowledged;
  - --resume with --parse-threads 4: the kill-and-rerun test of formats_e2e_test.py;
  - clients killed mid-stream again and again (plain and bulk): the server stays up;
  - a bad --parse-threads is a usage error.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... EVENTGRAPH_PYPROTO=... \
  python3 tests/e2e/ingest_parallel_e2e_test.py
"""

import collections
import gzip
import os
import random
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import formats_e2e_test  # noqa: E402
import harness  # noqa: E402
from harness import cli_json, jint  # noqa: E402

EVENTS = 20000
BAD_ROWS = 600
# GDELT 2.0, 0-based.
GDELT_ACTOR1_NAME = 6


def write_bad_rows(path):
    """A TSV file of BAD_ROWS rows with rejections of every kind interleaved.

    Returns (rows the client rejects, rows the server rejects, valid rows)."""
    client, server, valid = 0, 0, 0
    with open(path, "wb") as f:
        f.write(b"actor\taction\ttarget\tdate\tgoldstein\tevent_id\n")
        for i in range(1, BAD_ROWS + 1):
            actor, target, date, goldstein = f"Parse Actor {i % 7}", f"Parse Target {i % 5}", \
                f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}", f"{i % 10}.5"
            if i % 37 == 0:
                f.write(b"\n")
            if i % 11 == 0:
                f.write(f"{actor}\tConsult\n".encode())  # field count
                client += 1
                continue
            if i % 13 == 0:
                target = "Parse \xff Target"  # invalid UTF-8 (Latin-1 byte)
                client += 1
            elif i % 7 == 0:
                goldstein = "strong"
                client += 1
            elif i % 17 == 0:
                date = "2021-02-31"  # the server's to reject
                server += 1
            else:
                valid += 1
            f.write(f"{actor}\tConsult\t{target}\t{date}\t{goldstein}\tparse-{i}\n"
                    .encode("latin-1"))
    return client, server, valid


def gdelt_actor_counts(path):
    """Events per Actor1Name of a gzip'd GDELT 2.0 file."""
    counts = collections.Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            counts[line.rstrip("\n").split("\t")[GDELT_ACTOR1_NAME]] += 1
    return counts


class ParseThreadsTest(unittest.TestCase):
    """Two fresh servers: one loaded with --parse-threads 1, the other with 4."""

    @classmethod
    def setUpClass(cls):
        cls.folder = harness.make_temp_dir("eventgraph-parse-threads-")
        cls.addClassCleanup(harness.remove_temp_dir, cls.folder)
        cls.servers = {}
        for threads in (1, 4):
            server = harness.Server()
            cls.addClassCleanup(server.close)
            server.start()
            cls.servers[threads] = server
        cls.generated = os.path.join(cls.folder, "generated.export.CSV.gz")
        harness.cli_ok(["generate", "--events", EVENTS, "--actors", 500, "--seed", 21,
                        "--gzip", "--output", cls.generated])
        cls.bad = os.path.join(cls.folder, "bad.tsv")
        cls.bad_counts = write_bad_rows(cls.bad)

    def ingest(self, threads, files, name, ok=True):
        rejects = os.path.join(self.folder, f"{name}-{threads}.rejects.tsv")
        args = ["ingest", *files, "--quiet", "--batch-size", 300, "--parse-threads", threads,
                "--rejects", rejects]
        server = self.servers[threads]
        result = (harness.cli_ok if ok else harness.run_cli)(args, server=server,
                                                            output="json")
        with open(rejects, "rb") as f:
            return result, f.read()

    def test_same_results_for_any_thread_count(self):
        files = [self.generated, self.bad]
        summaries, logs = {}, {}
        for threads in (1, 4):
            result, logs[threads] = self.ingest(threads, files, "load")
            summaries[threads] = result.json()

        client, server, valid = self.bad_counts
        for threads, summary in summaries.items():
            with self.subTest(threads=threads):
                self.assertEqual(jint(summary, "rows"), EVENTS + BAD_ROWS, summary)
                self.assertEqual(jint(summary, "rejected"), client + server, summary)
                self.assertEqual(jint(summary, "accepted") + jint(summary, "duplicates"),
                                 EVENTS + valid, summary)
        for key in ("files", "rows", "accepted", "duplicates", "rejected", "skipped"):
            self.assertEqual(jint(summaries[1], key), jint(summaries[4], key), key)

        # The client's rejections in the same order, byte for byte; the server's as a set.
        lines = {threads: log.split(b"\n") for threads, log in logs.items()}
        self.assertEqual(lines[1][0], b"file\tline\tfield\treason")
        self.assertEqual(len(lines[1]), 1 + client + server + 1)  # and the last newline

        def split(rows):
            ours = [r for r in rows[1:] if r and b"2021-02-31" not in r]
            theirs = sorted(r for r in rows[1:] if b"2021-02-31" in r)
            return ours, theirs

        ours1, theirs1 = split(lines[1])
        ours4, theirs4 = split(lines[4])
        self.assertEqual(len(ours1), client)
        self.assertEqual(len(theirs1), server)
        self.assertEqual(ours1, ours4)
        self.assertEqual(theirs1, theirs4)
        self.assertEqual([int(r.split(b"\t")[1]) for r in ours1],
                         sorted(int(r.split(b"\t")[1]) for r in ours1))
        if not theirs1:
            self.assertEqual(logs[1], logs[4])

        # The servers hold the same events.
        stats = {t: cli_json(["stats"], server=s) for t, s in self.servers.items()}
        for doc in stats.values():
            doc.pop("bytesOnDisk")  # compactions differ
            doc.pop("graphBytes")  # the graph's arrays grew in another order
        self.assertEqual(stats[1], stats[4])
        self.assertGreaterEqual(jint(stats[1], "events"), valid)
        actor, count = gdelt_actor_counts(self.generated).most_common(1)[0]
        timelines = {t: cli_json(["timeline", actor, "--by", "year"], server=s)
                     for t, s in self.servers.items()}
        self.assertEqual(timelines[1], timelines[4])
        self.assertIn(actor, str(timelines[1]))
        self.assertGreater(count, 0)

    def test_truncated_file_stops_alike(self):
        whole = os.path.join(self.folder, "whole.export.CSV.gz")
        harness.cli_ok(["generate", "--events", 5000, "--seed", 22, "--gzip",
                        "--output", whole])
        with open(whole, "rb") as f:
            data = f.read()
        cut = os.path.join(self.folder, "cut.export.CSV.gz")
        with open(cut, "wb") as f:
            f.write(data[:len(data) // 2])
        results = {}
        for threads in (1, 4):
            result, _ = self.ingest(threads, [cut], "cut", ok=False)
            results[threads] = result
            self.assertEqual(result.returncode, 1, result.describe())
            self.assertIn(f"error: {cut}: ", result.stderr)
            self.assertIn("ingest did not finish", result.stderr)

        def acknowledged(result):
            tail = result.stderr[result.stderr.index("ingest did not finish"):]
            return tail.split(" rows read")[0]

        self.assertEqual(acknowledged(results[1]), acknowledged(results[4]))
        self.assertNotIn("ingest did not finish: 0 of", results[1].stderr)

    def test_bad_thread_count_is_a_usage_error(self):
        for bad in ("0", "65", "many"):
            result = harness.run_cli(["ingest", self.bad, "--parse-threads", bad],
                                     server=self.servers[1])
            self.assertNotEqual(result.returncode, 0, result.describe())
            self.assertIn("--parse-threads", result.stderr)


class ParallelResumeTest(formats_e2e_test.ResumeTest):
    """formats_e2e_test's --resume test (SIGKILL after some acks, rerun) with 4 parse threads."""

    EXTRA_ARGS = ["--parse-threads", 4]
    ROWS = 20000  # enough to be killed midway, and quicker


class KilledClientsTest(harness.ServerTestCase):
    """Clients killed in the middle of their streams, round after round (plain and bulk), never
    take the server down. A stream that failed while another thread was about to start its next
    read or write used to finish at once, and OnDone freed the call under that thread."""

    ROUNDS = 24

    def test_the_server_survives_killed_streams(self):
        folder = harness.make_temp_dir("eventgraph-killed-")
        self.addCleanup(harness.remove_temp_dir, folder)
        data = os.path.join(folder, "events.tsv")
        formats_e2e_test.write_quad_file(data, 20000)
        rng = random.Random(3)
        for i in range(self.ROUNDS):
            args = ["ingest", data, "--quiet", "--batch-size", 20, "--parse-threads", 2]
            if i % 2:
                args += ["--bulk"]
            proc = formats_e2e_test.start_cli(args, self.server.address, folder, f"run{i}")
            time.sleep(rng.uniform(0.05, 0.5))
            proc.send_signal(signal.SIGKILL)
            formats_e2e_test.finish_cli(proc)
            self.assertIsNone(self.server.proc.poll(),
                              f"the server died in round {i}:\n{self.server.log_tail()}")
        # Still serving, and every event stored once: a plain reload adds nothing new twice.
        summary = cli_json(["ingest", data, "--quiet"], server=self.server)
        self.assertEqual(jint(summary, "accepted") + jint(summary, "duplicates"), 20000)
        stats = self.api.GetStats(harness.load_stubs().pb.GetStatsRequest())
        self.assertEqual(stats.events, 20000)


if __name__ == "__main__":
    harness.main()
