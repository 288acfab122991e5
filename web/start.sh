#!/usr/bin/env bash
# Starts the EventGraph dashboard: installs the Node.js packages from the
# committed lock file when they are missing (npm ci), then runs the gateway.
#   web/start.sh [--server 127.0.0.1:50051] [--port 8080] [--host 127.0.0.1]
#                [--deadline 15] [--port-file FILE] [--quiet]
# Then open http://127.0.0.1:8080/ (the server must be running).
set -euo pipefail
web=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
  echo "start.sh: node is missing; run deploy/install-deps.sh" >&2
  exit 1
fi
if [[ ! -f $web/node_modules/.package-lock.json \
      || $web/package-lock.json -nt $web/node_modules/.package-lock.json ]]; then
  echo "start.sh: installing the dashboard's packages (npm ci)" >&2
  (cd "$web" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
fi
exec node "$web/server.js" "$@"
