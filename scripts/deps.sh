#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need, and nothing
# else. Runs `apt-get update` only when something is missing, so a machine that
# is already set up starts at once.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev grpc-proto
  librocksdb-dev libabsl-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libcpp-httplib-dev libgoogle-perftools-dev
  libcjose-dev libjansson-dev libpq-dev
  python3 python3-grpcio python3-protobuf python3-psycopg2
  postgresql  # the tests of budget-pgsync start their own cluster (initdb, pg_ctl)
  clang clang-format libclang-rt-14-dev
  openssl procps
  tzdata  # template milestones are planned in Europe/Copenhagen (absl::LoadTimeZone)
  wrk  # bench.sh's HTTP figure
  valgrind  # bench.sh's instruction counts (BENCH_INSTRUCTIONS=1)
  chromium  # the web app's browser tests drive it headless (playwright-core)
)
# The web app's build and tests need node and npm; Debian's when none is installed.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
