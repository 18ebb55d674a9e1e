#!/usr/bin/env bash
# Issue 15, W2: Spindle against Spark 4.2 (and its reference) in one run; see bench/classic5.sh for
# what it runs, checks and prints, and the BENCH_* settings (e.g. BENCH_SCALE=0.02 for a quick check).
exec "$(dirname "$0")/classic5.sh" W2 "$@"
