"""End-to-end tests of backups and deletion against a real eventgraphd.

(a) Backup and restore: ingest, CreateBackup, ingest more, stop the server,
    restore the first backup offline into a new folder (eventgraphd
    --restore-backup), start a server on it and compare stats, timelines,
    event listings and neighbours with what the first server answered at
    backup time; ListBackups, DeleteBackup, purge; restore refusals.
(b) VerifyBackup finds a corrupted backup file (DATA_LOSS naming the backup).
(c) DeleteEvents by ids, by source_event_id (with and without date), by
    source, dry runs; CheckDatabase clean after each; reads agree; a deleted
    event can be ingested again; bad requests are clear errors and delete
    nothing.
(d) The CLI: admin backup create|list|verify|delete|purge and delete.

Quick: a few hundred events. Run: EVENTGRAPHD=... EVENTGRAPH_CLI=...
python3 tests/e2e/backup_e2e_test.py (see harness.py).
"""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, jint, run_cli  # noqa: E402

ACTORS = ["Russia", "China", "Japan", "Iran", "North Korea", "India"]


def make_events(pb, n, first=0, source="https://a.example/feed"):
    events = []
    for i in range(first, first + n):
        events.append(pb.Event(
            actor=ACTORS[i % 6], action="Consult", target=ACTORS[(i // 6 + 1 + i) % 6],
            date=f"2019-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}",
            event_code="040", quad_class=1 + i % 4, goldstein=float(i % 11 - 5),
            source=source, source_event_id=f"s{i}"))
    return events


def ingest(api, pb, events):
    accepted = 0
    for start in range(0, len(events), 500):
        ack = api.Ingest(pb.IngestRequest(events=events[start:start + 500]))
        assert not ack.rejections, ack.rejections
        accepted += ack.accepted
    return accepted


def all_events(api, pb, actor=""):
    out, token = [], ""
    while True:
        page = api.ListEvents(pb.ListEventsRequest(actor=actor, page_size=1000,
                                                   page_token=token))
        out.extend(page.events)
        token = page.next_page_token
        if not token:
            return out


def answers(api, pb):
    """What a server says about its data: the things a restore must keep."""
    stats = api.GetStats(pb.GetStatsRequest())
    timeline = api.GetTimeline(pb.GetTimelineRequest(
        actor="Russia", granularity=pb.GRANULARITY_MONTH))
    neighbors = api.GetNeighbors(pb.GetNeighborsRequest(actor="China", limit=100))
    return {
        "stats": (stats.events, stats.actors, stats.first_date, stats.last_date),
        "timeline": [(b.start_date, b.event_count) for b in timeline.buckets],
        "events": [e.SerializeToString(deterministic=True) for e in all_events(api, pb)],
        "neighbors": sorted((n.actor, n.summary.event_count) for n in neighbors.neighbors),
    }


def corrupt_largest_file(folder):
    largest, size = None, 0
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if os.path.getsize(path) > size:
                largest, size = path, os.path.getsize(path)
    with open(largest, "r+b") as f:
        f.seek(size // 2)
        byte = f.read(1)
        f.seek(size // 2)
        f.write(bytes([byte[0] ^ 0x5A]))
    return largest


def restore(backup_dir, backup_id, db):
    return subprocess.run(
        [harness.server_binary(), "--restore-backup", str(backup_id),
         "--backup-dir", backup_dir, "--db", db],
        capture_output=True, text=True, timeout=120)


class BackupTest(unittest.TestCase):

    def setUp(self):
        import grpc
        self.grpc = grpc
        self.pb = harness.load_stubs().pb
        self.work = harness.make_temp_dir("eventgraph-backup-e2e-")
        self.addCleanup(harness.remove_temp_dir, self.work)
        self.backups = os.path.join(self.work, "backups")
        self.server = harness.Server(extra_args=["--backup-dir", self.backups])
        self.addCleanup(self.server.close)
        self.server.start()
        self.api = harness.Api(self.server.address)
        self.addCleanup(lambda: self.api.close())

    def assert_rpc_error(self, code, call, field=None):
        with self.assertRaises(self.grpc.RpcError) as caught:
            call()
        self.assertEqual(caught.exception.code(), code, caught.exception.details())
        if field is not None:
            fields = [f for f, _ in harness.bad_request_violations(caught.exception)]
            self.assertIn(field, fields, caught.exception.details())
        return caught.exception

    def check_clean(self):
        report = self.api.CheckDatabase(self.pb.CheckDatabaseRequest())
        self.assertEqual(report.problems, 0, list(report.samples))
        return report

    def test_backup_restore_round_trip(self):
        pb = self.pb
        self.assertEqual(ingest(self.api, pb, make_events(pb, 300)), 300)
        before = answers(self.api, pb)
        first = self.api.CreateBackup(pb.CreateBackupRequest())
        self.assertEqual(first.id, 1)
        self.assertEqual(first.events, 300)
        self.assertGreater(first.files, 0)
        self.assertTrue(first.created.endswith("Z"), first.created)

        self.assertEqual(ingest(self.api, pb, make_events(pb, 100, first=300)), 100)
        second = self.api.CreateBackup(pb.CreateBackupRequest())
        self.assertEqual((second.id, second.events), (2, 400))
        listed = self.api.ListBackups(pb.ListBackupsRequest())
        self.assertEqual([(b.id, b.events) for b in listed.backups], [(1, 300), (2, 400)])
        self.assertEqual(listed.backup_dir, self.backups)
        verified = self.api.VerifyBackup(pb.VerifyBackupRequest(id=1))
        self.assertEqual(verified.backup.events, 300)

        # Offline restore of the first backup into a new folder.
        self.assertEqual(self.server.stop(), 0)
        target = os.path.join(self.work, "restored")
        done = restore(self.backups, 1, target)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("300 events", done.stdout)
        again = restore(self.backups, 1, target)  # not an empty folder
        self.assertEqual(again.returncode, 1)
        self.assertIn("not an empty folder", again.stderr)
        missing = restore(self.backups, 9, os.path.join(self.work, "nine"))
        self.assertEqual(missing.returncode, 1)
        self.assertIn("no backup 9", missing.stderr)
        no_dir = subprocess.run([harness.server_binary(), "--restore-backup", "1",
                                 "--db", os.path.join(self.work, "x")],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(no_dir.returncode, 2)
        self.assertIn("--backup-dir", no_dir.stderr)

        copy = harness.Server(db_dir=target)
        self.addCleanup(copy.close)
        copy.start()
        copy_api = harness.Api(copy.address)
        self.addCleanup(copy_api.close)
        self.assertEqual(answers(copy_api, pb), before)
        report = copy_api.CheckDatabase(pb.CheckDatabaseRequest())
        self.assertEqual(report.problems, 0, list(report.samples))

        # Deleting and purging backups (on the original server again).
        self.server.start()
        self.api = harness.Api(self.server.address)
        self.api.CreateBackup(pb.CreateBackupRequest())  # 3
        self.assertEqual(self.api.DeleteBackup(pb.DeleteBackupRequest(id=1)).deleted, 1)
        self.assert_rpc_error(self.grpc.StatusCode.NOT_FOUND,
                              lambda: self.api.DeleteBackup(pb.DeleteBackupRequest(id=1)))
        self.assertEqual(self.api.DeleteBackup(pb.DeleteBackupRequest(keep=1)).deleted, 1)
        listed = self.api.ListBackups(pb.ListBackupsRequest())
        self.assertEqual([b.id for b in listed.backups], [3])
        self.assert_rpc_error(self.grpc.StatusCode.INVALID_ARGUMENT,
                              lambda: self.api.DeleteBackup(pb.DeleteBackupRequest()), "id")
        self.assert_rpc_error(self.grpc.StatusCode.INVALID_ARGUMENT,
                              lambda: self.api.VerifyBackup(pb.VerifyBackupRequest()), "id")
        self.assert_rpc_error(self.grpc.StatusCode.NOT_FOUND,
                              lambda: self.api.VerifyBackup(pb.VerifyBackupRequest(id=42)))

    def test_verify_detects_a_corrupted_file(self):
        pb = self.pb
        ingest(self.api, pb, make_events(pb, 1000))
        made = self.api.CreateBackup(pb.CreateBackupRequest())
        self.api.VerifyBackup(pb.VerifyBackupRequest(id=made.id))
        damaged = corrupt_largest_file(self.backups)
        err = self.assert_rpc_error(
            self.grpc.StatusCode.DATA_LOSS,
            lambda: self.api.VerifyBackup(pb.VerifyBackupRequest(id=made.id)))
        self.assertIn(f"backup {made.id}", err.details())
        self.assertIn(os.path.basename(damaged), err.details())
        cli = run_cli(["admin", "backup", "verify", made.id], server=self.server)
        self.assertEqual(cli.returncode, 1, cli.describe())
        self.assertIn("DATA_LOSS", cli.stderr)
        self.server.stop()
        bad = restore(self.backups, made.id, os.path.join(self.work, "bad"))
        self.assertEqual(bad.returncode, 1, bad.stdout)
        self.assertIn("damaged", bad.stderr)

    def test_delete_events(self):
        pb = self.pb
        api = self.api
        events = make_events(pb, 240) + make_events(pb, 60, first=1000,
                                                    source="https://b.example/x")
        twin = pb.Event()
        twin.CopyFrom(events[5])
        twin.date = "2019-12-30"  # source_event_id s5 on a second day
        events.append(twin)
        ack = api.Ingest(pb.IngestRequest(events=events))
        self.assertEqual(ack.accepted, 301)
        ids = list(ack.event_ids)
        total = 301

        def count():
            return api.GetStats(pb.GetStatsRequest()).events

        # By ids, one unknown.
        r = api.DeleteEvents(pb.DeleteEventsRequest(event_ids=[ids[0], ids[1], 999999]))
        self.assertEqual(r.deleted, 2)
        self.assertEqual(list(r.not_found_ids), [999999])
        total -= 2
        self.assertEqual(count(), total)
        listed = {e.id for e in all_events(api, pb)}
        self.assertNotIn(ids[0], listed)
        self.assertEqual(len(listed), total)
        self.check_clean()

        # By source_event_id on one day, then on every day.
        r = api.DeleteEvents(pb.DeleteEventsRequest(source_event_id="s5", date="2019-12-30"))
        self.assertEqual(r.deleted, 1)
        r = api.DeleteEvents(pb.DeleteEventsRequest(source_event_id="s6", dry_run=True))
        self.assertEqual((r.deleted, r.dry_run), (1, True))
        r = api.DeleteEvents(pb.DeleteEventsRequest(source_event_id="s5"))
        self.assertEqual(r.deleted, 1)
        total -= 2
        self.assertEqual(count(), total)
        self.check_clean()

        # By source: a dry run first.
        r = api.DeleteEvents(pb.DeleteEventsRequest(source="https://b.example/x", dry_run=True))
        self.assertEqual(r.deleted, 60)
        self.assertEqual(count(), total)
        r = api.DeleteEvents(pb.DeleteEventsRequest(source=" https://b.example/x "))
        self.assertEqual(r.deleted, 60)
        total -= 60
        self.assertEqual(count(), total)
        report = self.check_clean()
        self.assertEqual(report.events, total)

        # Reads agree: the timeline total equals the listing, neighbours too.
        timeline = api.GetTimeline(pb.GetTimelineRequest(actor="Japan"))
        japan = all_events(api, pb, actor="Japan")
        self.assertEqual(timeline.total.event_count, len(japan))
        neighbors = api.GetNeighbors(pb.GetNeighborsRequest(actor="Japan", limit=100))
        self.assertEqual(sum(n.summary.event_count for n in neighbors.neighbors),
                         len([e for e in japan if e.actor != e.target]))

        # Deleted events can be ingested again.
        again = api.Ingest(pb.IngestRequest(events=events[240:300]))
        self.assertEqual(again.accepted, 60)
        total += 60
        self.assertEqual(count(), total)
        self.check_clean()

        # Bad requests: clear errors, nothing deleted.
        code = self.grpc.StatusCode.INVALID_ARGUMENT
        self.assert_rpc_error(code, lambda: api.DeleteEvents(pb.DeleteEventsRequest()),
                              "event_ids")
        self.assert_rpc_error(code, lambda: api.DeleteEvents(
            pb.DeleteEventsRequest(event_ids=[ids[3]], source="https://a.example/feed")),
            "source")
        self.assert_rpc_error(code, lambda: api.DeleteEvents(
            pb.DeleteEventsRequest(event_ids=list(range(1, 10002)))), "event_ids")
        self.assert_rpc_error(code, lambda: api.DeleteEvents(
            pb.DeleteEventsRequest(source="https://nowhere.example")), "source")
        self.assert_rpc_error(code, lambda: api.DeleteEvents(
            pb.DeleteEventsRequest(source_event_id="no-such-id")), "source_event_id")
        self.assert_rpc_error(code, lambda: api.DeleteEvents(
            pb.DeleteEventsRequest(event_ids=[ids[3]], date="2019-01-01")), "date")
        self.assert_rpc_error(code, lambda: api.DeleteEvents(
            pb.DeleteEventsRequest(source_event_id="s7", date="2019-13-01")), "date")
        self.assertEqual(count(), total)

    def test_cli(self):
        pb = self.pb
        ack = self.api.Ingest(pb.IngestRequest(events=make_events(pb, 120)))
        ids = list(ack.event_ids)
        made = cli_json(["admin", "backup", "create"], server=self.server)
        self.assertEqual(jint(made, "events"), 120)
        cli_json(["admin", "backup", "create"], server=self.server)
        listed = cli_json(["admin", "backup", "list"], server=self.server)
        self.assertEqual([b["id"] for b in listed["backups"]], [1, 2])
        table = run_cli(["admin", "backup", "list"], server=self.server, output="table")
        self.assertEqual(table.returncode, 0, table.describe())
        self.assertIn(self.backups, table.stdout)
        verified = run_cli(["admin", "backup", "verify", "2"], server=self.server)
        self.assertEqual(verified.returncode, 0, verified.describe())
        self.assertIn("checksums match", verified.stdout)
        gone = cli_json(["admin", "backup", "delete", "1"], server=self.server)
        self.assertEqual(gone["deleted"], 1)
        self.assertEqual(run_cli(["admin", "backup", "verify", "1"],
                                 server=self.server).returncode, 1)
        cli_json(["admin", "backup", "create"], server=self.server)
        purged = cli_json(["admin", "backup", "purge", "--keep", "1"], server=self.server)
        self.assertEqual(purged["deleted"], 1)
        self.assertEqual(run_cli(["admin", "backup", "purge"], server=self.server).returncode, 2)
        self.assertEqual(run_cli(["admin", "backup", "verify"], server=self.server).returncode, 2)
        self.assertEqual(run_cli(["admin", "backup"], server=self.server).returncode, 2)
        check = cli_json(["admin", "check"], server=self.server)
        self.assertEqual(jint(check, "problems"), 0)

        # delete: refuses without --yes when stdin is no terminal.
        refused = run_cli(["delete", "--id", ids[0]], server=self.server)
        self.assertEqual(refused.returncode, 2, refused.describe())
        self.assertIn("--yes", refused.stderr)
        dry = cli_json(["delete", "--source", "https://a.example/feed", "--dry-run"],
                       server=self.server)
        self.assertEqual(jint(dry, "deleted"), 120)
        done = cli_json(["delete", "--id", ids[0], ids[1], "--id", "999999", "--yes"],
                        server=self.server)
        self.assertEqual(jint(done, "deleted"), 2)
        self.assertEqual([int(i) for i in done["notFoundIds"]], [999999])
        done = cli_json(["delete", "--source-event-id", "s9", "--date",
                         make_events(pb, 1, first=9)[0].date, "--yes"], server=self.server)
        self.assertEqual(jint(done, "deleted"), 1)
        table = run_cli(["delete", "--source", "https://a.example/feed", "--yes"],
                        server=self.server, output="table")
        self.assertEqual(table.returncode, 0, table.describe())
        self.assertIn("117", table.stdout)
        self.assertEqual(self.api.GetStats(pb.GetStatsRequest()).events, 0)
        bad = run_cli(["delete", "--source", "https://nowhere.example", "--yes"],
                      server=self.server)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("source", bad.stderr)
        both = run_cli(["delete", "--id", "1", "--source", "x", "--yes"], server=self.server)
        self.assertEqual(both.returncode, 2, both.describe())
        self.assertEqual(run_cli(["delete", "--date", "2019-01-01", "--yes"],
                                 server=self.server).returncode, 2)

    def test_python_client(self):
        # In a child process: the client package `eventgraph` would clash
        # with the stub package of the same name this process has loaded.
        pb = self.pb
        ack = self.api.Ingest(pb.IngestRequest(events=make_events(pb, 50)))
        script = PYTHON_CLIENT_SCRIPT.format(address=self.server.address,
                                             first=ack.event_ids[0])
        env = dict(os.environ,
                   PYTHONPATH=os.path.join(harness.REPO, "client", "python"),
                   EVENTGRAPH_PYPROTO=os.environ.get("EVENTGRAPH_PYPROTO")
                   or harness._stub_dir)
        done = subprocess.run([sys.executable, "-c", script], env=env,
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("python client ok", done.stdout)


PYTHON_CLIENT_SCRIPT = """
import eventgraph
from eventgraph import errors
with eventgraph.connect("{address}", timeout=30) as client:
    made = client.create_backup()
    assert (made["id"], made["events"]) == (1, 50), made
    assert [b["id"] for b in client.list_backups()] == [1]
    assert client.verify_backup(1)["events"] == 50
    try:
        client.verify_backup(5)
        raise AssertionError("verify_backup(5) passed")
    except errors.NotFound:
        pass
    dry = client.delete_events(source="https://a.example/feed", dry_run=True)
    assert dry == {{"deleted": 50, "not_found_ids": [], "dry_run": True}}, dry
    done = client.delete_events(ids=[{first}, 123456])
    assert (done["deleted"], done["not_found_ids"]) == (1, [123456]), done
    assert client.delete_events(source_event_id="s3")["deleted"] == 1
    try:
        client.delete_events(source="https://nowhere.example")
        raise AssertionError("unknown source passed")
    except errors.InvalidArgument as e:
        assert "source" in [f for f, _ in e.field_violations], e.field_violations
    try:
        client.delete_events()
        raise AssertionError("no selector passed")
    except errors.InvalidArgument:
        pass
    assert client.stats().events == 48
    client.create_backup()
    assert client.delete_backup(keep=1) == 1
    assert client.delete_backup(2) == 1
    assert client.list_backups() == []
print("python client ok")
"""

if __name__ == "__main__":
    harness.use_system_python()
    harness.main()
