#!/usr/bin/python3
"""Short test of scaling.py and plot_scaling.py: they must keep working, not be fast.

    scaling_test.py EVENTGRAPH EVENTGRAPHD EVENTGRAPH_BENCH

Grows a database of 4,000 then 8,000 generated events (500 actors, 0.3 s per query workload)
with the given binaries, checks the JSON (two steps, the server's counts equal the sizes, every
workload with ordered percentiles and no failed call, positive rates, memory and disk figures,
a clean server exit), plots it and checks the PNG's signature. Then a failing step (an ingest
flag that does not exist) must exit 2, write the JSON with ok false and still stop the server
cleanly. Figures are never asserted: the machine is shared. Exit status 77 (skipped) when
matplotlib is absent, after the scaling checks.
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCALING = os.path.join(HERE, "scaling.py")
PLOT = os.path.join(HERE, "plot_scaling.py")
WORKLOADS = ["timeline", "events", "neighbors", "path", "earliest"]


def fail(message):
    sys.exit(f"FAIL: {message}")


def run(cmd, timeout=150):
    return subprocess.run([sys.executable] + cmd, capture_output=True, text=True,
                          timeout=timeout)


def positive(where, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not value > 0:
        fail(f"{where} = {value!r}, expected a positive number")


def main():
    cli, server, bench = sys.argv[1:4]
    bins = ["--cli", cli, "--eventgraphd", server, "--bench", bench]
    with tempfile.TemporaryDirectory(prefix="eventgraph-scaling-test-") as tmp:
        out = os.path.join(tmp, "scaling.json")
        work = os.path.join(tmp, "work")
        proc = run([SCALING, "--sizes", "4000,8000", "--actors", "500", "--duration", "0.3",
                    "--seed", "5", "--work", work, "--output", out] + bins)
        if proc.returncode != 0:
            fail(f"scaling.py exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        doc = json.load(open(out, encoding="utf-8"))
        steps = doc["steps"]
        if [s["events"] for s in steps] != [4000, 8000]:
            fail(f"server event counts {[s['events'] for s in steps]}, expected [4000, 8000]")
        if [s["slice_rows"] for s in steps] != [4000, 4000]:
            fail(f"slices {[s['slice_rows'] for s in steps]}, expected 4000 rows each")
        for s in steps:
            where = f"step {s['events']}"
            for key in ("ingest_events_per_s", "ingest_seconds", "server_rss_mb",
                        "server_hwm_mb", "db_bytes"):
                positive(f"{where}.{key}", s[key])
            if s["server_hwm_mb"] < s["server_rss_mb"]:
                fail(f"{where}: VmHWM {s['server_hwm_mb']} below VmRSS {s['server_rss_mb']}")
            if s["ingest"] is None or s["ingest"]["accepted"] != 4000:
                fail(f"{where}: the ingest did not accept the slice: {s['ingest']}")
            if sorted(s["queries"]) != sorted(WORKLOADS):
                fail(f"{where}: workloads {sorted(s['queries'])}, expected {sorted(WORKLOADS)}")
            for w, q in s["queries"].items():
                positive(f"{where}.{w}.p50_ms", q["p50_ms"])
                positive(f"{where}.{w}.ops_per_s", q["ops_per_s"])
                if not q["p50_ms"] <= q["p95_ms"] <= q["p99_ms"]:
                    fail(f"{where}.{w}: percentiles out of order: {q}")
                if q["errors"] != 0:
                    fail(f"{where}.{w}: {q['errors']} failed calls")
        if steps[1]["db_bytes"] <= steps[0]["db_bytes"] // 2:
            fail(f"the database shrank: {[s['db_bytes'] for s in steps]}")
        if doc["server_exit"] != 0 or doc["ok"] is not True:
            fail(f"server_exit {doc['server_exit']}, ok {doc['ok']}")
        if doc["config"]["sizes"] != [4000, 8000] or doc["config"]["seed"] != 5:
            fail(f"config {doc['config']}")
        table = proc.stdout.splitlines()
        if len(table) != 3 or "timeline" not in table[0] or "8,000" not in table[2]:
            fail(f"the table on stdout:\n{proc.stdout}")
        # The work folder given by --work is emptied of what the run made (no --keep).
        if os.listdir(work):
            fail(f"left in the work folder: {os.listdir(work)}")

        # A step that cannot run: exit 2, the JSON says so, the server still stops cleanly.
        bad_out = os.path.join(tmp, "bad.json")
        bad = run([SCALING, "--sizes", "2000", "--actors", "100", "--duration", "0.1",
                   "--ingest-arg=--no-such-flag", "--output", bad_out] + bins)
        if bad.returncode != 2 or "no-such-flag" not in bad.stderr:
            fail(f"a failing ingest gave exit {bad.returncode}:\n{bad.stderr}")
        bad_doc = json.load(open(bad_out, encoding="utf-8"))
        if bad_doc["ok"] is not False or bad_doc["steps"] or bad_doc["server_exit"] != 0:
            fail(f"after a failing step: ok {bad_doc['ok']}, steps {len(bad_doc['steps'])}, "
                 f"server_exit {bad_doc['server_exit']}")
        # Sizes must increase: a usage error.
        usage = run([SCALING, "--sizes", "8000,4000", "--output", bad_out] + bins)
        if usage.returncode != 2 or "increasing" not in usage.stderr:
            fail(f"decreasing --sizes gave exit {usage.returncode}: {usage.stderr}")

        if importlib.util.find_spec("matplotlib") is None:
            print("scaling checks passed; matplotlib absent (python3-matplotlib): plot skipped")
            return 77
        png = os.path.join(tmp, "scaling.png")
        plot = run([PLOT, out, "--output", png], timeout=120)
        if plot.returncode != 0:
            fail(f"plot_scaling.py exited {plot.returncode}: {plot.stderr}")
        with open(png, "rb") as f:
            head = f.read(8)
        if head != b"\x89PNG\r\n\x1a\n" or os.path.getsize(png) < 10000:
            fail(f"{png}: not a PNG of a plot ({head!r}, {os.path.getsize(png)} bytes)")
    print("scaling test passed:", ", ".join(
        f"{s['events']} events: ingest {s['ingest_events_per_s']:,.0f}/s, timeline p50 "
        f"{s['queries']['timeline']['p50_ms']:.2f} ms" for s in steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
