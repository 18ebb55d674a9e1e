# Sourced by the YARN harnesses (yarn-submit.sh, yarn-throughput.sh, yarn-in-am.sh), from the checkout's root.
#
# start_minicluster <dir> <log>: starts `bin/spindle-minicluster --nodemanagers 2 --dir <dir>` in the
# background, its output in <log>, and waits for its `export HADOOP_CONF_DIR=…` line: sets MC_PID and
# exports HADOOP_CONF_DIR; exits 1, with the log's tail, if it dies or has not started after 120 s.
start_minicluster() {
  local dir="$1" log="$2" line
  : > "$log"
  bin/spindle-minicluster --nodemanagers 2 --dir "$dir" > "$log" 2>&1 &
  MC_PID=$!
  HADOOP_CONF_DIR=""
  for _ in $(seq 240); do
    line=$(grep -m1 '^export HADOOP_CONF_DIR=' "$log" || true)
    if [ -n "$line" ]; then HADOOP_CONF_DIR="${line#export HADOOP_CONF_DIR=}"; break; fi
    kill -0 "$MC_PID" 2>/dev/null || { tail -20 "$log" >&2; echo "the minicluster died (log: $log)" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$HADOOP_CONF_DIR" ] || { tail -20 "$log" >&2; echo "no minicluster after 120 s (log: $log)" >&2; exit 1; }
  export HADOOP_CONF_DIR
}
