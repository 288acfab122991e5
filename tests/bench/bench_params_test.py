#!/usr/bin/python3
"""eventgraph-bench --params on samples/russia_north_korea.tsv, answers checked.

    bench_params_test.py EVENTGRAPH_BENCH EVENTGRAPHD

Writes a params.json in the peers' shape (../shared/peers/README.md) for the sample file, runs
`eventgraph-bench --params` (a fresh server, W0_load, then Q1..Q5 with 1 warm-up and 2 runs)
and checks each answer against a plain Python computation over the file: Q1 buckets, Q2 pages
of 10 (the same events in (date, input order)), Q3 partner counts, Q4 hop counts (a path and a
window without one), Q5 arrival date.
"""

import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "samples", "russia_north_korea.tsv")


def load():
    rows = []
    with open(SAMPLE, encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            rows.append((c[0].strip(), c[1].strip(), c[2].strip(), c[3].strip()))
    return rows


def hops(rows, src, dst, w0, w1):
    adj = collections.defaultdict(set)
    for a, _, t, d in rows:
        if w0 <= d <= w1 and a != t:
            adj[a].add(t)
            adj[t].add(a)
    dist, queue = {src: 0}, collections.deque([src])
    while queue:
        u = queue.popleft()
        for v in adj[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                queue.append(v)
    return dist.get(dst)


def earliest(rows, src, dst, t0, t1):
    arrival = {src: t0}
    for day in sorted({d for *_, d in rows if t0 <= d <= t1}):
        changed = True
        while changed:  # same-day chains
            changed = False
            for a, _, t, d in rows:
                if d == day and a in arrival and arrival[a] <= day and t not in arrival:
                    arrival[t] = day
                    changed = True
    return arrival.get(dst)


def main():
    bench, server = sys.argv[1], sys.argv[2]
    rows = load()
    a, b = "Russia", "North Korea"
    w0, w1 = "2000-01-01", "2012-12-31"
    params = {"dyad": {"a": a, "b": b}, "heavy": {"a": "Vladimir Putin", "b": "Kim Jong Il"},
              "q2": {"page_size": 10}, "window": {"from": w0, "to": w1}, "q3": {"actor": a},
              "q4": {"src": "Dmitry Medvedev", "dst": "China", "nopath_src": "Dmitry Medvedev",
                     "nopath_dst": "Choe Son Hui", "max_hops": 6},
              "q5": {"src": "Igor Ivanov", "dst": "Vladimir Putin", "t0": w0, "t1": w1}}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "params.json")
        json.dump(params, open(path, "w"))
        proc = subprocess.run([bench, "--eventgraphd", server, "--params", path, "--data", SAMPLE,
                               "--output", "json", "--warmup", "1", "--runs", "2"],
                              capture_output=True, text=True, timeout=100)
    if proc.returncode != 0:
        sys.exit(f"FAIL: eventgraph-bench --params exited {proc.returncode}: {proc.stderr}")
    got = {r["name"]: r for r in json.loads(proc.stdout)["results"]}
    names = ["W0_load", "Q1_dyad", "Q1_heavy", "Q2_page1", "Q2_page2", "Q3_top", "Q4_path",
             "Q4_nopath", "Q5_ea"]
    if list(got) != names:
        sys.exit(f"FAIL: results {list(got)}, expected {names}")
    for name, r in list(got.items())[1:]:
        if r["ops"] != 2 or not 0 < r["p50_ms"] <= r["p99_ms"] or "cold_ms" not in r:
            sys.exit(f"FAIL: {name} timings: {r}")
    if got["W0_load"]["result"]["accepted"] != len(rows):
        sys.exit(f"FAIL: W0_load stored {got['W0_load']['result']} of {len(rows)} rows")

    def q1(x, y):
        c = collections.Counter((int(d[:4]), "a>b" if s == x else "b>a")
                                for s, _, t, d in rows if {s, t} == {x, y} and s != t)
        return sorted([yr, di, n] for (yr, di), n in c.items())
    for name, (x, y) in (("Q1_dyad", (a, b)), ("Q1_heavy", ("Vladimir Putin", "Kim Jong Il"))):
        if sorted(got[name]["result"]) != q1(x, y):
            sys.exit(f"FAIL: {name} {got[name]['result']} != {q1(x, y)}")

    dyad = sorted((d, i, s, act, t) for i, (s, act, t, d) in enumerate(rows)
                  if {s, t} == {a, b} and s != t)
    want = [(d, s, act, t) for d, _, s, act, t in dyad]
    have = [tuple(e[1:]) for e in got["Q2_page1"]["result"] + got["Q2_page2"]["result"]]
    if have != want[:20]:
        sys.exit(f"FAIL: Q2 pages {have} != {want[:20]}")

    partners = collections.Counter()
    for s, _, t, d in rows:
        if w0 <= d <= w1 and s != t and a in (s, t):
            partners[t if s == a else s] += 1
    top = got["Q3_top"]["result"]
    if [n for _, n in top] != sorted(partners.values(), reverse=True)[:10] or \
            any(partners[name] != n for name, n in top):
        sys.exit(f"FAIL: Q3_top {top} vs {partners.most_common()}")

    for name, (s, t) in (("Q4_path", ("Dmitry Medvedev", "China")),
                         ("Q4_nopath", ("Dmitry Medvedev", "Choe Son Hui"))):
        if got[name]["result"]["hops"] != hops(rows, s, t, w0, w1):
            sys.exit(f"FAIL: {name} {got[name]['result']} != {hops(rows, s, t, w0, w1)} hops")
    if got["Q4_path"]["result"]["hops"] is None or got["Q4_nopath"]["result"]["hops"] is not None:
        sys.exit("FAIL: the sample no longer has a path and a no-path pair in the window")
    arrival = earliest(rows, "Igor Ivanov", "Vladimir Putin", w0, w1)
    if arrival is None or got["Q5_ea"]["result"]["arrival"] != arrival:
        sys.exit(f"FAIL: Q5_ea {got['Q5_ea']['result']} != arrival {arrival}")
    print("eventgraph-bench --params test passed:",
          ", ".join(f"{n} {r['p50_ms']:.2f} ms" for n, r in got.items()))


if __name__ == "__main__":
    main()
