#!/usr/bin/python3
"""Smoke test of eventgraph-bench: it must keep working, not be fast.

    bench_smoke_test.py EVENTGRAPH_BENCH EVENTGRAPHD

Runs every workload for about a second on 20,000 generated events against a server the tool
starts itself (a fresh database on a loopback port), with --output json, and checks that the
document has every field with sane values: counts that add up, ordered percentiles, an ingest
that stored every generated event, a server RSS and a database size. Then checks the table
output and that an unknown workload is a usage error (exit 2). Figures are never asserted: the
machine is shared.
"""

import json
import math
import subprocess
import sys

WORKLOADS = ["ingest", "timeline", "events", "neighbors", "path", "earliest", "mixed"]


def run(bench, server, *extra, check=True):
    cmd = [bench, "--eventgraphd", server, "--generate", "20000", "--seed", "7",
           "--output", "json"] + list(extra)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=200)
    if check and proc.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {proc.returncode}\n{proc.stderr}")
    return proc


def check_number(where, value, low=0.0, high=math.inf):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
        sys.exit(f"FAIL: {where} = {value!r}, expected a number in [{low}, {high}]")


def main():
    bench, server = sys.argv[1], sys.argv[2]
    proc = run(bench, server, "--benchmarks=" + ",".join(WORKLOADS), "--duration", "1",
               "--threads", "4")
    doc = json.loads(proc.stdout)
    names = [r["name"] for r in doc["results"]]
    if names != WORKLOADS:
        sys.exit(f"FAIL: results {names}, expected {WORKLOADS}")
    for r in doc["results"]:
        where = r["name"]
        for field in ("ops", "ops_per_s", "p50_ms", "p95_ms", "p99_ms", "errors", "seconds"):
            if field not in r:
                sys.exit(f"FAIL: {where} has no {field}: {r}")
        check_number(f"{where}.ops", r["ops"], 1)
        check_number(f"{where}.ops_per_s", r["ops_per_s"], 0.1)
        check_number(f"{where}.p50_ms", r["p50_ms"], 0.001, 60000)
        if not r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"]:
            sys.exit(f"FAIL: {where} percentiles out of order: {r}")
        if r["errors"] != 0:
            sys.exit(f"FAIL: {where} had {r['errors']} failed calls")
        if where == "ingest":
            check_number("ingest.events_per_s", r["events_per_s"], 1)
            res = r["result"]
            if res["sent"] != 20000 or res["accepted"] + res["duplicates"] != 20000 \
                    or res["rejected"] != 0:
                sys.exit(f"FAIL: ingest did not store every generated event: {res}")
            # ops are batches of 2000: 10 of them.
            if r["ops"] != 10:
                sys.exit(f"FAIL: ingest ops {r['ops']}, expected 10 batches")
        else:
            if "events_per_s" in r:
                sys.exit(f"FAIL: {where} reports events_per_s")
            # About a second of calls: ops/s agrees with ops over the measured seconds.
            check_number(f"{where}.seconds", r["seconds"], 0.9, 30)
            if abs(r["ops"] / r["seconds"] - r["ops_per_s"]) > 1e-6 * r["ops_per_s"] + 1e-9:
                sys.exit(f"FAIL: {where} ops_per_s does not match ops / seconds: {r}")
    srv = doc["server"]
    check_number("server.rss_mb", srv["rss_mb"], 1, 100000)
    check_number("server.db_bytes", srv["db_bytes"], 1)
    if srv["events"] != doc["results"][0]["result"]["accepted"]:
        sys.exit(f"FAIL: the server holds {srv['events']} events after ingest: {srv}")
    if not srv["local"]:
        sys.exit("FAIL: the started server is not reported as local")

    # --bulk --settle: the bulk path stores everything, and the load waits for the server's
    # flushes and compactions (GetStats), saying how long.
    bulk = json.loads(run(bench, server, "--benchmarks=ingest", "--bulk", "--settle", "60").stdout)
    r = bulk["results"][0]["result"]
    if r["accepted"] != 20000 or r["rejected"] != 0 or not bulk["config"]["bulk"]:
        sys.exit(f"FAIL: --bulk did not store every generated event: {bulk}")
    check_number("ingest.settle_s", r.get("settle_s"), 0, 60)
    if r.get("settled") is not True:
        sys.exit(f"FAIL: the server still had background work after 60 s: {r}")

    # The table for people names every workload.
    table = subprocess.run([bench, "--eventgraphd", server, "--generate", "2000",
                            "--benchmarks=ingest,timeline", "--duration", "0.3"],
                           capture_output=True, text=True, timeout=60)
    if table.returncode != 0 or "timeline" not in table.stdout or "RSS" not in table.stdout:
        sys.exit(f"FAIL: table output:\n{table.stdout}\n{table.stderr}")

    # Usage errors exit 2 with a message naming the problem.
    bad = run(bench, server, "--benchmarks=ingest,nosuch", check=False)
    if bad.returncode != 2 or "nosuch" not in bad.stderr:
        sys.exit(f"FAIL: an unknown benchmark gave {bad.returncode}: {bad.stderr}")
    print("eventgraph-bench smoke test passed:",
          ", ".join(f"{r['name']} p50 {r['p50_ms']:.2f} ms" for r in doc["results"]))


if __name__ == "__main__":
    main()
