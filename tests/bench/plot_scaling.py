#!/usr/bin/python3
"""Plots the scaling curves of tests/bench/scaling.py as one PNG.

    plot_scaling.py scaling.json [--output scaling.png] [--title TEXT]

Four panels against the database size (the server's event count after each step): the ingest
rate of each step (events/s), the p50 and the p99 latency of each query workload (ms, log
scale, one line per workload, the same colour in both), and the server's memory (VmRSS after
the ingest and after the queries, VmHWM) with the database's size on disk (MiB). The title
names the machine, the generator's configuration, the server flags and the commit recorded in
the JSON. Needs matplotlib (Debian: python3-matplotlib); exit status 2 without it or when the
JSON has no step.
"""

import argparse
import json
import math
import sys


def scale_of(sizes):
    """(divisor, label) for the x axis."""
    top = max(sizes)
    if top >= 1_000_000:
        return 1e6, "database size (million events)"
    if top >= 1_000:
        return 1e3, "database size (thousand events)"
    return 1, "database size (events)"


def client_threads(bench_args):
    """The bench's --threads among scaling.py's --bench-arg flags (default 1)."""
    threads = "1"
    for i, a in enumerate(bench_args):
        if a.startswith("--threads="):
            threads = a.split("=", 1)[1]
        elif a == "--threads" and i + 1 < len(bench_args):
            threads = bench_args[i + 1]
    return f"{threads} client thread" + ("" if threads == "1" else "s")


def title_of(doc, extra):
    cfg = doc.get("config", {})
    m = cfg.get("machine", {})
    mem = f", {m['mem_gib']:g} GiB RAM" if m.get("mem_gib") else ""
    lines = [extra or "EventGraph: one database grown in steps",
             f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores{mem} ({m.get('host', '?')}, "
             f"Linux {m.get('kernel', '?')}); commit {cfg.get('commit') or '?'}, "
             f"{cfg.get('started_utc', '?')}",
             f"generated GDELT 2.0 rows: {cfg.get('actors', '?'):,} actors, seed "
             f"{cfg.get('seed', '?')}; queries {cfg.get('duration_s', '?')} s each per step, "
             f"parameters from a {cfg.get('sample', '?'):,}-row sample of all loaded rows"]
    flags = [("server", cfg.get("server_args")), ("ingest", cfg.get("ingest_args")),
             ("bench", cfg.get("bench_args"))]
    flags = "; ".join(f"{who} {' '.join(a)}" for who, a in flags if a)
    if flags:
        lines.append(flags)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", help="scaling.py's --output")
    ap.add_argument("--output", default="scaling.png", help="PNG to write (default %(default)s)")
    ap.add_argument("--title", help="first line of the title")
    args = ap.parse_args()
    try:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import pyplot, ticker
    except ImportError:
        print("plot_scaling: matplotlib is not installed (Debian: python3-matplotlib)",
              file=sys.stderr)
        return 2
    with open(args.json, encoding="utf-8") as f:
        doc = json.load(f)
    steps = doc.get("steps") or []
    if not steps:
        print(f"plot_scaling: {args.json} has no step", file=sys.stderr)
        return 2

    sizes = [s["events"] for s in steps]
    div, xlabel = scale_of(sizes)
    x = [n / div for n in sizes]
    workloads = doc.get("config", {}).get("workloads") or sorted(steps[0]["queries"])
    threads = client_threads(doc.get("config", {}).get("bench_args") or [])
    colours = pyplot.rcParams["axes.prop_cycle"].by_key()["color"]

    fig, axes = pyplot.subplots(2, 2, figsize=(13, 9.5))
    ingest, memory = axes[0]
    p50, p99 = axes[1]
    p99.sharey(p50)  # the same latency scale in both
    plain = ticker.FuncFormatter(lambda v, _: f"{v:,.10g}")
    # Log axes: minor ticks 2 and 5 of each decade labelled too.
    minor = ticker.FuncFormatter(
        lambda v, _: f"{v:,.10g}" if v > 0 and round(v / 10 ** math.floor(math.log10(v)), 6)
        in (2, 5) else "")

    ingest.plot(x, [s["ingest_events_per_s"] for s in steps], "o-", color=colours[0])
    ingest.set_title("Ingest rate of each step (its rows / wall time of `eventgraph ingest`)")
    ingest.set_ylabel("ingest rate (events/s)")
    ingest.set_ylim(bottom=0)
    ingest.yaxis.set_major_formatter(plain)

    for ax, key, what in ((p50, "p50_ms", "p50"), (p99, "p99_ms", "p99")):
        for i, w in enumerate(workloads):
            ys = [s["queries"].get(w, {}).get(key) for s in steps]
            pts = [(a, b) for a, b in zip(x, ys) if b is not None and b > 0]
            if pts:
                ax.plot(*zip(*pts), "o-", color=colours[i % len(colours)], label=w)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(minor)
        ax.set_title(f"Query latency, {what} ({threads})")
        ax.set_ylabel(f"{what} latency (ms, log scale)")
        ax.tick_params(labelleft=True)
        ax.legend(fontsize="small")
        ax.grid(True, which="both", alpha=0.3)

    mib = [("server_rss_mb", "server RSS after ingest"),
           ("server_rss_after_queries_mb", "server RSS after queries"),
           ("server_hwm_after_queries_mb", "server peak RSS (VmHWM)")]
    for i, (key, label) in enumerate(mib):
        ys = [s.get(key) for s in steps]
        if all(v is not None for v in ys):
            memory.plot(x, ys, "o-", color=colours[i], label=label)
    memory.plot(x, [s["db_bytes"] / 2**20 for s in steps], "s--", color=colours[3],
                label="database on disk")
    memory.set_title("Server memory and database size")
    memory.set_ylabel("MiB")
    memory.set_ylim(bottom=0)
    memory.legend(fontsize="small")

    for ax in axes.flat:
        ax.set_xlabel(xlabel)
        ax.set_xlim(left=0)
        if ax.get_yscale() != "log":
            ax.grid(True, alpha=0.3)
    fig.suptitle(title_of(doc, args.title), fontsize="medium")
    fig.tight_layout()
    fig.savefig(args.output, dpi=110)
    print(f"plot_scaling: wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
