#!/usr/bin/env bash
# Installs the Debian 12 packages EventGraph needs to build, test and run,
# skipping what is already installed. Run as root (or with sudo).
#   deploy/install-deps.sh            build + test + run dependencies
#   EVENTGRAPH_SKIP_WEB=1 deploy/install-deps.sh   without the dashboard's (Node.js, Chromium)
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config
  # libraries
  librocksdb-dev libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev
  protobuf-compiler libabsl-dev libicu-dev libxxhash-dev zlib1g-dev
  libspdlog-dev libcli11-dev nlohmann-json3-dev
  # the CLI's gzip and ZIP reading and gzip writing (ISA-L: client/inflater.h, synth_sink.h)
  libisal-dev
  # eventgraphd's heap allocator (CMake's EVENTGRAPH_ALLOCATOR)
  libjemalloc-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev libexpat1-dev
  python3 python3-grpcio python3-protobuf
  # deployment checks (systemd-analyze, the syscall filter trace, YAML)
  python3-yaml strace systemd
  # auth tests: certificates made at test time
  openssl
  # fuzzing (tests/fuzz): clang 14 with libFuzzer and the sanitizer runtimes
  clang clang-14 libclang-rt-14-dev
  # scaling curves as a PNG (tests/bench/plot_scaling.py)
  python3-matplotlib
)
# The web dashboard (web/): Node.js with npm for its gateway, Debian's, unless
# a Node.js is already installed (NodeSource's bundles npm and conflicts with
# Debian's npm package); Chromium for its browser test. EVENTGRAPH_SKIP_WEB=1
# leaves them out (a server-only image).
if [[ -z ${EVENTGRAPH_SKIP_WEB:-} ]]; then
  packages+=(chromium)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
if [[ -z ${EVENTGRAPH_SKIP_APT_UPDATE:-} ]]; then
  "${sudo_cmd[@]}" apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
  --no-install-recommends "${missing[@]}"
