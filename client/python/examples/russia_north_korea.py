#!/usr/bin/python3
"""Russia–North Korea relations, year by year, with the EventGraph client.

Connects to eventgraphd, loads samples/russia_north_korea.tsv when the
database is empty, prints the yearly timeline and, when Debian's
python3-matplotlib is installed, writes it as a PNG bar chart.

    python3 client/python/examples/russia_north_korea.py \
        [--server 127.0.0.1:50051] [--png russia_north_korea.png]

Exit status: 0 on success, 1 when a call fails.
"""

import argparse
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SAMPLE = os.path.join(REPO, "samples", "russia_north_korea.tsv")
# The package sits in client/python/, one level above this script.
sys.path.insert(0, os.path.dirname(HERE))

import eventgraph  # noqa: E402

ACTOR, COUNTERPART = "Russia", "North Korea"
INT_FIELDS = ("quad_class", "mentions")
FLOAT_FIELDS = ("goldstein", "tone", "lat", "lon")


def read_sample(path):
    """The events of a TSV file with a header line, as dicts for Client.ingest."""
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            event = {}
            for name, text in row.items():
                if text is None or text == "":
                    continue
                if name in INT_FIELDS:
                    event[name] = int(text)
                elif name in FLOAT_FIELDS:
                    event[name] = float(text)
                else:
                    event[name] = text
            yield event


def load_if_empty(client):
    """Ingests the sample when the database holds no event; prints what happened."""
    if client.stats().events > 0:
        print("database not empty: sample not loaded")
        return
    events = list(read_sample(SAMPLE))
    result = client.ingest(events)
    print(f"loaded {os.path.basename(SAMPLE)}: {result.accepted} accepted, "
          f"{result.duplicates} duplicates, {len(result.rejections)} rejected")
    for rejection in result.rejections:
        print(f"  line {rejection.index + 2}: {rejection.field}: {rejection.reason}")


def number(value):
    """A Goldstein mean for the table: "-" when absent, at most two decimals."""
    return "-" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def print_timeline(timeline):
    """Prints one line per bucket and the total."""
    print(f"{timeline.actor} ↔ {timeline.counterpart}, {timeline.start} to "
          f"{timeline.end}, by {timeline.granularity}")
    row = "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>8}"
    print(row.format("start", "events", "vcoop", "mcoop", "vconf", "mconf",
                     "goldstein", "mentions"))
    for label, b in [(b.start_date, b) for b in timeline.buckets] + \
            [("total", timeline.total)]:
        print(row.format(label, b.event_count, b.verbal_cooperation,
                         b.material_cooperation, b.verbal_conflict,
                         b.material_conflict, number(b.goldstein_mean), b.mentions))


def write_chart(timeline, path):
    """Writes a stacked bar chart per quad class; False when matplotlib is absent."""
    try:
        import matplotlib
    except ImportError:
        return False
    matplotlib.use("Agg")
    from matplotlib import pyplot

    years = [b.start_date[:4] for b in timeline.buckets]
    series = [("verbal cooperation", "verbal_cooperation", "#74a9cf"),
              ("material cooperation", "material_cooperation", "#0570b0"),
              ("verbal conflict", "verbal_conflict", "#fc9272"),
              ("material conflict", "material_conflict", "#de2d26"),
              ("unclassified", "unclassified", "#bdbdbd")]
    figure, axes = pyplot.subplots(figsize=(11, 4))
    bottom = [0] * len(years)
    for label, name, color in series:
        values = [getattr(b, name) for b in timeline.buckets]
        axes.bar(years, values, bottom=bottom, label=label, color=color)
        bottom = [x + y for x, y in zip(bottom, values)]
    axes.set_title(f"{timeline.actor} ↔ {timeline.counterpart}: events per year")
    axes.set_ylabel("events")
    axes.tick_params(axis="x", labelrotation=90)
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get(
        "EVENTGRAPH_SERVER", eventgraph.client.DEFAULT_ADDRESS))
    parser.add_argument("--png", default="russia_north_korea.png",
                        help="where to write the chart")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="deadline of each call, in seconds")
    args = parser.parse_args(argv)
    try:
        with eventgraph.connect(args.server, timeout=args.timeout) as client:
            load_if_empty(client)
            timeline = client.timeline(ACTOR, COUNTERPART, by="year")
    except eventgraph.EventGraphError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print_timeline(timeline)
    if write_chart(timeline, args.png):
        print(f"chart written to {args.png}")
    else:
        print("matplotlib not installed (python3-matplotlib): chart skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
