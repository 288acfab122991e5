"""End-to-end tests of bulk loading (`eventgraph ingest --bulk`, IngestRequest.bulk): the
server gathers the batches of a stream into chunks and stores each chunk as SST files
ingested at once. A generated file with two bad rows is loaded with --bulk into one server
(small chunks, so the load takes several) and without it into another; both must store the
same events, answer the same timeline, report the bad rows by line, check clean, and add
nothing on a reload; once the load is over the server reports no bulk load and its
deferred compactions settle. A stream that mixes bulk and ordinary batches is refused with
INVALID_ARGUMENT naming the field `bulk`, and a bulk unary Ingest stores its events.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... python3 tests/e2e/bulk_e2e_test.py
(see harness.py for the environment variables).
"""

import collections
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, cli_ok, jint, norm_name  # noqa: E402

EVENTS = 12000
CHUNK = 2500  # --bulk-chunk-events: the load takes five chunks
BAD_DATE_LINE = 101    # 1-based line numbers in the file (line 1 is the header)
SHORT_ROW_LINE = 7002


def make_file(folder):
    """A generated TSV with a bad date and a short row inserted; returns (path, good rows)."""
    source = os.path.join(folder, "generated.tsv")
    cli_ok(["generate", "--events", EVENTS, "--format", "tsv", "--seed", 5,
            "--actors", 300, "--output", source])
    with open(source, encoding="utf-8") as f:
        lines = f.read().splitlines()
    header, rows = lines[0], lines[1:]
    bad_date = rows[0].split("\t")
    bad_date[3] = "2018-02-30"
    bad_date[9] = "bulk-bad-date"  # source_event_id: not a duplicate of row 1
    out = [header] + rows
    out.insert(BAD_DATE_LINE - 1, "\t".join(bad_date))
    out.insert(SHORT_ROW_LINE - 1, "Russia\tConsult")
    path = os.path.join(folder, "events.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    good = [dict(zip(header.split("\t"), r.split("\t"))) for r in rows]
    return path, good


def busiest_pair(rows):
    """The directed (actor, target) pair with the most events, and its events per year."""
    per_pair = collections.Counter((r["actor"], r["target"]) for r in rows
                                   if norm_name(r["actor"]) != norm_name(r["target"]))
    (actor, target), _ = max(per_pair.items(), key=lambda kv: (kv[1], kv[0]))
    years = collections.Counter(int(r["date"][:4]) for r in rows
                                if (r["actor"], r["target"]) == (actor, target))
    return actor, target, years


class BulkLoadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        harness.load_stubs()
        cls.folder = harness.make_temp_dir("eventgraph-bulk-")
        cls.addClassCleanup(harness.remove_temp_dir, cls.folder)
        cls.path, cls.rows = make_file(cls.folder)
        cls.bulk = harness.Server(extra_args=["--bulk-chunk-events", str(CHUNK)])
        cls.addClassCleanup(cls.bulk.close)
        cls.bulk.start()
        cls.plain = harness.Server()
        cls.addClassCleanup(cls.plain.close)
        cls.plain.start()
        cls.rejects = os.path.join(cls.folder, "rejects.tsv")
        cls.first = cli_json(["ingest", "--bulk", "--batch-size", 500, "--rejects",
                              cls.rejects, cls.path], server=cls.bulk)
        cls.plain_load = cli_json(["ingest", cls.path], server=cls.plain)

    def test_1_every_good_row_is_stored_and_bad_rows_are_reported_by_line(self):
        self.assertEqual(jint(self.first, "accepted"), EVENTS)
        self.assertEqual(jint(self.first, "rejected"), 2)
        self.assertEqual(jint(self.first, "duplicates"), 0)
        with open(self.rejects, encoding="utf-8") as f:
            lines = [line.split("\t") for line in f.read().splitlines() if line]
        by_line = {int(cells[1]): cells for cells in lines if cells[1].isdigit()}
        self.assertEqual(sorted(by_line), [BAD_DATE_LINE, SHORT_ROW_LINE], lines)
        self.assertEqual(by_line[BAD_DATE_LINE][2], "date")
        self.assertIn("2018-02-30", by_line[BAD_DATE_LINE][3])
        stats = cli_json(["stats"], server=self.bulk)
        self.assertEqual(jint(stats, "events"), EVENTS)

    def test_1b_deferred_compactions_run_when_the_load_ends(self):
        # During a bulk stream level-0 files gather (BulkLoadScope); when it ends the
        # server reports no bulk load and RocksDB compacts them, so the background work
        # settles with fewer than 4 level-0 files per column family (12 families).
        deadline = time.monotonic() + 60
        while True:
            stats = cli_json(["stats"], server=self.bulk)
            busy = (jint(stats, "bulkLoads") + jint(stats, "runningCompactions")
                    + jint(stats, "runningFlushes") + jint(stats, "pendingCompactionBytes"))
            if busy == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(jint(stats, "bulkLoads"), 0, stats)
        self.assertEqual(jint(stats, "pendingCompactionBytes"), 0, stats)
        self.assertLess(jint(stats, "level0Files"), 4 * 12, stats)

    def test_2_same_store_as_an_ordinary_load(self):
        self.assertEqual(jint(self.plain_load, "accepted"), EVENTS)
        bulk_stats = cli_json(["stats"], server=self.bulk)
        plain_stats = cli_json(["stats"], server=self.plain)
        for key in ("events", "actors", "firstDate", "lastDate"):
            self.assertEqual(bulk_stats[key], plain_stats[key], key)

    def test_3_timeline_equals_a_scan_of_the_file(self):
        actor, target, years = busiest_pair(self.rows)
        args = ["timeline", actor, target, "--by", "year", "--direction", "out"]
        bulk = cli_json(args, server=self.bulk)
        plain = cli_json(args, server=self.plain)
        got = {int(b["startDate"][:4]): jint(b, "eventCount")
               for b in bulk["buckets"] if jint(b, "eventCount")}
        self.assertEqual(got, dict(years))
        self.assertEqual(bulk["buckets"], plain["buckets"])

    def test_4_the_database_checks_clean(self):
        report = cli_json(["admin", "check"], server=self.bulk)
        self.assertEqual(jint(report, "problems"), 0, report)
        self.assertEqual(jint(report, "events"), EVENTS)

    def test_5_a_reload_adds_nothing(self):
        again = cli_json(["ingest", "--bulk", self.path], server=self.bulk)
        self.assertEqual(jint(again, "accepted"), 0)
        self.assertEqual(jint(again, "duplicates"), EVENTS)
        self.assertEqual(jint(cli_json(["stats"], server=self.bulk), "events"), EVENTS)

    def test_6_a_restart_keeps_everything(self):
        self.bulk.restart()
        self.assertEqual(jint(cli_json(["stats"], server=self.bulk), "events"), EVENTS)
        report = cli_json(["admin", "check"], server=self.bulk)
        self.assertEqual(jint(report, "problems"), 0, report)


class BulkApiTest(harness.ServerTestCase):
    def event(self, n):
        pb = self.api.stubs.pb
        return pb.Event(actor="Russia", target="North Korea", action="Consult",
                        date="2024-06-%02d" % (1 + n % 28), source_event_id="api-%d" % n)

    def test_mixed_stream_is_refused_naming_bulk(self):
        import grpc
        pb = self.api.stubs.pb
        requests = [pb.IngestRequest(events=[self.event(1)], sequence=1, bulk=True),
                    pb.IngestRequest(events=[self.event(2)], sequence=2, bulk=False)]
        with self.assertRaises(grpc.RpcError) as caught:
            list(self.api.IngestStream(iter(requests)))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("bulk", caught.exception.details())

    def test_unary_bulk_ingest_stores_and_dedups(self):
        pb = self.api.stubs.pb
        request = pb.IngestRequest(events=[self.event(n) for n in range(10, 20)], bulk=True)
        request.events.append(pb.Event(actor="", target="China", date="2024-01-01"))
        ack = self.api.Ingest(request)
        self.assertEqual(ack.accepted, 10)
        self.assertEqual(len(ack.rejections), 1)
        self.assertEqual(ack.rejections[0].index, 10)
        self.assertEqual(ack.rejections[0].field, "events[10].actor")
        self.assertTrue(all(i > 0 for i in ack.event_ids[:10]))
        again = self.api.Ingest(request)
        self.assertEqual(again.accepted, 0)
        self.assertEqual(again.duplicates, 10)
        self.assertEqual(list(again.event_ids), list(ack.event_ids))


if __name__ == "__main__":
    harness.main()
