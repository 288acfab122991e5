#!/usr/bin/env bash
# The dashboard's tests as CTest runs them:
#   run_web_test.sh [--no-browser] TEST_FILE...   (files relative to web/)
# Needs Node.js, npm and (unless --no-browser) Debian's Chromium
# (deploy/install-deps.sh installs them); installs web/node_modules with
# `npm ci` from the committed lock file when it is missing or older than the
# lock file.
# Exit 77 (skipped) only when a tool is missing AND apt cannot install it on
# this machine; when it could be installed, the test fails and says how.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
web="$repo/web"
chromium=${CHROMIUM:-/usr/bin/chromium}

# $1 command or file, $2 Debian package: ok, or skip / fail with a reason.
need() {
  if [[ $1 == /* && -x $1 ]] || command -v "$1" >/dev/null 2>&1; then return 0; fi
  local candidate
  candidate=$(apt-cache policy "$2" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [[ -z $candidate || $candidate == "(none)" ]]; then
    echo "SKIP: $1 is missing and apt has no package $2 to install here"
    exit 77
  fi
  echo "FAIL: $1 is missing; run deploy/install-deps.sh (installs Debian's $2 $candidate)"
  exit 1
}
browser=1
if [[ ${1:-} == --no-browser ]]; then browser=0; shift; fi
(($# > 0)) || { echo "usage: run_web_test.sh [--no-browser] TEST_FILE..."; exit 2; }
need node nodejs
need npm npm
((browser == 0)) || need "$chromium" chromium

if [[ ! -f $web/node_modules/.package-lock.json || ! -d $web/node_modules/playwright-core \
      || $web/package-lock.json -nt $web/node_modules/.package-lock.json ]]; then
  echo "== npm ci (web/)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi
export CHROMIUM="$chromium"
cd "$web"
exec node --test --test-reporter=spec "$@"
