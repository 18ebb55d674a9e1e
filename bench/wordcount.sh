#!/usr/bin/env bash
# WordCount benchmark: Spindle local[2] against a hand-written 2-thread Java counter, same file,
# same run. Prints wall time, MB/s and peak RSS (whole process, from /usr/bin/time) of each.
#
#   bench/wordcount.sh [bytes (default 1073741824)] [data dir (default /tmp/spindle-bench)]
#
# Generates a Zipf-like text once (fixed seed) and keeps it for later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES="${1:-1073741824}"
DIR="${2:-/tmp/spindle-bench}"
INPUT="$DIR/zipf-$BYTES.txt"
THREADS=2
HEAP="${BENCH_HEAP:-1g}"

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mvn -B -q -Pbench -DskipTests package
BENCH_JAR=bench/target/spindle-bench.jar
mkdir -p "$DIR"
if [ ! -f "$INPUT" ]; then
  java -cp "$BENCH_JAR" io.spindle.bench.ZipfTextGenerator "$INPUT" "$BYTES"
fi
SIZE=$(stat -c %s "$INPUT")
cat "$INPUT" > /dev/null # warm the page cache for both contenders

run() { # name, command...
  local name="$1"; shift
  local stats="$DIR/$name.time"
  /usr/bin/time -f "%e %M" -o "$stats" "$@"
  read -r secs kb < "$stats"
  awk -v n="$name" -v s="$secs" -v kb="$kb" -v b="$SIZE" \
    'BEGIN { printf "%-22s %7.2f s  %8.1f MB/s  peak RSS %6.0f MiB\n", n, s, b / 1048576 / s, kb / 1024 }'
}

rm -rf "$DIR/hand.out" "$DIR/spindle.out"
echo "input: $INPUT ($((SIZE / 1048576)) MiB), $THREADS threads, -Xmx$HEAP, $(nproc) cores, $(java -version 2>&1 | head -1)"
run hand-written java -Xmx"$HEAP" -cp "$BENCH_JAR" io.spindle.bench.HandWrittenWordCount "$INPUT" "$DIR/hand.out" "$THREADS"
run spindle-local[2] bin/spindle-submit --driver-memory "$HEAP" --master "local[$THREADS]" \
  --class io.spindle.examples.WordCount examples/target/spindle-examples.jar "$INPUT" "$DIR/spindle.out"

# The two must agree.
if cmp -s <(sort "$DIR/hand.out") <(cat "$DIR"/spindle.out/part-* | sort); then
  echo "outputs agree ($(wc -l < "$DIR/hand.out") distinct words)"
else
  echo "OUTPUTS DIFFER" >&2
  exit 1
fi
