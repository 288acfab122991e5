#!/bin/sh
# Generates the Python gRPC stubs of the EventGraph API into
# eventgraph/_generated/, where the package finds them when EVENTGRAPH_PYPROTO
# is unset. Needs protoc and grpc_python_plugin (Debian: protobuf-compiler,
# protobuf-compiler-grpc). Run it from anywhere: paths are taken from this
# script's location.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
proto_dir=$(cd "$here/../../proto" && pwd)
out="$here/eventgraph/_generated"
plugin=${GRPC_PYTHON_PLUGIN:-$(command -v grpc_python_plugin || true)}

if ! command -v protoc >/dev/null 2>&1; then
  echo "generate_stubs.sh: protoc not found (apt-get install protobuf-compiler)" >&2
  exit 1
fi
if [ -z "$plugin" ]; then
  echo "generate_stubs.sh: grpc_python_plugin not found" \
       "(apt-get install protobuf-compiler-grpc)" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
cd "$proto_dir"
protoc -I"$proto_dir" \
  --python_out="$out" \
  --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$plugin" \
  eventgraph/v1/eventgraph.proto \
  google/rpc/status.proto \
  google/rpc/error_details.proto
echo "generate_stubs.sh: stubs written to $out"
