#!/usr/bin/env bash
# Is this checkout slower than an earlier commit? Builds BASE (a git ref) in a temporary worktree
# and this checkout, then runs the same Spindle jobs with each build, alternating base/this in
# ROUNDS rounds so that load changes hit both alike, and prints each job's median wall time per
# build and the ratio this/base. Jobs (local[2], -Xmx1g, same data for both builds):
#   wordcount  examples' WordCount over the 1 GiB Zipf text of bench/wordcount.sh
#   sort       MemoryWorkloads sort-file over 10M x 100-byte records (bench/workloads.sh's sort)
#   reduce, group, join   MemoryWorkloads over 20M pairs, 1M keys (bench/workloads.sh's)
# Every job checks its own result (each WordCount run against the hand-written counter's output,
# MemoryWorkloads against its plain-Java reference, exiting 1 on a mismatch); a wrong result
# stops the script.
#
#   bench/compare-builds.sh BASE [ROUNDS (default 3)]
#
# Environment: BENCH_DIR (default /tmp/spindle-bench), BENCH_HEAP (default 1g),
# BENCH_WORDS_BYTES (default 1073741824), BENCH_SORT_RECORDS (10000000), BENCH_PAIRS (20000000),
# BENCH_KEYS (1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:?usage: bench/compare-builds.sh BASE-REF [ROUNDS]}"
ROUNDS="${2:-3}"
DIR="${BENCH_DIR:-/tmp/spindle-bench}"
HEAP="${BENCH_HEAP:-1g}"
BYTES="${BENCH_WORDS_BYTES:-1073741824}"
SORT_RECORDS="${BENCH_SORT_RECORDS:-10000000}"
PAIRS="${BENCH_PAIRS:-20000000}"
KEYS="${BENCH_KEYS:-1000000}"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

HEAD_TREE="$PWD"
BASE_TREE="$(mktemp -d /tmp/spindle-base.XXXXXX)"
cleanup() { git -C "$HEAD_TREE" worktree remove --force "$BASE_TREE" 2>/dev/null || rm -rf "$BASE_TREE"; }
trap cleanup EXIT
git worktree add --detach -q "$BASE_TREE" "$BASE"
echo "base: $BASE = $(git -C "$BASE_TREE" log --oneline -1)"
echo "this: $(git log --oneline -1)$(git diff --quiet HEAD || echo ' (+ uncommitted changes)')"

for tree in "$BASE_TREE" "$HEAD_TREE"; do
  (cd "$tree" && mvn -B -q -o -Pbench -DskipTests package -pl bench,examples,client -am)
done

mkdir -p "$DIR"
JAR="$HEAD_TREE/bench/target/spindle-bench.jar"
WORDS="$DIR/zipf-$BYTES.txt"
SORT_INPUT="$DIR/sort-$SORT_RECORDS.txt"
[ -f "$WORDS" ] || java -cp "$JAR" io.spindle.bench.ZipfTextGenerator "$WORDS" "$BYTES"
[ -f "$SORT_INPUT" ] || java -cp "$JAR" io.spindle.bench.SortFileGenerator "$SORT_INPUT" "$SORT_RECORDS"
rm -rf "$DIR/hand.out"
java -Xmx"$HEAP" -cp "$JAR" io.spindle.bench.HandWrittenWordCount "$WORDS" "$DIR/hand.out" 2
sort "$DIR/hand.out" > "$DIR/hand.sorted"
echo "local[2], -Xmx$HEAP, $(nproc) cores, $(java -version 2>&1 | head -1)"

TIMES="$DIR/compare-times.tsv"
: > "$TIMES"
job() { # build-name tree job-name: runs one job with that tree's build, appends "job build secs"
  local build="$1" tree="$2" name="$3" out="$DIR/compare-out" log="$DIR/compare-$1-$3.log"
  local submit=("$tree/bin/spindle-submit" --driver-memory "$HEAP" --master "local[2]"
    --conf spindle.local.dir="$DIR/local")
  local workloads=("${submit[@]}" --class io.spindle.bench.MemoryWorkloads "$tree/bench/target/spindle-bench.jar")
  rm -rf "$out"
  cat "$WORDS" "$SORT_INPUT" > /dev/null # page cache warm for every run alike
  case "$name" in
    wordcount) /usr/bin/time -f "%e" -o "$DIR/t" "${submit[@]}" --class io.spindle.examples.WordCount \
        "$tree/examples/target/spindle-examples.jar" "$WORDS" "$out" > "$log" 2>&1 ;;
    sort) /usr/bin/time -f "%e" -o "$DIR/t" "${workloads[@]}" sort-file "$SORT_INPUT" "$out" 16 > "$log" 2>&1 ;;
    reduce|group|join) /usr/bin/time -f "%e" -o "$DIR/t" "${workloads[@]}" "$name" "$PAIRS" "$KEYS" 8 16 > "$log" 2>&1 ;;
  esac || { tail "$log"; exit 1; }
  if [ "$name" = wordcount ] && ! cmp -s <(cat "$out"/part-* | sort) "$DIR/hand.sorted"; then
    echo "WORDCOUNT OUTPUT DIFFERS ($build)" >&2; exit 1
  fi
  echo "$name $build $(cat "$DIR/t")" | tee -a "$TIMES"
  rm -rf "$out"
}

for round in $(seq "$ROUNDS"); do
  for name in wordcount sort reduce group join; do
    if [ $((round % 2)) = 1 ]; then order="base this"; else order="this base"; fi
    for build in $order; do
      if [ "$build" = base ]; then job base "$BASE_TREE" "$name"; else job this "$HEAD_TREE" "$name"; fi
    done
  done
done

echo
echo "median wall time of $ROUNDS rounds (s):"
awk '{ t[$1 " " $2] = t[$1 " " $2] " " $3 } END { for (k in t) print k, t[k] }' "$TIMES" | sort | \
  while read -r name build rest; do
    median=$(tr ' ' '\n' <<< "$rest" | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
    echo "$name $build $median"
  done | awk '{ m[$1, $2] = $3; names[$1] = 1 }
    END { printf "%-10s %8s %8s %11s\n", "job", "base", "this", "this/base";
          for (n in names) printf "%-10s %8.2f %8.2f %10.2fx\n", n, m[n, "base"], m[n, "this"], m[n, "this"] / m[n, "base"] }'
