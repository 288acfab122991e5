#!/usr/bin/python3
"""FindPaths latency per window, for a server whose graph index has a memory budget.

    window_paths.py --server ADDR [--window FROM:TO ...] [--pair A:B ...] [--calls 3]

For each window and mode (shortest, earliest arrival), calls FindPaths `--calls` times for each
pair of actors, one call at a time, and prints the first call apart from the others: on a server
started with `--graph-memory-mb`, the first call on a window older than the graph's first day
(GetStats graph_first_date, printed first) reads the window's graph from disk, and the calls after
it reuse that graph. The defaults fit the 10M rows of `eventgraph generate --events 10000000
--actors 50000 --seed 11` (docs/PERFORMANCE.md, "Session 9"). Figures are reported there, never
asserted in tests.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

import harness  # noqa: E402

DEFAULT_WINDOWS = ["2024-06-01:2024-06-30", "2010-06-01:2010-06-30", "2010-01-01:2010-03-31",
                   "2010-01-01:2010-12-31"]
DEFAULT_PAIRS = ["UNITED STATES:RUSSIA", "CHINA:IRAN", "FRANCE:NIGERIA"]


def main():
    harness.use_system_python()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="HOST:PORT of a running eventgraphd")
    parser.add_argument("--window", action="append", help="FROM:TO (repeatable)")
    parser.add_argument("--pair", action="append", help="ACTOR:ACTOR (repeatable)")
    parser.add_argument("--calls", type=int, default=3, help="calls per pair, window and mode")
    args = parser.parse_args()
    pb = harness.load_stubs().pb
    import grpc  # after use_system_python: Debian's python3-grpcio
    api = harness.Api(args.server, deadline=300)
    stats = api.GetStats(pb.GetStatsRequest())
    print(f"graph index {stats.graph_bytes >> 20} MiB of {stats.graph_budget_bytes >> 20} MiB, "
          f"first day {stats.graph_first_date or '(every day)'}")
    modes = (("shortest", pb.PATH_MODE_SHORTEST), ("earliest", pb.PATH_MODE_EARLIEST_ARRIVAL))
    for window in args.window or DEFAULT_WINDOWS:
        lo, hi = window.split(":")
        for name, mode in modes:
            times, answer = [], ""
            for pair in args.pair or DEFAULT_PAIRS:
                a, b = pair.split(":")
                for _ in range(args.calls):
                    t0 = time.perf_counter()
                    try:
                        r = api.FindPaths(pb.FindPathsRequest(
                            from_actor=a, to_actor=b, from_date=lo, to_date=hi, mode=mode,
                            evidence_events=1))
                        hops = len(r.paths[0].hops) if r.paths else 0
                        answer = f"{len(r.paths)} paths, {hops} hops"
                    except grpc.RpcError as e:
                        answer = f"{e.code().name}: {e.details()[:100]}"
                    times.append((time.perf_counter() - t0) * 1000)
            rest = times[1:] or times
            print(f"{lo}..{hi} {name:9s} first {times[0]:8.1f} ms, then p50 "
                  f"{statistics.median(rest):7.1f} ms, max {max(rest):7.1f} ms ({answer})")
    api.close()


if __name__ == "__main__":
    main()
