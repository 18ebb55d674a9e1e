#!/usr/bin/env bash
# LineRecordReader throughput on a 1 GiB local text file, next to `cat`. Not part of the tests.
# Usage: hdfs-io/bench.sh [FILE]   (KEEP=1 keeps the generated file)
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/spindle-bench-1g.txt}

mvn -B -q -pl hdfs-io test-compile
mvn -B -q -pl hdfs-io dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="hdfs-io/target/classes:hdfs-io/target/test-classes:$(cat hdfs-io/target/bench.classpath)"
MAIN=io.spindle.io.bench.LineReaderBenchmark

java -Xmx1g -cp "$CP" $MAIN --generate "$FILE" $((1 << 30))

# References, warm cache (one warm-up, then 3 runs each). GNU cat may not copy at all when its
# output is /dev/null, so `cat | cat` (every byte through a pipe) and `wc -l` (every byte scanned
# for '\n') are printed too.
cat "$FILE" > /dev/null
for cmd in "cat $FILE > /dev/null" "cat $FILE | cat > /dev/null" "wc -l < $FILE > /dev/null" \
           "dd if=$FILE of=/dev/null bs=128K status=none"; do
  echo "$cmd:"
  for i in 1 2 3; do
    /usr/bin/time -f "  %e s" bash -c "$cmd"
  done
done

java -Xmx1g -XX:+UseParallelGC -cp "$CP" $MAIN "$FILE" 5

if [ "${KEEP:-0}" != 1 ]; then
  rm -f "$FILE"
  echo "deleted $FILE"
fi
