"""End-to-end tests of the `eventgraph` CLI against a real `eventgraphd`.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... python3 tests/e2e/cli_e2e_test.py
(see harness.py for the environment variables).
"""

import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, cli_ok, jint, json_events, norm_name  # noqa: E402

RUSSIA = "Russia"
NORTH_KOREA = "North Korea"
QUAD_FIELDS = {1: "verbalCooperation", 2: "materialCooperation", 3: "verbalConflict",
               4: "materialConflict"}


def is_dyad(row, a, b):
    """True when {actor, target} of the row is {a, b} under the API's name matching."""
    return {norm_name(row["actor"]), norm_name(row["target"])} == {norm_name(a), norm_name(b)}


def buckets_by_start(timeline):
    return {b["startDate"]: b for b in timeline.get("buckets", [])}


# ---------------------------------------------------------------- (a) the hand-written sample


class SampleFileTest(harness.ServerTestCase):
    """Loads samples/russia_north_korea.tsv and checks the yearly Russia–North Korea timeline."""

    WITH_API = False
    FIRST_YEAR = 2000
    LAST_YEAR = 2024

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = harness.sample_file("russia_north_korea.tsv")
        cls.rows = list(harness.read_tsv(cls.path))

    def test_1_ingest_accepts_every_row(self):
        summary = cli_json(["ingest", self.path], server=self.server)
        self.assertEqual(jint(summary, "rows"), len(self.rows), summary)
        self.assertEqual(jint(summary, "accepted"), len(self.rows), summary)
        self.assertEqual(jint(summary, "duplicates"), 0, summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)
        self.assertEqual(summary.get("rejections", []), [])
        self.assertEqual(summary.get("ignored_columns", []), [])

        stats = cli_json(["stats"], server=self.server)
        actors = {norm_name(r[k]) for r in self.rows for k in ("actor", "target")}
        self.assertEqual(jint(stats, "events"), len(self.rows), stats)
        self.assertEqual(jint(stats, "actors"), len(actors), stats)
        self.assertEqual(stats.get("firstDate"), min(r["date"] for r in self.rows))
        self.assertEqual(stats.get("lastDate"), max(r["date"] for r in self.rows))

    def expected_years(self):
        """Per year: the Russia–North Korea rows of the sample (either direction)."""
        years = collections.defaultdict(list)
        for row in self.rows:
            if is_dyad(row, RUSSIA, NORTH_KOREA):
                years[int(row["date"][:4])].append(row)
        return years

    def test_2_yearly_timeline_matches_the_sample(self):
        years = self.expected_years()
        # The sample covers the treaty of 2000 and the treaty of 2024 between the countries.
        self.assertGreater(len(years[2000]), 0)
        self.assertGreater(len(years[2024]), 0)

        timeline = cli_json(["timeline", RUSSIA, NORTH_KOREA,
                             "--from", f"{self.FIRST_YEAR}-01-01",
                             "--to", f"{self.LAST_YEAR}-12-31",
                             "--by", "year", "--direction", "both"], server=self.server)
        self.assertEqual(timeline.get("actor"), RUSSIA)
        self.assertEqual(timeline.get("counterpart"), NORTH_KOREA)
        buckets = timeline.get("buckets", [])
        wanted_starts = [f"{y}-01-01" for y in range(self.FIRST_YEAR, self.LAST_YEAR + 1)]
        self.assertEqual([b["startDate"] for b in buckets], wanted_starts)
        self.assertEqual([b["endDate"] for b in buckets],
                         [f"{y}-12-31" for y in range(self.FIRST_YEAR, self.LAST_YEAR + 1)])

        by_start = buckets_by_start(timeline)
        self.assertEqual(jint(by_start["2000-01-01"], "eventCount"), len(years[2000]))
        self.assertEqual(jint(by_start["2024-01-01"], "eventCount"), len(years[2024]))

        empty_years = 0
        for year in range(self.FIRST_YEAR, self.LAST_YEAR + 1):
            bucket = by_start[f"{year}-01-01"]
            rows = years[year]
            with self.subTest(year=year):
                self.assertEqual(jint(bucket, "eventCount"), len(rows), bucket)
                for quad, field in QUAD_FIELDS.items():
                    want = sum(1 for r in rows if int(r["quad_class"]) == quad)
                    self.assertEqual(jint(bucket, field), want, (field, bucket))
                if rows:
                    mean = sum(float(r["goldstein"]) for r in rows) / len(rows)
                    self.assertAlmostEqual(float(bucket["goldsteinMean"]), mean, places=6)
                    self.assertEqual(jint(bucket, "goldsteinEvents"), len(rows))
                else:
                    empty_years += 1
                    self.assertIsNone(bucket.get("goldsteinMean"), bucket)
                    self.assertEqual(jint(bucket, "goldsteinEvents"), 0)
        # Years without events inside the window (2001, 2002, ...) must come back as zeros.
        self.assertGreater(empty_years, 10)
        total = timeline.get("total", {})
        self.assertEqual(jint(total, "eventCount"), sum(len(v) for v in years.values()))

    def test_2b_split_counts_each_direction_in_one_call(self):
        years = self.expected_years()
        window = ["--from", f"{self.FIRST_YEAR}-01-01", "--to", f"{self.LAST_YEAR}-12-31",
                  "--by", "year"]
        timeline = cli_json(["timeline", RUSSIA, NORTH_KOREA, "--split"] + window,
                            server=self.server)
        by_start = buckets_by_start(timeline)
        out_total = in_total = 0
        for year in range(self.FIRST_YEAR, self.LAST_YEAR + 1):
            bucket = by_start[f"{year}-01-01"]
            rows = years[year]
            out_rows = [r for r in rows if norm_name(r["actor"]) == norm_name(RUSSIA)]
            in_rows = [r for r in rows if norm_name(r["actor"]) == norm_name(NORTH_KOREA)]
            with self.subTest(year=year):
                self.assertEqual(jint(bucket, "eventCount"), len(rows), bucket)
                outgoing = bucket.get("outgoing", {})
                incoming = bucket.get("incoming", {})
                self.assertEqual(jint(outgoing, "eventCount"), len(out_rows), bucket)
                self.assertEqual(jint(incoming, "eventCount"), len(in_rows), bucket)
                self.assertEqual(outgoing.get("startDate"), f"{year}-01-01")
                for quad, field in QUAD_FIELDS.items():
                    self.assertEqual(jint(outgoing, field),
                                     sum(1 for r in out_rows if int(r["quad_class"]) == quad))
                if in_rows:
                    mean = sum(float(r["goldstein"]) for r in in_rows) / len(in_rows)
                    self.assertAlmostEqual(float(incoming["goldsteinMean"]), mean, places=6)
            out_total += len(out_rows)
            in_total += len(in_rows)
        self.assertGreater(out_total, 0)
        self.assertGreater(in_total, 0)
        total = timeline.get("total", {})
        self.assertEqual(jint(total.get("outgoing", {}), "eventCount"), out_total)
        self.assertEqual(jint(total.get("incoming", {}), "eventCount"), in_total)

        # CSV: the whole, then outgoing_ and incoming_ columns.
        csv_out = cli_ok(["timeline", RUSSIA, NORTH_KOREA, "--split"] + window,
                         server=self.server, output="csv").stdout.splitlines()
        header = csv_out[0].split(",")
        self.assertEqual(header[:3], ["start_date", "end_date", "event_count"])
        self.assertIn("outgoing_event_count", header)
        self.assertIn("incoming_goldstein_mean", header)
        row_2024 = dict(zip(header, next(l for l in csv_out if l.startswith("2024-")).split(",")))
        self.assertEqual(int(row_2024["outgoing_event_count"]) +
                         int(row_2024["incoming_event_count"]), len(years[2024]))
        # The table has the two direction columns.
        table = cli_ok(["timeline", RUSSIA, NORTH_KOREA, "--split"] + window,
                       server=self.server, output="table")
        self.assertIn("gs out", table.stdout, table.describe())
        # A one-way timeline cannot be split: the error names the field.
        bad = harness.run_cli(["timeline", RUSSIA, NORTH_KOREA, "--split",
                               "--direction", "out"], server=self.server)
        self.assertNotEqual(bad.returncode, 0, bad.describe())
        self.assertIn("split_directions", bad.stderr, bad.describe())

    def test_3_table_output_names_the_actors(self):
        result = cli_ok(["timeline", RUSSIA, NORTH_KOREA, "--from", "2000-01-01",
                         "--to", "2024-12-31", "--by", "year", "--direction", "both"],
                        server=self.server, output="table")
        self.assertIn(RUSSIA, result.stdout, result.describe())
        self.assertIn(NORTH_KOREA, result.stdout, result.describe())
        self.assertIn("2000", result.stdout, result.describe())
        self.assertIn("2024", result.stdout, result.describe())

    def test_4_person_actor(self):
        name = "Vladimir Putin"
        mine = [r for r in self.rows if name in (r["actor"], r["target"])]
        actor = cli_json(["actor", name], server=self.server)
        self.assertEqual(actor.get("name"), name)
        self.assertEqual(actor.get("firstDate"), min(r["date"] for r in mine))
        self.assertEqual(actor.get("lastDate"), max(r["date"] for r in mine))
        self.assertEqual(jint(actor, "eventCount"), len(mine))
        self.assertEqual(jint(actor, "outCount"), sum(1 for r in mine if r["actor"] == name))
        self.assertEqual(jint(actor, "inCount"), sum(1 for r in mine if r["target"] == name))

        events = json_events(cli_json(["events", name, NORTH_KOREA, "--all"],
                                      server=self.server))
        want = sorted((r["date"], r["actor"], r["action"], r["target"]) for r in mine
                      if is_dyad(r, name, NORTH_KOREA))
        got = sorted((e["date"], e["actor"], e["action"], e["target"]) for e in events)
        self.assertEqual(got, want)

    def test_5_admin_check(self):
        report = cli_json(["admin", "check"], server=self.server)
        self.assertEqual(jint(report, "events"), len(self.rows), report)
        self.assertEqual(jint(report, "problems"), 0, report)
        repaired = cli_ok(["admin", "check", "--repair"], server=self.server, output="table")
        self.assertIn("repaired", repaired.stdout, repaired.describe())
        self.assertIn("yes", repaired.stdout, repaired.describe())
        bad = harness.run_cli(["admin", "fsck"], server=self.server)
        self.assertEqual(bad.returncode, 2, bad.describe())


# ---------------------------------------------------------------- (b) ICEWS18


class Icews18Test(harness.ServerTestCase):
    """Loads all of ICEWS18 and checks the Russia–North Korea monthly timeline against a scan."""

    WITH_API = False
    FILE = "icews18_events.tsv.gz"
    ROWS = 468558
    # From shared/data/README.md: ICEWS18 Russia<->North Korea rows per month of 2018.
    README_MONTHLY = {"2018-01": 5, "2018-02": 18, "2018-03": 25, "2018-04": 25, "2018-05": 17,
                      "2018-06": 19, "2018-07": 11, "2018-08": 6, "2018-09": 12, "2018-10": 41}
    MONTHS = [f"2018-{m:02d}" for m in range(1, 11)]
    state = {}

    @classmethod
    def setUpClass(cls):
        cls.path = harness.data_file(cls.FILE)  # skips the class when the file is absent
        super().setUpClass()
        cls.state = {}
        both, out, into = (collections.Counter() for _ in range(3))
        rows = 0
        for row in harness.read_tsv(cls.path):
            rows += 1
            if is_dyad(row, RUSSIA, NORTH_KOREA):
                month = row["date"][:7]
                both[month] += 1
                if norm_name(row["actor"]) == norm_name(RUSSIA):
                    out[month] += 1
                else:
                    into[month] += 1
        cls.scan_rows = rows
        cls.scan = {"both": both, "out": out, "in": into}

    def require(self, step):
        if not self.state.get(step):
            self.skipTest(f"an earlier step ({step}) failed")

    def timeline(self, direction):
        return cli_json(["timeline", RUSSIA, NORTH_KOREA, "--from", "2018-01-01",
                         "--to", "2018-10-31", "--by", "month", "--direction", direction],
                        server=self.server)

    def check_monthly(self, timeline, direction):
        buckets = timeline.get("buckets", [])
        self.assertEqual([b["startDate"] for b in buckets], [m + "-01" for m in self.MONTHS])
        got = {b["startDate"][:7]: jint(b, "eventCount") for b in buckets}
        want = {m: self.scan[direction][m] for m in self.MONTHS}
        self.assertEqual(got, want, f"direction {direction}")
        self.assertEqual(jint(timeline.get("total", {}), "eventCount"), sum(want.values()))

    def test_0_scan_agrees_with_the_readme(self):
        self.assertEqual(self.scan_rows, self.ROWS)
        self.assertEqual({m: self.scan["both"][m] for m in self.MONTHS}, self.README_MONTHLY)

    def test_1_ingest(self):
        summary = cli_json(["ingest", self.path, "--quiet"], server=self.server)
        self.assertEqual(jint(summary, "rows"), self.ROWS, summary)
        self.assertEqual(jint(summary, "accepted"), self.ROWS, summary)
        self.assertEqual(jint(summary, "duplicates"), 0, summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)
        # The split column is not an event field.
        self.assertIn("split", summary.get("ignored_columns", []), summary)
        stats = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(stats, "events"), self.ROWS, stats)
        self.assertEqual(stats.get("firstDate"), "2018-01-01")
        self.assertEqual(stats.get("lastDate"), "2018-10-31")
        self.state["ingest"] = True

    def test_2_monthly_timeline_both_directions(self):
        self.require("ingest")
        timeline = self.timeline("both")
        self.check_monthly(timeline, "both")
        got = {b["startDate"][:7]: jint(b, "eventCount") for b in timeline["buckets"]}
        self.assertEqual(got, self.README_MONTHLY)
        self.state["timeline"] = timeline

    def test_3_monthly_timeline_per_direction(self):
        self.require("ingest")
        out = self.timeline("out")
        into = self.timeline("in")
        self.check_monthly(out, "out")
        self.check_monthly(into, "in")
        for month in self.MONTHS:
            self.assertEqual(self.scan["out"][month] + self.scan["in"][month],
                             self.scan["both"][month])

    def test_4_reload_is_all_duplicates(self):
        self.require("ingest")
        summary = cli_json(["ingest", self.path, "--quiet"], server=self.server)
        self.assertEqual(jint(summary, "accepted"), 0, summary)
        self.assertEqual(jint(summary, "duplicates"), self.ROWS, summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)
        stats = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(stats, "events"), self.ROWS, stats)

    def test_5_restart_keeps_everything(self):
        self.require("ingest")
        before = cli_json(["stats"], server=self.server)
        timeline_before = self.state.get("timeline") or self.timeline("both")
        self.server.restart()  # SIGTERM must give exit code 0
        after = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(after, "events"), jint(before, "events"))
        self.assertEqual(jint(after, "events"), self.ROWS)
        self.assertEqual(jint(after, "actors"), jint(before, "actors"))
        self.assertEqual(after.get("firstDate"), before.get("firstDate"))
        self.assertEqual(after.get("lastDate"), before.get("lastDate"))
        self.assertEqual(self.timeline("both"), timeline_before)


# ---------------------------------------------------------------- (c) good and bad rows


class BadRowsTest(harness.ServerTestCase):
    """A file mixing good and bad rows: only the good are stored, each bad one is reported."""

    WITH_API = False
    HEADER = b"actor\taction\ttarget\tdate\n"
    GOOD = [
        ("E2E Alpha", "Consult", "E2E Beta", "2018-02-01"),
        ("E2E Beta", "Make a visit", "E2E Alpha", "2018-02-02"),
        ("E2E Alpha", "Host a visit", "E2E Gamma", "2018-02-03"),
        ("E2E Gamma", "Praise or endorse", "E2E Beta", "2018-02-04"),
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = harness.make_temp_dir("eventgraph-badrows-")
        cls.addClassCleanup(harness.remove_temp_dir, folder)
        cls.path = os.path.join(folder, "mixed.tsv")
        cls.rejects_path = os.path.join(folder, "rejects.tsv")
        good = [("\t".join(g) + "\n").encode("utf-8") for g in cls.GOOD]
        lines = [
            cls.HEADER,                                                      # 1
            good[0],                                                         # 2
            good[1],                                                         # 3
            b"E2E Alpha\tConsult\tE2E Beta\t2018-02-30\n",                   # 4 bad date
            b"\tConsult\tE2E Beta\t2018-02-05\n",                            # 5 empty actor
            b"X" * 100_000 + b"\tConsult\tE2E Beta\t2018-02-05\n",           # 6 100 KB actor
            good[2],                                                         # 7
            b"E2E Alpha\tConsult\t2018-02-07\n",                             # 8 3 columns
            b"E2E Alpha\tConsult\tE2E \xff\xfe Beta\t2018-02-08\n",          # 9 invalid UTF-8
            b"E2E Alpha\tCon\x00sult\tE2E Beta\t2018-02-09\n",               # 10 NUL byte
            good[3],                                                         # 11
        ]
        with open(cls.path, "wb") as f:
            f.write(b"".join(lines))
        # Line -> the field the rejection must name (None: a whole-row problem).
        cls.bad_lines = {4: "date", 5: "actor", 6: "actor", 8: None, 9: "target", 10: "action"}

    def ingest(self, rejects_path):
        return cli_json(["ingest", self.path, "--rejects", rejects_path], server=self.server)

    def events_of(self, actor):
        events = json_events(cli_json(["events", actor, "--all"], server=self.server))
        return sorted((e["actor"], e["action"], e["target"], e["date"]) for e in events)

    def check_rejections(self, rejections, where):
        by_line = {}
        for r in rejections:
            line = int(r["line"])
            self.assertNotIn(line, by_line, f"line {line} reported twice in {where}")
            by_line[line] = r
        self.assertEqual(sorted(by_line), sorted(self.bad_lines), f"{where}: {rejections}")
        for line, field in self.bad_lines.items():
            r = by_line[line]
            with self.subTest(where=where, line=line):
                self.assertTrue(str(r["file"]).endswith("mixed.tsv"), r)
                self.assertTrue(str(r["reason"]).strip(), r)
                if field is not None:
                    self.assertIn(field, str(r["field"]), r)

    def read_rejects_file(self, path):
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        out = []
        for physical in text.splitlines():
            if not physical.strip():
                continue
            parts = physical.split("\t", 3)
            self.assertEqual(len(parts), 4, f"rejects line {physical!r}")
            if parts[1] == "line":  # a header line is allowed
                continue
            out.append({"file": parts[0], "line": parts[1], "field": parts[2],
                        "reason": parts[3]})
        return out

    def test_1_only_good_rows_are_stored(self):
        before = cli_json(["stats"], server=self.server)
        summary = self.ingest(self.rejects_path)
        self.assertEqual(jint(summary, "rows"), 10, summary)
        self.assertEqual(jint(summary, "accepted"), len(self.GOOD), summary)
        self.assertEqual(jint(summary, "duplicates"), 0, summary)
        self.assertEqual(jint(summary, "rejected"), len(self.bad_lines), summary)
        self.check_rejections(summary.get("rejections", []), "JSON summary")
        self.check_rejections(self.read_rejects_file(self.rejects_path), "--rejects file")

        after = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(after, "events") - jint(before, "events"), len(self.GOOD))
        for actor in ("E2E Alpha", "E2E Beta", "E2E Gamma"):
            want = sorted(g for g in self.GOOD if actor in (g[0], g[2]))
            self.assertEqual(self.events_of(actor), want, actor)
        result = harness.run_cli(["actor", "X" * 100_000], server=self.server, output="json")
        self.assertNotEqual(result.returncode, 0, "the 100 KB actor must not exist")

    def test_2_reload_reports_duplicates(self):
        rejects2 = self.rejects_path + ".2"
        summary = self.ingest(rejects2)
        self.assertEqual(jint(summary, "accepted"), 0, summary)
        self.assertEqual(jint(summary, "duplicates"), len(self.GOOD), summary)
        self.assertEqual(jint(summary, "rejected"), len(self.bad_lines), summary)
        self.check_rejections(summary.get("rejections", []), "JSON summary (reload)")
        stats = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(stats, "events"), len(self.GOOD))


if __name__ == "__main__":
    harness.main()
