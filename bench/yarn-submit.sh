#!/usr/bin/env bash
# YARN submit->exit benchmark (issue 6): WordCount over a ~6 MiB HDFS file with 2 executors of
# 512 MiB, on bin/spindle-minicluster with 2 NodeManagers, timed as a user sees it (from the
# shell's exec of bin/spindle-submit to its exit), once cold (empty jar cache: the framework jars
# are uploaded and localized) and N times warm, with where the time goes. Every output is checked
# against `tr | sort | uniq -c` over the input.
#
#   bench/yarn-submit.sh [warm runs (default 5)] [bytes (default 6291456)]
#
# Environment: BENCH_DIR (default /tmp/spindle-bench-yarn; its minicluster/ is recreated each
# time, so the first run is always cold), BENCH_SKIP_BUILD=1, SPINDLE_SUBMIT_OPTS (passed on),
# BENCH_ALT="<spindle-submit options, shell-quoted>" and/or BENCH_ALT_SUBMIT_OPTS="<client JVM
# options>": also runs N warm runs with these (e.g. BENCH_ALT="--conf
# 'spindle.executor.extraJavaOptions=-XX:+UseSerialGC -Xss512k'"), alternating with the plain ones
# so that both see the same machine load, and prints the medians of both ("alt" lines).
# BENCH_ALT_HOME=<another built checkout or unpacked distribution>: the alt runs use its
# bin/spindle-submit (its client, AM and executor jars) instead of this checkout's, with or without
# BENCH_ALT options: an A/B of two builds on the same minicluster and input.
# BENCH_ARGS="<spindle-submit options, shell-quoted>": given to every run, plain and alt (e.g. a
# setting both builds of an A/B should run with); BENCH_ALT's come after them.
#
# Where the time goes comes from real events, each an epoch-ms "Timeline:" line: the client's
# (its stderr: JVM start, submitted, end seen), the ApplicationMaster's (its container log:
# registered, first container requested/allocated, first job start, last job end, unregistering)
# and each executor's (its container log: JVM start, registered with the driver). The container
# logs are read from the minicluster's NodeManager log dirs (kept 10 min after an application).
# The phases follow each other, so they add up to the total: client start (exec -> submitted), AM start
# (-> the AM registered), driver set-up (-> first executor container requested: the driver asks for
# executors when its first job has tasks to run), executor start (-> the first executor registered),
# job (-> the last job ended; the tasks start on the first executor, the second joins meanwhile),
# teardown (-> the client exited).
# Peak RSS: the client from /usr/bin/time; the AM and the executors from VmHWM in /proc, sampled
# every 0.5 s while the application runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WARM="${1:-5}"
BYTES="${2:-6291456}"
DIR="${BENCH_DIR:-/tmp/spindle-bench-yarn}"
MC_DIR="$DIR/minicluster"
BENCH_JAR=bench/target/spindle-bench.jar
EXAMPLES_JAR=examples/target/spindle-examples.jar

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || mvn -B -q -Pbench -DskipTests package
mkdir -p "$DIR"

MC_PID=""
SAMPLER_PID=""
stop_all() {
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
  if [ -n "$MC_PID" ] && kill -0 "$MC_PID" 2>/dev/null; then
    echo "stopping the minicluster (pid $MC_PID)"
    kill -TERM "$MC_PID" 2>/dev/null || true # its shutdown hook stops YARN and HDFS
    for _ in $(seq 60); do kill -0 "$MC_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$MC_PID" 2>/dev/null && kill -KILL "$MC_PID" 2>/dev/null || true
  fi
  MC_PID=""
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# --- input and its reference counts ---------------------------------------------------------------
INPUT="$DIR/zipf-$BYTES.txt"
if [ ! -f "$INPUT" ]; then
  # A 100k-word vocabulary: ~6 MiB then holds tens of thousands of distinct words.
  java -cp "$BENCH_JAR" io.spindle.bench.ZipfTextGenerator "$INPUT" "$BYTES" 100000
fi
REFERENCE="$DIR/reference-$BYTES.txt"
if [ ! -f "$REFERENCE" ]; then # word<TAB>count, bytewise sorted, from coreutils alone
  tr ' ' '\n' < "$INPUT" | grep -v '^$' | LC_ALL=C sort | LC_ALL=C uniq -c \
    | awk '{ print $2 "\t" $1 }' | LC_ALL=C sort > "$REFERENCE"
fi

# --- the minicluster --------------------------------------------------------------------------------
rm -rf "$MC_DIR"
. bench/minicluster.sh
start_minicluster "$MC_DIR" "$DIR/minicluster.log"
HDFS_CP="$HADOOP_CONF_DIR:$ROOT/conf:$ROOT/$BENCH_JAR:$ROOT/client/target/lib/*"
java -cp "$HDFS_CP" io.spindle.bench.HdfsCopy put "$INPUT" /bench/input.txt

echo "minicluster: 2 NodeManagers (4 GiB, 8 vcores each; NM heartbeat and RM settings: MiniYARNCluster defaults," \
  "see src/it/.../MiniSpindleCluster.java), HDFS 2 DataNodes (the input is written with the client's default block size)"
echo "input: $INPUT ($((BYTES / 1048576)) MiB, $(stat -c %s "$INPUT") bytes, $(wc -l < "$REFERENCE") distinct words)"
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)," \
  "SPINDLE_SUBMIT_OPTS='${SPINDLE_SUBMIT_OPTS:-}'"

# --- one run ------------------------------------------------------------------------------------------
sample_rss() { # appends "role pid VmHWM-kB" lines for the AM and executor JVMs until killed
  while true; do
    for pid in $(pgrep -f 'io\.spindle\.(am\.ApplicationMaster|executor\.remote\.ExecutorMain)' || true); do
      [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ] || continue # not the container's bash wrapper
      role=executor
      grep -q ApplicationMaster "/proc/$pid/cmdline" 2>/dev/null && role=am
      hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$hwm" ] && echo "$role $pid $hwm"
    done
    sleep 0.5
  done
}

# Milestones of one run as key=epoch-ms lines: script start/end, the client's, the AM's, executors'.
milestones() { # log of spindle-submit, app id, start ms, end ms
  local log="$1" app="$2"
  echo "start=$3"
  echo "exit=$4"
  grep -h -o 'Timeline: .*' "$log" | head -1 | sed 's/^Timeline: //' | tr ' ' '\n'
  local am
  am=$(find "$MC_DIR" -path "*/$app/container_*_01_000001/stderr" | head -1)
  [ -n "$am" ] && grep -h -o 'Timeline: amJvmStart.*' "$am" | sed 's/^Timeline: //' | tr ' ' '\n'
  find "$MC_DIR" -path "*/$app/container_*/stderr" ! -path '*_000001/stderr' -print0 \
    | xargs -0 -r grep -h -o 'Timeline: executor=.*' \
    | awk '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); print "executor" kv[1] "=" kv[2] } }'
}

# One result line from the milestones: total and the five phases of the issue, plus sub-steps.
breakdown() { # name, milestones file
  awk -F= -v name="$1" '
    # Executor lines come in pairs (jvmStart, registered) per executor.
    $1 == "executorjvmStart" { js = $2; if ($2 > lastJvm) lastJvm = $2; next }
    $1 == "executorregistered" { if ($2 > execReg) execReg = $2; if (firstReg == 0 || $2 < firstReg) firstReg = $2
                                 if ($2 - js > slowest) slowest = $2 - js; next }
    $1 ~ /^executor/ { next }
    { t[$1] = $2 }
    function d(a, b) { return (a > 0 && b > 0) ? (b - a) / 1000 : -1 }
    function f(x) { return x < 0 ? "   n/a" : sprintf("%6.2f", x) }
    END {
      printf "%-8s total %6.2f s | client %s | AM start %s | executor start %s | job %s | teardown %s" \
        " || JVM->main %s, jar cache %s, staging %s | AM alloc+launch %s, AM JVM->registered %s | driver setup %s" \
        " | alloc %s, ->last JVM start %s, slowest JVM->registered %s" \
        " | last executor +%s | ->unregister %s, ->end seen %s, ->exit %s\n",
        name, d(t["start"], t["exit"]), f(d(t["start"], t["submitted"])), f(d(t["submitted"], t["registered"])),
        f(d(t["firstContainerRequested"], firstReg)), f(d(firstReg, t["lastJobEnd"])),
        f(d(t["lastJobEnd"], t["exit"])),
        f(d(t["start"], t["launcherStarted"])), f(d(t["yarnClientStarted"], t["frameworkJarsCached"])),
        f(d(t["frameworkJarsCached"], t["submitted"])), f(d(t["submitted"], t["amJvmStart"])),
        f(d(t["amJvmStart"], t["registered"])), f(d(t["registered"], t["firstContainerRequested"])),
        f(d(t["firstContainerRequested"], t["firstContainerAllocated"])), f(d(t["firstContainerAllocated"], lastJvm)),
        f(slowest > 0 ? slowest / 1000 : -1), f(d(firstReg, execReg)), f(d(t["lastJobEnd"], t["unregistering"])),
        f(d(t["unregistering"], t["endSeen"])), f(d(t["endSeen"], t["exit"]))
    }' "$2"
}

run_once() { # name, index, SPINDLE_SUBMIT_OPTS, spindle-submit to run, extra spindle-submit options...
  local name="$1" i="$2" log="$DIR/run-$2.log" out="/bench/out-$2" client_opts="$3" submit="$4"
  shift 4
  rm -rf "$DIR/out-$i" "$DIR/rss-$i"
  sample_rss > "$DIR/rss-$i" 2>/dev/null &
  SAMPLER_PID=$!
  local start end
  start=$(date +%s%3N)
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$DIR/time-$i" env SPINDLE_SUBMIT_OPTS="$client_opts" "$submit" --master yarn --num-executors 2 --executor-memory 512m \
    "$@" --class io.spindle.examples.WordCount "$EXAMPLES_JAR" /bench/input.txt "$out" > "$log" 2>&1 \
    || { kill "$SAMPLER_PID"; SAMPLER_PID=""; tail -30 "$log"; echo "$name: spindle-submit failed" >&2; exit 1; }
  end=$(date +%s%3N)
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  local app
  app=$(grep -m1 -o 'application_[0-9]*_[0-9]*' "$log")
  java -cp "$HDFS_CP" io.spindle.bench.HdfsCopy get "$out" "$DIR/out-$i"
  if ! cat "$DIR/out-$i"/part-* | LC_ALL=C sort | cmp -s - "$REFERENCE"; then
    echo "$name ($app): OUTPUT DIFFERS from the reference ($DIR/out-$i vs $REFERENCE)" >&2
    exit 1
  fi
  milestones "$log" "$app" "$start" "$end" > "$DIR/milestones-$i"
  breakdown "$name" "$DIR/milestones-$i" | tee -a "$DIR/results"
  read -r _ client_kb < "$DIR/time-$i"
  awk -v c="$client_kb" '{ if ($3 > hwm[$1 " " $2]) hwm[$1 " " $2] = $3 }
    END { for (k in hwm) { split(k, p, " "); if (p[1] == "am") am = hwm[k]; else if (hwm[k] > ex) ex = hwm[k] }
          printf "         peak RSS: client %4.0f MiB, AM %4.0f MiB, largest executor %4.0f MiB (output checked: %s)\n",
            c / 1024, am / 1024, ex / 1024, "'"$app"'" }' "$DIR/rss-$i"
}

: > "$DIR/results"
ALT_SUBMIT="${BENCH_ALT_HOME:+$BENCH_ALT_HOME/}bin/spindle-submit"
eval "ALT=(${BENCH_ARGS:-} ${BENCH_ALT:-})" # the user's own shell quoting
eval "COMMON=(${BENCH_ARGS:-})"
run_once cold 0 "${SPINDLE_SUBMIT_OPTS:-}" bin/spindle-submit ${COMMON[@]+"${COMMON[@]}"}
ALTERNATE="${BENCH_ALT:-}${BENCH_ALT_SUBMIT_OPTS:-}${BENCH_ALT_HOME:-}"
if [ -n "${BENCH_ALT_HOME:-}" ]; then # its framework jars differ: their upload is not a warm run's
  run_once alt-cold altcold "${BENCH_ALT_SUBMIT_OPTS:-${SPINDLE_SUBMIT_OPTS:-}}" "$ALT_SUBMIT" "${ALT[@]}"
fi
for ((r = 1; r <= WARM; r++)); do
  run_once "warm-$r" "$r" "${SPINDLE_SUBMIT_OPTS:-}" bin/spindle-submit ${COMMON[@]+"${COMMON[@]}"}
  if [ -n "$ALTERNATE" ]; then
    run_once "alt-$r" "alt$r" "${BENCH_ALT_SUBMIT_OPTS:-${SPINDLE_SUBMIT_OPTS:-}}" "$ALT_SUBMIT" "${ALT[@]}"
  fi
done

# Medians of the warm runs, column by column (fields: total, client, AM, executors, job, teardown).
median() { # prefix of the result lines
  grep "^$1-[0-9]" "$DIR/results" | awk -F'|' -v what="$1" '
  { for (c = 1; c <= 6; c++) { nw = split($c, w, " "); v[c, NR] = w[c == 1 ? 3 : nw] } n = NR }
  END {
    split("total,client,AM start,executor start,job,teardown", names, ",")
    printf "%s median of %d:", what, n
    for (c = 1; c <= 6; c++) {
      for (i = 1; i <= n; i++) a[i] = v[c, i] + 0
      for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      m = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      printf " %s %.2f s%s", names[c], m, c < 6 ? "," : "\n"
    }
  }'
}
median warm
if [ -n "$ALTERNATE" ]; then
  median alt
  echo "alt: ${BENCH_ALT_HOME:+$ALT_SUBMIT }${BENCH_ALT:-} SPINDLE_SUBMIT_OPTS='${BENCH_ALT_SUBMIT_OPTS:-${SPINDLE_SUBMIT_OPTS:-}}'"
fi
[ -z "${BENCH_ARGS:-}" ] || echo "every run: ${BENCH_ARGS}"
echo "per-run logs, milestones and outputs: $DIR"
