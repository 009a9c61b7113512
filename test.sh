#!/usr/bin/env bash
# Installs what is missing, checks the C++ layout (clang-format), builds three
# trees and runs the test suite in them (docs/development.md):
#   1. build      gcc, optimised, no debug info: every test (unit, integration,
#                 end-to-end, crash, the .deb);
#   2. build-asan clang, AddressSanitizer + UndefinedBehaviorSanitizer, with
#                 the libFuzzer targets, without the clients: the in-process
#                 tests and the crash test, then each fuzz target for 20 s
#                 from its seed corpus;
#   3. build-tsan clang, ThreadSanitizer: only the concurrency test binaries.
# BUDGET_QUICK_TEST=1 stops after tree 1. The time of each stage is printed at
# the end, also when a stage fails.
set -euo pipefail
cd "$(dirname "$0")"
jobs=$(nproc)
start=$SECONDS

stage_names=()
stage_seconds=()
current=
current_start=$SECONDS
# Ends the current stage (recording its time) and starts the one named $1.
stage() {
  if [[ -n "$current" ]]; then
    stage_names+=("$current")
    stage_seconds+=($((SECONDS - current_start)))
  fi
  current=${1:-}
  current_start=$SECONDS
  if [[ -n "$current" ]]; then echo "=== $current ($((SECONDS - start)) s so far)"; fi
}
report() {
  local status=$?
  stage ""
  echo "=== stage times"
  local i
  for i in "${!stage_names[@]}"; do
    printf '%6d s  %s\n' "${stage_seconds[$i]}" "${stage_names[$i]}"
  done
  local outcome=passed
  if ((status)); then outcome=FAILED; fi
  printf '%6d s  total, %s\n' $((SECONDS - start)) "$outcome"
}
trap report EXIT

normal_flags=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG")

stage "deps"
scripts/deps.sh

stage "format"
scripts/check-format.sh

stage "npm ci (clients/web: the web app's build and browser tests, the OpenID Connect provider of the e2e tests)"
(cd clients/web && npm ci --no-audit --no-fund)

# -O2 without -g (docs/development.md): debug information made the objects up
# to 15 times larger and every compile and link slower, and nothing in the
# suite reads it. (gcc 12's -O3 warns falsely inside libstdc++.)
stage "build: gcc"
scripts/build.sh build "${normal_flags[@]}"
stage "build: test"
(cd build && ctest --output-on-failure -j"$jobs")
[[ "${BUDGET_QUICK_TEST:-0}" == 1 ]] && exit 0

# Sanitizer builds are optimised (-O1) without debug info: faster to build,
# and still exact about the bug they report. Both are clang builds, so they
# check the thread-safety annotations too (-Wthread-safety).
sanitizer_flags=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1)

# The in-process tests run the whole server (gRPC, HTTP, the single writer,
# RocksDB) under the sanitizers; the end-to-end tests drive the same code
# through processes and the clients, and run in the normal tree only:
# BUDGET_CLIENTS=OFF leaves budgetctl, budget-load and those tests out of the
# sanitizer trees (docs/development.md).
sanitizer_flags+=(-DBUDGET_CLIENTS=OFF)

stage "build-asan: clang, ASan + UBSan + libFuzzer targets"
CC=clang CXX=clang++ scripts/build.sh build-asan "${sanitizer_flags[@]}" \
  -DBUDGET_SANITIZE=ON -DBUDGET_FUZZ=ON
stage "build-asan: test (the in-process tests and the crash test)"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$jobs" -LE fuzz)
stage "build-asan: libFuzzer targets"
(cd build-asan && ctest --output-on-failure -j"$jobs" -L fuzz)
unset ASAN_OPTIONS UBSAN_OPTIONS

stage "build-tsan: clang, ThreadSanitizer (concurrency test binaries only)"
CC=clang CXX=clang++ scripts/build.sh build-tsan "${sanitizer_flags[@]}" -DBUDGET_TSAN=ON \
  -- eventstore_test services_test
stage "build-tsan: test"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp"
build-tsan/tests/eventstore/eventstore_test --gtest_filter='ConcurrencyTest.*:DurabilityTest.*'
build-tsan/tests/services/services_test \
  --gtest_filter='IdempotencyTest.Concurrent*:IdempotencyTest.ManyConcurrent*:AllocationTest.*Racing*:AuditTest.StartUp*:AuditTest.AsOfEquals*:*ReplayPropertyTest*:CheckpointPagesTest.*'
unset TSAN_OPTIONS

