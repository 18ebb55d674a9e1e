#!/usr/bin/env bash
# Memory benchmark: the big cases of issue 5 in a JVM with a 256 MiB heap (-Xmx256m), local[2].
# Each workload generates its records inside the tasks (no input file) and is checked against a
# plain-Java reference computed in the driver from the same generator; spills must happen and
# no OutOfMemoryError may occur. Prints each workload's result line and peak RSS.
#
#   bench/memory.sh [sort records (default 21474836 = 2 GiB of 100-byte records)]
#                   [aggregation records (default 20000000)] [distinct keys (default 2000000)]
#
# Environment: BENCH_HEAP (default 256m), BENCH_DIR scratch dir (default /tmp/spindle-bench),
# BENCH_SKIP_BUILD=1 to reuse the built jars.
set -euo pipefail
cd "$(dirname "$0")/.."
SORT_RECORDS="${1:-21474836}"
AGG_RECORDS="${2:-20000000}"
KEYS="${3:-2000000}"
HEAP="${BENCH_HEAP:-256m}"
DIR="${BENCH_DIR:-/tmp/spindle-bench}"
THREADS=2

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -Pbench -DskipTests -pl bench,client,core -am package
mkdir -p "$DIR"
echo "heap -Xmx$HEAP, local[$THREADS], $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"

run() { # name, workload args...
  local name="$1"; shift
  local stats="$DIR/memory-$name.time" log="$DIR/memory-$name.log"
  if ! SPINDLE_SUBMIT_OPTS="-XX:+UseParallelGC -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=$DIR" \
      /usr/bin/time -f "%e %M" -o "$stats" bin/spindle-submit --driver-memory "$HEAP" --master "local[$THREADS]" \
      --conf spindle.local.dir="$DIR/local" \
      --class io.spindle.bench.MemoryWorkloads bench/target/spindle-bench.jar "$@" > "$log" 2>&1; then
    echo "$name FAILED (log: $log)"; grep -m3 -E "OutOfMemoryError|Exception|DIFFERS" "$log" || tail -5 "$log"; return 1
  fi
  grep -E "^check:|records in" "$log"
  read -r secs kb < "$stats"
  echo "$name: wall $secs s, peak RSS $((kb / 1024)) MiB, OutOfMemoryError: $(grep -c OutOfMemoryError "$log" || true)"
  local left; left=$(find "$DIR/local" -name '*.spill' | wc -l)
  echo "$name: spill files left: $left"
}

status=0
# 2 GiB of records: 32 map tasks of 64 MiB, 64 reduce partitions (about 32 MiB each).
run sort-2GiB sort-gen "$SORT_RECORDS" 32 64 || status=1
run reduceByKey reduce "$AGG_RECORDS" "$KEYS" 8 8 || status=1
# 4 reduce partitions of about 5M values each: more than a task's share of a 256 MiB heap, so it spills.
run groupByKey group "$AGG_RECORDS" "$KEYS" 8 4 || status=1
# Not required by the issue: the same pairs joined with every even key twice (cogroup spills too).
run join join "$AGG_RECORDS" "$KEYS" 8 8 || status=1
exit $status
