#!/usr/bin/env bash
# Tasks in the AM (--num-executors 0) on YARN: WordCount over a Zipf text in HDFS on
# bin/spindle-minicluster (2 NodeManagers), submit -> exit, this checkout alternating with an "alt"
# side, every output checked against `tr | sort | uniq -c`; prints each run, both medians and their ratio.
#
#   bench/yarn-in-am.sh [MiB (default 256)] [warm runs per side (default 5)]
#
# The alt side: BENCH_ALT_HOME=<another built checkout> runs its bin/spindle-submit (an A/B of two
# builds), and/or BENCH_ALT="<spindle-submit options, shell-quoted>" adds options to the alt runs,
# e.g. BENCH_ALT="--conf 'spindle.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseG1GC'"
# (roughly the AM's JVM before it got the executors' options when it runs the tasks). Without
# either, the alt side is this build with that BENCH_ALT. The first run of each side is cold (each
# writes its AM class-data archive on the node it lands on) and not counted.
# Environment: BENCH_DIR (default /tmp/spindle-bench-in-am), BENCH_SKIP_BUILD=1,
# BENCH_DRIVER="--driver-memory 1g --driver-cores 2" (the AM's size; its cores are its task threads).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
MIB="${1:-256}"
RUNS="${2:-5}"
DIR="${BENCH_DIR:-/tmp/spindle-bench-in-am}"
BYTES=$((MIB * 1048576))
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -Pbench -DskipTests package
if [ -z "${BENCH_ALT_HOME:-}" ] && [ -z "${BENCH_ALT:-}" ]; then
  BENCH_ALT="--conf 'spindle.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseG1GC'"
fi
eval "ALT=(${BENCH_ALT:-})"
eval "DRIVER=(${BENCH_DRIVER:---driver-memory 1g --driver-cores 2})"
ALT_HOME="${BENCH_ALT_HOME:-$ROOT}"

mkdir -p "$DIR"
rm -rf "$DIR/mc" "$DIR"/out-* "$DIR"/log-*
INPUT="$DIR/zipf-$BYTES.txt"
[ -f "$INPUT" ] || java -cp bench/target/spindle-bench.jar io.spindle.bench.ZipfTextGenerator "$INPUT" "$BYTES" 100000
REFERENCE="$DIR/reference-$BYTES.txt"
if [ ! -f "$REFERENCE" ]; then # word<TAB>count, bytewise sorted, from coreutils alone
  tr ' ' '\n' < "$INPUT" | grep -v '^$' | LC_ALL=C sort | LC_ALL=C uniq -c \
    | awk '{ print $2 "\t" $1 }' | LC_ALL=C sort > "$REFERENCE"
fi

MC_PID=""
trap '[ -z "$MC_PID" ] || { kill -TERM "$MC_PID" 2>/dev/null; wait "$MC_PID" 2>/dev/null || true; }' EXIT
. bench/minicluster.sh
start_minicluster "$DIR/mc" "$DIR/minicluster.log" # its shutdown hook stops YARN and HDFS at TERM
HDFS_CP="$HADOOP_CONF_DIR:$ROOT/conf:$ROOT/bench/target/spindle-bench.jar:$ROOT/client/target/lib/*"
java -cp "$HDFS_CP" io.spindle.bench.HdfsCopy put "$INPUT" /bench/input.txt
echo "input: $MIB MiB ($(wc -l < "$REFERENCE") distinct words); AM: ${DRIVER[*]}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "alt: ${BENCH_ALT_HOME:+$BENCH_ALT_HOME/bin/spindle-submit }${BENCH_ALT:-}"

: > "$DIR/results"
run() { # label, home, index, extra options...
  local label="$1" home="$2" i="$3"
  shift 3
  /usr/bin/time -f "%e" -o "$DIR/time-$i" "$home/bin/spindle-submit" --master yarn --num-executors 0 "${DRIVER[@]}" \
    "$@" --class io.spindle.examples.WordCount "$ROOT/examples/target/spindle-examples.jar" /bench/input.txt \
    "/bench/out-$i" > "$DIR/log-$i" 2>&1 || { tail -20 "$DIR/log-$i"; echo "$label: spindle-submit failed" >&2; exit 1; }
  java -cp "$HDFS_CP" io.spindle.bench.HdfsCopy get "/bench/out-$i" "$DIR/out-$i"
  if ! cat "$DIR/out-$i"/part-* | LC_ALL=C sort | cmp -s - "$REFERENCE"; then
    echo "$label: OUTPUT DIFFERS from the reference ($DIR/out-$i)" >&2
    exit 1
  fi
  echo "$label $(cat "$DIR/time-$i") s (output checked)" | tee -a "$DIR/results"
}
run cold "$ROOT" cold
run alt-cold "$ALT_HOME" altcold ${ALT[@]+"${ALT[@]}"}
for ((r = 1; r <= RUNS; r++)); do
  run "this-$r" "$ROOT" "$r"
  run "alt-$r" "$ALT_HOME" "alt$r" ${ALT[@]+"${ALT[@]}"}
done
med() { grep "^$1-[0-9]" "$DIR/results" | awk '{ print $2 }' | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
this=$(med this)
alt=$(med alt)
echo "median of $RUNS: this build $this s, alt $alt s, this/alt $(awk -v a="$this" -v b="$alt" 'BEGIN { printf "%.2f", a / b }')"
