#!/usr/bin/env bash
# Issue 15: the five classic RDD workloads, Spindle against Spark 4.2, side by side in one run.
#
#   bench/classic5.sh [W1 W2 W3 W4 W5 | all]      (default: all; bench/w1.sh ... bench/w5.sh run one)
#
# For each workload it generates the data once (fixed seeds, io.spindle.bench.classic.ClassicDataGenerator),
# warms the page cache, then runs in the same run, each as a whole process under
# /usr/bin/time -f "%e %M %U %S", with the same heap (-Xmx$BENCH_HEAP) and local[2]:
#   spindle   bin/spindle-submit --master local[2] --driver-memory $BENCH_HEAP --class io.spindle.bench.classic.Wn...
#   spark     java -Xmx$BENCH_HEAP <Spark's --add-opens> -cp bench-spark/... io.spindle.bench.spark.Wn...
#   hand      (W1 only) io.spindle.bench.classic.HandWrittenW1WordCount, 2 threads, same split semantics
#   gnu-sort  (W3 only) LC_ALL=C sort --parallel=2 -S 4G
# and prints wall time, peak RSS and CPU time (user + sys) of each, and the ratios spindle/spark
# (and spindle/hand, spindle/gnu-sort). The order alternates every round so load changes hit both.
# Then it CHECKS the results (untimed), and exits 1 if any differ:
#   every W   spindle's part files = spark's part files (W3: concatenated in order; others: sorted lines)
#   W1        = the hand-written counter's output (sorted)
#   W2, W5    = an awk reference over the input (sum / count per key)
#   W3        = the output of LC_ALL=C sort
#   W4        = an awk hash join of the two inputs; the printed count() of both engines = its line count
#
# Environment:
#   BENCH_SCALE        data size, 1 = the issue's sizes (W1 1 GiB, W2 20M lines, W3 10M records, W4 10M+1M);
#                      0.02 is a quick correctness run. Key ranges scale too (see ClassicDataGenerator).
#   BENCH_HEAP         heap of every JVM (default 4g)
#   BENCH_ROUNDS       rounds per workload (default 1); with more, medians are printed at the end
#   BENCH_DIR          data, outputs and logs (default /tmp/spindle-bench-classic5); data is kept for reuse
#   BENCH_SKIP_BUILD=1 reuse the built jars
#   BENCH_JFR=1        record a JFR profile of every Spindle and Spark run into $BENCH_DIR/jfr/
#                      (bench/jfr-top.sh summarises one); profiling costs a few percent
#   BENCH_SPINDLE_OPTS extra spindle-submit options, e.g. "--conf spindle.shuffle.compress=false"
#   BENCH_SPARK_OPTS   extra JVM options for Spark, e.g. -Dspark.serializer=org.apache.spark.serializer.JavaSerializer
#                      (the Spark programs default to Kryo, see bench-spark/.../Spark.java)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCALE="${BENCH_SCALE:-1}"
HEAP="${BENCH_HEAP:-4g}"
ROUNDS="${BENCH_ROUNDS:-1}"
BASE="${BENCH_DIR:-/tmp/spindle-bench-classic5}"
DATA="$BASE/data-$SCALE"
OUT="$BASE/out"
LOGS="$BASE/logs"
RESULTS="$BASE/results.tsv"
THREADS=2

WORKLOADS=()
for w in "${@:-all}"; do
  case "${w^^}" in
    ALL) WORKLOADS+=(W1 W2 W3 W4 W5) ;;
    W1|W2|W3|W4|W5) WORKLOADS+=("${w^^}") ;;
    *) echo "unknown workload '$w': expected W1..W5 or all" >&2; exit 2 ;;
  esac
done

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbench -DskipTests -pl bench,client -am package
  mvn -B -q -f bench-spark/pom.xml package # Spark and its jars: bench-spark/target/lib (not in the dist)
fi
BENCH_JAR="$ROOT/bench/target/spindle-bench.jar"
SPARK_CP="$ROOT/bench-spark/target/spindle-bench-spark.jar:$ROOT/bench-spark/target/lib/*"
[ -f "$BENCH_JAR" ] && [ -f "$ROOT/bench-spark/target/spindle-bench-spark.jar" ] \
  || { echo "jars missing: run without BENCH_SKIP_BUILD=1" >&2; exit 2; }

# What Spark's launcher adds to every JVM on Java 17+ (org.apache.spark.launcher.JavaModuleOptions, 4.2.0):
# java -cp does not go through the launcher, so they are given here.
SPARK_JVM_OPTS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled
  -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

mkdir -p "$DATA" "$OUT" "$LOGS"
[ -f "$RESULTS" ] && mv "$RESULTS" "$RESULTS.old"
printf 'workload\tround\tcontender\twall_s\tpeak_rss_kib\tuser_s\tsys_s\tload1\n' > "$RESULTS"
echo "classic five: scale $SCALE, -Xmx$HEAP, local[$THREADS], 8 shuffle partitions, $ROUNDS round(s);" \
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
main_class() {
  case "$1" in
    W1) echo W1WordCount ;; W2) echo W2Aggregation ;; W3) echo W3Sort ;; W4) echo W4Join ;; W5) echo W5GroupByKey ;;
  esac
}

FAILED=0
fail() { echo "CHECK FAILED: $*" >&2; FAILED=1; }

# timed workload round contender log command...: runs it, prints and records its figures.
timed() {
  local w="$1" round="$2" name="$3" log="$4"; shift 4
  local stats="$LOGS/$w-$name.time" load
  # Untimed: the previous run's output is written back first, so no run pays for another's dirty
  # pages (on this VM a run right after ~2 GB of writes took up to 5 s more system time).
  sync
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -f "%e %M %U %S" -o "$stats" "$@" > "$log" 2>&1; then
    echo "$w $name failed; the end of $log:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  read -r secs kb user sys < <(tail -1 "$stats")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$round" "$name" "$secs" "$kb" "$user" "$sys" "$load" >> "$RESULTS"
  awk -v n="$name" -v s="$secs" -v kb="$kb" -v u="$user" -v y="$sys" -v l="$load" \
    'BEGIN { printf "  %-9s %8.2f s wall  %7.0f MiB peak RSS  %8.2f s CPU  (load %s)\n", n, s, kb / 1024, u + y, l }'
}

jfr_opt() { # name -> a -XX:StartFlightRecording option, or nothing
  if [ "${BENCH_JFR:-0}" = 1 ]; then
    mkdir -p "$BASE/jfr"
    echo "-XX:StartFlightRecording=filename=$BASE/jfr/$1.jfr,settings=profile"
  fi
}

run_spindle() { # workload round
  local w="$1" round="$2" out="$OUT/$1-spindle"
  rm -rf "$out"
  # shellcheck disable=SC2046,SC2086
  timed "$w" "$round" spindle "$LOGS/$w-spindle.log" \
    env SPINDLE_SUBMIT_OPTS="$(jfr_opt "$w-spindle-r$round")" bin/spindle-submit --driver-memory "$HEAP" --master "local[$THREADS]" ${BENCH_SPINDLE_OPTS:-} \
    --class "io.spindle.bench.classic.$(main_class "$w")" "$BENCH_JAR" $(inputs "$w") "$out"
}

run_spark() { # workload round
  local w="$1" round="$2" out="$OUT/$1-spark"
  rm -rf "$out"
  # shellcheck disable=SC2046,SC2086
  timed "$w" "$round" spark "$LOGS/$w-spark.log" \
    java -Xmx"$HEAP" "${SPARK_JVM_OPTS[@]}" $(jfr_opt "$w-spark-r$round") ${BENCH_SPARK_OPTS:-} -cp "$SPARK_CP" \
    "io.spindle.bench.spark.$(main_class "$w")" $(inputs "$w") "$out"
}

run_reference() { # workload round: the hand-written counter (W1) or GNU sort (W3)
  local w="$1" round="$2"
  case "$w" in
    W1) rm -f "$OUT/W1-hand.txt"
        timed W1 "$round" hand "$LOGS/W1-hand.log" java -Xmx"$HEAP" -cp "$BENCH_JAR" \
          io.spindle.bench.classic.HandWrittenW1WordCount "$DATA/w1.txt" "$OUT/W1-hand.txt" "$THREADS" ;;
    W3) rm -f "$OUT/W3-gnu-sort.txt"
        timed W3 "$round" gnu-sort "$LOGS/W3-gnu-sort.log" env LC_ALL=C sort --parallel=2 -S 4G -T "$OUT" \
          -o "$OUT/W3-gnu-sort.txt" "$DATA/w3.txt" ;;
  esac
}

ratios() { # workload round: spindle/spark and spindle/reference from the results just recorded
  awk -F'\t' -v w="$1" -v r="$2" '$1 == w && $2 == r { wall[$3] = $4; rss[$3] = $5; cpu[$3] = $6 + $7 }
    END {
      printf "  spindle/spark: %.2f wall, %.2f peak RSS, %.2f CPU\n", wall["spindle"] / wall["spark"],
        rss["spindle"] / rss["spark"], cpu["spindle"] / cpu["spark"]
      if ("hand" in wall) printf "  spindle/hand-written: %.2f wall\n", wall["spindle"] / wall["hand"]
      if ("gnu-sort" in wall) printf "  spindle/gnu-sort: %.2f wall\n", wall["spindle"] / wall["gnu-sort"]
    }' "$RESULTS"
}

sorted() { # files... -> their lines, byte-sorted, to stdout
  LC_ALL=C sort -S 1G --parallel=2 -T "$OUT" "$@"
}

same() { # description file-a file-b
  if cmp -s "$2" "$3"; then
    echo "  check: $1: identical ($(wc -l < "$2") lines)"
  else
    fail "$w: $1 differ; first differences:"
    diff "$2" "$3" | head -5 >&2 || true
  fi
}

check() { # workload: compares the outputs of this round (untimed)
  local w="$1" a="$OUT/check-a" b="$OUT/check-b" c="$OUT/check-c"
  if [ "$w" = W3 ]; then
    cat "$OUT/W3-spindle"/part-* > "$a"
    cat "$OUT/W3-spark"/part-* > "$b"
    same "spindle and spark part files, concatenated in order" "$a" "$b"
    same "spindle and LC_ALL=C sort" "$a" "$OUT/W3-gnu-sort.txt"
    rm -f "$a" "$b"
    return
  fi
  sorted "$OUT/$w-spindle"/part-* > "$a"
  sorted "$OUT/$w-spark"/part-* > "$b"
  same "spindle and spark (sorted lines)" "$a" "$b"
  case "$w" in
    W1) sorted "$OUT/W1-hand.txt" > "$c"; same "spindle and the hand-written counter" "$a" "$c" ;;
    W2) awk -F'\t' '{ s[$1] += $2 } END { for (k in s) print k "\t" s[k] }' "$DATA/w2.txt" | sorted > "$c"
        same "spindle and an awk sum per key" "$a" "$c" ;;
    W5) awk -F'\t' '{ n[$1]++ } END { for (k in n) print k "\t" n[k] }' "$DATA/w2.txt" | sorted > "$c"
        same "spindle and an awk count per key" "$a" "$c" ;;
    W4) awk -F'\t' 'NR == FNR { name[$1] = $2; next } ($1 in name) { print $1 "\t" $2 "\t" name[$1] }' \
          "$DATA/w4-dims.txt" "$DATA/w4-facts.txt" | sorted > "$c"
        same "spindle and an awk hash join" "$a" "$c"
        local expected counts
        expected=$(wc -l < "$c")
        counts=$(grep -h '^joined: ' "$LOGS/W4-spindle.log" "$LOGS/W4-spark.log" | awk '{ printf "%s ", $2 }')
        if [ "$counts" = "$expected $expected " ]; then
          echo "  check: count() = $expected in both"
        else
          fail "W4 count(): spindle, spark printed '$counts', expected $expected"
        fi ;;
  esac
  rm -f "$a" "$b" "$c"
}

for w in "${WORKLOADS[@]}"; do
  for f in $(inputs "$w"); do
    [ -f "$f" ] || java -cp "$BENCH_JAR" io.spindle.bench.classic.ClassicDataGenerator "$DATA" "$SCALE" "$w"
  done
  size=0
  for f in $(inputs "$w"); do
    size=$((size + $(stat -c %s "$f")))
    cat "$f" > /dev/null # the page cache holds the input for every contender
  done
  echo "$w $(main_class "$w"): $(inputs "$w" | xargs -n1 basename | paste -sd+) ($((size / 1048576)) MiB)"
  for round in $(seq 1 "$ROUNDS"); do
    [ "$ROUNDS" = 1 ] || echo " round $round"
    if [ $((round % 2)) = 1 ]; then
      run_spindle "$w" "$round"; run_spark "$w" "$round"
    else
      run_spark "$w" "$round"; run_spindle "$w" "$round"
    fi
    run_reference "$w" "$round"
    ratios "$w" "$round"
    check "$w"
  done
  rm -rf "$OUT/$w-spindle" "$OUT/$w-spark" "$OUT/W1-hand.txt" "$OUT/W3-gnu-sort.txt"
done

if [ "$ROUNDS" != 1 ]; then
  echo "medians over $ROUNDS rounds:"
  awk -F'\t' 'NR > 1 { v[$1 "\t" $3] = v[$1 "\t" $3] " " $4; r[$1 "\t" $3] = r[$1 "\t" $3] " " $5; ws[$1] = 1 }
    function median(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      for (w in ws) {
        sp = median(v[w "\tspindle"]); sk = median(v[w "\tspark"])
        printf "  %s  spindle %.2f s (%.0f MiB)  spark %.2f s (%.0f MiB)  spindle/spark %.2f", w, sp,
          median(r[w "\tspindle"]) / 1024, sk, median(r[w "\tspark"]) / 1024, sp / sk
        if ((w "\thand") in v) printf "  spindle/hand %.2f", sp / median(v[w "\thand"])
        if ((w "\tgnu-sort") in v) printf "  spindle/gnu-sort %.2f", sp / median(v[w "\tgnu-sort"])
        printf "\n"
      }
    }' "$RESULTS" | sort
fi
echo "figures: $RESULTS; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$FAILED" != 0 ]; then
  echo "RESULTS DIFFER (see CHECK FAILED above)" >&2
  exit 1
fi
echo "all results identical"
