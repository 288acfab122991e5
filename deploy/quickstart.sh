#!/usr/bin/env bash
# The first command of the README: installs what is missing, builds a
# Release server and CLI, starts eventgraphd on its embedded default (a
# RocksDB folder, ./eventgraph-data) and loads the sample of real
# Russia-North Korea events. Leaves the server running in the background.
#   deploy/quickstart.sh            (listens on 127.0.0.1:50051)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
deploy/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DEVENTGRAPH_BUILD_TESTS=OFF -DEVENTGRAPH_BUILD_BENCH=OFF >/dev/null
ninja -C build-release eventgraphd eventgraph

addr=${EVENTGRAPH_LISTEN:-127.0.0.1:50051}
if build-release/client/eventgraph --server "$addr" --deadline 2 stats >/dev/null 2>&1; then
  echo "quickstart: a server already answers on $addr"
else
  nohup build-release/server/eventgraphd --db eventgraph-data --listen "$addr" \
    >eventgraphd.log 2>&1 &
  echo "quickstart: eventgraphd started (pid $!, log eventgraphd.log, data eventgraph-data/)"
  for _ in $(seq 50); do
    build-release/client/eventgraph --server "$addr" --deadline 1 stats >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
build-release/client/eventgraph --server "$addr" ingest samples/russia_north_korea.tsv
build-release/client/eventgraph --server "$addr" timeline Russia "North Korea" --by year
echo
echo "Try: build-release/client/eventgraph events Russia \"North Korea\" --from 2024-01-01"
echo "Stop the server with: kill \$(pgrep -f 'eventgraphd --db eventgraph-data')"
