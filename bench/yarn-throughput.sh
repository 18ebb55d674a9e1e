#!/usr/bin/env bash
# Issue 15, target 4 (YARN throughput): W1 WordCount over 1 GiB of W1 text in HDFS on
# bin/spindle-minicluster (2 NodeManagers with the spindle_shuffle aux service), 2 executors x 2g
# heap, 1 core each, timed as a user sees it (from the exec of the submit command to its exit),
# Spindle and Spark 4.2.0 on the SAME minicluster in one run, alternating every round:
#   spindle  bin/spindle-submit --master yarn --num-executors 2 --executor-memory 2g --executor-cores 1
#            --class io.spindle.bench.classic.W1WordCount bench/target/spindle-bench.jar <in> <out>
#   spark    java -cp <HADOOP_CONF_DIR>:bench-spark/target/lib/* org.apache.spark.deploy.SparkSubmit
#            --master yarn --deploy-mode cluster --num-executors 2 --executor-memory 2g --executor-cores 1
#            --class io.spindle.bench.spark.W1WordCount bench-spark/target/spindle-bench-spark.jar <in> <out>
#            (what bin/spark-submit runs; Spark's jars come from Maven, no distribution tarball)
#
#   bench/yarn-throughput.sh
#
# Memory: bin/spindle-minicluster's NodeManagers have 4 GiB each (MiniSpindleCluster's default; the
# script has no option for it), 8 GiB in all, with the physical and virtual memory checks off. A
# run needs the AM (1g heap + 384m overhead) and 2 executors (2g + 384m each): 6.1 GiB, which fits
# only as AM + one executor on one node (3.75 GiB) and the other executor on the other node.
# Both drivers get the default 1g heap (Spindle's --driver-memory, Spark's spark.driver.memory),
# both use Kryo for the shuffle (Spark: spark.serializer as in bench/classic5.sh), Spark's external
# shuffle service and dynamic allocation are off (its executors serve their own shuffle files;
# Spindle's go through the NodeManagers' spindle_shuffle service, as it always does on YARN).
# Spark's jars are uploaded ONCE per minicluster to hdfs:///yarnbench/spark-jars and named with
# spark.yarn.jars (a glob): world-readable, so the NodeManagers localize them PUBLIC, once per node;
# Spindle's client caches its own jars the same way (~/.spindle/cache in HDFS, PUBLIC). One
# untimed warm-up submission of each engine on a 1 MiB file (BENCH_WARMUP=0 skips it) makes both
# caches warm, so the timed runs measure the job, not the first localization of the jars.
#
# Per run it prints the total and the phases, all from the engines' own event logs (Spark's format,
# which Spindle writes too; spark.eventLog.enabled / spindle.eventLog.enabled to HDFS), read by
# io.spindle.bench.EventLogPhases. The phases follow each other and add up to the total:
#   allocation  submit -> the first task launched (client, AM container, driver, executor containers)
#   map         -> the map stage completed (textFile, split, map-side combine, shuffle write)
#   shuffle     -> the first reduce task launched (stage boundary: map outputs registered, tasks sent)
#   reduce      -> the reduce stage completed (shuffle fetch, merge, map to text, part files written)
#   commit      -> ApplicationEnd (job end, FileOutputCommitter.commitJob, the context's stop)
#   teardown    -> the submit command exited (driver and AM exit, unregister, the client sees it)
# plus: when the driver came up and the executors registered (event log), for Spindle the client's
# and the AM's "Timeline:" milestones (submitted, AM registered, first executor container requested
# and allocated), the summed fetch wait of the reduce tasks, the shuffle bytes written, GC time, and
# CPU time (user + sys): of the run's container JVMs (AM + executors, from /proc, sampled every 0.5 s),
# of the minicluster's own services (NodeManagers with the shuffle service, DataNodes, NameNode, RM:
# the minicluster JVM's own user + sys), and of the submit command (/usr/bin/time).
# The machine is shared, so wall times are indicative; compare CPU times over several rounds.
#
# Results are CHECKED (untimed): each run's part files (sorted) = the other engine's = the output of
# io.spindle.bench.classic.HandWrittenW1WordCount over the local copy of the input (same split
# semantics as line.split(" ")); exit 1 on any difference.
#
# Environment:
#   BENCH_SCALE        data size, 1 = 1 GiB of W1 text (default 1; 0.1 is a quick run)
#   BENCH_ROUNDS       rounds, each one run of both (default 1; odd rounds Spindle first); medians at the end
#   BENCH_DIR          data, logs, outputs (default /tmp/yarnbench-throughput); the input and its reference
#                      are kept for reuse, the minicluster's dir is removed at exit (BENCH_KEEP_CLUSTER=1 keeps it)
#   BENCH_WARMUP=0     no warm-up submissions
#   BENCH_SKIP_BUILD=1 reuse the built jars (else: mvn -Pbench -DskipTests package, and bench-spark's package)
#   BENCH_RUN_TIMEOUT  seconds one submission may take before it counts as hung (default 3600)
#   BENCH_SPINDLE_OPTS extra spindle-submit options, e.g. "--conf spindle.shuffle.compress=false"
#   BENCH_SPARK_OPTS   extra spark-submit options, e.g. "--conf spark.shuffle.compress=false"
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCALE="${BENCH_SCALE:-1}"
ROUNDS="${BENCH_ROUNDS:-1}"
BASE="${BENCH_DIR:-/tmp/yarnbench-throughput}"
DATA="$BASE/data-$SCALE"
LOGS="$BASE/logs"
OUT="$BASE/out"
MC_DIR="$BASE/minicluster"
RESULTS="$BASE/results.tsv"
EXECUTORS=2
EXECUTOR_MEMORY=2g
EXECUTOR_CORES=1
RUN_TIMEOUT="${BENCH_RUN_TIMEOUT:-3600}"
PARTITIONS=8 # W1's reduceByKey(+, 8), fixed in both programs
HZ=$(getconf CLK_TCK)

die() { echo "yarn-throughput: $*" >&2; exit 2; }
case "$SCALE" in ''|*[!0-9.]*|*.*.*) die "BENCH_SCALE must be a positive number (1 = 1 GiB), got '$SCALE'" ;; esac
case "$ROUNDS" in ''|*[!0-9]*|0) die "BENCH_ROUNDS must be a positive integer, got '$ROUNDS'" ;; esac
command -v java > /dev/null || die "no java on PATH (a Java 17+ JDK is needed)"
command -v /usr/bin/time > /dev/null || die "needs /usr/bin/time (apt-get install time)"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building: mvn -Pbench -DskipTests package, and bench-spark (Spark $(
    sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' bench-spark/pom.xml))"
  mvn -B -q -Pbench -DskipTests package
  mvn -B -q -f bench-spark/pom.xml package # Spark, spark-yarn and their jars: bench-spark/target/lib
fi
BENCH_JAR="$ROOT/bench/target/spindle-bench.jar"
SPARK_APP_JAR="$ROOT/bench-spark/target/spindle-bench-spark.jar"
SPARK_LIB="$ROOT/bench-spark/target/lib"
for f in "$BENCH_JAR" "$SPARK_APP_JAR" "$ROOT/client/target/spindle-client.jar" "$ROOT/src/it/target/minicluster.classpath"; do
  [ -f "$f" ] || die "$f is missing: run without BENCH_SKIP_BUILD=1 (or: mvn -Pbench -DskipTests package; mvn -f bench-spark/pom.xml package)"
done
compgen -G "$SPARK_LIB/spark-yarn_*.jar" > /dev/null \
  || die "no spark-yarn jar in $SPARK_LIB: rebuild bench-spark (mvn -f bench-spark/pom.xml package)"
TOOLS_CP="$BENCH_JAR:$ROOT/client/target/spindle-client.jar:$ROOT/client/target/lib/*"

mkdir -p "$DATA" "$LOGS" "$OUT"

# --- cleanup: everything this script starts is stopped on exit -------------------------------------
MC_PID=""
CLIENT_PID=""
SAMPLER_PID=""
stop_sampler() {
  if [ -n "$SAMPLER_PID" ]; then
    kill "$SAMPLER_PID" 2> /dev/null || true
    wait "$SAMPLER_PID" 2> /dev/null || true
  fi
  SAMPLER_PID=""
}
descendants() { # pid -> the pids of its children, theirs, ...
  local child
  for child in $(ps -o pid= --ppid "$1" 2> /dev/null || true); do
    echo "$child"
    descendants "$child"
  done
}
stop_all() {
  stop_sampler
  if [ -n "$CLIENT_PID" ] && kill -0 "$CLIENT_PID" 2> /dev/null; then
    kill -TERM "$CLIENT_PID" 2> /dev/null || true
  fi
  if [ -n "$MC_PID" ] && kill -0 "$MC_PID" 2> /dev/null; then
    echo "stopping the minicluster (pid $MC_PID)"
    local containers
    containers=$(descendants "$MC_PID") # its containers' processes, should it not stop them
    kill -TERM "$MC_PID" 2> /dev/null || true # its shutdown hook stops YARN (and its containers) and HDFS
    for _ in $(seq 60); do kill -0 "$MC_PID" 2> /dev/null || break; sleep 0.5; done
    kill -0 "$MC_PID" 2> /dev/null && kill -KILL "$MC_PID" 2> /dev/null || true
    for pid in $containers; do kill -KILL "$pid" 2> /dev/null || true; done
  fi
  MC_PID=""
  if [ "${BENCH_KEEP_CLUSTER:-0}" != 1 ]; then rm -rf "$MC_DIR"; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# --- input and its reference --------------------------------------------------------------------------
INPUT="$DATA/w1.txt"
if [ ! -f "$INPUT" ]; then # generated aside and moved, so an interrupted run leaves no partial input
  echo "generating W1 at scale $SCALE into $DATA"
  rm -rf "$DATA/generating"
  java -cp "$BENCH_JAR" io.spindle.bench.classic.ClassicDataGenerator "$DATA/generating" "$SCALE" W1
  mv "$DATA/generating/w1.txt" "$INPUT" && rm -rf "$DATA/generating"
fi
REFERENCE="$DATA/w1-reference.txt" # word<TAB>count, byte-sorted
if [ ! -f "$REFERENCE" ]; then
  echo "computing the reference counts (HandWrittenW1WordCount, untimed)"
  java -Xmx2g -cp "$BENCH_JAR" io.spindle.bench.classic.HandWrittenW1WordCount "$INPUT" "$REFERENCE.tmp" 2
  LC_ALL=C sort -S 512M -T "$DATA" "$REFERENCE.tmp" > "$REFERENCE.sorting" && mv "$REFERENCE.sorting" "$REFERENCE"
  rm -f "$REFERENCE.tmp"
fi
WARMUP_INPUT="$DATA/w1-warmup.txt"
[ -f "$WARMUP_INPUT" ] || head -c 1048576 "$INPUT" | sed '$d' > "$WARMUP_INPUT" # whole lines only

# --- the minicluster ------------------------------------------------------------------------------------
rm -rf "$MC_DIR"
echo "starting bin/spindle-minicluster --nodemanagers 2 in $MC_DIR"
. bench/minicluster.sh
start_minicluster "$MC_DIR" "$LOGS/minicluster.log"
export YARN_CONF_DIR="$HADOOP_CONF_DIR"
hdfs() { java -Xmx512m -cp "$HADOOP_CONF_DIR:$TOOLS_CP" io.spindle.bench.HdfsCopy "$@" 2> "$LOGS/hdfs-copy.log" \
  || { tail -5 "$LOGS/hdfs-copy.log" >&2; die "HdfsCopy $* failed"; }; }

echo "copying the input and Spark's jars into HDFS (untimed)"
hdfs put "$INPUT" /yarnbench/w1.txt
hdfs put "$WARMUP_INPUT" /yarnbench/w1-warmup.txt
hdfs put "$SPARK_LIB" /yarnbench/spark-jars
hdfs mkdir /yarnbench/events/spindle
hdfs mkdir /yarnbench/events/spark
hdfs mkdir /yarnbench/out
SPARK_JARS_MIB=$(du -sm "$SPARK_LIB" | cut -f1)

# What Spark's launcher adds to the submit JVM on Java 17+ (org.apache.spark.launcher.JavaModuleOptions,
# as bench/classic5.sh); Spark's YARN client adds them to the AM and executor commands itself.
SPARK_JVM_OPTS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true)
# The submit JVM logs Spark's YARN client at INFO (the application id); the rest warns only, as the
# bench-spark jar's log4j2.properties does in the AM and the executors.
cat > "$BASE/spark-client-log4j2.properties" << 'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
logger.client.name = org.apache.spark.deploy.yarn.Client
logger.client.level = info
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n
EOF

echo "W1 WordCount on YARN: scale $SCALE ($(stat -c %s "$INPUT") bytes, $(wc -l < "$REFERENCE") distinct words)," \
  "$EXECUTORS executors x $EXECUTOR_MEMORY heap, $EXECUTOR_CORES core each, driver heap 1g, $PARTITIONS reduce partitions," \
  "$ROUNDS round(s); minicluster: 2 NodeManagers of 4 GiB, HDFS 2 DataNodes (input in 128 MiB blocks, 2 replicas);" \
  "spark.yarn.jars: $SPARK_JARS_MIB MiB in HDFS"
echo "$(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)" \
  "(the machine is shared: wall times are indicative)"

# --- one run ---------------------------------------------------------------------------------------------
cpu_ticks() { # pid field field of /proc/pid/stat: 14 + 15 = its own user + sys
  awk -v a="$2" -v b="$3" '{ sub(/^.*\) /, ""); print $(a - 2) + $(b - 2) }' "/proc/$1/stat"
}

# CPU of the containers: each container JVM's user+sys from /proc, sampled every 0.5 s while the
# run lasts (the last sample before a JVM exits counts, so up to 0.5 s per JVM is missed). Not its
# parent's cutime: the NodeManager kills executor containers by process group, their bash wrapper
# dies first and the orphaned JVM's time never reaches the minicluster JVM.
sample_cpu() { # "app pid ticks" lines until killed
  local pid app stat
  while true; do
    for pid in $(pgrep -f -- "$MC_DIR/.*/appcache/application_" 2> /dev/null || true); do
      [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = java ] || continue # not a bash wrapper
      app=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2> /dev/null | grep -o -m1 'application_[0-9]*_[0-9]*' || true)
      stat=$(cat "/proc/$pid/stat" 2> /dev/null) || continue
      [ -n "$app" ] && echo "$app $pid $(echo "${stat##*) }" | awk '{ print $12 + $13 }')"
    done
    sleep 0.5
  done
}

wait_containers_gone() { # app id: until no process of its containers is left (reaped: CPU counted)
  for _ in $(seq 120); do
    pgrep -f -- "$1" > /dev/null 2>&1 || return 0
    sleep 0.5
  done
  echo "warning: containers of $1 still running after 60 s; its CPU figures are incomplete" >&2
}

submit() { # engine input output log: the submit command, in the foreground (its pid in CLIENT_PID)
  local engine="$1" in="$2" out="$3" log="$4"
  if [ "$engine" = spindle ]; then
    # shellcheck disable=SC2086
    timeout "$RUN_TIMEOUT" /usr/bin/time -f "%e %U %S" -o "$log.time" bin/spindle-submit --master yarn \
      --num-executors "$EXECUTORS" --executor-memory "$EXECUTOR_MEMORY" --executor-cores "$EXECUTOR_CORES" \
      --conf spindle.eventLog.enabled=true --conf spindle.eventLog.dir=hdfs:///yarnbench/events/spindle \
      ${BENCH_SPINDLE_OPTS:-} --class io.spindle.bench.classic.W1WordCount "$BENCH_JAR" "$in" "$out" > "$log" 2>&1 &
  else
    # shellcheck disable=SC2086
    timeout "$RUN_TIMEOUT" /usr/bin/time -f "%e %U %S" -o "$log.time" java -Xmx1g "${SPARK_JVM_OPTS[@]}" \
      -Dlog4j2.configurationFile="file:$BASE/spark-client-log4j2.properties" \
      -cp "$HADOOP_CONF_DIR:$SPARK_LIB/*" org.apache.spark.deploy.SparkSubmit --master yarn --deploy-mode cluster \
      --num-executors "$EXECUTORS" --executor-memory "$EXECUTOR_MEMORY" --executor-cores "$EXECUTOR_CORES" \
      --conf "spark.yarn.jars=hdfs:///yarnbench/spark-jars/*.jar" \
      --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
      --conf spark.shuffle.service.enabled=false --conf spark.dynamicAllocation.enabled=false \
      --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=hdfs:///yarnbench/events/spark \
      --conf spark.eventLog.compress=false --conf spark.eventLog.rolling.enabled=false \
      ${BENCH_SPARK_OPTS:-} --class io.spindle.bench.spark.W1WordCount "$SPARK_APP_JAR" "$in" "$out" > "$log" 2>&1 &
  fi
  CLIENT_PID=$!
  local rc=0
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=""
  return "$rc"
}

FAILED=0
run() { # engine round (round "warmup": the small input, untimed, unchecked)
  local engine="$1" round="$2" in=/yarnbench/w1.txt
  [ "$round" = warmup ] && in=/yarnbench/w1-warmup.txt
  local name="$engine-$round" out="/yarnbench/out/$engine-$round" log="$LOGS/$engine-$round.log"
  local svc0 start end svc1 app
  hdfs rm "$out"
  sample_cpu > "$LOGS/cpu-$name" 2> /dev/null &
  SAMPLER_PID=$!
  svc0=$(cpu_ticks "$MC_PID" 14 15)
  start=$(date +%s%3N)
  local rc=0
  submit "$engine" "$in" "$out" "$log" || rc=$?
  if [ "$rc" != 0 ]; then
    tail -30 "$log" >&2
    [ "$rc" = 124 ] && die "$name: no exit after $RUN_TIMEOUT s (BENCH_RUN_TIMEOUT); a full minicluster or a hung application? log: $log"
    die "$name: the submit command exited with $rc (log: $log)"
  fi
  end=$(date +%s%3N)
  app=$(grep -o 'application_[0-9]*_[0-9]*' "$log" | head -1 || true)
  [ -n "$app" ] || die "$name: no application id in $log"
  wait_containers_gone "$app"
  svc1=$(cpu_ticks "$MC_PID" 14 15)
  stop_sampler
  if [ "$round" = warmup ]; then
    echo "  warm-up $engine ($app): $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1000 }') s"
    hdfs rm "$out"
    return
  fi

  # The event log (its name carries the application id; Spark adds the attempt: _1).
  local events="$LOGS/events-$name"
  rm -rf "$events"
  hdfs get "/yarnbench/events/$engine" "$events"
  local eventlog
  eventlog=$(find "$events" -type f -name "${app}*" ! -name '*.crc' ! -name '*.inprogress' | head -1)
  [ -n "$eventlog" ] || die "$name: no finished event log of $app in hdfs:///yarnbench/events/$engine"
  {
    echo "engine=$engine"
    echo "round=$round"
    echo "app=$app"
    echo "submit=$start"
    echo "exit=$end"
    java -cp "$TOOLS_CP" io.spindle.bench.EventLogPhases "$eventlog"
    awk -v app="$app" -v hz="$HZ" '$1 == app && $3 > t[$2] { t[$2] = $3 }
      END { for (p in t) { sum += t[p]; n++ }; printf "containerCpuMs=%d\ncontainerJvms=%d\n", sum * 1000 / hz, n }' "$LOGS/cpu-$name"
    echo "servicesCpuMs=$(((svc1 - svc0) * 1000 / HZ))"
    read -r _ cu cs < "$log.time"
    awk -v u="$cu" -v s="$cs" 'BEGIN { printf "clientCpuMs=%d\n", (u + s) * 1000 }'
    if [ "$engine" = spindle ]; then # the Timeline: lines of the client (its log) and of the AM (its container log)
      grep -h -o 'Timeline: .*' "$log" | head -1 | sed 's/^Timeline: //' | tr ' ' '\n' | sed 's/^/client./'
      local am
      am=$(find "$MC_DIR" -path "*/$app/container_*_000001/stderr" | head -1)
      [ -n "$am" ] && grep -h -o 'Timeline: amJvmStart.*' "$am" | sed 's/^Timeline: //' | tr ' ' '\n' | sed 's/^/am./'
    fi
  } > "$LOGS/figures-$name"
  report "$LOGS/figures-$name" | tee -a "$BASE/report.txt"

  # The output, checked against the reference (untimed).
  rm -rf "$OUT/$name"
  hdfs get "$out" "$OUT/$name"
  [ -f "$OUT/$name/_SUCCESS" ] || { FAILED=1; echo "CHECK FAILED: $name: no _SUCCESS in $out" >&2; }
  LC_ALL=C sort -S 512M -T "$OUT" "$OUT/$name"/part-* > "$OUT/$name.sorted"
  if cmp -s "$OUT/$name.sorted" "$REFERENCE"; then
    echo "  check: $name = the hand-written counter ($(wc -l < "$REFERENCE") words)"
  else
    FAILED=1
    echo "CHECK FAILED: $name ($app) differs from the hand-written counter; first differences:" >&2
    diff "$OUT/$name.sorted" "$REFERENCE" | head -5 >&2 || true
  fi
  local parts
  parts=$(find "$OUT/$name" -name 'part-*' | wc -l)
  [ "$parts" = "$PARTITIONS" ] || { FAILED=1; echo "CHECK FAILED: $name wrote $parts part files, expected $PARTITIONS" >&2; }
  hdfs rm "$out"
}

# One line per run from its figures file: total, the phases, then the details.
report() {
  awk -F= '{ v[$1] = $2 }
    function s(a, b) { return (v[a] > 0 && v[b] > 0) ? (v[b] - v[a]) / 1000 : -1 }
    function f(x) { return x < 0 ? "   n/a" : sprintf("%6.2f", x) }
    END {
      first = v["firstMapLaunch"]
      if (v["firstResultLaunch"] > 0 && (first == 0 || v["firstResultLaunch"] < first)) first = v["firstResultLaunch"]
      v["firstTask"] = first
      printf "%-8s r%-2s total %7.2f s | allocation %s | map %s | shuffle %s | reduce %s | commit %s | teardown %s\n",
        v["engine"], v["round"], s("submit", "exit"), f(s("submit", "firstTask")), f(s("firstMapLaunch", "mapEnd")),
        f(s("mapEnd", "firstResultLaunch")), f(s("firstResultLaunch", "resultEnd")), f(s("resultEnd", "appEnd")),
        f(s("appEnd", "exit"))
      printf "             allocation: driver up +%s s, first executor +%s s, second +%s s (after submit)",
        f(s("submit", "appStart")), f(s("submit", "firstExecutorAdded")), f(s("submit", "lastExecutorAdded"))
      if ("client.submitted" in v)
        printf "; Timeline: submitted +%s, AM registered +%s, executors requested +%s, first allocated +%s",
          f(s("submit", "client.submitted")), f(s("submit", "am.registered")),
          f(s("submit", "am.firstContainerRequested")), f(s("submit", "am.firstContainerAllocated"))
      printf "\n"
      printf "             tasks %d map + %d reduce (%d failed); shuffle written %.1f MiB, %d records; fetch wait %.2f s," \
        " GC %.2f s, task run %.1f s (sums over tasks)\n", v["mapTasks"], v["resultTasks"], v["failedTasks"],
        v["shuffleBytesWritten"] / 1048576, v["shuffleRecordsWritten"], v["fetchWaitMs"] / 1000, v["gcMs"] / 1000,
        v["runMs"] / 1000
      printf "             CPU: %d container JVMs (AM + executors) %.1f s, minicluster services %.1f s, submit command %.1f s;" \
        " %s\n", v["containerJvms"], v["containerCpuMs"] / 1000, v["servicesCpuMs"] / 1000, v["clientCpuMs"] / 1000, v["app"]
    }' "$1"
}

record() { # figures file -> one line of results.tsv
  awk -F= '{ v[$1] = $2 }
    function s(a, b) { return (v[a] > 0 && v[b] > 0) ? (v[b] - v[a]) / 1000 : -1 }
    END {
      first = v["firstMapLaunch"]
      if (v["firstResultLaunch"] > 0 && (first == 0 || v["firstResultLaunch"] < first)) first = v["firstResultLaunch"]
      v["firstTask"] = first
      printf "%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%.1f\t%.1f\n", v["engine"], v["round"],
        s("submit", "exit"), s("submit", "firstTask"), s("firstMapLaunch", "mapEnd"), s("mapEnd", "firstResultLaunch"),
        s("firstResultLaunch", "resultEnd"), s("resultEnd", "appEnd"), s("appEnd", "exit"),
        v["containerCpuMs"] / 1000, v["servicesCpuMs"] / 1000, v["clientCpuMs"] / 1000
    }' "$1" >> "$RESULTS"
}

[ -f "$RESULTS" ] && mv "$RESULTS" "$RESULTS.old"
printf 'engine\tround\ttotal_s\tallocation_s\tmap_s\tshuffle_s\treduce_s\tcommit_s\tteardown_s\tcontainer_cpu_s\tservices_cpu_s\tclient_cpu_s\n' > "$RESULTS"
: > "$BASE/report.txt"

if [ "${BENCH_WARMUP:-1}" = 1 ]; then
  echo "warm-up (untimed): one small submission of each engine, so both have their jars localized on the NodeManagers"
  run spindle warmup
  run spark warmup
fi
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="spindle spark"; else order="spark spindle"; fi
  for engine in $order; do
    run "$engine" "$round"
    record "$LOGS/figures-$engine-$round"
  done
  if cmp -s "$OUT/spindle-$round.sorted" "$OUT/spark-$round.sorted"; then
    echo "  check: spindle-$round = spark-$round (sorted part files)"
  else
    FAILED=1
    echo "CHECK FAILED: the outputs of spindle-$round and spark-$round differ (sorted: $OUT/*-$round.sorted)" >&2
  fi
  awk -F'\t' -v r="$round" '$2 == r { t[$1] = $3; c[$1] = $10 + $11 + $12 }
    END { printf "  round %s: spindle/spark %.2f wall, %.2f CPU (containers + services + submit)\n", r, t["spindle"] / t["spark"],
      c["spindle"] / c["spark"] }' "$RESULTS"
done

if [ "$ROUNDS" != 1 ]; then
  echo "medians over $ROUNDS rounds (s):"
  awk -F'\t' 'NR == 1 { for (i = 3; i <= NF; i++) name[i] = $i; n = NF; next }
    { k[$1]++; for (i = 3; i <= NF; i++) v[$1, i, k[$1]] = $i }
    function median(e, i,   a, m, j, l, x) {
      m = k[e]; for (j = 1; j <= m; j++) a[j] = v[e, i, j] + 0
      for (j = 2; j <= m; j++) { x = a[j]; for (l = j - 1; l >= 1 && a[l] > x; l--) a[l + 1] = a[l]; a[l + 1] = x }
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    END {
      for (e in k) { printf "  %-8s", e; for (i = 3; i <= n; i++) printf " %s %.2f", name[i], median(e, i); printf "\n" }
      printf "  spindle/spark (medians): %.2f wall\n", median("spindle", 3) / median("spark", 3)
    }' "$RESULTS"
fi
echo "figures: $RESULTS, per-run logs: $LOGS; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$FAILED" != 0 ]; then
  echo "RESULTS DIFFER (see CHECK FAILED above)" >&2
  exit 1
fi
echo "all outputs identical to the hand-written counter (so to each other)"
