#!/usr/bin/env bash
# Shuffle compression: the W1-W5 shapes (wordcount over Zipf words, (int,int) reduceByKey, sortByKey of
# 10-char keys, join, groupByKey) with compression off, lz4 (the default) and zstd, in one run, local[2].
# Prints per shape and codec the best wall time of ROUNDS runs and the shuffle bytes written (task
# metrics); every result is checked against a plain-Java reference (ShuffleCompressionBench).
#
#   bench/compression.sh [scale (default 1.0: W1 4M words, W2/W4/W5 3M pairs, W3 1M 100-byte records)] [rounds (default 2)]
#
# Environment: BENCH_HEAP (default 1g), BENCH_DIR (default /tmp/spindle-bench), BENCH_SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-1.0}"
ROUNDS="${2:-2}"
HEAP="${BENCH_HEAP:-1g}"
DIR="${BENCH_DIR:-/tmp/spindle-bench}"
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -Pbench -DskipTests -pl bench,client,core -am package
mkdir -p "$DIR/local"
echo "local[2], -Xmx$HEAP, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
bin/spindle-submit --driver-memory "$HEAP" --master "local[2]" --conf spindle.local.dir="$DIR/local" \
  --conf spindle.ui.enabled=false \
  --class io.spindle.bench.ShuffleCompressionBench bench/target/spindle-bench.jar "$SCALE" "$ROUNDS"
