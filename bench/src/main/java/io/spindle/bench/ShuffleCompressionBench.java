package io.spindle.bench;

import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shuffle compression's cost and savings (bench/compression.sh): the five shapes W1-W5 — wordcount
 * over Zipf words, (int,int) reduceByKey, sortByKey of 10-char keys (100-byte records), join,
 * groupByKey — each run with compression off, lz4 (the default) and zstd, in one JVM, one context
 * per codec. Prints, per shape and codec, the wall time of the job, the shuffle bytes written (task
 * metrics: bytes on disk) and the ratio to "off"; every result is checked against a plain-Java
 * reference computed in the driver from the same seeds (exit 1 on a mismatch).
 *
 * <p>Usage: {@code ShuffleCompressionBench [scale (default 1.0)] [rounds (default 2)]}; each context first
 * runs every shape once at 5% of the size (untimed warm-up), then the best and worst of {@code rounds}
 * runs are printed. The master comes from spindle-submit ({@code --master local[2]}).
 */
public final class ShuffleCompressionBench {
  private ShuffleCompressionBench() {}

  private static final int MAPS = 8;
  private static final int REDUCES = 8;

  /** Sums shuffle bytes written by successful tasks since the last take. */
  static final class WriteBytes implements SpindleListener {
    private long bytes;

    @Override
    public synchronized void onTaskEnd(TaskInfo task) {
      TaskMetrics m = task.metrics();
      if (m != null && task.succeeded()) {
        bytes += m.shuffleWriteBytes();
      }
    }

    synchronized long take() {
      long b = bytes;
      bytes = 0;
      return b;
    }
  }

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Sizes n = new Sizes((int) (4_000_000 * scale), (int) (3_000_000 * scale), (int) (1_000_000 * scale),
        (int) (300_000 * scale));
    Map<String, Map<String, String>> codecs = new LinkedHashMap<>();
    codecs.put("off", Map.of("spindle.shuffle.compress", "false", "spindle.shuffle.spill.compress", "false"));
    codecs.put("lz4", Map.of("spindle.io.compression.codec", "lz4"));
    codecs.put("zstd", Map.of("spindle.io.compression.codec", "zstd"));
    String[] shapes = {"W1 wordcount", "W2 reduceByKey(int,int)", "W3 sortByKey 10-char keys", "W4 join",
        "W5 groupByKey"};
    Map<String, long[]> expected = new LinkedHashMap<>();
    for (String shape : shapes) {
      expected.put(shape, reference(shape, n));
    }
    System.out.printf("sizes: W1 %,d words, W2/W4/W5 %,d pairs over %,d keys, W3 %,d records; %d maps, %d reduces;"
        + " load %s; %d cores%n", n.words, n.pairs, n.keys, n.sortRecords, MAPS, REDUCES, loadAverage(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf("%-28s %-5s %15s %14s %9s%n", "shape", "codec", "best (worst) s", "shuffle bytes", "vs off");
    Map<String, Long> offBytes = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, Map<String, String>> codec : codecs.entrySet()) {
      SpindleConf conf = new SpindleConf();
      codec.getValue().forEach(conf::set);
      try (SpindleContext ctx = new SpindleContext(conf)) {
        WriteBytes written = new WriteBytes();
        ctx.addListener(written);
        Sizes warmUp = new Sizes(n.words / 20, n.pairs / 20, n.sortRecords / 20, Math.max(1, n.keys / 20));
        for (String shape : shapes) { // JIT and codec classes warm for every codec alike, untimed
          run(ctx, shape, warmUp);
        }
        ctx.waitForListeners(60_000);
        written.take();
        for (String shape : shapes) {
          double best = Double.MAX_VALUE;
          double worst = 0;
          long bytes = 0;
          for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            long[] got = run(ctx, shape, n);
            double secs = (System.nanoTime() - start) / 1e9;
            ctx.waitForListeners(60_000);
            bytes = written.take();
            best = Math.min(best, secs);
            worst = Math.max(worst, secs);
            if (!Arrays.equals(got, expected.get(shape))) {
              System.out.printf("MISMATCH %s %s: got %s expected %s%n", shape, codec.getKey(), Arrays.toString(got),
                  Arrays.toString(expected.get(shape)));
              ok = false;
            }
          }
          if (codec.getKey().equals("off")) {
            offBytes.put(shape, bytes);
          }
          System.out.printf("%-28s %-5s %7.2f (%5.2f) %,14d %8.0f%%%n", shape, codec.getKey(), best, worst, bytes,
              100.0 * bytes / Math.max(1, offBytes.getOrDefault(shape, bytes)));
        }
      }
    }
    System.out.println(ok ? "all results match the plain-Java references" : "RESULTS DIFFER");
    System.exit(ok ? 0 : 1);
  }

  private record Sizes(int words, int pairs, int sortRecords, int keys) {}

  private static String loadAverage() {
    try {
      return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim()
          .split(" ", 4)[0];
    } catch (Exception e) {
      return "?";
    }
  }

  // ---- generated input: the same records in tasks and in the reference (seeded per map partition)

  private static final int VOCABULARY = 200_000;
  private static final double[] ZIPF = zipf(VOCABULARY);

  private static double[] zipf(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / (i + 1);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  static String word(SplittableRandom r) {
    int i = Arrays.binarySearch(ZIPF, r.nextDouble());
    int rank = Math.min(i < 0 ? -i - 1 : i, VOCABULARY - 1);
    return Integer.toString(rank, 26).replace('0', 'q') + "e"; // letters and digits, 2-5 chars
  }

  static List<String> words(int map, int perMap) {
    SplittableRandom r = new SplittableRandom(1000 + map);
    List<String> out = new ArrayList<>(perMap);
    for (int i = 0; i < perMap; i++) {
      out.add(word(r));
    }
    return out;
  }

  static List<Pair<Integer, Integer>> pairs(int map, int perMap, int keys) {
    SplittableRandom r = new SplittableRandom(2000 + map);
    List<Pair<Integer, Integer>> out = new ArrayList<>(perMap);
    for (int i = 0; i < perMap; i++) {
      out.add(Pair.of(r.nextInt(keys), r.nextInt(1000)));
    }
    return out;
  }

  /** gensort-like 100-byte records: 10 random printable key chars, the row number in hex, a filler. */
  static List<Pair<String, String>> records(int map, int perMap) {
    SplittableRandom r = new SplittableRandom(3000 + map);
    List<Pair<String, String>> out = new ArrayList<>(perMap);
    for (int i = 0; i < perMap; i++) {
      char[] k = new char[10];
      for (int j = 0; j < 10; j++) {
        k[j] = (char) (' ' + 1 + r.nextInt(94));
      }
      long row = (long) map * perMap + i;
      String v = String.format("%032X", row) + "  " + "AAAABBBBCCCCDDDDEEEEFFFF0000111122223333444455556666".substring(
          (int) (row % 4) * 4, (int) (row % 4) * 4 + 40) + "\r";
      out.add(Pair.of(new String(k), v));
    }
    return out;
  }

  private static PairRdd<Integer, Integer> pairRdd(SpindleContext ctx, Sizes n) {
    int perMap = n.pairs / MAPS;
    int keys = n.keys;
    return ctx.parallelize(range(MAPS), MAPS).flatMapToPair(m -> pairs(m, perMap, keys).iterator());
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /**
   * Runs one shape; returns a digest of its result: record count and order-independent checksums
   * (W3 also counts order violations, which must be 0).
   */
  static long[] run(SpindleContext ctx, String shape, Sizes n) {
    switch (shape.substring(0, 2)) {
      case "W1": {
        int perMap = n.words / MAPS;
        List<Pair<String, Long>> counts = ctx.parallelize(range(MAPS), MAPS)
            .flatMap(m -> words(m, perMap).iterator()).mapToPair(w -> Pair.of(w, 1L))
            .reduceByKey(Long::sum, REDUCES).collect();
        long sum = 0;
        long mix = 0;
        for (Pair<String, Long> p : counts) {
          sum += p.value();
          mix += p.key().hashCode() * 31L + p.value();
        }
        return new long[] {counts.size(), sum, mix};
      }
      case "W2": {
        List<Pair<Integer, Integer>> sums = pairRdd(ctx, n).reduceByKey(Integer::sum, REDUCES).collect();
        long mix = 0;
        for (Pair<Integer, Integer> p : sums) {
          mix += p.key() * 1_000_003L + p.value();
        }
        return new long[] {sums.size(), mix};
      }
      case "W3": {
        int perMap = n.sortRecords / MAPS;
        List<long[]> parts = ctx.parallelize(range(MAPS), MAPS).flatMapToPair(m -> records(m, perMap).iterator())
            .sortByKey(true, REDUCES).mapPartitions(it -> {
              long count = 0;
              long mix = 0;
              long violations = 0;
              String previous = null;
              while (it.hasNext()) {
                Pair<String, String> p = it.next();
                count++;
                mix += p.key().hashCode() * 31L + p.value().hashCode();
                if (previous != null && previous.compareTo(p.key()) > 0) {
                  violations++;
                }
                previous = p.key();
              }
              return List.of(new long[] {count, mix, violations}).iterator();
            }).collect();
        long[] total = new long[3];
        for (long[] p : parts) {
          for (int i = 0; i < 3; i++) {
            total[i] += p[i];
          }
        }
        return total;
      }
      case "W4": {
        int keys = n.keys;
        PairRdd<Integer, String> table = ctx.parallelize(range(MAPS), MAPS).flatMapToPair(m -> evenKeys(m, keys)
            .iterator());
        List<long[]> parts = pairRdd(ctx, n).join(table, REDUCES).mapPartitions(it -> {
          long count = 0;
          long mix = 0;
          while (it.hasNext()) {
            Pair<Integer, Pair<Integer, String>> p = it.next();
            count++;
            mix += p.key() * 31L + p.value().key() * 7L + p.value().value().hashCode();
          }
          return List.of(new long[] {count, mix}).iterator();
        }).collect();
        long[] total = new long[2];
        parts.forEach(p -> {
          total[0] += p[0];
          total[1] += p[1];
        });
        return total;
      }
      case "W5": {
        List<long[]> parts = pairRdd(ctx, n).groupByKey(REDUCES).mapPartitions(it -> {
          long groups = 0;
          long values = 0;
          long mix = 0;
          while (it.hasNext()) {
            Pair<Integer, Iterable<Integer>> g = it.next();
            groups++;
            long sum = 0;
            for (int v : g.value()) {
              values++;
              sum += v;
            }
            mix += g.key() * 1_000_003L + sum;
          }
          return List.of(new long[] {groups, values, mix}).iterator();
        }).collect();
        long[] total = new long[3];
        parts.forEach(p -> {
          for (int i = 0; i < 3; i++) {
            total[i] += p[i];
          }
        });
        return total;
      }
      default:
        throw new IllegalArgumentException(shape);
    }
  }

  /** The join's other side: every even key twice, spread over the maps. */
  static List<Pair<Integer, String>> evenKeys(int map, int keys) {
    List<Pair<Integer, String>> out = new ArrayList<>();
    for (int k = map * 2; k < keys; k += 2 * MAPS) {
      out.add(Pair.of(k, "left-" + k));
      out.add(Pair.of(k, "right-" + k));
    }
    return out;
  }

  /** The same digests, computed with plain Java collections from the same generators. */
  static long[] reference(String shape, Sizes n) {
    switch (shape.substring(0, 2)) {
      case "W1": {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (int m = 0; m < MAPS; m++) {
          for (String w : words(m, n.words / MAPS)) {
            counts.merge(w, 1L, Long::sum);
          }
        }
        long sum = 0;
        long mix = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
          sum += e.getValue();
          mix += e.getKey().hashCode() * 31L + e.getValue();
        }
        return new long[] {counts.size(), sum, mix};
      }
      case "W2":
      case "W5": {
        long[] sums = new long[n.keys];
        long[] counts = new long[n.keys];
        for (int m = 0; m < MAPS; m++) {
          for (Pair<Integer, Integer> p : pairs(m, n.pairs / MAPS, n.keys)) {
            sums[p.key()] += p.value();
            counts[p.key()]++;
          }
        }
        long keys = 0;
        long values = 0;
        long mix = 0;
        for (int k = 0; k < n.keys; k++) {
          if (counts[k] > 0) {
            keys++;
            values += counts[k];
            mix += k * 1_000_003L + (shape.startsWith("W2") ? (int) sums[k] : sums[k]);
          }
        }
        return shape.startsWith("W2") ? new long[] {keys, mix} : new long[] {keys, values, mix};
      }
      case "W3": {
        long count = 0;
        long mix = 0;
        for (int m = 0; m < MAPS; m++) {
          for (Pair<String, String> p : records(m, n.sortRecords / MAPS)) {
            count++;
            mix += p.key().hashCode() * 31L + p.value().hashCode();
          }
        }
        return new long[] {count, mix, 0};
      }
      case "W4": {
        long count = 0;
        long mix = 0;
        for (int m = 0; m < MAPS; m++) {
          for (Pair<Integer, Integer> p : pairs(m, n.pairs / MAPS, n.keys)) {
            int k = p.key();
            if (k % 2 == 0) {
              for (String side : List.of("left-" + k, "right-" + k)) {
                count++;
                mix += k * 31L + p.value() * 7L + side.hashCode();
              }
            }
          }
        }
        return new long[] {count, mix};
      }
      default:
        throw new IllegalArgumentException(shape);
    }
  }
}
