#!/usr/bin/python3
"""Scaling curves: one database grown in steps, ingest and queries measured at each size.

    scaling.py [--sizes 500000,1000000,...,10000000] [--actors 50000] [--seed 1]
               [--duration 3] [--settle 0] [--sample 100000] [--work DIR] [--keep]
               [--bin BUILD_DIR | --cli PATH --eventgraphd PATH --bench PATH]
               [--server-arg=--cache-mb=256 ...] [--ingest-arg=FLAG ...] [--bench-arg=FLAG ...]
               [--output scaling.json]

1. `eventgraph generate --events MAX --actors A --seed S` writes the largest size once
   (synthetic GDELT 2.0 rows, date-ordered) into the work folder.
2. One eventgraphd starts on a fresh database there (--listen 127.0.0.1:0 --port-file, plus
   every --server-arg), in its own session: a Ctrl-C reaches this script, which stops it.
3. For each size N of --sizes (increasing), the rows [previous N, N) of the file are cut into a
   slice file (streamed, never held in memory) and loaded with `eventgraph ingest -q SLICE`
   (plus every --ingest-arg); the step's ingest rate is the slice's rows over the wall time of
   that process (start to exit: reading, parsing, sending, the last durable ack). After
   --settle seconds (default 0: the measures below may overlap the ingest's compactions) the
   server's VmRSS and VmHWM (/proc/PID/status), the database folder's size on disk (the sum of
   its files' sizes) and the server's own event count (GetStats) are read, and
   `eventgraph-bench --server ADDR --data SAMPLE --benchmarks=timeline,events,neighbors,path,
   earliest --duration D --output json --seed S --sample K` (plus every --bench-arg) measures
   each query workload's p50/p95/p99 and ops/s. The slice is deleted after its step.

Query parameters: drawn from the WHOLE loaded database, not from the last slice. While cutting
the slices the script keeps a seeded reservoir sample (Algorithm R) of K rows (--sample,
default 100,000) over every row loaded so far and writes it to SAMPLE before each bench run;
the bench's own reservoir of the same size then keeps all of it. This costs one random number
per row and K rows of memory (about 35 MB), and it makes step N's queries look at the dyads,
actors and dates of the first N events uniformly (a slice alone would only ask about its own
months, since the rows are in date order). With --server, eventgraph-bench reads --data only
for that sample; handing it the whole loaded prefix instead would mean writing the prefix out
and parsing it again at every step (55 million rows over the default sizes, minutes), for the
same uniform draw that the reservoir gives for about half a minute of Python over a 10M run.

Output: a table on stdout as the steps finish, and --output (rewritten after every step, so a
long run that dies keeps its finished steps):
  {"config": {sizes, actors, seed, duration_s, sample, server_args, ingest_args, bench_args,
              binaries, machine: {host, cpu, cores, mem_gib, kernel}, commit, started_utc},
   "steps": [{"utc", "events" (GetStats), "rows" (N), "slice_rows", "ingest_seconds",
              "ingest_events_per_s", "ingest" (the CLI's own summary when it prints JSON),
              "client_hwm_mb" (the loader's peak RSS),
              "server_rss_mb", "server_hwm_mb" (MiB, after the ingest),
              "server_rss_after_queries_mb", "db_bytes", "bench_seconds",
              "queries": {workload: {p50_ms, p95_ms, p99_ms, ops_per_s, ops, errors}}}],
   "server_exit": the server's exit status after SIGTERM (null while it runs), "ok": bool}

Exit status: 0; 1 when a bench run reported failed calls or the server's event count differs
from N (every step still runs and is written); 2 on a usage error or when a step cannot run
(the server, a tool or the data failed); 130 on Ctrl-C. The server is stopped with SIGTERM
(SIGKILL after 30 s) in every case. The work folder (default a temporary one) is removed at
the end unless --keep; with --keep the generated file and the database stay there.
"""

import argparse
import glob
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_SIZES = "500000,1000000,2000000,3000000,4000000,5000000,6000000,7000000,8000000," \
    "9000000,10000000"
WORKLOADS = ["timeline", "events", "neighbors", "path", "earliest"]
START_TIMEOUT = 60.0  # seconds for the server to write its port file
STOP_TIMEOUT = 30.0  # seconds for the server to exit after SIGTERM


class StepError(Exception):
    """A step cannot run: a tool or the server failed (exit status 2)."""


def log(message):
    print(f"scaling: {message}", file=sys.stderr, flush=True)


def parse_sizes(text):
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes {text!r}: comma-separated integers expected")
    if not sizes or sizes[0] <= 0 or any(b <= a for a, b in zip(sizes, sizes[1:])):
        raise argparse.ArgumentTypeError(f"--sizes {text!r}: positive and increasing expected")
    return sizes


def machine():
    """What the figures were measured on, for the JSON and the plot's title."""
    cpu = platform.processor() or platform.machine()
    mem_gib = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gib = round(int(line.split()[1]) / 2**20, 1)
                    break
    except OSError:
        pass
    return {"host": socket.gethostname(), "cpu": cpu, "cores": os.cpu_count(),
            "mem_gib": mem_gib, "kernel": platform.release(),
            "load_avg_at_start": list(os.getloadavg())}


def git_commit():
    try:
        out = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def proc_status_mb(pid):
    """(VmRSS, VmHWM) of a running process in MiB; StepError when it has none (it exited)."""
    rss = hwm = None
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
    except OSError as e:
        raise StepError(f"eventgraphd's memory: {e}")
    if rss is None or hwm is None:
        raise StepError(f"eventgraphd (pid {pid}) has no memory figures: it exited")
    return rss, hwm


def folder_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except FileNotFoundError:
                pass  # a compaction removed it meanwhile
    return total


def run_tool(cmd, what, timeout=None):
    """Runs a tool; its stdout, its stderr and its exit status. OSError: StepError."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise StepError(f"{what}: {e}")
    return proc


def run_tool_measured(cmd, what, work):
    """Runs a tool like run_tool; also returns its peak RSS in MiB (wait4's ru_maxrss)."""
    out_path = os.path.join(work, "tool.out")
    err_path = os.path.join(work, "tool.err")
    try:
        with open(out_path, "w") as out, open(err_path, "w") as err:
            child = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        with open(out_path) as out, open(err_path) as err:
            proc = subprocess.CompletedProcess(cmd, child.returncode, out.read(), err.read())
    except OSError as e:
        raise StepError(f"{what}: {e}")
    finally:
        for path in (out_path, err_path):
            if os.path.exists(path):
                os.remove(path)
    return proc, usage.ru_maxrss / 1024


class Server:
    """One eventgraphd on a fresh database, in its own session; stop() is idempotent."""

    def __init__(self, binary, db, args, log_path):
        self.db = db
        port_file = db + ".port"
        self.log = open(log_path, "wb")
        cmd = [binary, "--db", db, "--listen", "127.0.0.1:0", "--port-file", port_file] + args
        log(" ".join(cmd))
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.exit_code = None
        deadline = time.monotonic() + START_TIMEOUT
        port = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise StepError(f"eventgraphd exited {self.proc.returncode} at start; "
                                f"see {log_path}")
            try:
                with open(port_file, encoding="utf-8") as f:
                    port = f.read().strip()
            except FileNotFoundError:
                pass
            if port:
                break
            time.sleep(0.05)
        if not port:
            self.stop()
            raise StepError(f"eventgraphd wrote no port file in {START_TIMEOUT:.0f} s")
        self.address = f"127.0.0.1:{port}"

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.exit_code is None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    log(f"eventgraphd did not stop in {STOP_TIMEOUT:.0f} s: SIGKILL")
                    self.proc.kill()
                    self.proc.wait()
            self.exit_code = self.proc.returncode
            self.log.close()
        return self.exit_code


class Slicer:
    """Cuts the generated file into consecutive slices, keeping a reservoir sample of rows."""

    def __init__(self, path, sample_size, seed):
        self.file = open(path, "rb")
        self.rows = 0
        self.sample_size = sample_size
        self.sample = []
        self.random = random.Random(seed)

    def cut(self, until, out_path):
        """Writes rows [rows, until) to out_path; the number written."""
        written = 0
        sample, size, rnd = self.sample, self.sample_size, self.random
        with open(out_path, "wb") as out:
            while self.rows < until:
                line = self.file.readline()
                if not line:
                    break
                out.write(line)
                self.rows += 1
                written += 1
                if len(sample) < size:  # Algorithm R: every row so far equally likely
                    sample.append(line)
                else:
                    j = rnd.randrange(self.rows)
                    if j < size:
                        sample[j] = line
        return written

    def write_sample(self, path):
        with open(path, "wb") as out:
            out.writelines(self.sample)

    def close(self):
        self.file.close()


def write_json(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def table_header():
    cells = [f"{'events':>11}", f"{'ingest ev/s':>11}", f"{'ingest s':>9}", f"{'RSS MiB':>8}",
             f"{'HWM MiB':>8}", f"{'CLI MiB':>8}", f"{'DB MiB':>8}"]
    cells += [f"{w + ' p50/p99 ms':>22}" for w in WORKLOADS]
    return "  ".join(cells)


def table_row(step):
    cells = [f"{step['events']:>11,}", f"{step['ingest_events_per_s']:>11,.0f}",
             f"{step['ingest_seconds']:>9.1f}", f"{step['server_rss_mb']:>8.0f}",
             f"{step['server_hwm_mb']:>8.0f}", f"{step['client_hwm_mb']:>8.0f}",
             f"{step['db_bytes'] / 2**20:>8.0f}"]
    for w in WORKLOADS:
        q = step["queries"].get(w)
        cells.append(f"{q['p50_ms']:>10.2f} /{q['p99_ms']:>9.2f}" if q else f"{'-':>22}")
    return "  ".join(cells)


def server_events(cli, address):
    proc = run_tool([cli, "--server", address, "--deadline", "60", "-o", "json", "stats"],
                    "eventgraph stats", timeout=120)
    if proc.returncode != 0:
        raise StepError(f"eventgraph stats exited {proc.returncode}: {proc.stderr.strip()}")
    return int(json.loads(proc.stdout).get("events", 0))


def run_step(args, bins, server, slicer, work, size, previous):
    slice_path = os.path.join(work, f"slice-{previous}-{size}.gdelt2.tsv")
    t0 = time.monotonic()
    rows = slicer.cut(size, slice_path)
    cut_seconds = time.monotonic() - t0
    if rows != size - previous:
        raise StepError(f"the generated file ends at row {slicer.rows}, before {size}")

    # Ingest, timed from the start of the process to its exit.
    cmd = [bins["cli"], "--server", server.address, "-o", "json", "ingest", "-q"] + \
        args.ingest_arg + [slice_path]
    log(f"{size:,} events: ingest rows [{previous:,}, {size:,}) "
        f"(cut in {cut_seconds:.1f} s): {' '.join(cmd)}")
    t0 = time.monotonic()
    try:
        proc, client_hwm = run_tool_measured(cmd, "eventgraph ingest", work)
    finally:
        ingest_seconds = time.monotonic() - t0
        os.remove(slice_path)
    if proc.returncode != 0:
        raise StepError(f"eventgraph ingest exited {proc.returncode}: {proc.stderr.strip()}"
                        f"\n{proc.stdout[-2000:]}")
    try:
        summary = json.loads(proc.stdout)
        summary = {k: v for k, v in summary.items()
                   if k not in ("ignored_columns", "inputs", "rejections")}
    except ValueError:
        summary = None  # another output (a flag of --ingest-arg changed it): keep going
    if not server.alive():
        raise StepError("eventgraphd died during the ingest")
    if args.settle > 0:  # let flushes and compactions of the ingest finish first
        time.sleep(args.settle)

    rss, hwm = proc_status_mb(server.proc.pid)
    db_bytes = folder_bytes(server.db)
    events = server_events(bins["cli"], server.address)

    # The query workloads, parameters from the reservoir over everything loaded so far.
    sample_path = os.path.join(work, "sample.gdelt2.tsv")
    slicer.write_sample(sample_path)
    cmd = [bins["bench"], "--server", server.address, "--data", sample_path,
           "--benchmarks=" + ",".join(WORKLOADS), "--duration", str(args.duration),
           "--output", "json", "--seed", str(args.seed), "--sample", str(args.sample)] + \
        args.bench_arg
    log(f"{size:,} events: {' '.join(cmd)}")
    t0 = time.monotonic()
    proc = run_tool(cmd, "eventgraph-bench")
    bench_seconds = time.monotonic() - t0
    if proc.returncode not in (0, 1):
        raise StepError(f"eventgraph-bench exited {proc.returncode}: {proc.stderr.strip()}")
    try:
        bench = json.loads(proc.stdout)
    except ValueError:
        raise StepError(f"eventgraph-bench printed no JSON: {proc.stderr.strip()}")
    if not server.alive():
        raise StepError(f"eventgraphd died during the queries: {proc.stderr.strip()}")
    queries = {}
    for r in bench["results"]:
        queries[r["name"]] = {k: r[k] for k in
                              ("p50_ms", "p95_ms", "p99_ms", "ops_per_s", "ops", "errors")}
    rss_after, hwm_after = proc_status_mb(server.proc.pid)
    return {
        "utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "events": events,
        "rows": size,
        "slice_rows": rows,
        "ingest_seconds": ingest_seconds,
        "ingest_events_per_s": rows / ingest_seconds if ingest_seconds > 0 else None,
        "ingest": summary,
        "client_hwm_mb": client_hwm,
        "server_rss_mb": rss,
        "server_hwm_mb": hwm,
        "server_rss_after_queries_mb": rss_after,
        "server_hwm_after_queries_mb": hwm_after,
        "db_bytes": db_bytes,
        "bench_seconds": bench_seconds,
        "bench_exit": proc.returncode,
        "queries": queries,
    }


def binaries(args):
    bins = {
        "cli": args.cli or os.path.join(args.bin, "client", "eventgraph"),
        "server": args.eventgraphd or os.path.join(args.bin, "server", "eventgraphd"),
        "bench": args.bench or os.path.join(args.bin, "tests", "bench", "eventgraph-bench"),
    }
    for path in bins.values():
        if not os.access(path, os.X_OK):
            sys.exit(f"scaling: {path} is not an executable file (see --bin)")
    return {k: os.path.abspath(v) for k, v in bins.items()}


def on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES),
                    help="database sizes to measure at, events, increasing (default 0.5M, 1M, "
                         "2M, ..., 10M)")
    ap.add_argument("--actors", type=int, default=50000,
                    help="actors of the generator (default %(default)s)")
    ap.add_argument("--seed", type=int, default=1,
                    help="seed of the generator, the sample and the query parameters "
                         "(default %(default)s)")
    ap.add_argument("--duration", type=float, default=3.0,
                    help="seconds each query workload runs at each step (default %(default)s)")
    ap.add_argument("--settle", type=float, default=0.0,
                    help="seconds to wait after each ingest before measuring (background "
                         "compactions; default 0)")
    ap.add_argument("--sample", type=int, default=100000,
                    help="rows of the reservoir the query parameters are drawn from "
                         "(default %(default)s)")
    ap.add_argument("--work", help="work folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the work folder (the generated file and the database)")
    ap.add_argument("--bin", default=os.path.join(REPO, "build-test"),
                    help="build folder holding client/eventgraph, server/eventgraphd and "
                         "tests/bench/eventgraph-bench (default: <repo>/build-test)")
    ap.add_argument("--cli", help="eventgraph binary (default: from --bin)")
    ap.add_argument("--eventgraphd", help="eventgraphd binary (default: from --bin)")
    ap.add_argument("--bench", help="eventgraph-bench binary (default: from --bin)")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="a flag for eventgraphd, e.g. --server-arg=--cache-mb=256 (repeatable)")
    ap.add_argument("--ingest-arg", action="append", default=[],
                    help="a flag for `eventgraph ingest`, e.g. --ingest-arg=--batch-size=5000 "
                         "(repeatable)")
    ap.add_argument("--bench-arg", action="append", default=[],
                    help="a flag for eventgraph-bench, e.g. --bench-arg=--threads=4 (repeatable)")
    ap.add_argument("--output", default="scaling.json", help="JSON results (default %(default)s)")
    args = ap.parse_args()
    if args.actors < 2 or args.duration <= 0 or args.sample < 1 or args.settle < 0:
        ap.error("--actors >= 2, --duration > 0, --sample >= 1 and --settle >= 0 expected")
    bins = binaries(args)
    output = os.path.abspath(args.output)

    if args.work:
        work = os.path.abspath(args.work)
        os.makedirs(work, exist_ok=True)
        if os.path.exists(os.path.join(work, "db")):
            sys.exit(f"scaling: {work}/db exists: the run needs a fresh database")
        made_work = False
    else:
        work = tempfile.mkdtemp(prefix="eventgraph-scaling-")
        made_work = True
    signal.signal(signal.SIGTERM, on_sigterm)

    doc = {"config": {
        "sizes": args.sizes, "actors": args.actors, "seed": args.seed,
        "duration_s": args.duration, "settle_s": args.settle, "sample": args.sample,
        "workloads": WORKLOADS,
        "server_args": args.server_arg, "ingest_args": args.ingest_arg,
        "bench_args": args.bench_arg, "binaries": bins, "work": work,
        "machine": machine(), "commit": git_commit(),
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
        "steps": [], "server_exit": None, "ok": None}
    data = os.path.join(work, "events.gdelt2.tsv")
    server = None
    slicer = None
    status = 0
    try:
        cmd = [bins["cli"], "generate", "--events", str(args.sizes[-1]), "--actors",
               str(args.actors), "--seed", str(args.seed), "--format", "gdelt2",
               "--output", data]
        log(" ".join(cmd))
        proc = run_tool(cmd, "eventgraph generate")
        if proc.returncode != 0:
            raise StepError(f"eventgraph generate exited {proc.returncode}: "
                            f"{proc.stderr.strip()}")
        log(proc.stderr.strip() or proc.stdout.strip())
        slicer = Slicer(data, args.sample, args.seed)
        server = Server(bins["server"], os.path.join(work, "db"), args.server_arg,
                        os.path.join(work, "server.log"))
        print(table_header(), flush=True)
        previous = 0
        for size in args.sizes:
            step = run_step(args, bins, server, slicer, work, size, previous)
            previous = size
            doc["steps"].append(step)
            write_json(output, doc)
            print(table_row(step), flush=True)
            bad = [f"{w}: {q['errors']} failed calls" for w, q in step["queries"].items()
                   if q["errors"] > 0]
            if step["bench_exit"] != 0 and not bad:
                bad.append(f"eventgraph-bench exited {step['bench_exit']}")
            if step["events"] != size:
                bad.append(f"the server holds {step['events']:,} events, not {size:,}")
            missing = [w for w in WORKLOADS if w not in step["queries"]]
            if missing:
                bad.append(f"no result for {', '.join(missing)}")
            for b in bad:
                log(f"ERROR at {size:,} events: {b}")
                status = 1
    except StepError as e:
        log(f"ERROR: {e}")
        status = 2
    except KeyboardInterrupt:
        log("interrupted")
        status = 130
    finally:
        if slicer is not None:
            slicer.close()
        if server is not None:
            doc["server_exit"] = server.stop()
            log(f"eventgraphd stopped (exit {doc['server_exit']})")
            if status == 2:
                try:
                    with open(os.path.join(work, "server.log"), encoding="utf-8",
                              errors="replace") as f:
                        tail = f.readlines()[-20:]
                    log("server log tail:\n" + "".join(tail))
                except OSError:
                    pass
        doc["ok"] = status == 0
        doc["finished_utc"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        write_json(output, doc)
        if args.keep:
            log(f"kept {work}")
        elif made_work:
            shutil.rmtree(work, ignore_errors=True)
        else:
            for name in ["db", "db-backups", "events.gdelt2.tsv", "sample.gdelt2.tsv",
                         "db.port", "server.log"] + glob.glob1(work, "slice-*.gdelt2.tsv"):
                path = os.path.join(work, name)
                if os.path.isdir(path):
                    shutil.rmtree(path, ignore_errors=True)
                elif os.path.exists(path):
                    os.remove(path)
        log(f"results: {output}")
    if status == 0 and doc["server_exit"] != 0:
        log(f"ERROR: eventgraphd exited {doc['server_exit']} after SIGTERM")
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
