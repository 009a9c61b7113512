#!/usr/bin/env bash
# Configures and builds one build tree with Ninja.
#   scripts/build.sh BUILD_DIR [extra cmake -D options...] [-- targets...]
# Without targets, everything is built. A new tree is configured with the
# options; an existing one is configured again when options are given, so a
# changed -D takes effect (cmake keeps the cached values of the others).
# CC and CXX choose the compiler of a new tree only (cmake caches it).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake_args=()
targets=()
while (($#)); do
  if [[ "$1" == "--" ]]; then
    shift
    targets=("$@")
    break
  fi
  cmake_args+=("$1")
  shift
done
if [[ ! -f "$dir/build.ninja" ]]; then
  cmake -S . -B "$dir" -G Ninja "${cmake_args[@]}"
elif ((${#cmake_args[@]})); then
  cmake -S . -B "$dir" "${cmake_args[@]}"
fi
if ((${#targets[@]})); then
  cmake --build "$dir" --parallel "$(nproc)" --target "${targets[@]}"
else
  cmake --build "$dir" --parallel "$(nproc)"
fi
