"""End-to-end tests of `eventgraph generate`: synthetic events written by the real CLI are loaded
into a real `eventgraphd` with `eventgraph ingest`, and the server's answers are checked against
plain counts over the generated file.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... python3 tests/e2e/generate_e2e_test.py
(see harness.py for the environment variables).
"""

import collections
import gzip
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, cli_ok, jint, norm_name  # noqa: E402

EVENTS = 20000
SEED = 11
FIRST_YEAR = 2000
LAST_YEAR = 2024

# 0-based GDELT 2.0 columns.
GDELT_ID, GDELT_SQLDATE, GDELT_ACTOR1_NAME, GDELT_ACTOR2_NAME = 0, 1, 6, 16


def generate(folder, name, *args):
    """Runs `eventgraph generate ARGS --output folder/name` and returns the path."""
    path = os.path.join(folder, name)
    result = cli_ok(["generate", *args, "--output", path])
    # The summary goes to stderr, the data only to the file.
    if "generated" not in result.stderr or "events/s" not in result.stderr:
        raise AssertionError("no summary on stderr:\n" + result.describe())
    return path


def busiest_dyad(pairs):
    """The unordered pair of distinct actors with the most events, and its events per year.

    `pairs` yields (actor, target, date). Names are compared as the API matches them.
    """
    per_dyad = collections.defaultdict(collections.Counter)
    for actor, target, date in pairs:
        if norm_name(actor) == norm_name(target):
            continue
        key = tuple(sorted((norm_name(actor), norm_name(target))))
        per_dyad[key][(actor, target, int(date[:4]))] += 1
    key = max(per_dyad, key=lambda k: (sum(per_dyad[k].values()), k))
    first = next(iter(per_dyad[key]))
    years = collections.Counter()
    for (_, _, year), count in per_dyad[key].items():
        years[year] += count
    return first[0], first[1], years


def ingest_version_knows_gdelt2():
    """True when `eventgraph ingest --format` accepts gdelt2."""
    result = harness.run_cli(["ingest", "--help"])
    return "gdelt2" in result.stdout


class GeneratedFilesTestCase(harness.ServerTestCase):
    """A fresh server (the CLI only, no API stubs) and a temporary folder for the generated files,
    for the whole class."""

    WITH_API = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = harness.make_temp_dir("eventgraph-generate-")
        cls.addClassCleanup(harness.remove_temp_dir, cls.folder)


class GenerateTsvTest(GeneratedFilesTestCase):
    """--format tsv: the project's TSV, loaded by `ingest` with no mapping flags."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = generate(cls.folder, "events.tsv", "--events", EVENTS, "--format", "tsv",
                            "--seed", SEED)
        cls.rows = list(harness.read_tsv(cls.path))

    def test_1_the_file_has_a_header_and_every_event(self):
        self.assertEqual(len(self.rows), EVENTS)
        with open(self.path, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
        self.assertEqual(header[:4], ["actor", "action", "target", "date"])
        dates = [r["date"] for r in self.rows]
        self.assertEqual(dates, sorted(dates))
        self.assertGreaterEqual(dates[0], f"{FIRST_YEAR}-01-01")
        self.assertLessEqual(dates[-1], f"{LAST_YEAR}-12-31")

    def test_2_ingest_accepts_every_event(self):
        summary = cli_json(["ingest", self.path, "--quiet"], server=self.server)
        self.assertEqual(jint(summary, "accepted"), EVENTS, summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)
        self.assertEqual(jint(summary, "duplicates"), 0, summary)

        stats = cli_json(["stats"], server=self.server)
        actors = {norm_name(r[k]) for r in self.rows for k in ("actor", "target")}
        self.assertEqual(jint(stats, "events"), EVENTS, stats)
        self.assertEqual(jint(stats, "actors"), len(actors), stats)
        self.assertEqual(stats.get("firstDate"), self.rows[0]["date"])
        self.assertEqual(stats.get("lastDate"), self.rows[-1]["date"])

    def test_3_timeline_of_a_generated_dyad_matches_a_plain_count(self):
        actor, target, years = busiest_dyad(
            (r["actor"], r["target"], r["date"]) for r in self.rows)
        self.assertGreater(sum(years.values()), 20)  # dyads persist: a busy one exists
        timeline = cli_json(["timeline", actor, target, "--from", f"{FIRST_YEAR}-01-01",
                             "--to", f"{LAST_YEAR}-12-31", "--by", "year"], server=self.server)
        self.assertEqual(jint(timeline.get("total", {}), "eventCount"), sum(years.values()),
                         timeline.get("total"))
        for bucket in timeline.get("buckets", []):
            year = int(bucket["startDate"][:4])
            with self.subTest(year=year):
                self.assertEqual(jint(bucket, "eventCount"), years.get(year, 0), bucket)

    def test_4_loading_again_adds_nothing(self):
        summary = cli_json(["ingest", self.path, "--quiet"], server=self.server)
        self.assertEqual(jint(summary, "accepted"), 0, summary)
        self.assertEqual(jint(summary, "duplicates"), EVENTS, summary)

    def test_5_same_seed_same_bytes_other_seed_other_bytes(self):
        again = generate(self.folder, "again.tsv", "--events", EVENTS, "--format", "tsv",
                         "--seed", SEED)
        other = generate(self.folder, "other.tsv", "--events", EVENTS, "--format", "tsv",
                         "--seed", SEED + 1)
        with open(self.path, "rb") as a, open(again, "rb") as b, open(other, "rb") as c:
            first = a.read()
            self.assertEqual(first, b.read())
            self.assertNotEqual(first, c.read())


class GenerateGdelt2Test(GeneratedFilesTestCase):
    """--format gdelt2 (--gzip): GDELT 2.0 export lines, 61 columns, no header."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = generate(cls.folder, "events.export.CSV.gz", "--events", 5000,
                            "--seed", SEED, "--gzip")
        with gzip.open(cls.path, "rt", encoding="utf-8", newline="") as f:
            cls.rows = [line.rstrip("\n").split("\t") for line in f]

    def test_1_sixty_one_columns_in_date_order(self):
        self.assertEqual(len(self.rows), 5000)
        self.assertTrue(all(len(r) == 61 for r in self.rows))
        ids = [int(r[GDELT_ID]) for r in self.rows]
        self.assertEqual(ids, sorted(set(ids)))
        dates = [r[GDELT_SQLDATE] for r in self.rows]
        self.assertEqual(dates, sorted(dates))

    def test_2_ingest_as_gdelt2(self):
        if not ingest_version_knows_gdelt2():
            raise unittest.SkipTest("this eventgraph ingest has no --format gdelt2")
        summary = cli_json(["ingest", self.path, "--format", "gdelt2", "--quiet"],
                           server=self.server)
        self.assertEqual(jint(summary, "accepted"), len(self.rows), summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)

        actor, target, years = busiest_dyad(
            (r[GDELT_ACTOR1_NAME], r[GDELT_ACTOR2_NAME],
             f"{r[GDELT_SQLDATE][:4]}-{r[GDELT_SQLDATE][4:6]}-{r[GDELT_SQLDATE][6:]}")
            for r in self.rows)
        timeline = cli_json(["timeline", actor, target, "--from", f"{FIRST_YEAR}-01-01",
                             "--to", f"{LAST_YEAR}-12-31", "--by", "year"], server=self.server)
        self.assertEqual(jint(timeline.get("total", {}), "eventCount"), sum(years.values()),
                         timeline.get("total"))
        for bucket in timeline.get("buckets", []):
            year = int(bucket["startDate"][:4])
            with self.subTest(year=year):
                self.assertEqual(jint(bucket, "eventCount"), years.get(year, 0), bucket)

        stats = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(stats, "events"), len(self.rows), stats)


class GzipOnStandardInputTest(GeneratedFilesTestCase):
    """Generated gzip files one after another (`cat a.gz b.gz`, then zero padding), piped to
    `eventgraph ingest -`: read from a pipe, in whatever pieces it gives, every member loads;
    garbage after the last member is an error that keeps the rows before it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Different years: no event of one file is a duplicate of another's.
        cls.files = [generate(cls.folder, f"{name}.export.CSV.gz", "--events", events,
                              "--seed", seed, "--from", first, "--to", last, "--gzip")
                     for name, events, seed, first, last in (
                         ("a", 3000, 31, "2000-01-01", "2009-12-31"),
                         ("b", 2000, 32, "2010-01-01", "2019-12-31"),
                         ("c", 1000, 33, "2020-01-01", "2024-12-31"))]

    def pipe(self, data):
        argv = [harness.cli_binary(), "--server", self.server.address, "--deadline", "120",
                "--output", "json", "ingest", "-", "--format", "gdelt2", "--quiet"]
        return subprocess.run(argv, input=data, capture_output=True,
                              timeout=harness.CLI_TIMEOUT)

    def read(self, index):
        with open(self.files[index], "rb") as f:
            return f.read()

    def events(self):
        return jint(cli_json(["stats"], server=self.server), "events")

    def test_1_every_member_loads(self):
        data = self.read(0) + self.read(1) + bytes(512)
        rows = gzip.decompress(data[:-512]).count(b"\n")
        self.assertEqual(rows, 5000)
        proc = self.pipe(data)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        summary = harness.parse_json_output(proc.stdout.decode())
        self.assertEqual(jint(summary, "rows"), rows, summary)
        self.assertEqual(jint(summary, "accepted"), rows, summary)
        self.assertEqual(self.events(), rows)

    def test_2_trailing_garbage_keeps_the_rows_before_it(self):
        before = self.events()
        proc = self.pipe(self.read(2) + b"not gzip data\n")
        self.assertEqual(proc.returncode, 1, proc.stderr.decode())
        self.assertIn("-: trailing data after the gzip data", proc.stderr.decode())
        self.assertEqual(self.events(), before + 1000)


if __name__ == "__main__":
    harness.main()
