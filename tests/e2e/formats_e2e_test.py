"""End-to-end tests of the formats `eventgraph ingest` understands, against a real eventgraphd.

With the real data of ../shared/data (the e2e_formats test, label heavy):
  - the derived GDELT 1.0 Georgia file, the raw ICEWS sample and ICEWS18 read with --format quad
    are loaded; per month (per day for the two-day ICEWS sample) and per quad class, the counts of
    a pair of actors from GetTimeline equal a plain scan of the file, and ListEvents/StreamEvents
    return exactly the scanned events with their columns mapped; loading a file again adds
    nothing (all duplicates);
  - a copy of the ICEWS sample with a row of the wrong column count, a row with a bad date and a
    truncated last line reports exactly those lines (file:line, reason) and stores the rest.
Without it (e2e_formats_no_data), files written here from invented rows:
  - headerless GDELT 1.0 (57 and 58 columns) and GDELT 2.0 (61 columns) files, with bad lines;
  - a folder of two files named by date (one a GDELT 2.0 .export.CSV.zip) plus files to skip;
  - a --resume run killed with SIGKILL after some acks, then rerun: every row stored once, the
    skip count reported;
  - a server that starts late, and one killed and restarted mid-ingest: the CLI retries.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... EVENTGRAPH_PYPROTO=... python3 tests/e2e/formats_e2e_test.py
"""

import collections
import datetime
import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, jint, norm_name  # noqa: E402

harness.use_system_python()

# The GDELT 2.0 event export, column by column; GDELT 1.0 lacks the three ADM2 columns, and its
# backfiles also SOURCEURL.
GDELT2_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode "
    "Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode "
    "Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale "
    "NumMentions NumSources NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code "
    "Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code "
    "Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code "
    "ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID "
    "DATEADDED SOURCEURL").split()
GDELT1_COLUMNS = [c for c in GDELT2_COLUMNS if not c.endswith("ADM2Code")]
GDELT1_BACKFILE_COLUMNS = GDELT1_COLUMNS[:-1]
assert (len(GDELT2_COLUMNS), len(GDELT1_COLUMNS), len(GDELT1_BACKFILE_COLUMNS)) == (61, 58, 57)

QUAD_FIELDS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict",
               4: "material_conflict", 0: "unclassified"}
# The in-flight window of the CLI (batches awaiting their ack).
MAX_IN_FLIGHT = 8


def quad_of_code(code):
    """The quad class of a CAMEO code by its root, as the loader derives it (0 without one)."""
    if len(code) < 2 or not code[:2].isdigit():
        return 0
    root = int(code[:2])
    for quad, (low, high) in enumerate(((1, 5), (6, 8), (9, 13), (14, 20)), start=1):
        if low <= root <= high:
            return quad
    return 0


def is_pair(actor, target, a, b):
    return {norm_name(actor), norm_name(target)} == {norm_name(a), norm_name(b)}


def months(first, last):
    """["YYYY-MM", ...] from the month of `first` to that of `last` (ISO dates)."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while (y, m) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def stream_events(api, **selection):
    pb = harness.load_stubs().pb
    events = []
    for chunk in api.StreamEvents(pb.StreamEventsRequest(**selection), timeout=120):
        events.extend(chunk.events)
    return events


def gdelt_values(event_id, date, actor1, actor2, code="042", quad="1", url=""):
    """An invented GDELT event as {column: value}; empty actors are empty names and codes."""
    return {
        "GLOBALEVENTID": str(event_id), "SQLDATE": date.replace("-", ""),
        "MonthYear": date[:4] + date[5:7], "Year": date[:4], "FractionDate": date[:4] + ".5",
        "Actor1Code": actor1[:3].upper() if actor1 else "", "Actor1Name": actor1,
        "Actor1CountryCode": actor1[:3].upper() if actor1 else "",
        "Actor2Code": actor2[:3].upper() if actor2 else "", "Actor2Name": actor2,
        "Actor2CountryCode": actor2[:3].upper() if actor2 else "",
        "IsRootEvent": "1", "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
        "QuadClass": quad, "GoldsteinScale": "1.9", "NumMentions": "4", "NumSources": "1",
        "NumArticles": "4", "AvgTone": "2.5", "ActionGeo_Type": "1",
        "ActionGeo_FullName": "Tbilisi, Georgia", "ActionGeo_CountryCode": "GG",
        "ActionGeo_Lat": "41.725", "ActionGeo_Long": "44.7908",
        "DATEADDED": date.replace("-", ""), "SOURCEURL": url}


def gdelt_line(columns, values):
    return "\t".join(values.get(c, "") for c in columns)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_quad_file(path, rows):
    """A quadruple file with a header and an event id per row (so every row is its own event)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("actor\taction\ttarget\tdate\tevent_id\n")
        for i in range(rows):
            day = datetime.date(2019, 1, 1) + datetime.timedelta(days=i % 365)
            f.write(f"Resume Actor {i % 97}\tConsult\tResume Target {i % 89}\t{day}\tr-{i}\n")


def start_cli(args, address, log_dir, name):
    """Starts `eventgraph --server ADDRESS --output json ARGS` with stdout/stderr to files."""
    out = open(os.path.join(log_dir, name + ".out"), "wb")
    err = open(os.path.join(log_dir, name + ".err"), "wb")
    argv = [harness.cli_binary(), "--server", address, "--deadline", "60", "--output", "json"]
    argv += [str(a) for a in args]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    proc.log_files = (out, err)
    return proc


def finish_cli(proc, timeout=harness.CLI_TIMEOUT):
    """Waits for a start_cli process; returns (exit code, stdout, stderr)."""
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"the CLI did not finish within {timeout} s")
    texts = []
    for f in proc.log_files:
        f.close()
        with open(f.name, "rb") as g:
            texts.append(g.read().decode("utf-8", "replace"))
    return code, texts[0], texts[1]


def checkpoint_rows(path, file):
    """Rows the --resume checkpoint at `path` records as done for `file` (0 if none yet)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (FileNotFoundError, ValueError):
        return 0
    for entry in doc.get("files", []):
        if entry["path"] == os.path.abspath(file):
            return entry["rows"]
    return 0


class FixedPortServer:
    """eventgraphd on a port chosen beforehand, so that it can come up late or be restarted on
    the same address while a CLI keeps trying."""

    def __init__(self, port):
        self.port = port
        self.work_dir = harness.make_temp_dir("eventgraphd-fixed-")
        self.db_dir = os.path.join(self.work_dir, "db")
        self.proc = None
        self.starts = 0

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        self.starts += 1
        port_file = os.path.join(self.work_dir, f"port.{self.starts}")
        log = open(os.path.join(self.work_dir, f"eventgraphd.{self.starts}.log"), "wb")
        self.proc = subprocess.Popen(
            [harness.server_binary(), "--db", self.db_dir, "--listen", self.address,
             "--port-file", port_file, "--log-level", "info"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + harness.START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"eventgraphd exited with {self.proc.returncode}")
            try:
                with open(port_file, encoding="ascii") as f:
                    if f.read().endswith("\n"):
                        return
            except FileNotFoundError:
                pass
            time.sleep(0.05)
        raise AssertionError("eventgraphd wrote no port file in time")

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def close(self):
        self.kill()
        harness.remove_temp_dir(self.work_dir)


class DataFileTest(harness.ServerTestCase):
    """Loads one real data file into a fresh server; subclasses check it against a scan."""

    FILE = None
    FORMAT_ARGS = ()
    state = {}

    @classmethod
    def setUpClass(cls):
        cls.path = harness.data_file(cls.FILE)  # skips the class when the file is absent
        super().setUpClass()
        cls.state = {}
        cls.rows = list(harness.read_tsv(cls.path))

    def require(self, step):
        if not self.state.get(step):
            self.skipTest(f"an earlier step ({step}) failed")

    def ingest(self):
        return cli_json(["ingest", self.path, "--quiet", *self.FORMAT_ARGS], server=self.server)

    def timeline(self, actor, counterpart, first, last, granularity, **filters):
        pb = harness.load_stubs().pb
        return self.api.GetTimeline(pb.GetTimelineRequest(
            actor=actor, counterpart=counterpart, direction=pb.DIRECTION_BOTH,
            from_date=first, to_date=last, granularity=granularity,
            filter=pb.EventFilter(**filters)))

    def check_buckets(self, timeline, expected, key_length):
        """expected: {bucket key (a date prefix): Counter of quad classes}."""
        got = {}
        for b in timeline.buckets:
            got[b.start_date[:key_length]] = {q: getattr(b, f) for q, f in QUAD_FIELDS.items()}
            self.assertEqual(b.event_count, sum(got[b.start_date[:key_length]].values()), b)
        want = {k: {q: expected.get(k, collections.Counter())[q] for q in QUAD_FIELDS}
                for k in got}
        self.assertEqual(got, want)
        self.assertEqual(sum(c.total() for c in expected.values()),
                         timeline.total.event_count)

    def check_reload(self, stored, rejected):
        summary = self.ingest()
        self.assertEqual(jint(summary, "accepted"), 0, summary)
        self.assertEqual(jint(summary, "duplicates"), stored, summary)
        self.assertEqual(jint(summary, "rejected"), rejected, summary)
        stats = self.api.GetStats(harness.load_stubs().pb.GetStatsRequest())
        self.assertEqual(stats.events, stored)


class GdeltDerivedFileTest(DataFileTest):
    """The derived GDELT 1.0 file: a header (actor, action, target, date, then the 58 GDELT
    columns); rows with neither name nor code for an actor are rejected."""

    FILE = "gdelt1_georgia_2011-06_2013-05_events.tsv.gz"
    A, B = "RUSSIA", "UNITED STATES"
    FIRST, LAST = "2011-06-01", "2013-05-31"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stored = [r for r in cls.rows if r["actor"] and r["target"]]
        cls.pair = [r for r in cls.stored if is_pair(r["actor"], r["target"], cls.A, cls.B)]
        cls.by_month = collections.defaultdict(collections.Counter)
        for r in cls.pair:
            cls.by_month[r["date"][:7]][int(r["QuadClass"])] += 1

    def test_1_ingest(self):
        rejects = os.path.join(self.server.work_dir, "rejects.tsv")
        summary = cli_json(["ingest", self.path, "--quiet", "--rejects", rejects],
                           server=self.server)
        self.assertEqual(jint(summary, "rows"), len(self.rows), summary)
        self.assertEqual(jint(summary, "accepted"), len(self.stored))
        self.assertEqual(jint(summary, "rejected"), len(self.rows) - len(self.stored))
        self.assertEqual(jint(summary, "duplicates"), 0)
        self.assertEqual(summary["inputs"], [{"file": self.path, "format": "gdelt1 (header)"}])
        for r in summary["rejections"]:
            self.assertIn(r["field"], ("actor", "target"), r)
            self.assertIn("are both empty", r["reason"], r)
        bad_lines = {i + 2 for i, r in enumerate(self.rows) if not (r["actor"] and r["target"])}
        with open(rejects, encoding="utf-8") as f:
            lines = {int(line.split("\t")[1]) for line in f.read().splitlines()[1:]}
        self.assertEqual(lines, bad_lines)
        stats = self.api.GetStats(harness.load_stubs().pb.GetStatsRequest())
        self.assertEqual(stats.events, len(self.stored))
        self.state["ingest"] = True

    def test_2_pair_by_month_and_quad_class(self):
        self.require("ingest")
        pb = harness.load_stubs().pb
        self.assertGreater(len(self.pair), 500)
        timeline = self.timeline(self.A, self.B, self.FIRST, self.LAST, pb.GRANULARITY_MONTH)
        self.assertEqual([b.start_date[:7] for b in timeline.buckets],
                         months(self.FIRST, self.LAST))
        self.check_buckets(timeline, self.by_month, 7)
        # Filters: a quad class, and a CAMEO prefix ("04": consult) that needs the leading zero.
        conflict = self.timeline(self.A, self.B, self.FIRST, self.LAST, pb.GRANULARITY_YEAR,
                                 quad_classes=[4])
        self.assertEqual(conflict.total.event_count,
                         sum(1 for r in self.pair if r["QuadClass"] == "4"))
        consult = self.timeline(self.A, self.B, self.FIRST, self.LAST, pb.GRANULARITY_YEAR,
                                event_code_prefix="04")
        self.assertEqual(consult.total.event_count,
                         sum(1 for r in self.pair if r["EventCode"].startswith("04")))
        self.assertGreater(consult.total.event_count, 0)

    def test_3_events_carry_the_gdelt_columns(self):
        self.require("ingest")
        pb = harness.load_stubs().pb
        events = stream_events(self.api, actor=self.A, counterpart=self.B,
                               direction=pb.DIRECTION_BOTH)
        by_id = {e.source_event_id: e for e in events}
        self.assertEqual(len(by_id), len(events))
        self.assertEqual(set(by_id), {r["GLOBALEVENTID"] for r in self.pair})
        with_url = 0
        for r in self.pair:
            e = by_id[r["GLOBALEVENTID"]]
            with self.subTest(id=r["GLOBALEVENTID"]):
                self.assertEqual(e.date, r["date"])
                self.assertEqual(e.action, r["action"].strip())  # the server trims
                self.assertEqual(e.event_code, r["EventCode"])
                self.assertEqual(e.quad_class, int(r["QuadClass"]))
                self.assertEqual(e.location.country, r["ActionGeo_CountryCode"])
                self.assertEqual(e.source, r["SOURCEURL"])
                for value, column in ((e.goldstein, "GoldsteinScale"), (e.mentions, "NumMentions"),
                                      (e.tone, "AvgTone"), (e.location.lat, "ActionGeo_Lat"),
                                      (e.location.lon, "ActionGeo_Long")):
                    if r[column]:
                        self.assertAlmostEqual(value, float(r[column]), msg=column)
                attributes = dict(e.attributes)
                for column, key in (("Actor1Code", "actor1_code"),
                                    ("Actor1CountryCode", "actor1_country_code"),
                                    ("Actor2Code", "actor2_code"),
                                    ("Actor2CountryCode", "actor2_country_code"),
                                    ("EventRootCode", "event_root_code"),
                                    ("EventBaseCode", "event_base_code"),
                                    ("NumSources", "num_sources"),
                                    ("NumArticles", "num_articles"),
                                    ("DATEADDED", "date_added"),
                                    ("ActionGeo_FullName", "action_geo_name")):
                    self.assertEqual(attributes.get(key, ""), r[column], key)
            with_url += bool(r["SOURCEURL"])
        self.assertGreater(with_url, 0, "no row of the pair has a SOURCEURL")

    def test_4_reload_adds_nothing(self):
        self.require("ingest")
        self.check_reload(len(self.stored), len(self.rows) - len(self.stored))


class IcewsRawSampleTest(DataFileTest):
    """The raw ICEWS sample: event ids, CAMEO codes (quad class from the root), intensity,
    location and the other raw columns as attributes."""

    FILE = "icews_raw_sample_2018-06-01_02.tsv.gz"
    A, B = "Russia", "North Korea"

    def test_1_ingest(self):
        summary = self.ingest()
        self.assertEqual(jint(summary, "rows"), len(self.rows), summary)
        self.assertEqual(jint(summary, "accepted"), len(self.rows), summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)
        self.assertEqual(summary["inputs"][0]["format"], "icews (header)")
        self.assertEqual(summary["ignored_columns"], [])
        self.state["ingest"] = True

    def test_2_counts_by_day_month_and_quad_class(self):
        self.require("ingest")
        pb = harness.load_stubs().pb
        pair = [r for r in self.rows if is_pair(r["actor"], r["target"], self.A, self.B)]
        self.assertGreater(len(pair), 5)
        for key_length, granularity in ((10, pb.GRANULARITY_DAY), (7, pb.GRANULARITY_MONTH)):
            want = collections.defaultdict(collections.Counter)
            for r in pair:
                want[r["date"][:key_length]][quad_of_code(r["cameo_code"])] += 1
            timeline = self.timeline(self.A, self.B, "2018-06-01", "2018-06-02", granularity)
            self.check_buckets(timeline, want, key_length)
        # All of Russia's partners, per day.
        want = collections.defaultdict(collections.Counter)
        for r in self.rows:
            if norm_name(self.A) in (norm_name(r["actor"]), norm_name(r["target"])):
                want[r["date"]][quad_of_code(r["cameo_code"])] += 1
        timeline = self.timeline(self.A, "", "2018-06-01", "2018-06-02", pb.GRANULARITY_DAY)
        self.check_buckets(timeline, want, 10)

    def test_3_events_carry_the_icews_columns(self):
        self.require("ingest")
        pb = harness.load_stubs().pb
        events = stream_events(self.api, actor=self.A, direction=pb.DIRECTION_BOTH)
        by_key = {(e.date, e.source_event_id): e for e in events}
        rows = [r for r in self.rows
                if norm_name(self.A) in (norm_name(r["actor"]), norm_name(r["target"]))]
        self.assertEqual(set(by_key), {(r["date"], r["event_id"]) for r in rows})
        for r in rows:
            e = by_key[(r["date"], r["event_id"])]
            with self.subTest(event_id=r["event_id"]):
                self.assertEqual(e.action, r["action"])
                self.assertEqual(e.event_code, r["cameo_code"])
                self.assertEqual(e.quad_class, quad_of_code(r["cameo_code"]))
                self.assertAlmostEqual(e.goldstein, float(r["intensity"]))
                self.assertEqual(e.location.country, r["country"])
                if r["latitude"]:
                    self.assertAlmostEqual(e.location.lat, float(r["latitude"]))
                attributes = dict(e.attributes)
                for key in ("source_sectors", "source_country", "target_sectors",
                            "target_country", "story_id", "sentence_number", "publisher",
                            "city", "district", "province"):
                    self.assertEqual(attributes.get(key, ""), r[key], key)

    def test_4_reload_adds_nothing(self):
        self.require("ingest")
        self.check_reload(len(self.rows), 0)


class Icews18QuadTest(DataFileTest):
    """ICEWS18 read with --format quad: the first four columns by position, no codes."""

    FILE = "icews18_events.tsv.gz"
    FORMAT_ARGS = ("--format", "quad")
    A, B = "Russia", "North Korea"
    # From shared/data/README.md: ICEWS18 Russia<->North Korea rows per month of 2018.
    README_MONTHLY = {"2018-01": 5, "2018-02": 18, "2018-03": 25, "2018-04": 25, "2018-05": 17,
                      "2018-06": 19, "2018-07": 11, "2018-08": 6, "2018-09": 12, "2018-10": 41}

    def test_1_ingest(self):
        summary = self.ingest()
        self.assertEqual(jint(summary, "accepted"), len(self.rows), summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)
        self.assertEqual(summary["inputs"][0]["format"], "quad (header)")
        self.assertEqual(summary["ignored_columns"], ["split"])
        self.state["ingest"] = True

    def test_2_monthly_counts_by_quad_class(self):
        self.require("ingest")
        pb = harness.load_stubs().pb
        want = collections.defaultdict(collections.Counter)
        for r in self.rows:
            if is_pair(r["actor"], r["target"], self.A, self.B):
                want[r["date"][:7]][0] += 1  # no CAMEO code: unclassified
        self.assertEqual({m: c[0] for m, c in want.items()}, self.README_MONTHLY)
        timeline = self.timeline(self.A, self.B, "2018-01-01", "2018-10-31",
                                 pb.GRANULARITY_MONTH)
        self.check_buckets(timeline, want, 7)

    def test_3_reload_adds_nothing(self):
        self.require("ingest")
        self.check_reload(len(self.rows), 0)


class BadLinesTest(harness.ServerTestCase):
    """A copy of the ICEWS sample with a row of the wrong column count, a row with a bad date and
    a truncated last line: exactly those lines are reported, everything else is stored."""

    WITH_API = False

    @classmethod
    def setUpClass(cls):
        source = harness.data_file("icews_raw_sample_2018-06-01_02.tsv.gz")
        super().setUpClass()
        folder = harness.make_temp_dir("eventgraph-formats-bad-")
        cls.addClassCleanup(harness.remove_temp_dir, folder)
        with gzip.open(source, "rt", encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        if lines[-1] == "":
            lines.pop()
        cls.total = len(lines) - 1
        header = lines[0].split("\t")
        date = header.index("date")
        cls.wrong_count_line, cls.bad_date_line, cls.cut_line = 10, 20, len(lines)
        cells = lines[9].split("\t")
        lines[9] = "\t".join(cells[:-1])
        cells = lines[19].split("\t")
        cells[date] = "2018-06-31"
        lines[19] = "\t".join(cells)
        cls.cut_fields = lines[-1][:len(lines[-1]) // 2].count("\t") + 1
        lines[-1] = lines[-1][:len(lines[-1]) // 2]
        cls.path = os.path.join(folder, "icews_cut.tsv.gz")
        with gzip.open(cls.path, "wt", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines))  # no newline after the cut line
        cls.columns = len(header)

    def test_exactly_the_bad_lines_are_reported(self):
        self.assertLess(self.cut_fields, self.columns)
        summary = cli_json(["ingest", self.path, "--quiet"], server=self.server)
        self.assertEqual(jint(summary, "rows"), self.total, summary)
        self.assertEqual(jint(summary, "accepted"), self.total - 3, summary)
        got = {int(r["line"]): r for r in summary["rejections"]}
        self.assertEqual(sorted(got), [self.wrong_count_line, self.bad_date_line, self.cut_line])
        for r in got.values():
            self.assertEqual(r["file"], self.path)
        self.assertEqual(got[self.wrong_count_line]["reason"],
                         f"expected {self.columns} fields, found {self.columns - 1}")
        self.assertEqual(got[self.bad_date_line]["field"], "date")
        self.assertIn("\"2018-06-31\" is not a calendar date", got[self.bad_date_line]["reason"])
        self.assertEqual(got[self.cut_line]["reason"],
                         f"expected {self.columns} fields, found {self.cut_fields} "
                         "(the file's last line has no newline: truncated?)")
        stats = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(stats, "events"), self.total - 3)
        # The text summary names them as file:line.
        text = harness.cli_ok(["ingest", self.path, "--quiet"], server=self.server).stdout
        self.assertIn(f"{self.path}:{self.wrong_count_line}  row: expected", text)


class HeaderlessGdeltTest(harness.ServerTestCase):
    """GDELT files as GDELT publishes them: no header, 57, 58 or 61 tab-separated columns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = harness.make_temp_dir("eventgraph-formats-gdelt-")
        cls.addClassCleanup(harness.remove_temp_dir, cls.folder)

    def write(self, name, lines, final_newline=True):
        path = os.path.join(self.folder, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + ("\n" if final_newline else ""))
        return path

    def events(self, actor):
        pb = harness.load_stubs().pb
        return {e.source_event_id: e for e in stream_events(self.api, actor=actor,
                                                            direction=pb.DIRECTION_BOTH)}

    def test_gdelt1_daily_file_with_bad_lines(self):
        rows = [
            gdelt_values(9001, "2013-04-15", "GEORGIA", "RUSSIA", "010", "1",
                         "https://news.example.org/1"),                              # 1
            gdelt_values(9002, "2013-04-15", "", "GEORGIA", "0874", "2"),            # 2 no name
            gdelt_values(9003, "2013-04-16", "GEORGIA", "", "190", "4"),             # 3 no target
            gdelt_values(9004, "2013-04-16", "RUSSIA", "GEORGIA", "111", "3"),       # 4 57 cols
            gdelt_values(9005, "2013-02-31", "RUSSIA", "GEORGIA", "111", "3"),       # 5 bad date
            gdelt_values(9006, "2013-04-17", "RUSSIA", "GEORGIA", "042", "1"),       # 6
            gdelt_values(9007, "2013-04-17", "RUSSIA", "GEORGIA", "043", "1"),       # 7 cut
        ]
        rows[1]["Actor1Code"] = "RUS"
        rows[2]["Actor2Code"] = ""
        lines = [gdelt_line(GDELT1_COLUMNS, r) for r in rows]
        lines[3] = gdelt_line(GDELT1_BACKFILE_COLUMNS, rows[3])
        lines[6] = lines[6][:40]
        path = self.write("20130415.export.CSV", lines, final_newline=False)
        summary = cli_json(["ingest", path, "--quiet"], server=self.server)
        self.assertEqual(summary["inputs"][0]["format"], "gdelt1 (58 columns, no header)")
        self.assertEqual(jint(summary, "rows"), 7, summary)
        self.assertEqual(jint(summary, "accepted"), 3, summary)
        got = {int(r["line"]): (r["field"], r["reason"]) for r in summary["rejections"]}
        self.assertEqual(sorted(got), [3, 4, 5, 7], summary)
        self.assertEqual(got[3], ("target", "no target: columns \"Actor2Name\" and "
                                            "\"Actor2Code\" are both empty"))
        self.assertEqual(got[4], ("row", "expected 58 fields, found 57"))
        self.assertEqual(got[5][0], "date")
        self.assertIn("(the file's last line has no newline: truncated?)", got[7][1])

        events = self.events("GEORGIA")
        self.assertEqual(set(events), {"9001", "9002", "9006"})
        first = events["9001"]
        self.assertEqual((first.actor, first.action, first.target, first.date),
                         ("GEORGIA", "Make statement", "RUSSIA", "2013-04-15"))
        self.assertEqual(first.event_code, "010")
        self.assertEqual(first.source, "https://news.example.org/1")
        self.assertEqual(first.attributes["actor1_code"], "GEO")
        self.assertEqual(first.location.country, "GG")
        fallback = events["9002"]
        self.assertEqual(fallback.actor, "RUS")
        self.assertEqual((fallback.event_code, fallback.quad_class), ("0874", 2))

        again = cli_json(["ingest", path, "--quiet"], server=self.server)
        self.assertEqual((jint(again, "accepted"), jint(again, "duplicates")), (0, 3), again)

    def test_gdelt1_backfile_and_gdelt2_export(self):
        backfile = self.write("201104.tsv", [gdelt_line(GDELT1_BACKFILE_COLUMNS, gdelt_values(
            9101, "2011-04-02", "ARMENIA", "AZERBAIJAN", "036", "1"))])
        export = self.write("20150218230000.export.CSV", [gdelt_line(GDELT2_COLUMNS, gdelt_values(
            9102, "2015-02-18", "ARMENIA", "AZERBAIJAN", "1823", "4",
            "https://news.example.org/2"))])
        summary = cli_json(["ingest", backfile, export, "--quiet"], server=self.server)
        self.assertEqual([i["format"] for i in summary["inputs"]],
                         ["gdelt1 (57 columns, no header)", "gdelt2 (61 columns, no header)"])
        self.assertEqual(jint(summary, "accepted"), 2, summary)
        events = self.events("ARMENIA")
        self.assertEqual(events["9101"].source, "")
        self.assertEqual(events["9102"].source, "https://news.example.org/2")
        self.assertEqual(events["9102"].action, "Kill by physical assault")
        self.assertEqual(events["9102"].date, "2015-02-18")
        # --format must fit: a 61-column file is not GDELT 1.0.
        result = harness.run_cli(["ingest", export, "--format", "gdelt1"], server=self.server)
        self.assertEqual(result.returncode, 2, result.describe())
        self.assertIn("GDELT 1.0 event files have 57 or 58", result.stderr)


class FolderTest(harness.ServerTestCase):
    """`eventgraph ingest DIR`: the event files in the date order of their names."""

    def test_folder_in_date_order(self):
        folder = harness.make_temp_dir("eventgraph-formats-folder-")
        self.addCleanup(harness.remove_temp_dir, folder)
        day2 = os.path.join(folder, "20130402.export.CSV")
        with open(day2, "w", encoding="utf-8") as f:
            f.write(gdelt_line(GDELT1_COLUMNS, gdelt_values(
                9201, "2013-04-02", "TURKEY", "SYRIA", "190", "4")) + "\n")
            f.write("9202\t20130402\tshort row\n")
            f.write(gdelt_line(GDELT1_COLUMNS, gdelt_values(
                9203, "2013-04-02", "SYRIA", "TURKEY", "020", "1")) + "\n")
        day1 = os.path.join(folder, "20130401000000.export.CSV.zip")
        with zipfile.ZipFile(day1, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("20130401000000.export.CSV", "".join(
                gdelt_line(GDELT2_COLUMNS, gdelt_values(
                    9300 + i, "2013-04-01", "TURKEY", "SYRIA", "042", "1")) + "\n"
                for i in range(5)))
        with zipfile.ZipFile(os.path.join(folder, "20130401000000.mentions.CSV.zip"), "w") as z:
            z.writestr("20130401000000.mentions.CSV", "1\t2\t3\n")
        with open(os.path.join(folder, "notes.md"), "w", encoding="utf-8") as f:
            f.write("not events\n")
        rejects = os.path.join(folder, "rejects.tsv")  # inside the folder: not an input

        result = harness.run_cli(["ingest", folder, "--quiet", "--rejects", rejects],
                                 server=self.server, output="json")
        self.assertEqual(result.returncode, 0, result.describe())
        summary = result.json()
        self.assertEqual(summary["inputs"], [
            {"file": day1, "format": "gdelt2 (61 columns, no header)"},
            {"file": day2, "format": "gdelt1 (58 columns, no header)"}])
        self.assertEqual(jint(summary, "files"), 2)
        self.assertEqual(jint(summary, "accepted"), 7, summary)
        self.assertEqual([(r["file"], r["line"]) for r in summary["rejections"]], [(day2, 2)])
        self.assertIn("mentions.CSV.zip: a GDELT mentions or GKG file", result.stderr)
        self.assertIn("notes.md: not an event file", result.stderr)
        stats = cli_json(["stats"], server=self.server)
        self.assertEqual(jint(stats, "events"), 7)


class ResumeTest(harness.ServerTestCase):
    """--resume: kill the CLI with SIGKILL after some acks, rerun: nothing lost, nothing twice."""

    ROWS = 60000
    BATCH = 25
    EXTRA_ARGS = []  # more ingest flags (ingest_parallel_e2e_test.py)

    def test_kill_and_resume(self):
        folder = harness.make_temp_dir("eventgraph-formats-resume-")
        self.addCleanup(harness.remove_temp_dir, folder)
        data = os.path.join(folder, "events.tsv")
        write_quad_file(data, self.ROWS)
        checkpoint = os.path.join(folder, "resume.json")
        args = ["ingest", data, "--quiet", "--batch-size", self.BATCH, "--resume", checkpoint,
                *self.EXTRA_ARGS]

        proc = start_cli(args, self.server.address, folder, "first")
        deadline = time.monotonic() + 120
        done = 0
        while done < 2000 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            done = checkpoint_rows(checkpoint, data)
        proc.send_signal(signal.SIGKILL)
        code, _, stderr = finish_cli(proc)
        self.assertEqual(code, -signal.SIGKILL, f"the first run was not killed midway: {stderr}")
        # Batches the server read before the kill may still be being stored:
        # wait until the count holds still (a loaded machine can take a while).
        stats = harness.load_stubs().pb.GetStatsRequest()
        stored_before, steady_since = -1, time.monotonic()
        while time.monotonic() - steady_since < 1.0 and time.monotonic() < deadline:
            now = self.api.GetStats(stats).events
            if now != stored_before:
                stored_before, steady_since = now, time.monotonic()
            time.sleep(0.05)
        done = checkpoint_rows(checkpoint, data)
        self.assertGreaterEqual(done, 2000)
        self.assertLess(done, self.ROWS)
        self.assertGreaterEqual(stored_before, done, "the checkpoint ran ahead of the acks")

        proc = start_cli(args, self.server.address, folder, "second")
        code, stdout, stderr = finish_cli(proc)
        self.assertEqual(code, 0, stderr)
        summary = json.loads(stdout)
        self.assertEqual(jint(summary, "skipped"), done, summary)
        self.assertEqual(jint(summary, "rows"), self.ROWS - done, summary)
        self.assertEqual(jint(summary, "rejected"), 0, summary)
        self.assertEqual(jint(summary, "accepted") + jint(summary, "duplicates"),
                         self.ROWS - done)
        # Only batches in flight when the first run died can come again.
        self.assertEqual(jint(summary, "duplicates"), stored_before - done)
        self.assertLessEqual(jint(summary, "duplicates"), (MAX_IN_FLIGHT + 1) * self.BATCH)
        pb = harness.load_stubs().pb
        self.assertEqual(self.api.GetStats(pb.GetStatsRequest()).events, self.ROWS)
        ids = collections.Counter(e.source_event_id for e in stream_events(self.api))
        self.assertEqual(len(ids), self.ROWS)
        self.assertEqual(max(ids.values()), 1)

        # A third run finds everything done; the text names the skip.
        text = harness.cli_ok(["ingest", data, "--quiet", "--resume", checkpoint],
                              server=self.server).stdout
        self.assertIn(f"skipped     {self.ROWS:,} (done by an earlier run, checkpoint "
                      f"{checkpoint})", text)
        self.assertIn("ingested 0 rows", text)


class RetryTest(harness.ServerTestCase):
    """UNAVAILABLE is retried with backoff: a server that comes up late, one that is killed and
    restarted mid-ingest. The harness's own server is not used."""

    WITH_API = False
    ROWS = 40000
    BATCH = 25

    def fixed_server(self):
        server = FixedPortServer(free_port())
        self.addCleanup(server.close)
        return server

    def test_server_that_starts_late(self):
        server = self.fixed_server()
        folder = server.work_dir
        data = os.path.join(folder, "events.tsv")
        write_quad_file(data, 500)
        proc = start_cli(["ingest", data, "--quiet", "--retries", "8"], server.address, folder,
                         "late")
        time.sleep(1.5)
        server.start()
        code, stdout, stderr = finish_cli(proc)
        self.assertEqual(code, 0, stderr)
        summary = json.loads(stdout)
        self.assertGreaterEqual(jint(summary, "retries"), 1, summary)
        self.assertEqual(jint(summary, "accepted"), 500, summary)
        self.assertIn("the server is unavailable", stderr)

    def test_gives_up_after_the_retries(self):
        server = self.fixed_server()  # never started
        data = os.path.join(server.work_dir, "events.tsv")
        write_quad_file(data, 10)
        result = harness.run_cli(["ingest", data, "--quiet", "--retries", "2"],
                                 server=server, timeout=60)
        self.assertEqual(result.returncode, 1, result.describe())
        self.assertIn("UNAVAILABLE", result.stderr)
        self.assertIn("gave up after 2 retries", result.stderr)
        self.assertEqual(result.stderr.count("the server is unavailable"), 2)

    def test_server_restarted_mid_ingest(self):
        server = self.fixed_server()
        server.start()
        folder = server.work_dir
        data = os.path.join(folder, "events.tsv")
        write_quad_file(data, self.ROWS)
        checkpoint = os.path.join(folder, "resume.json")
        proc = start_cli(["ingest", data, "--quiet", "--batch-size", self.BATCH,
                          "--resume", checkpoint, "--retries", "8"],
                         server.address, folder, "restart")
        deadline = time.monotonic() + 120
        while (checkpoint_rows(checkpoint, data) < 2000 and proc.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.01)
        self.assertIsNone(proc.poll(), "the ingest ended before the server was killed")
        server.kill()
        server.start()
        code, stdout, stderr = finish_cli(proc)
        self.assertEqual(code, 0, stderr)
        summary = json.loads(stdout)
        self.assertGreaterEqual(jint(summary, "retries"), 1, summary)
        self.assertEqual(jint(summary, "rows"), self.ROWS)
        # Acknowledged batches are not sent again: only those in flight come back as duplicates.
        self.assertLessEqual(jint(summary, "duplicates"), (MAX_IN_FLIGHT + 1) * self.BATCH)
        self.assertEqual(jint(summary, "accepted") + jint(summary, "duplicates"), self.ROWS)
        api = harness.Api(server.address)
        self.addCleanup(api.close)
        pb = harness.load_stubs().pb
        self.assertEqual(api.GetStats(pb.GetStatsRequest()).events, self.ROWS)


if __name__ == "__main__":
    harness.main()
