#!/usr/bin/env bash
# Local quick start benchmark (issue 15, target "local quick start <= 1 s wall"): the README's first
# command, WordCount in local mode (the embedded default) on examples/data/sample.txt, timed as a
# newcomer runs it, from the shell's exec of bin/spindle-submit to its exit, with /usr/bin/time.
#
#   bench/local-quickstart.sh [runs (default 7)]
#
# First one run that creates the class-data sharing archive (a fresh SPINDLE_CDS_DIR under
# BENCH_DIR, as on a newcomer's first run: the archive is written at that JVM's exit), then N runs
# with the archive ("cds") alternating with N runs without it (SPINDLE_CDS=off: "nocds", how every
# run went before issue 15), so that both see the same machine load. Prints each run's wall, user
# and sys time and peak RSS, then the medians. Every output is compared with
# `tr -s '[:space:]' '\n' | sort | uniq -c` over the input.
#
# Environment: BENCH_DIR (default /tmp/spindle-bench-local), BENCH_SKIP_BUILD=1 (else
# `mvn -q -DskipTests package` first), SPINDLE_SUBMIT_OPTS (passed on).
# On a loaded machine judge by user+sys (CPU) time; wall time needs a quiet one.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-7}"
DIR="${BENCH_DIR:-/tmp/spindle-bench-local}"
INPUT=examples/data/sample.txt
JAR=examples/target/spindle-examples.jar

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -DskipTests package
rm -rf "$DIR"
mkdir -p "$DIR"
export SPINDLE_CDS_DIR="$DIR/cds"
REFERENCE="$DIR/reference.txt" # word<TAB>count, bytewise sorted
tr -s '[:space:]' '\n' < "$INPUT" | grep -v '^$' | LC_ALL=C sort | LC_ALL=C uniq -c \
  | awk '{ print $2 "\t" $1 }' | LC_ALL=C sort > "$REFERENCE"
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)," \
  "SPINDLE_SUBMIT_OPTS='${SPINDLE_SUBMIT_OPTS:-}'"
echo "command: bin/spindle-submit --class io.spindle.examples.WordCount $JAR $INPUT <out>"

: > "$DIR/results"
run_once() { # name, index, extra environment (VAR=value or nothing)
  local name="$1" out="$DIR/out-$2" log="$DIR/run-$2.log"
  rm -rf "$out"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$DIR/time-$2" env $3 bin/spindle-submit \
    --class io.spindle.examples.WordCount "$JAR" "$INPUT" "$out" > "$log" 2>&1 \
    || { cat "$log"; echo "$name: spindle-submit failed" >&2; exit 1; }
  if ! LC_ALL=C sort "$out"/part-* | cmp -s - "$REFERENCE"; then
    echo "$name: OUTPUT DIFFERS from the reference ($out vs $REFERENCE)" >&2
    exit 1
  fi
  read -r wall user sys kb < "$DIR/time-$2"
  printf "%-8s wall %5.2f s | user %5.2f s, sys %5.2f s, cpu %5.2f s | peak RSS %4.0f MiB\n" "$name" "$wall" "$user" \
    "$sys" "$(echo "$user + $sys" | bc)" "$(echo "$kb / 1024" | bc)" | tee -a "$DIR/results"
}

run_once create 0 ""
[ -n "$(ls "$SPINDLE_CDS_DIR" 2>/dev/null)" ] || echo "note: no archive was created in $SPINDLE_CDS_DIR" >&2
for ((r = 1; r <= RUNS; r++)); do
  run_once "cds-$r" "cds$r" ""
  run_once "nocds-$r" "nocds$r" "SPINDLE_CDS=off"
done

median() { # prefix: median wall and cpu of its runs
  grep "^$1-" "$DIR/results" | awk -v what="$1" '
  { w[NR] = $3; c[NR] = $13; n = NR }
  function med(a,   i, j, x) {
    for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END { printf "%-6s median of %d: wall %.2f s, cpu (user+sys) %.2f s\n", what, n, med(w), med(c) }'
}
median cds
median nocds
echo "load now $(cut -d' ' -f1-3 /proc/loadavg); logs and outputs: $DIR"
