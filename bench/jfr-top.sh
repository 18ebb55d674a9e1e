#!/usr/bin/env bash
# Summarises where a JFR recording's CPU samples are: the top frames (the method running when
# sampled) and, to see through JDK internals, the first frame outside java.*, jdk.*, sun.* and
# scala.* (the code that called into them). Used for issue 15's profiles (BENCH_JFR=1 bench/classic5.sh).
#
#   bench/jfr-top.sh <recording.jfr> [how many, default 15]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 <recording.jfr> [how many, default 15]" >&2; exit 2; }
JFR_FILE="$1"
TOP="${2:-15}"
JFR="${JAVA_HOME:+$JAVA_HOME/bin/}jfr"
command -v "$JFR" >/dev/null || { echo "no jfr tool (part of the JDK): set JAVA_HOME" >&2; exit 2; }

SUMMARY=$(mktemp)
trap 'rm -f "$SUMMARY"' EXIT
# Plain POSIX awk (mawk here): it counts, sort ranks.
"$JFR" print --events jdk.ExecutionSample --stack-depth 32 "$JFR_FILE" | awk '
  function frame(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+line:.*$/, "", s); return s }
  /stackTrace = \[/ { inStack = 1; depth = 0; own = ""; next }
  inStack && /^[ \t]*\]/ { inStack = 0; if (own == "") own = "(JDK frames only)"; owns[own]++; next }
  inStack {
    f = frame($0)
    if (f == "...") next
    if (depth == 0) { leaf[f]++; samples++ }
    if (own == "" && f !~ /^(java|javax|jdk|sun|scala)\./) own = f
    depth++
  }
  END {
    print "N\t" samples + 0
    for (f in leaf) print "L\t" leaf[f] "\t" f
    for (f in owns) print "O\t" owns[f] "\t" f
  }' > "$SUMMARY"
SAMPLES=$(awk -F'\t' '$1 == "N" { print $2 }' "$SUMMARY")
[ "$SAMPLES" -gt 0 ] || { echo "no execution samples in $JFR_FILE"; exit 0; }
ranked() { # kind
  awk -F'\t' -v k="$1" -v n="$SAMPLES" '$1 == k { printf "%d\t  %5.1f%%  %s\n", $2, 100 * $2 / n, $3 }' "$SUMMARY" \
    | sort -t$'\t' -k1,1nr | head -"$TOP" | cut -f2-
}
echo "$SAMPLES execution samples"
echo "top frames:"
ranked L
echo "first frame outside the JDK and Scala libraries:"
ranked O
