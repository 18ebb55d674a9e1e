#!/usr/bin/env bash
# One untimed local run of the README's quick start, so that the timed Spindle runs after it find
# this build's class-data sharing archive: bin/spindle-submit writes it at the first successful run
# of a class path (~3 s more CPU, once). A user pays that once per install; a benchmark that started
# right after a build would otherwise count it in its first Spindle run (issue 15's session-7
# baseline did, for W1). Used by bench/classic5.sh and bench/classic5-memory.sh.
#
#   bench/spindle-warmup.sh <log file>
set -euo pipefail
cd "$(dirname "$0")/.."
log="$1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! bin/spindle-submit --class io.spindle.examples.WordCount examples/target/spindle-examples.jar \
    examples/data/sample.txt "$out/wordcount" > "$log" 2>&1; then
  echo "the untimed warm-up run (the README's quick start) failed: see $log" >&2
  exit 2
fi
