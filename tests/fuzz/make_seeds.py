#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/*.cc).

  make_seeds.py --out DIR [--data DATA_DIR] [--protoc PROTOC]

DIR/<target>/ receives:
  * the committed hand-written seeds of tests/fuzz/corpus/<target>/, with
    each file's selector byte(s) put in front (see SELECTORS below), and the
    text protos of tests/fuzz/corpus/fuzz_requests/ encoded with
    `protoc --encode`;
  * when DATA_DIR (default: <repo>/../shared/data) holds the real samples,
    small seeds made from the first lines of each file: as TSV, CSV and
    JSONL, plain, gzip'd and zipped, as requests and as storage records.
    Nothing of the data is written anywhere but DIR (a build folder).

Committed seed files are named <selector>-<name>: the selector (decimal) is
the first byte of the fuzz input, as each target documents it.
"""

import argparse
import csv
import gzip
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")
PROTO_DIR = os.path.join(REPO, "proto")
LINES = 6  # lines taken from the head of each data file

TARGETS = ["fuzz_record_reader", "fuzz_row_parser", "fuzz_inflater", "fuzz_zip_member",
           "fuzz_storage_decode", "fuzz_requests", "fuzz_output"]

# fuzz_record_reader: byte 0 = format, byte 1 = file name.
FORMATS = {"auto": 0, "gdelt1": 1, "gdelt2": 2, "icews": 3, "quad": 4,
           "tsv": 5, "csv": 6, "jsonl": 7}
NAMES = {".tsv": 0, ".csv": 1, ".jsonl": 2, ".txt": 3}
# fuzz_row_parser: byte 0 = parser.
PARSERS = {"tsv": 0, "csv": 1, "jsonl": 2}
# fuzz_requests: byte 0 = request type.
REQUESTS = ["IngestRequest", "GetTimelineRequest", "ListEventsRequest",
            "FindPathsRequest", "GetNeighborsRequest", "GetSubgraphRequest"]


class Writer:
    def __init__(self, out):
        self.out = out
        self.count = {}

    def add(self, target, name, data):
        folder = os.path.join(self.out, target)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        self.count[target] = self.count.get(target, 0) + 1


def zipped(name, data, method):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as z:
        z.writestr(name, data)
    return buf.getvalue()


def committed(writer, protoc):
    """Hand-written seeds of tests/fuzz/corpus, with their selector bytes."""
    for target in TARGETS:
        folder = os.path.join(CORPUS, target)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
            if name.endswith(".textproto"):
                # <selector>-<name>.textproto: a request in text format.
                selector = int(name.split("-", 1)[0])
                data = encode(protoc, REQUESTS[selector], data)
                writer.add(target, name + ".bin", bytes([selector]) + data)
            elif target == "fuzz_record_reader":
                # <format>.<name index>-<name>: two selector bytes.
                head, _ = name.split("-", 1)
                fmt, file_name = head.split(".")
                writer.add(target, name, bytes([int(fmt), int(file_name)]) + data)
                # The same text as single-file ZIP archives.
                writer.add("fuzz_zip_member", name + ".stored.zip",
                           bytes([2]) + zipped(name, data, zipfile.ZIP_STORED))
                writer.add("fuzz_zip_member", name + ".deflated.zip",
                           bytes([3]) + zipped(name, data, zipfile.ZIP_DEFLATED))
            elif target == "fuzz_output":
                writer.add(target, name, data)  # raw: FuzzedDataProvider input
            else:
                selector = int(name.split("-", 1)[0])
                if name.endswith(".hex"):  # binary seeds are committed as hex
                    data = bytes.fromhex(data.decode().replace("\n", " ")
                                         .replace(" ", ""))
                writer.add(target, name, bytes([selector]) + data)


def encode(protoc, message, text):
    return subprocess.run(
        [protoc, "-I" + PROTO_DIR, "--encode=eventgraph.v1." + message,
         "eventgraph/v1/eventgraph.proto"],
        input=text, stdout=subprocess.PIPE, check=True).stdout


def head_lines(path, count=LINES):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return [next(f) for _ in range(count)]


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def zigzag(v):
    return varint((v << 1) ^ (v >> 63) if v >= 0 else ((-v) << 1) - 1)


def prefixed(text):
    data = text.encode("utf-8")
    return varint(len(data)) + data


def event_record(row, day):
    """storage/records.cc EncodeEventRecord of a sample row (ids made up)."""
    out = bytearray([1]) + varint(1) + varint(2) + zigzag(day)
    out += prefixed(row.get("action", "")) + prefixed(row.get("cameo_code", ""))
    out += bytes([1])  # quad class
    out += varint(1 | 4) + struct.pack("<d", 1.9) + struct.pack("<d", -2.5)
    out += prefixed(row.get("publisher", "")) + prefixed(row.get("event_id", ""))
    out += prefixed(row.get("country", ""))
    extras = [(k, v) for k, v in row.items() if k not in ("actor", "action", "target", "date")][:3]
    out += varint(len(extras))
    for k, v in extras:
        out += prefixed(k) + prefixed(v)
    return bytes(out)


def textproto_string(text):
    return json.dumps(text, ensure_ascii=False)


def from_data(writer, data_dir, protoc):
    files = sorted(f for f in os.listdir(data_dir) if f.endswith(".tsv.gz"))
    for file_name in files:
        stem = file_name[:-len(".tsv.gz")].replace("_events", "")
        lines = head_lines(os.path.join(data_dir, file_name))
        text = "".join(lines).encode("utf-8")
        rows = list(csv.DictReader(io.StringIO("".join(lines)), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
        # CSV and JSONL renderings of the same rows.
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        for line in lines:
            w.writerow(line.rstrip("\n").split("\t"))
        csv_text = buf.getvalue().encode("utf-8")
        jsonl_text = "".join(json.dumps(r, ensure_ascii=False) + "\n"
                             for r in rows).encode("utf-8")
        fmt = FORMATS["icews"] if "icews_raw" in stem else FORMATS["auto"]
        rr = "fuzz_record_reader"
        writer.add(rr, f"data-{stem}.tsv", bytes([fmt, NAMES[".tsv"]]) + text)
        writer.add(rr, f"data-{stem}.tsv.gz",
                   bytes([FORMATS["auto"], NAMES[".tsv"]]) + gzip.compress(text))
        writer.add(rr, f"data-{stem}.zip", bytes([FORMATS["auto"], NAMES[".txt"]])
                   + zipped(stem + ".tsv", text, zipfile.ZIP_DEFLATED))
        writer.add(rr, f"data-{stem}.csv", bytes([FORMATS["csv"], NAMES[".csv"]]) + csv_text)
        writer.add(rr, f"data-{stem}.jsonl",
                   bytes([FORMATS["auto"], NAMES[".jsonl"]]) + jsonl_text)
        writer.add(rr, f"data-{stem}.quad", bytes([FORMATS["quad"], NAMES[".tsv"]])
                   + "".join(lines[1:]).encode("utf-8"))
        rp = "fuzz_row_parser"
        writer.add(rp, f"data-{stem}.tsv", bytes([PARSERS["tsv"]]) + lines[1].encode())
        writer.add(rp, f"data-{stem}.csv",
                   bytes([PARSERS["csv"]]) + csv_text.split(b"\n")[1])
        writer.add(rp, f"data-{stem}.jsonl", bytes([PARSERS["jsonl"]]) + jsonl_text)
        # fuzz_inflater: byte 0 = gzip (bit 0), piece and read sizes.
        member = gzip.compress(text, mtime=0)
        raw = zlib.compressobj(6, zlib.DEFLATED, -15)
        writer.add("fuzz_inflater", f"data-{stem}.gz", bytes([0x25]) + member)
        writer.add("fuzz_inflater", f"data-{stem}.members.gz",
                   bytes([0x13]) + member + gzip.compress(b"", mtime=0) + member
                   + bytes(4))
        writer.add("fuzz_inflater", f"data-{stem}.deflate",
                   bytes([0x44]) + raw.compress(text) + raw.flush())
        writer.add("fuzz_zip_member", f"data-{stem}.stored.zip",
                   bytes([3]) + zipped(stem + ".tsv", text, zipfile.ZIP_STORED))
        writer.add("fuzz_zip_member", f"data-{stem}.deflated.zip",
                   bytes([4]) + zipped(stem + ".tsv", text, zipfile.ZIP_DEFLATED))
        writer.add("fuzz_output", f"data-{stem}", text)
        # Storage records: selector 1 (values) with 5 * sub so that
        # which % 5 == 1 and (which / 5) % 4 picks the record kind.
        day = 17532  # 2018-01-01
        writer.add("fuzz_storage_decode", f"data-{stem}.event",
                   bytes([1]) + event_record(rows[0], day))
        name = rows[0].get("actor") or rows[0].get("target") or "x"
        writer.add("fuzz_storage_decode", f"data-{stem}.actor",
                   bytes([1 + 5]) + bytes([1]) + prefixed(name))
        writer.add("fuzz_storage_decode", f"data-{stem}.name",
                   bytes([4]) + name.encode("utf-8"))
        writer.add("fuzz_storage_decode", f"data-{stem}.date",
                   bytes([3]) + rows[0]["date"].encode())
        if protoc:
            events = []
            for r in rows:
                fields = [f"actor: {textproto_string(r['actor'] or 'unknown')}",
                          f"action: {textproto_string(r['action'])}",
                          f"target: {textproto_string(r['target'] or 'unknown')}",
                          f"date: {textproto_string(r['date'])}"]
                if r.get("cameo_code"):
                    fields.append(f"event_code: {textproto_string(r['cameo_code'])}")
                if r.get("event_id"):
                    fields.append(f"source_event_id: {textproto_string(r['event_id'])}")
                events.append("events { " + " ".join(fields) + " }")
            ingest = "\n".join(events).encode("utf-8")
            writer.add("fuzz_requests", f"data-{stem}.ingest",
                       bytes([0]) + encode(protoc, "IngestRequest", ingest))
            actor = textproto_string(rows[1]["actor"] or "unknown")
            target = textproto_string(rows[1]["target"] or "unknown")
            writer.add("fuzz_requests", f"data-{stem}.timeline", bytes([1]) + encode(
                protoc, "GetTimelineRequest",
                f"actor: {actor} counterpart: {target} granularity: GRANULARITY_MONTH"
                .encode("utf-8")))
            writer.add("fuzz_requests", f"data-{stem}.paths", bytes([3]) + encode(
                protoc, "FindPathsRequest",
                f"from_actor: {actor} to_actor: {target}".encode("utf-8")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(REPO),
                                                       "shared", "data"))
    parser.add_argument("--protoc", default=shutil.which("protoc"))
    args = parser.parse_args()
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    writer = Writer(args.out)
    committed(writer, args.protoc)
    if os.path.isdir(args.data):
        from_data(writer, args.data, args.protoc)
    else:
        print(f"make_seeds: no data folder {args.data}: committed seeds only")
    for target in TARGETS:
        print(f"make_seeds: {target}: {writer.count.get(target, 0)} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
