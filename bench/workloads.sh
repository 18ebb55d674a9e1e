#!/usr/bin/env bash
# Throughput workloads, local[2]: each prints wall time, throughput and peak RSS (whole process,
# /usr/bin/time %M).
#   sort         10M x 100-byte records (1 GB file): Spindle textFile -> sort by the 10-byte key ->
#                saveAsTextFile, against LC_ALL=C sort --parallel=2 -S 4G over the same file; the
#                outputs must be identical. Target: Spindle within 2.5x of GNU sort.
#   aggregation  reduceByKey over 20M generated (key, value) pairs, 1M distinct keys. Target >= 2M records/s.
#   groupByKey   the same pairs grouped. Target >= 2M records/s.
# Targets for RSS: < 1.5 GiB. The aggregation workloads check their result against a plain-Java
# reference (MemoryWorkloads).
#   join         the same pairs joined with a table holding every even key twice (20M joined records).
#
#   bench/workloads.sh [sort records (default 10000000)] [pairs (default 20000000)] [keys (default 1000000)]
#
# Environment: BENCH_HEAP (default 1g), BENCH_DIR (default /tmp/spindle-bench), BENCH_SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
SORT_RECORDS="${1:-10000000}"
PAIRS="${2:-20000000}"
KEYS="${3:-1000000}"
HEAP="${BENCH_HEAP:-1g}"
DIR="${BENCH_DIR:-/tmp/spindle-bench}"
THREADS=2

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -Pbench -DskipTests -pl bench,client,core -am package
BENCH_JAR=bench/target/spindle-bench.jar
mkdir -p "$DIR"
INPUT="$DIR/sort-$SORT_RECORDS.txt"
if [ ! -f "$INPUT" ]; then
  java -cp "$BENCH_JAR" io.spindle.bench.SortFileGenerator "$INPUT" "$SORT_RECORDS"
fi
SIZE=$(stat -c %s "$INPUT")
echo "local[$THREADS], -Xmx$HEAP, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"

timed() { # name, records, command...: prints wall, records/s, MB/s of the sort input, peak RSS
  local name="$1" records="$2"; shift 2
  local stats="$DIR/$name.time"
  /usr/bin/time -f "%e %M" -o "$stats" "$@"
  read -r secs kb < "$stats"
  awk -v n="$name" -v s="$secs" -v kb="$kb" -v r="$records" \
    'BEGIN { printf "%-20s %7.2f s  %6.2f M records/s  peak RSS %6.0f MiB\n", n, s, r / s / 1e6, kb / 1024 }' >&3
}

# /usr/bin/time cannot run a shell function: the Spindle command line as an array.
SPINDLE=(bin/spindle-submit --driver-memory "$HEAP" --master "local[$THREADS]" --conf spindle.local.dir="$DIR/local"
  --class io.spindle.bench.MemoryWorkloads "$BENCH_JAR")

exec 3>&1 # timed() reports here even when the command's output goes to a log
cat "$INPUT" > /dev/null # warm the page cache for both contenders
rm -rf "$DIR/gnu-sorted.txt" "$DIR/spindle-sorted"
timed gnu-sort "$SORT_RECORDS" env LC_ALL=C sort --parallel=2 -S 4G -T "$DIR" -o "$DIR/gnu-sorted.txt" "$INPUT"
timed spindle-sort "$SORT_RECORDS" "${SPINDLE[@]}" sort-file "$INPUT" "$DIR/spindle-sorted" 16 > "$DIR/spindle-sort.log" 2>&1 \
  || { tail "$DIR/spindle-sort.log"; exit 1; }
grep "records in" "$DIR/spindle-sort.log"
if cat "$DIR"/spindle-sorted/part-* | cmp -s - "$DIR/gnu-sorted.txt"; then
  echo "sort outputs identical ($((SIZE / 1048576)) MiB)"
else
  echo "SORT OUTPUTS DIFFER" >&2
  exit 1
fi
rm -rf "$DIR/gnu-sorted.txt" "$DIR/spindle-sorted"

timed spindle-reduceByKey "$PAIRS" "${SPINDLE[@]}" reduce "$PAIRS" "$KEYS" 8 16 > "$DIR/reduce.log" 2>&1 || { tail "$DIR/reduce.log"; exit 1; }
grep -E "^check:|records in" "$DIR/reduce.log"
timed spindle-groupByKey "$PAIRS" "${SPINDLE[@]}" group "$PAIRS" "$KEYS" 8 16 > "$DIR/group.log" 2>&1 || { tail "$DIR/group.log"; exit 1; }
grep -E "^check:|records in" "$DIR/group.log"
timed spindle-join "$PAIRS" "${SPINDLE[@]}" join "$PAIRS" "$KEYS" 8 16 > "$DIR/join.log" 2>&1 || { tail "$DIR/join.log"; exit 1; }
grep -E "^check:|records in" "$DIR/join.log"
