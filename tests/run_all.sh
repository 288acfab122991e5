#!/usr/bin/env bash
# The second command of the README: runs every test.
#  1. installs what is missing (deploy/install-deps.sh);
#  2. builds everything (Release at -O2, without debug info: a third less
#     compile time on CI's two cores; the sanitizer build below has the
#     symbols) and runs the whole CTest suite:
#     unit tests, end-to-end tests of the real eventgraphd and CLI (those on
#     ../shared/data run when the data is there);
#  3. builds again with AddressSanitizer + UndefinedBehaviorSanitizer and
#     runs the suite there too, except the tests labelled `heavy` (whole data
#     files: slow under ASan) and `deploy` (they check the production binary's
#     libraries and trace it with strace, which LeakSanitizer refuses) and
#     `web` (the dashboard is JavaScript; its server calls are covered by the
#     API tests that do run there), and three long tests named below;
#  4. builds the libFuzzer targets with clang (build-fuzz/) and runs each for
#     a short bounded time (tests/fuzz/run_fuzzers.sh; EVENTGRAPH_FUZZ_SECONDS
#     per target, default 15).
# Build folders: build-test/, build-asan/ and build-fuzz/ (reused, so reruns
# are fast).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${EVENTGRAPH_JOBS:-$(nproc)}

deploy/install-deps.sh

echo "== build (Release, -O2)"
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
ninja -C build-test -j "$jobs"
echo "== tests (Release)"
(cd build-test && ctest -j "$jobs" --output-on-failure)

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DEVENTGRAPH_SANITIZE=ON -DEVENTGRAPH_BUILD_BENCH=OFF >/dev/null
ninja -C build-asan -j "$jobs"
echo "== tests (sanitizers)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Run once, in the plain build: the crash and soak tests (timing-driven
# loads; under ASan they only run slower), and the loader formats (the
# fuzzers below cover the same parsers under ASan + UBSan).
(cd build-asan && ctest -j "$jobs" --output-on-failure -LE 'heavy|deploy|web' \
  -E '^(e2e_crash|e2e_soak|e2e_formats_no_data)$')

echo "== fuzzers (clang, libFuzzer + ASan + UBSan, short runs)"
tests/fuzz/run_fuzzers.sh "${EVENTGRAPH_FUZZ_SECONDS:-15}"
