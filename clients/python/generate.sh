#!/usr/bin/env bash
# Generates budget.v1's Python modules (messages and gRPC stubs, and the
# google.rpc error details) from the .proto files alone, into DIR. Needs
# Debian's protobuf-compiler and protobuf-compiler-grpc (grpc_python_plugin).
#   clients/python/generate.sh DIR
set -euo pipefail
out=${1:?usage: generate.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")/../../proto"
protoc --proto_path=. --python_out="$out" --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" \
  $(find budget google -name '*.proto' | sort)
