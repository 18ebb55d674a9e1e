#!/usr/bin/env bash
# What spindle.network.crypto.enabled costs on the shuffle's path: the real shuffle service and client
# in one JVM over a loopback socket fetch MiB of map output (random bytes, 16 maps x 8 partitions),
# reducer by reducer, plain and encrypted alternating per round. Prints each fetch's wall time, MB/s
# and the process's CPU seconds (the service sealing and the client opening), then the medians and
# the ratios encrypted/plain; every segment's CRC32 is checked against the bytes written
# (NetworkCryptoBench; exit 1 on a mismatch). The JVM runs with an executor's JIT options
# (io.spindle.am.JvmOptions.EXECUTOR_DEFAULTS and ENCRYPTION_JIT: what an executor on YARN pays;
# BENCH_JIT overrides them, e.g. BENCH_JIT=-XX:TieredStopAtLevel=1 for local-cluster's executors).
#
#   bench/network-crypto.sh [MiB (default 512)] [rounds (default 3)]
#
# Environment: BENCH_DIR (default /tmp/spindle-bench-crypto), BENCH_SKIP_BUILD=1.
set -euo pipefail
set -f # the CompileCommand pattern's '*' is not a glob
cd "$(dirname "$0")/.."
MIB="${1:-512}"
ROUNDS="${2:-3}"
DIR="${BENCH_DIR:-/tmp/spindle-bench-crypto}"
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -Pbench -DskipTests -pl bench,client,core -am package
rm -rf "$DIR" && mkdir -p "$DIR"
JIT="${BENCH_JIT:--XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -XX:InlineSmallCode=6000 -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1}"
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), JIT options: $JIT"
java -Xmx1g -XX:+UseParallelGC $JIT -cp "bench/target/spindle-bench.jar:client/target/lib/*" \
  io.spindle.bench.NetworkCryptoBench "$DIR" "$MIB" "$ROUNDS"
rm -rf "$DIR"
