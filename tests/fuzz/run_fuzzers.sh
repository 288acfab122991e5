#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*.cc) with clang into build-fuzz/
# and runs each for a bounded time; fails on any crash, sanitizer report,
# leak, timeout or broken property. A stage of tests/run_all.sh.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET]   (default 15)
#
# Environment: EVENTGRAPH_JOBS (build jobs, default nproc),
#   EVENTGRAPH_DATA (the samples for the seeds, default ../shared/data),
#   FUZZ_TARGETS (a space-separated subset), FUZZ_FLAGS (extra libFuzzer
#   flags, e.g. "-max_len=65536" for a long run).
#
# Corpora: each target starts from build-fuzz/fuzz-corpus/<target>/ (kept
# between runs, where libFuzzer adds the inputs that find new coverage),
# the seeds written by make_seeds.py into build-fuzz/fuzz-seeds/<target>/
# (the committed tests/fuzz/corpus/ plus a few lines of each sample file),
# and the committed crash regressions tests/fuzz/regressions/<target>/.
# A crashing input is saved as build-fuzz/fuzz-artifacts/<target>/crash-*.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-15}
jobs=${EVENTGRAPH_JOBS:-$(nproc)}
build=build-fuzz
targets=${FUZZ_TARGETS:-"fuzz_record_reader fuzz_row_parser fuzz_inflater fuzz_zip_member fuzz_storage_decode fuzz_requests fuzz_output"}

if ! command -v clang++ >/dev/null; then
  echo "run_fuzzers: clang++ is missing (deploy/install-deps.sh installs it)" >&2
  exit 1
fi
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
echo "== build (libFuzzer targets, clang, ASan + UBSan)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DEVENTGRAPH_FUZZ=ON -DEVENTGRAPH_BUILD_TESTS=OFF \
  -DEVENTGRAPH_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
ninja -C "$build" -j "$jobs" fuzzers

data=${EVENTGRAPH_DATA:-$root/../shared/data}
python3 tests/fuzz/make_seeds.py --out "$build/fuzz-seeds" --data "$data"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
echo "== fuzz (${seconds} s per target)"
for target in $targets; do
  corpus=$build/fuzz-corpus/$target
  artifacts=$build/fuzz-artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  dirs=("$corpus" "$build/fuzz-seeds/$target")
  if [[ -d tests/fuzz/regressions/$target ]]; then
    dirs+=("tests/fuzz/regressions/$target")
  fi
  log=$build/fuzz-logs/$target.log
  mkdir -p "$(dirname "$log")"
  # -timeout: one input may take this long; -rss_limit_mb: memory bound.
  # shellcheck disable=SC2086
  if "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=20 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" ${FUZZ_FLAGS:-} "${dirs[@]}" \
      >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
    echo "  $target: ok, ${runs:-?} runs, ${cov:-no coverage line}"
  else
    echo "  $target: FAILED (log: $log)"
    grep -E 'ERROR|property violated|runtime error|SUMMARY|Test unit written' "$log" | head -20 | sed 's/^/    /'
    # The input itself, so a CI log alone reproduces the failure:
    #   echo BASE64 | base64 -d > case && build-fuzz/tests/fuzz/TARGET case
    for unit in "$artifacts"/*; do
      [[ -f $unit ]] || continue
      if (($(stat -c %s "$unit") <= 8192)); then
        echo "    input $(basename "$unit") (base64): $(base64 -w0 "$unit")"
      else
        echo "    input $(basename "$unit"): $(stat -c %s "$unit") bytes, not printed"
      fi
    done
    failed+=("$target")
  fi
done
if ((${#failed[@]} > 0)); then
  echo "run_fuzzers: failed: ${failed[*]}" >&2
  exit 1
fi
echo "run_fuzzers: all ${seconds}-second runs clean"
