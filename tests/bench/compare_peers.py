#!/usr/bin/python3
"""The peers and EventGraph side by side, in one run, on one data file.

    compare_peers.py DATA.tsv.gz [--bench build-rel/tests/bench/eventgraph-bench]
                     [--peers sqlite,duckdb,kuzu] [--peers-dir ../shared/peers]
                     [--work /tmp/eventgraph-peers-compare] [--runs 20] [--skip-peers]
                     [--eventgraphd build-rel/server/eventgraphd] [--json OUT.json]
                     [--bench-arg=--bulk ...]

1. runs the peers' harness (PEERS_WORK=--work PEERS=--peers ../shared/peers/run.sh DATA): it
   picks the query parameters (params.json), computes the checker's answers (expected.json),
   loads every peer and times every query (results.jsonl);
2. starts a fresh eventgraphd on a temporary database and, as the peers' harness loads with one
   process and queries with another, runs two eventgraph-bench processes against it:
   `--benchmarks=ingest --data DATA` (W0_load; --bench-arg arguments go to this one, e.g.
   --bulk, --settle 600), then `--params params.json` (Q1..Q5 with the peers' protocol: one
   cold call, 3 warm-ups, --runs timed calls). (Timed from the process that had just loaded
   the file, the same queries measured up to 2-3x slower: docs/PERFORMANCE.md, session 7);
3. checks every EventGraph answer against the checker (Q1 buckets, Q2 the same events in the same
   order, Q3 the same list, Q4 the same hop count and a valid path, Q5 the same arrival date,
   W0 every kept row stored) and prints, per workload, each peer's median, EventGraph's median
   and the ratio peer / EventGraph (> 1: EventGraph is faster).

Exit status 1 when an EventGraph answer differs from the checker's (the table is still
printed), 2 when a step fails. --skip-peers reuses the peers' results of an earlier run in
--work (only EventGraph is measured again).
"""

import argparse
import collections
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
NAMES = {"sqlite": "SQLite", "duckdb": "DuckDB", "kuzu": "Kùzu", "postgres": "PostgreSQL"}
ORDER = ["W0_load", "Q1_dyad", "Q1_heavy", "Q2_page1", "Q2_page2", "Q3_top", "Q4_path",
         "Q4_nopath", "Q5_ea"]
WS = " \t\r\n"


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)]


def fmt_ms(x):
    if x is None:
        return "-"
    if x >= 1000:
        return f"{x / 1000:.2f} s"
    if x >= 100:
        return f"{x:.0f} ms"
    if x >= 10:
        return f"{x:.1f} ms"
    return f"{x:.2f} ms"


def peer_medians(work, peers):
    """{workload: {peer: median ms}} from the harness's results.jsonl (W0: wall ms)."""
    out = collections.defaultdict(dict)
    for line in open(os.path.join(work, "results.jsonl"), encoding="utf-8"):
        if not line.strip():
            continue
        r = json.loads(line)
        if r["peer"] not in peers:
            continue
        if r.get("mode") == "load":
            out["W0_load"][r["peer"]] = r["load_ms"]
        elif r.get("warm_ms"):
            out[r["query"]][r["peer"]] = pct(r["warm_ms"], 50)
        elif "error" in r:
            out[r["query"]][r["peer"]] = r["error"]
    return out


def check(eg, par, exp, rows, by_pair, kept):
    """[(workload, verdict)] for every EventGraph result; verdict "ok" or why not."""
    import checker  # noqa: E402 (from the peers' folder, put on sys.path by main)
    verdicts = {}
    by_id = {r[0]: (r[4], r[1], r[2], r[3]) for r in rows}  # id -> (date, actor, action, target)
    w0, w1 = par["window"]["from"], par["window"]["to"]
    for r in eg["results"]:
        q, got = r["name"], r.get("result")
        if q == "W0_load":
            stored = got["accepted"] + got["duplicates"]
            verdicts[q] = "ok" if stored == kept else f"stored {stored} of {kept} kept rows"
        elif q.startswith("Q1"):
            verdicts[q] = "ok" if sorted(got) == sorted(exp[q]) else \
                f"DIFF: {got} vs checker {exp[q]}"
        elif q.startswith("Q2"):
            want = [by_id[i] for i in exp[q]]
            have = [(e[1], e[2].strip(WS), e[3].strip(WS), e[4].strip(WS)) for e in got]
            verdicts[q] = "ok" if have == want else \
                f"DIFF: {len(have)} events vs checker {len(want)}; first difference at " \
                f"{next((i for i, (x, y) in enumerate(zip(have, want)) if x != y), min(len(have), len(want)))}"
        elif q == "Q3_top":
            verdicts[q] = "ok" if got == exp[q] else f"DIFF: {got} vs checker {exp[q]}"
        elif q.startswith("Q4"):
            want = exp[q]["hops"]
            if got["hops"] != want:
                verdicts[q] = f"DIFF: {got['hops']} hops vs checker {want}"
            elif want is None:
                verdicts[q] = "ok"
            else:
                p = got["path"]
                src = par["q4"]["src"] if q == "Q4_path" else par["q4"]["nopath_src"]
                dst = par["q4"]["dst"] if q == "Q4_path" else par["q4"]["nopath_dst"]
                good = (p[0] == src and p[-1] == dst and len(p) == want + 1
                        and checker.path_ok(by_pair, p, w0, w1))
                verdicts[q] = "ok" if good else f"BAD PATH {p}"
        elif q == "Q5_ea":
            want = exp[q]["arrival"]
            verdicts[q] = "ok" if got["arrival"] == want else \
                f"DIFF: arrival {got['arrival']} vs checker {want}"
    return verdicts


def brief(q, result):
    if result is None:
        return ""
    if q == "W0_load":
        return f"{result['accepted'] + result['duplicates']:,} events"
    if q.startswith("Q1"):
        sums = collections.Counter()
        for _, d, n in result:
            sums[d] += n
        years = len({y for y, _, _ in result})
        return ", ".join(f"{d} {sums[d]}" for d in ("a>b", "b>a")) + \
            (f" in {years} years" if years > 1 else "")
    if q.startswith("Q2"):
        return f"{len(result)} events"
    if q == "Q3_top":
        return f"{result[0][0]} {result[0][1]}, …" if result else "none"
    if q.startswith("Q4"):
        return "no path" if result["hops"] is None else f"{result['hops']} hops"
    if q == "Q5_ea":
        return result["arrival"] or "never"
    return ""


def bench_json(cmd):
    print("== " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        sys.exit(f"compare_peers: eventgraph-bench exited {proc.returncode}")
    return json.loads(proc.stdout)


def rss_mb(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def run_eventgraph(args, data, params):
    """W0_load from one eventgraph-bench process, the queries from a second, against one fresh
    eventgraphd; returns the bench's JSON document with both processes' results."""
    server = args.eventgraphd or os.path.normpath(
        os.path.join(os.path.dirname(args.bench), "..", "..", "server", "eventgraphd"))
    folder = tempfile.mkdtemp(prefix="eventgraph-compare-")
    port_file = os.path.join(folder, "port")
    with open(os.path.join(folder, "server.log"), "w", encoding="utf-8") as log:
        proc = subprocess.Popen([server, "--db", os.path.join(folder, "db"), "--listen",
                                 "127.0.0.1:0", "--port-file", port_file, "--log-level", "warn"],
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"compare_peers: {server} did not start (see {folder}/server.log)")
            time.sleep(0.1)
        address = "127.0.0.1:" + open(port_file).read().strip()
        load = bench_json([args.bench, "--server", address, "--benchmarks=ingest", "--data", data,
                           "--output", "json"] + args.bench_arg)
        queries = bench_json([args.bench, "--server", address, "--params", params, "--output",
                              "json", "--runs", str(args.runs)])
        results = []
        for r in load["results"]:
            if r["name"] == "ingest":
                results.append(dict(r, name="W0_load"))
        results += queries["results"]
        doc = dict(queries, results=results)
        doc["server"] = dict(queries["server"], rss_mb=rss_mb(proc.pid))
        return doc
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(folder, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--bench", default=os.path.join(REPO, "build-rel", "tests", "bench",
                                                    "eventgraph-bench"))
    ap.add_argument("--eventgraphd", help="server binary (default: the bench's build tree)")
    ap.add_argument("--peers", default="sqlite,duckdb,kuzu")
    ap.add_argument("--peers-dir", default=os.path.join(os.path.dirname(REPO), "shared", "peers"))
    ap.add_argument("--work", default="/tmp/eventgraph-peers-compare")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--json", help="also write the EventGraph results and verdicts here")
    ap.add_argument("--bench-arg", action="append", default=[],
                    help="one more eventgraph-bench argument (repeatable), e.g. --bench-arg=--bulk")
    args = ap.parse_args()

    data = os.path.realpath(args.data)
    peers = args.peers.split(",")
    name = os.path.basename(data)
    for suffix in (".gz", ".tsv"):
        name = name[:-len(suffix)] if name.endswith(suffix) else name
    work = os.path.join(args.work, "work", name)
    if not args.skip_peers:
        env = dict(os.environ, PEERS_WORK=args.work, PEERS=args.peers)
        print(f"== peers: {args.peers_dir}/run.sh {data} (PEERS={args.peers}, work {args.work})",
              file=sys.stderr)
        if subprocess.run([os.path.join(args.peers_dir, "run.sh"), data], env=env,
                          stdout=sys.stderr).returncode != 0:
            sys.exit("compare_peers: the peers' harness failed")
    params = os.path.join(work, "params.json")
    eg = run_eventgraph(args, data, params)

    sys.path.insert(0, args.work)  # the harness's copy of checker.py
    import checker  # noqa: E402
    par = json.load(open(params, encoding="utf-8"))
    exp = json.load(open(os.path.join(work, "expected.json"), encoding="utf-8"))
    prep = json.load(open(os.path.join(work, "prep.json"), encoding="utf-8"))
    rows = checker.load(data)
    by_pair = collections.defaultdict(list)
    for _, x, _, y, d in rows:
        by_pair[(x, y)].append(d)
    verdicts = check(eg, par, exp, rows, by_pair, prep["rows_kept"])
    medians = peer_medians(work, peers)

    egr = {r["name"]: r for r in eg["results"]}
    print(f"### {name}: {prep['rows_kept']:,} events, EventGraph server RSS "
          f"{eg['server']['rss_mb']:.0f} MiB, database {eg['server']['db_bytes'] / 2**20:.0f} MiB")
    print()
    head = ["workload"] + [f"{NAMES[p]}" for p in peers] + ["EventGraph"] + \
        [f"{NAMES[p]} / EG" for p in peers] + ["EventGraph answer"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for q in ORDER:
        if q not in egr:
            continue
        r = egr[q]
        ours = r["seconds"] * 1000 if q == "W0_load" else r["p50_ms"]
        cells = [q]
        ratios = []
        for p in peers:
            m = medians.get(q, {}).get(p)
            if isinstance(m, (int, float)):
                cells.append(fmt_ms(m))
                ratios.append(f"{m / ours:.1f}×" if ours > 0 else "-")
            else:
                cells.append(m or "-")
                ratios.append("-")
        mark = "✓" if verdicts.get(q) == "ok" else f"**{verdicts.get(q)}**"
        extra = ""
        if q == "W0_load":
            extra = f" ({r['events_per_s'] / 1000:.0f}k events/s"
            settle = (r.get("result") or {}).get("settle_s")
            if settle is not None:
                extra += f"; compactions done {settle:.0f} s later"
            extra += ")"
        cells.append(fmt_ms(ours) + extra)
        cells += ratios
        cells.append(f"{brief(q, r.get('result'))} {mark}")
        print("| " + " | ".join(cells) + " |")
    print()
    print("Peers: median of their timed runs (W0: wall time of the load process). EventGraph: "
          "median of the timed gRPC calls over loopback (W0: first row read to last durable ack).")
    if args.json:
        json.dump({"eventgraph": eg, "verdicts": verdicts, "peers": medians},
                  open(args.json, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    bad = {q: v for q, v in verdicts.items() if v != "ok"}
    if bad:
        for q, v in bad.items():
            print(f"MISMATCH {q}: {v}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
