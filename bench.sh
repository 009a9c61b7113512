#!/usr/bin/env bash
# ./bench.sh — the performance figures of docs/performance.md, from one run.
#
# Builds in Release (build-release/), then prints, each measured here and now:
#   raw rocksdb synced appends/s batch=100   the anchor: RocksDB alone, synced
#   noop rpc/s, durable submit/s, their ratio, p99 ms at 1000/s (and the
#   noop's p99 at that rate, the floor under it)
#                                            budgetd on a fresh data directory,
#                                            driven by budget-load
#   replay events/s, startup s, rss MiB      a 10,000,000-event log (~4 GB)
#   as-of ms, startup s events=1000000       a 1,000,000-event log
# Everything lives under BENCH_DIR (default: a fresh directory in /tmp),
# removed at the end unless BENCH_KEEP=1. Not part of ./test.sh: benchmarks
# print figures, they do not pass or fail.
#
# Knobs (environment): BENCH_SECONDS per load phase (10), BENCH_CONCURRENCY
# calls in flight (64), BENCH_EVENTS for the large log (10000000).
set -euo pipefail
cd "$(dirname "$0")"

seconds=${BENCH_SECONDS:-10}
concurrency=${BENCH_CONCURRENCY:-64}
events=${BENCH_EVENTS:-10000000}
dir=${BENCH_DIR:-$(mktemp -d /tmp/budget-bench.XXXXXX)}
mkdir -p "$dir"

scripts/deps.sh >&2
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release -- budgetd budget-load budget_bench >&2
bin=build-release
budgetd=$bin/services/server/budgetd
load=$bin/clients/load/budget-load
bench=$bin/tests/bench/budget_bench

server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ "${BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$dir"; fi
}
trap cleanup EXIT

# Starts budgetd on data directory $1; sets server_pid and addr, and
# startup_s: seconds from exec to the "listening on" line.
start_server() {
  local data=$1 log=$dir/budgetd.log
  : > "$log"
  local t0
  t0=$(date +%s%N)
  "$budgetd" --data_dir "$data" --listen 127.0.0.1:0 --token_file "$dir/tokens/tokens" \
    --metrics_listen "" > "$log" 2>&1 &
  server_pid=$!
  until grep -q "listening on" "$log"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 0.005
  done
  startup_s=$(awk -v ns=$(($(date +%s%N) - t0)) 'BEGIN {printf "%.2f", ns / 1e9}')
  addr=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$log" | head -1)
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=
}

# The value of field $2 (rate, p99, ...) for op $1 in budget-load's report on stdin.
field() { sed -n "s/^op=$1 .* $2=\([0-9.]*\).*/\1/p"; }

scripts/make-tokens.sh "$dir/tokens" > /dev/null
echo "# $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); data in $dir"

"$bench" raw --seconds 5

# The server: one run each of noop and submit, same generator and concurrency.
start_server "$dir/live"
run() { "$load" --addr "$addr" --tokens "$dir/tokens/demo-tokens" --concurrency "$concurrency" "$@"; }
run --setup --mix noop=1 --duration 1 > /dev/null
noop=$(run --mix noop=1 --duration "$seconds" | field noop rate)
submit=$(run --mix submit=1 --duration "$seconds" | field submit rate)
p99=$(run --mix submit=1 --rate 1000 --duration "$seconds" | field submit p99)
noop_p99=$(run --mix noop=1 --rate 1000 --duration "$seconds" | field noop p99)
stop_server
printf 'noop rpc/s: %.0f\n' "$noop"
printf 'durable submit/s: %.0f\n' "$submit"
awk -v s="$submit" -v n="$noop" 'BEGIN {printf "submit/noop ratio: %.2f\n", s / n}'
printf 'p99 ms at 1000/s: %.2f\n' "$p99"
printf 'noop p99 ms at 1000/s: %.2f   (the floor: the same calls without a write)\n' "$noop_p99"

# The large log: written in bulk with checkpoints as budgetd writes them.
"$bench" fill --dir "$dir/large" --events "$events" >&2
"$bench" replay --dir "$dir/large"
start_server "$dir/large"
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
stop_server
echo "startup s events=$events: $startup_s"
printf 'rss MiB events=%d: %d\n' "$events" "$((rss_kib / 1024))"

"$bench" fill --dir "$dir/asof" --events 1000000 >&2
"$bench" asof --dir "$dir/asof" --samples 200
start_server "$dir/asof"
stop_server
echo "startup s events=1000000: $startup_s"
