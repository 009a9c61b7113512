#!/usr/bin/env bash
# Installs what is missing, checks the C++ layout (clang-format), builds, and
# runs the whole test suite:
#   1. the normal build and every test (unit, integration, end-to-end, crash);
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. the concurrency tests under ThreadSanitizer;
#   4. each libFuzzer target for a short run from its seed corpus.
# BUDGET_QUICK_TEST=1 stops after step 1.
set -euo pipefail
cd "$(dirname "$0")"
jobs=$(nproc)
start=$SECONDS
stage() { echo "=== $1 ($((SECONDS - start)) s so far)"; }

scripts/deps.sh

stage "format"
scripts/check-format.sh

stage "npm ci (clients/web: the web app's build and browser tests, the OpenID Connect provider of the e2e tests)"
(cd clients/web && npm ci --no-audit --no-fund)

stage "build and test"
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd build && ctest --output-on-failure -j"$jobs")
[[ "${BUDGET_QUICK_TEST:-0}" == 1 ]] && exit 0

# Sanitizer builds are optimised (-O1) without debug info: faster to build,
# and still exact about the bug they report.
sanitizer_flags=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1)

stage "AddressSanitizer + UndefinedBehaviorSanitizer"
scripts/build.sh build-asan "${sanitizer_flags[@]}" -DBUDGET_SANITIZE=ON
# The package test installs binaries system-wide: the normal build did that.
(cd build-asan && ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 \
   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
   ctest --output-on-failure -j"$jobs" -LE package)

stage "ThreadSanitizer (concurrency tests)"
scripts/build.sh build-tsan "${sanitizer_flags[@]}" -DBUDGET_TSAN=ON -- eventstore_test services_test
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp"
build-tsan/tests/eventstore/eventstore_test --gtest_filter='ConcurrencyTest.*:DurabilityTest.*'
build-tsan/tests/services/services_test \
  --gtest_filter='IdempotencyTest.Concurrent*:IdempotencyTest.ManyConcurrent*:AllocationTest.*Racing*:AuditTest.StartUp*:AuditTest.AsOfEquals*'
unset TSAN_OPTIONS

stage "libFuzzer (clang, ASan + UBSan)"
CC=clang CXX=clang++ scripts/build.sh build-fuzz "${sanitizer_flags[@]}" -DBUDGET_FUZZ=ON -DBUDGET_SANITIZE=ON \
  -- fuzz_envelope fuzz_apply fuzz_decide
(cd build-fuzz && ctest --output-on-failure -L fuzz)

stage "all passed"
