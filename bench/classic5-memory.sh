#!/usr/bin/env bash
# Issue 15, target 3 (memory): the classic five with Spindle alone at several heaps, and W2 at growing data.
#
#   bench/classic5-memory.sh [W1 W2 W3 W4 W5 | all] [scaling]     (default: all scaling)
#
# Heaps: for each workload, Spindle (bin/spindle-submit --master local[2] --driver-memory H, the
# programs of bench/classic5.sh on its data, same generator and BENCH_SCALE) runs at each heap of
# $BENCH_HEAPS (default "4g 1g 512m"), the order reversed every other round, each as a whole process
# under /usr/bin/time. Per run it prints wall, CPU (user + sys), peak RSS, GC pause time and count
# (summed from -Xlog:gc, which costs nothing measurable) and the ratios to the first heap's run of
# the same round (wall, CPU, RSS). A run that fails (an OutOfMemoryError, a non-zero exit) is
# reported as FAILED with the end of its log, and the script goes on and exits 1 at the end.
#
# Scaling ("scaling"): W2 (reduceByKey) at 1×, 4× and 16× the lines of BENCH_SCALE's w2.txt over the
# same keys (bench/.../W2ScalingData; the 1× file is w2.txt itself), at the heap $BENCH_SCALING_HEAP
# (default 1g): time per record (wall and CPU) and peak RSS, and their ratios to 1×.
#
# Every output is CHECKED (untimed) against an independent reference, computed once per data set:
#   W1  the hand-written 2-thread counter (HandWrittenW1WordCount), sorted lines
#   W2  an awk sum per key;  W5 an awk count per key (sorted lines)
#   W3  LC_ALL=C sort of the input; Spindle's part files concatenated in order, byte for byte
#   W4  an awk hash join (sorted lines), and the printed count() = its line count
# and the script exits 1 if any differs.
#
# Environment:
#   BENCH_SCALE        data size as in bench/classic5.sh (1 = the issue's sizes; 0.1 for development)
#   BENCH_HEAPS        heaps to compare, the first is the base of the ratios (default "4g 1g 512m")
#   BENCH_ROUNDS       rounds (default 1); with more, medians are printed at the end
#   BENCH_SCALING_HEAP heap of the scaling runs (default 1g)
#   BENCH_DIR          data, outputs, logs (default /tmp/spindle-bench-classic5, shared with classic5.sh)
#   BENCH_SKIP_BUILD=1 reuse the built jars
#   BENCH_SPINDLE_OPTS extra spindle-submit options;  BENCH_JVM_OPTS extra driver JVM options
#   BENCH_JFR=1        a JFR profile of every run into $BENCH_DIR/jfr/ (bench/jfr-top.sh summarises one)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCALE="${BENCH_SCALE:-1}"
read -r -a HEAPS <<< "${BENCH_HEAPS:-4g 1g 512m}"
ROUNDS="${BENCH_ROUNDS:-1}"
SCALING_HEAP="${BENCH_SCALING_HEAP:-1g}"
BASE="${BENCH_DIR:-/tmp/spindle-bench-classic5}"
DATA="$BASE/data-$SCALE"
REF="$BASE/ref-$SCALE"
OUT="$BASE/out-memory"
LOGS="$BASE/logs-memory"
RESULTS="$BASE/memory-results.tsv"
THREADS=2

WORKLOADS=()
SCALING=0
for w in "${@:-all}"; do
  case "${w^^}" in
    ALL) WORKLOADS+=(W1 W2 W3 W4 W5); SCALING=1 ;;
    W1|W2|W3|W4|W5) WORKLOADS+=("${w^^}") ;;
    SCALING) SCALING=1 ;;
    *) echo "unknown argument '$w': expected W1..W5, scaling or all" >&2; exit 2 ;;
  esac
done

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -Pbench -DskipTests -pl bench,client -am package
BENCH_JAR="$ROOT/bench/target/spindle-bench.jar"
[ -f "$BENCH_JAR" ] || { echo "$BENCH_JAR missing: run without BENCH_SKIP_BUILD=1" >&2; exit 2; }

mkdir -p "$DATA" "$REF" "$OUT" "$LOGS"
[ -f "$RESULTS" ] && mv "$RESULTS" "$RESULTS.old"
printf 'workload\tround\theap\tstatus\twall_s\tpeak_rss_kib\tuser_s\tsys_s\tgc_pause_ms\tgc_pauses\tfull_gcs\tload1\trecords\n' > "$RESULTS"
echo "classic five, memory: scale $SCALE, heaps ${HEAPS[*]}, local[$THREADS], 8 shuffle partitions, $ROUNDS round(s);" \
  "$(nproc) cores, $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)"
bench/spindle-warmup.sh "$LOGS/warmup.log" # untimed: writes the class-data sharing archive first

inputs() { # workload -> its input files
  case "$1" in
    W1) echo "$DATA/w1.txt" ;;
    W2|W5) echo "$DATA/w2.txt" ;;
    W3) echo "$DATA/w3.txt" ;;
    W4) echo "$DATA/w4-facts.txt $DATA/w4-dims.txt" ;;
  esac
}
main_class() { # workload (W2x4: W2 on 4x the lines) -> its program
  case "${1%%x*}" in
    W1) echo W1WordCount ;; W2) echo W2Aggregation ;; W3) echo W3Sort ;; W4) echo W4Join ;; W5) echo W5GroupByKey ;;
  esac
}

FAILED=0
fail() { echo "CHECK FAILED: $*" >&2; FAILED=1; }
sorted() { LC_ALL=C sort -S 512M --parallel=2 -T "$OUT" "$@"; }

# reference workload input... -> the path of the reference output for these inputs (made once)
reference() {
  local w="$1"; shift
  local ref="$REF/$w-$(basename "$1").ref"
  if [ ! -f "$ref" ]; then
    case "$w" in
      W1) java -Xmx2g -cp "$BENCH_JAR" io.spindle.bench.classic.HandWrittenW1WordCount "$1" "$ref.tmp" "$THREADS" > /dev/null
          sorted "$ref.tmp" > "$ref.sorted"; mv "$ref.sorted" "$ref.tmp" ;;
      W2) awk -F'\t' '{ s[$1] += $2 } END { for (k in s) print k "\t" s[k] }' "$1" | sorted > "$ref.tmp" ;;
      W5) awk -F'\t' '{ n[$1]++ } END { for (k in n) print k "\t" n[k] }' "$1" | sorted > "$ref.tmp" ;;
      W3) LC_ALL=C sort -S 1G --parallel=2 -T "$OUT" -o "$ref.tmp" "$1" ;;
      W4) awk -F'\t' 'NR == FNR { name[$1] = $2; next } ($1 in name) { print $1 "\t" $2 "\t" name[$1] }' "$2" "$1" \
            | sorted > "$ref.tmp" ;;
    esac
    mv "$ref.tmp" "$ref"
  fi
  echo "$ref"
}

# check workload output-dir log reference: compares one run's output with the reference (untimed)
check() {
  local w="$1" out="$2" log="$3" ref="$4" got="$OUT/check"
  if [ "$w" = W3 ]; then
    cat "$out"/part-* > "$got"
  else
    sorted "$out"/part-* > "$got"
  fi
  if cmp -s "$got" "$ref"; then
    printf '    check: = reference (%s lines)' "$(wc -l < "$ref")"
  else
    fail "$w ($log): output differs from the reference $ref; first differences:"
    diff "$got" "$ref" | head -5 >&2 || true
  fi
  if [ "$w" = W4 ]; then
    local expected counted
    expected=$(wc -l < "$ref")
    counted=$(sed -n 's/^joined: //p' "$log")
    if [ "$counted" = "$expected" ]; then printf ', count() = %s' "$counted"; else fail "W4 count() printed '$counted', expected $expected"; fi
  fi
  echo
  rm -f "$got"
}

# gc_summary gc-log -> "pause_ms pauses full_gcs" (G1/Parallel/Serial -Xlog:gc lines "... Pause ... 12.345ms")
gc_summary() {
  awk '/ Pause / && match($0, /[0-9.]+ms$/) { ms += substr($0, RSTART, RLENGTH - 2); n++; if (/Pause Full/) f++ }
    END { printf "%.0f %d %d\n", ms, n, f }' "$1" 2>/dev/null || echo "0 0 0"
}

# run workload round heap records input... : one Spindle run, recorded in $RESULTS
run() {
  local w="$1" round="$2" heap="$3" records="$4"; shift 4
  local tag="$w-$heap-r$round" out="$OUT/$w-$heap" log="$LOGS/$w-$heap.log" gclog="$LOGS/$w-$heap.gc"
  local stats="$LOGS/$w-$heap.time" load status=ok jfr=""
  [ "${BENCH_JFR:-0}" = 1 ] && { mkdir -p "$BASE/jfr"; jfr="-XX:StartFlightRecording=filename=$BASE/jfr/$tag.jfr,settings=profile"; }
  rm -rf "$out" "$gclog"
  sync # untimed: the previous run's writes reach the disk first (bench/classic5.sh says why)
  load=$(cut -d' ' -f1 /proc/loadavg)
  # shellcheck disable=SC2086
  if ! /usr/bin/time -f "%e %M %U %S" -o "$stats" env SPINDLE_SUBMIT_OPTS="-Xlog:gc:file=$gclog ${BENCH_JVM_OPTS:-} $jfr" \
      bin/spindle-submit --driver-memory "$heap" --master "local[$THREADS]" ${BENCH_SPINDLE_OPTS:-} \
      --class "io.spindle.bench.classic.$(main_class "$w")" "$BENCH_JAR" "$@" "$out" > "$log" 2>&1; then
    status=FAILED
    grep -q OutOfMemoryError "$log" && status=OOM
  fi
  read -r secs kb user sys < <(tail -1 "$stats" | grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' || echo "0 0 0 0")
  read -r gcms gcn full < <(gc_summary "$gclog")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$round" "$heap" "$status" "$secs" "$kb" "$user" "$sys" \
    "$gcms" "$gcn" "$full" "$load" "$records" >> "$RESULTS"
  awk -v h="$heap" -v s="$secs" -v kb="$kb" -v u="$user" -v y="$sys" -v g="$gcms" -v n="$gcn" -v f="$full" -v l="$load" -v st="$status" \
    'BEGIN { printf "  -Xmx%-5s %-6s %7.2f s wall %7.2f s CPU %6.0f MiB peak RSS  GC %6.2f s in %d pauses (%d full)  (load %s)\n",
      h, st, s, u + y, kb / 1024, g / 1000, n, f, l }'
  if [ "$status" != ok ]; then
    FAILED=1
    echo "  $w at -Xmx$heap $status; the end of $log:" >&2
    grep -m3 -E "OutOfMemoryError|Exception" "$log" >&2 || tail -10 "$log" >&2
    return 0
  fi
  check "$w" "$out" "$log" "$(reference "${w%%x*}" "$@")"
  rm -rf "$out"
}

# ratios workload round: every heap's run against the first heap's of the same round
ratios() {
  awk -F'\t' -v w="$1" -v r="$2" -v base="${HEAPS[0]}" '$1 == w && $2 == r && $4 == "ok" { wall[$3] = $5; rss[$3] = $6; cpu[$3] = $7 + $8 }
    END {
      if (!(base in wall)) exit
      for (h in wall) if (h != base)
        printf "  -Xmx%s / -Xmx%s: %.2f wall, %.2f CPU, %.2f peak RSS\n", h, base, wall[h] / wall[base], cpu[h] / cpu[base], rss[h] / rss[base]
    }' "$RESULTS"
}

ensure_data() { # workload
  for f in $(inputs "$1"); do
    [ -f "$f" ] || java -cp "$BENCH_JAR" io.spindle.bench.classic.ClassicDataGenerator "$DATA" "$SCALE" "$1"
  done
}

for w in "${WORKLOADS[@]}"; do
  ensure_data "$w"
  size=0
  for f in $(inputs "$w"); do
    size=$((size + $(stat -c %s "$f")))
    cat "$f" > /dev/null # the page cache holds the input for every run
  done
  # shellcheck disable=SC2046
  reference "$w" $(inputs "$w") > /dev/null
  echo "$w $(main_class "$w"): $(inputs "$w" | xargs -n1 basename | paste -sd+) ($((size / 1048576)) MiB)"
  for round in $(seq 1 "$ROUNDS"); do
    [ "$ROUNDS" = 1 ] || echo " round $round"
    order=("${HEAPS[@]}")
    if [ $((round % 2)) = 0 ]; then
      order=(); for ((i = ${#HEAPS[@]} - 1; i >= 0; i--)); do order+=("${HEAPS[i]}"); done
    fi
    for heap in "${order[@]}"; do
      # shellcheck disable=SC2046
      run "$w" "$round" "$heap" - $(inputs "$w")
    done
    ratios "$w" "$round"
  done
done

if [ "$SCALING" = 1 ]; then
  ensure_data W2
  echo "W2 scaling: 1x, 4x, 16x the lines of w2.txt at scale $SCALE over the same keys, -Xmx$SCALING_HEAP"
  for m in 1 4 16; do
    f="$DATA/w2.txt"
    if [ "$m" != 1 ]; then
      f="$DATA/w2-x$m.txt"
      [ -f "$f" ] || java -cp "$BENCH_JAR" io.spindle.bench.classic.W2ScalingData "$f" "$SCALE" "$m"
    fi
    cat "$f" > /dev/null
    reference W2 "$f" > /dev/null
    lines=$(wc -l < "$f")
    for round in $(seq 1 "$ROUNDS"); do
      echo " ${m}x: $lines lines, round $round"
      run "W2x$m" "$round" "$SCALING_HEAP" "$lines" "$f"
    done
  done
  awk -F'\t' '$1 ~ /^W2x/ && $4 == "ok" { m = substr($1, 4); n[m]++; w[m] += $5 / $13; c[m] += ($7 + $8) / $13; r[m] += $6 }
    END {
      if (!(1 in n)) exit
      for (m = 1; m <= 16; m *= 4) if (m in n) {
        printf "  %2dx: %6.1f ns/record wall (%.2f of 1x), %6.1f ns/record CPU (%.2f), %5.0f MiB peak RSS (%.2f)\n", m,
          1e9 * w[m] / n[m], (w[m] / n[m]) / (w[1] / n[1]), 1e9 * c[m] / n[m], (c[m] / n[m]) / (c[1] / n[1]),
          r[m] / n[m] / 1024, (r[m] / n[m]) / (r[1] / n[1])
      }
    }' "$RESULTS"
fi

if [ "$ROUNDS" != 1 ] && [ ${#WORKLOADS[@]} -gt 0 ]; then
  echo "medians over $ROUNDS rounds (wall s / CPU s / peak RSS MiB / GC pause s; ratio of wall and CPU to -Xmx${HEAPS[0]}):"
  awk -F'\t' -v base="${HEAPS[0]}" 'NR > 1 && $1 !~ /^W2x/ && $4 == "ok" { k = $1 "\t" $3; wall[k] = wall[k] " " $5;
      cpu[k] = cpu[k] " " ($7 + $8); rss[k] = rss[k] " " $6; gc[k] = gc[k] " " $9; ws[$1] = 1; hs[$3] = 1 }
    function median(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      for (w in ws) for (h in hs) if ((w "\t" h) in wall) {
        k = w "\t" h; b = w "\t" base
        printf "  %s -Xmx%-5s %7.2f / %7.2f / %5.0f / %5.2f", w, h, median(wall[k]), median(cpu[k]), median(rss[k]) / 1024, median(gc[k]) / 1000
        if (b in wall) printf "   %.2f wall, %.2f CPU", median(wall[k]) / median(wall[b]), median(cpu[k]) / median(cpu[b])
        printf "\n"
      }
    }' "$RESULTS" | sort
fi
echo "figures: $RESULTS; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$FAILED" != 0 ]; then
  echo "A RUN FAILED OR A RESULT DIFFERS (see above)" >&2
  exit 1
fi
echo "all runs completed, all results = their references"
