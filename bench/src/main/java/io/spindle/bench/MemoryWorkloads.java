package io.spindle.bench;

import io.spindle.function.Pair;
import io.spindle.PairRdd;
import io.spindle.Rdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskMetrics;
import io.spindle.rdd.ShuffledRdd;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The memory workloads of bench/memory.sh and bench/workloads.sh, each checked against a
 * plain-Java reference that generates the same records in the driver (no engine involved):
 *
 * <pre>
 *   sort-gen  RECORDS MAPS REDUCES         sortByKey-equivalent over generated 100-byte records
 *   reduce    RECORDS KEYS MAPS REDUCES    reduceByKey(Long::sum) over generated (key, value) pairs
 *   group     RECORDS KEYS MAPS REDUCES    groupByKey over the same pairs
 *   join      RECORDS KEYS MAPS REDUCES    the pairs joined with a table of every even key (twice)
 *   sort-file IN OUT REDUCES               textFile -> sort by the 10-byte key -> saveAsTextFile
 * </pre>
 *
 * Prints one result line: elapsed seconds of the job, input records/s, spill totals and the
 * largest peak execution memory of a task; exits 1 if the result does not match the reference.
 * The master and other settings come from spindle-submit (--master local[2], --conf ...).
 */
public final class MemoryWorkloads {
  private MemoryWorkloads() {}

  /** Sums the task metrics of successful tasks (listener calls come from one thread). */
  static final class MetricsTotals implements SpindleListener {
    long tasks;
    long spills;
    long diskBytesSpilled;
    long shuffleWriteBytes;
    long maxPeakExecutionMemory;

    @Override
    public void onTaskEnd(TaskInfo task) {
      TaskMetrics m = task.metrics();
      if (m == null || !task.succeeded()) {
        return;
      }
      tasks++;
      spills += m.spillCount();
      diskBytesSpilled += m.diskBytesSpilled();
      shuffleWriteBytes += m.shuffleWriteBytes();
      maxPeakExecutionMemory = Math.max(maxPeakExecutionMemory, m.peakExecutionMemory());
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("Usage: MemoryWorkloads sort-gen RECORDS MAPS REDUCES | reduce|group RECORDS KEYS MAPS REDUCES"
          + " | sort-file IN OUT REDUCES");
      System.exit(2);
    }
    MetricsTotals totals = new MetricsTotals();
    boolean ok;
    long records;
    long start;
    long elapsedNanos;
    try (SpindleContext ctx = new SpindleContext(new SpindleConf())) {
      ctx.addListener(totals);
      switch (args[0]) {
        case "sort-gen" -> {
          records = Long.parseLong(args[1]);
          long[] expected = sortReference(records, Integer.parseInt(args[2]));
          start = System.nanoTime();
          long[] got = sortGenerated(ctx, records, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
          elapsedNanos = System.nanoTime() - start;
          ok = got[0] == expected[0] && got[1] == expected[1] && got[2] == 0;
          System.out.printf("check: %d records (expected %d), checksum %s, %d order/partition violations%n",
              got[0], expected[0], got[1] == expected[1] ? "equal" : "DIFFERENT", got[2]);
        }
        case "reduce", "group" -> {
          records = Long.parseLong(args[1]);
          int keys = Integer.parseInt(args[2]);
          int maps = Integer.parseInt(args[3]);
          int reduces = Integer.parseInt(args[4]);
          boolean group = args[0].equals("group");
          long[] expected = aggregationReference(records, keys, maps, group);
          start = System.nanoTime();
          long[] got = aggregate(ctx, records, keys, maps, reduces, group);
          elapsedNanos = System.nanoTime() - start;
          ok = got[0] == expected[0] && got[1] == expected[1];
          System.out.printf("check: %d keys (expected %d), checksum %s%n", got[0], expected[0],
              got[1] == expected[1] ? "equal" : "DIFFERENT");
        }
        case "join" -> {
          records = Long.parseLong(args[1]);
          int keys = Integer.parseInt(args[2]);
          int maps = Integer.parseInt(args[3]);
          long[] expected = joinReference(records, keys, maps);
          start = System.nanoTime();
          long[] got = join(ctx, records, keys, maps, Integer.parseInt(args[4]));
          elapsedNanos = System.nanoTime() - start;
          ok = got[0] == expected[0] && got[1] == expected[1];
          System.out.printf("check: %d joined records (expected %d), checksum %s%n", got[0], expected[0],
              got[1] == expected[1] ? "equal" : "DIFFERENT");
        }
        case "sort-file" -> {
          start = System.nanoTime();
          records = sortFile(ctx, args[1], args[2], Integer.parseInt(args[3]));
          elapsedNanos = System.nanoTime() - start;
          ok = true; // bench/workloads.sh compares the output with GNU sort's
        }
        default -> throw new IllegalArgumentException("unknown workload " + args[0]);
      }
    }
    double secs = elapsedNanos / 1e9;
    System.out.printf("%s: %d records in %.2f s = %.2f M records/s; %d tasks, %d spills, %.1f MiB spilled to disk,"
            + " %.1f MiB shuffle written, max task peak execution memory %.1f MiB%n",
        args[0], records, secs, records / secs / 1e6, totals.tasks, totals.spills, totals.diskBytesSpilled / 1048576.0,
        totals.shuffleWriteBytes / 1048576.0, totals.maxPeakExecutionMemory / 1048576.0);
    if (!ok) {
      System.out.println("RESULT DIFFERS FROM THE REFERENCE");
      System.exit(1);
    }
  }

  private static Rdd<Integer> slices(SpindleContext ctx, int n) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(i);
    }
    return ctx.parallelize(ids, n);
  }

  // ---- sort

  /** {records, checksum, violations}: sorted partitions checked inside the result tasks. */
  static long[] sortGenerated(SpindleContext ctx, long records, int maps, int reduces) {
    PairRdd<String, String> input = slices(ctx, maps).flatMapToPair(s -> Records.sortPairs(records, maps, s));
    Records.FirstByteRange partitioner = new Records.FirstByteRange(reduces);
    Rdd<long[]> checks = Rdd.wrap(new ShuffledRdd<String, String, String>(input.node(), partitioner, null, false,
        new Records.NaturalOrder())).mapPartitionsWithIndex((index, it) -> {
          long n = 0;
          long sum = 0;
          long violations = 0;
          String prev = null;
          while (it.hasNext()) {
            Pair<String, String> p = it.next();
            n++;
            sum += Records.mix(p.key().hashCode(), p.value().hashCode());
            if ((prev != null && prev.compareTo(p.key()) > 0) || partitioner.getPartition(p.key()) != index) {
              violations++;
            }
            prev = p.key();
          }
          return List.of(new long[] {n, sum, violations}).iterator();
        }, false);
    long[] total = new long[3];
    for (long[] c : checks.collect()) {
      for (int i = 0; i < 3; i++) {
        total[i] += c[i];
      }
    }
    return total;
  }

  static long[] sortReference(long records, int maps) {
    long n = 0;
    long sum = 0;
    for (int s = 0; s < maps; s++) {
      Iterator<Pair<String, String>> it = Records.sortPairs(records, maps, s);
      while (it.hasNext()) {
        Pair<String, String> p = it.next();
        n++;
        sum += Records.mix(p.key().hashCode(), p.value().hashCode());
      }
    }
    return new long[] {n, sum};
  }

  static long sortFile(SpindleContext ctx, String in, String out, int reduces) {
    Rdd<String> lines = ctx.textFile(in);
    PairRdd<String, String> keyed = lines.mapToPair(l -> Pair.of(l.substring(0, Records.KEY_BYTES), l));
    Rdd.wrap(new ShuffledRdd<String, String, String>(keyed.node(), new Records.FirstByteRange(reduces), null, false,
        new Records.NaturalOrder())).map(Pair::value).saveAsTextFile(out);
    return countLines(in);
  }

  private static long countLines(String file) throws RuntimeException {
    try {
      return java.nio.file.Files.size(java.nio.file.Paths.get(file)) / (Records.KEY_BYTES + Records.PAYLOAD_BYTES + 1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- join

  /** The table side: every even key twice, with values key and -key. */
  private static Iterator<Pair<Long, Long>> evenKeysTwice(int keys, int slices, int slice) {
    List<Pair<Long, Long>> out = new ArrayList<>();
    for (long k = Records.sliceStart(keys, slices, slice); k < Records.sliceStart(keys, slices, slice + 1); k++) {
      if (k % 2 == 0) {
        out.add(Pair.of(k, k));
        out.add(Pair.of(k, -k));
      }
    }
    return out.iterator();
  }

  /** {joined records, checksum over (key, left value, right value)} from the engine. */
  static long[] join(SpindleContext ctx, long records, int keys, int maps, int reduces) {
    PairRdd<Long, Long> left = slices(ctx, maps).flatMapToPair(s -> Records.aggregationPairs(records, keys, maps, s));
    PairRdd<Long, Long> right = slices(ctx, 4).flatMapToPair(s -> evenKeysTwice(keys, 4, s));
    long[] total = new long[2];
    for (long[] c : left.join(right, reduces).mapPartitions(it -> {
      long n = 0;
      long sum = 0;
      while (it.hasNext()) {
        Pair<Long, Pair<Long, Long>> p = it.next();
        n++;
        sum += Records.mix(p.key(), Records.mix(p.value().key(), p.value().value()));
      }
      return List.of(new long[] {n, sum}).iterator();
    }).collect()) {
      total[0] += c[0];
      total[1] += c[1];
    }
    return total;
  }

  static long[] joinReference(long records, int keys, int maps) {
    long n = 0;
    long sum = 0;
    for (int s = 0; s < maps; s++) {
      long start = Records.sliceStart(records, maps, s);
      long end = Records.sliceStart(records, maps, s + 1);
      SplittableRandom random = new SplittableRandom(7_000_003L * s + 5); // as Records.aggregationPairs
      for (long i = start; i < end; i++) {
        long k = random.nextInt(keys);
        long v = 1 + random.nextInt(100);
        if (k % 2 == 0) {
          n += 2;
          sum += Records.mix(k, Records.mix(v, k)) + Records.mix(k, Records.mix(v, -k));
        }
      }
    }
    return new long[] {n, sum};
  }

  // ---- aggregation

  /** {distinct keys, checksum over (key, sum) or (key, count, sum)} from the engine. */
  static long[] aggregate(SpindleContext ctx, long records, int keys, int maps, int reduces, boolean group) {
    PairRdd<Long, Long> input = slices(ctx, maps).flatMapToPair(s -> Records.aggregationPairs(records, keys, maps, s));
    Rdd<long[]> checks;
    if (group) {
      checks = input.groupByKey(reduces).mapPartitions(it -> {
        long n = 0;
        long sum = 0;
        while (it.hasNext()) {
          Pair<Long, Iterable<Long>> p = it.next();
          long count = 0;
          long total = 0;
          for (long v : p.value()) {
            count++;
            total += v;
          }
          n++;
          sum += Records.mix(p.key(), Records.mix(count, total));
        }
        return List.of(new long[] {n, sum}).iterator();
      });
    } else {
      checks = input.reduceByKey(Long::sum, reduces).mapPartitions(it -> {
        long n = 0;
        long sum = 0;
        while (it.hasNext()) {
          Pair<Long, Long> p = it.next();
          n++;
          sum += Records.mix(p.key(), p.value());
        }
        return List.of(new long[] {n, sum}).iterator();
      });
    }
    long[] total = new long[2];
    for (long[] c : checks.collect()) {
      total[0] += c[0];
      total[1] += c[1];
    }
    return total;
  }

  static long[] aggregationReference(long records, int keys, int maps, boolean group) {
    long[] counts = new long[keys];
    long[] sums = new long[keys];
    for (int s = 0; s < maps; s++) {
      long start = Records.sliceStart(records, maps, s);
      long end = Records.sliceStart(records, maps, s + 1);
      SplittableRandom random = new SplittableRandom(7_000_003L * s + 5); // as Records.aggregationPairs
      for (long i = start; i < end; i++) {
        int k = random.nextInt(keys);
        counts[k]++;
        sums[k] += 1 + random.nextInt(100);
      }
    }
    long n = 0;
    long sum = 0;
    for (int k = 0; k < keys; k++) {
      if (counts[k] > 0) {
        n++;
        sum += group ? Records.mix(k, Records.mix(counts[k], sums[k])) : Records.mix(k, sums[k]);
      }
    }
    return new long[] {n, sum};
  }
}
