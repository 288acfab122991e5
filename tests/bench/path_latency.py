#!/usr/bin/python3
"""FindPaths latency over real gRPC on loopback, one request at a time, after a warm-up.

    path_latency.py --server ADDR --data FILE.tsv.gz [--from D --to D] [--modes shortest,earliest]
                    [--pairs 200] [--directed] [--seed N]

Reads the event file the server was loaded with, picks random pairs of actors that are connected
in the window (plain BFS here), then times FindPaths for each pair and mode. Prints p50, p95, p99
and max in milliseconds, and how many answers had a path. Figures are reported in
docs/PERFORMANCE.md, never asserted in tests.
"""

import argparse
import bisect
import collections
import datetime
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

import harness  # noqa: E402

MODES = {"shortest": "PATH_MODE_SHORTEST", "k-shortest": "PATH_MODE_K_SHORTEST",
         "weighted": "PATH_MODE_WEIGHTED", "earliest": "PATH_MODE_EARLIEST_ARRIVAL",
         "latest": "PATH_MODE_LATEST_DEPARTURE", "fastest": "PATH_MODE_FASTEST",
         "fewest-hops": "PATH_MODE_FEWEST_HOPS"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default="127.0.0.1:50051")
    parser.add_argument("--data", required=True)
    parser.add_argument("--from", dest="frm", default="2010-01-01")
    parser.add_argument("--to", default="2014-12-31")
    parser.add_argument("--modes", default="shortest,earliest")
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--directed", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    harness.use_system_python()
    stubs = harness.load_stubs()
    pb = stubs.pb
    api = harness.Api(args.server, deadline=60)

    lo = datetime.date.fromisoformat(args.frm).toordinal()
    hi = datetime.date.fromisoformat(args.to).toordinal()
    adj = collections.defaultdict(set)
    names = {}
    for row in harness.read_tsv(args.data):
        day = datetime.date.fromisoformat(row["date"]).toordinal()
        if not lo <= day <= hi:
            continue
        a, t = harness.norm_name(row["actor"]), harness.norm_name(row["target"])
        names.setdefault(a, row["actor"].strip())
        names.setdefault(t, row["target"].strip())
        if a != t:
            adj[a].add(t)
            if not args.directed:
                adj[t].add(a)
    rng = random.Random(args.seed)
    actors = sorted(adj)
    pairs = []
    while len(pairs) < args.pairs:
        source = rng.choice(actors)
        seen, queue = {source}, collections.deque([source])
        while queue:
            u = queue.popleft()
            for v in adj[u]:
                if v not in seen:
                    seen.add(v)
                    queue.append(v)
        seen.discard(source)
        if seen:
            pairs.append((names[source], names[rng.choice(sorted(seen))]))

    for mode in args.modes.split(","):
        ms, found, hops = [], 0, []
        warm = max(1, len(pairs) // 10)
        for i, (a, b) in enumerate(pairs[:warm] + pairs):
            request = pb.FindPathsRequest(from_actor=a, to_actor=b, from_date=args.frm,
                                          to_date=args.to, directed=args.directed,
                                          mode=getattr(pb, MODES[mode]), limit=1)
            t0 = time.perf_counter()
            response = api.FindPaths(request)
            elapsed = (time.perf_counter() - t0) * 1e3
            if i >= warm:
                ms.append(elapsed)
                if response.paths:
                    found += 1
                    hops.append(len(response.paths[0].hops))
        ms.sort()

        def pct(p):
            return ms[min(len(ms) - 1, int(p * len(ms)))]
        print(f"FindPaths {mode} {args.frm}..{args.to}{' directed' if args.directed else ''}: "
              f"n={len(ms)} p50 {pct(0.5):.2f} ms p95 {pct(0.95):.2f} ms p99 {pct(0.99):.2f} ms "
              f"max {ms[-1]:.2f} ms; {found} with a path, mean hops "
              f"{sum(hops) / max(1, len(hops)):.2f}")
    api.close()


if __name__ == "__main__":
    main()
