package io.spindle.shuffle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shuffle compression (spindle.shuffle.compress, spindle.shuffle.spill.compress,
 * spindle.io.compression.codec): the five shapes of the benchmark doc (W1 wordcount over Zipf
 * words, W2 (int,int) reduceByKey, W3 sortByKey of 10-char keys, W4 join, W5 groupByKey; small,
 * seeded) give the plain-Java reference result with lz4, zstd and compression off, with and without
 * forced spills, and compressed shuffles write fewer bytes (task metrics) than uncompressed ones.
 */
class ShuffleCompressionTest {
  /** Codec settings under test: name → settings. */
  private static final Map<String, Map<String, String>> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("off", Map.of("spindle.shuffle.compress", "false", "spindle.shuffle.spill.compress", "false"));
    SETTINGS.put("lz4", Map.of()); // the defaults
    SETTINGS.put("zstd", Map.of("spindle.io.compression.codec", "zstd"));
    SETTINGS.put("hadoop-deflate", Map.of("spindle.io.compression.codec", "org.apache.hadoop.io.compress.DefaultCodec"));
    // every collection spills every 1000 records (several times per task), and at most 3 runs merge at once
    SETTINGS.put("lz4+spills", Map.of("spindle.shuffle.spill.numElementsForceSpillThreshold", "1000",
        "spindle.shuffle.spill.mergeFactor", "3"));
    SETTINGS.put("zstd+spills", Map.of("spindle.io.compression.codec", "zstd",
        "spindle.shuffle.spill.numElementsForceSpillThreshold", "1000", "spindle.shuffle.spill.mergeFactor", "3"));
    SETTINGS.put("off+spills", Map.of("spindle.shuffle.compress", "false", "spindle.shuffle.spill.compress", "false",
        "spindle.shuffle.spill.numElementsForceSpillThreshold", "1000", "spindle.shuffle.spill.mergeFactor", "3"));
    // spills compressed, map output not (and the other way round): the two keys act on their own
    SETTINGS.put("spills only", Map.of("spindle.shuffle.compress", "false",
        "spindle.shuffle.spill.numElementsForceSpillThreshold", "1000", "spindle.shuffle.spill.mergeFactor", "3"));
    SETTINGS.put("output only", Map.of("spindle.shuffle.spill.compress", "false",
        "spindle.shuffle.spill.numElementsForceSpillThreshold", "1000", "spindle.shuffle.spill.mergeFactor", "3"));
  }

  /** Results and metrics: settings name → shape → (normalised result, shuffle bytes written, disk bytes spilled). */
  private static final Map<String, Map<String, Run>> RUNS = new LinkedHashMap<>();

  private record Run(Object result, long shuffleBytesWritten, long diskBytesSpilled, long spills) {}

  private static final List<String> WORDS = zipfWords(20_000, 2_000, 1);
  private static final List<Pair<Integer, Integer>> INT_PAIRS = intPairs(30_000, 3_000, 2);
  private static final List<Pair<String, Integer>> TEN_CHAR_KEYS = tenCharKeys(8_000, 3);

  @BeforeAll
  static void runEveryShapeUnderEverySetting() {
    for (Map.Entry<String, Map<String, String>> s : SETTINGS.entrySet()) {
      SpindleConf conf = new SpindleConf(false).setMaster("local[2]").set("spindle.ui.enabled", "false");
      s.getValue().forEach(conf::set);
      try (SpindleContext ctx = new SpindleContext(conf)) {
        MetricSums sums = new MetricSums();
        ctx.addListener(sums);
        Map<String, Run> runs = new LinkedHashMap<>();
        for (Shape shape : Shape.values()) {
          runs.put(shape.name(), measure(ctx, sums, shape.job));
        }
        RUNS.put(s.getKey(), runs);
      }
    }
  }

  @AfterAll
  static void clear() {
    RUNS.forEach((setting, runs) -> runs.forEach((shape, run) -> System.out.printf(
        "%-14s %-24s shuffle bytes written %,10d  disk bytes spilled %,10d  spills %d%n", setting, shape,
        run.shuffleBytesWritten(), run.diskBytesSpilled(), run.spills())));
    RUNS.clear();
  }

  /** Sums the metrics of the tasks that ended since the last {@link #take}. */
  private static final class MetricSums implements SpindleListener {
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong spills = new AtomicLong();

    @Override
    public void onTaskEnd(TaskInfo task) {
      TaskMetrics m = task.metrics();
      if (m != null) {
        written.addAndGet(m.shuffleWriteBytes());
        spilled.addAndGet(m.diskBytesSpilled());
        spills.addAndGet(m.spillCount());
      }
    }

    Run take(Object result) {
      return new Run(result, written.getAndSet(0), spilled.getAndSet(0), spills.getAndSet(0));
    }
  }

  /** Runs one job, summing the metrics of its tasks. */
  private static Run measure(SpindleContext ctx, MetricSums sums, Function<SpindleContext, Object> job) {
    Object result = job.apply(ctx);
    assertTrue(ctx.waitForListeners(30_000));
    return sums.take(result);
  }

  /** The shapes; each returns its result in a form equal to its reference's. */
  enum Shape {
    W1_WORDCOUNT(ctx -> new TreeMap<>(ctx.parallelize(WORDS, 6).mapToPair(w -> Pair.of(w, 1L))
        .reduceByKey(Long::sum, 4).collectAsMap())),
    W2_INT_REDUCE(ctx -> new TreeMap<>(ctx.parallelizePairs(INT_PAIRS, 6).reduceByKey(Integer::sum, 5)
        .collectAsMap())),
    W3_SORT(ctx -> ctx.parallelizePairs(TEN_CHAR_KEYS, 5).sortByKey(true, 4).collect()),
    W4_JOIN(ctx -> sortedPairs(ctx.parallelizePairs(INT_PAIRS.subList(0, 4_000), 4)
        .join(ctx.parallelizePairs(evenKeysTwice(), 3), 6).mapValues(v -> v.key() + ":" + v.value()).collect())),
    W5_GROUP(ctx -> grouped(ctx.parallelizePairs(INT_PAIRS, 6).groupByKey(7))),
    EMPTY_INPUT(ctx -> ctx.parallelizePairs(new ArrayList<Pair<String, Integer>>(), 3).reduceByKey(Integer::sum, 4)
        .collect()),
    MOSTLY_EMPTY_PARTITIONS(ctx -> new TreeMap<>(ctx.parallelize(List.of("a", "b", "a"), 2)
        .mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum, 64).collectAsMap())),
    LARGE_RECORDS(ctx -> digest(ctx.parallelizePairs(largeRecords(), 3).groupByKey(2)));

    final Function<SpindleContext, Object> job;

    Shape(Function<SpindleContext, Object> job) {
      this.job = job;
    }
  }

  /** The plain-Java result of each shape. */
  private static Object reference(Shape shape) {
    switch (shape) {
      case W1_WORDCOUNT: {
        Map<String, Long> m = new TreeMap<>();
        WORDS.forEach(w -> m.merge(w, 1L, Long::sum));
        return m;
      }
      case W2_INT_REDUCE: {
        Map<Integer, Integer> m = new TreeMap<>();
        INT_PAIRS.forEach(p -> m.merge(p.key(), p.value(), Integer::sum));
        return m;
      }
      case W3_SORT: {
        List<Pair<String, Integer>> sorted = new ArrayList<>(TEN_CHAR_KEYS);
        sorted.sort(Comparator.comparing(Pair::key)); // keys are distinct: the order is total
        return sorted;
      }
      case W4_JOIN: {
        List<Pair<Integer, String>> out = new ArrayList<>();
        for (Pair<Integer, Integer> l : INT_PAIRS.subList(0, 4_000)) {
          for (Pair<Integer, String> r : evenKeysTwice()) {
            if (l.key().equals(r.key())) {
              out.add(Pair.of(l.key(), l.value() + ":" + r.value()));
            }
          }
        }
        return sortedPairs(out);
      }
      case W5_GROUP: {
        Map<Integer, List<Integer>> m = new TreeMap<>();
        INT_PAIRS.forEach(p -> m.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value()));
        m.values().forEach(Collections::sort);
        return m;
      }
      case EMPTY_INPUT:
        return List.of();
      case MOSTLY_EMPTY_PARTITIONS:
        return new TreeMap<>(Map.of("a", 2, "b", 1));
      case LARGE_RECORDS: {
        Map<String, List<String>> m = new TreeMap<>();
        for (Pair<String, byte[]> p : largeRecords()) {
          m.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value().length + "/" + Arrays.hashCode(p.value()));
        }
        m.values().forEach(Collections::sort);
        return m;
      }
      default:
        throw new AssertionError(shape);
    }
  }

  static Stream<String> settings() {
    return SETTINGS.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void everyShapeGivesTheReferenceResult(String setting) {
    for (Shape shape : Shape.values()) {
      assertEquals(reference(shape), RUNS.get(setting).get(shape.name()).result(), setting + " " + shape);
    }
  }

  private static final List<Shape> W1_TO_W5 = List.of(Shape.W1_WORDCOUNT, Shape.W2_INT_REDUCE, Shape.W3_SORT,
      Shape.W4_JOIN, Shape.W5_GROUP);

  private static long written(String setting, Shape shape) {
    return RUNS.get(setting).get(shape.name()).shuffleBytesWritten();
  }

  /**
   * zstd shrinks every shape. lz4 (no entropy coder: it only finds repeated byte strings) shrinks the
   * shapes with repeated words, classes and lists (W1, W4, W5) and the five together; on W2's random
   * ints and W3's random 10-letter keys it finds nothing to match and adds only its framing (measured:
   * under 1%).
   */
  @Test
  void compressedShufflesWriteFewerBytes() {
    long off = 0;
    long lz4 = 0;
    for (Shape shape : W1_TO_W5) {
      assertTrue(written("zstd", shape) < written("off", shape),
          "zstd " + shape + ": " + written("zstd", shape) + " bytes, uncompressed " + written("off", shape));
      if (shape == Shape.W2_INT_REDUCE || shape == Shape.W3_SORT) {
        assertTrue(written("lz4", shape) <= written("off", shape) * 1.01,
            "lz4 " + shape + ": " + written("lz4", shape) + " bytes, uncompressed " + written("off", shape));
      } else {
        assertTrue(written("lz4", shape) < written("off", shape),
            "lz4 " + shape + ": " + written("lz4", shape) + " bytes, uncompressed " + written("off", shape));
      }
      off += written("off", shape);
      lz4 += written("lz4", shape);
    }
    assertTrue(lz4 < off, "lz4 over W1-W5: " + lz4 + " bytes, uncompressed " + off);
    assertTrue(written("lz4", Shape.LARGE_RECORDS) < written("off", Shape.LARGE_RECORDS) / 2,
        "half the large records are repetitive text");
    assertEquals(0, written("lz4", Shape.EMPTY_INPUT), "an empty shuffle writes nothing, compressed or not");
  }

  /** The same spills happen with and without spill compression; zstd's take clearly less disk, lz4's about the same. */
  @Test
  void compressedSpillsTakeLessDisk() {
    long plain = 0;
    long lz4 = 0;
    long zstd = 0;
    for (Shape shape : W1_TO_W5) {
      Run off = RUNS.get("off+spills").get(shape.name());
      assertEquals(off.spills(), RUNS.get("lz4+spills").get(shape.name()).spills(), "the same spills: " + shape);
      assertEquals(off.spills(), RUNS.get("zstd+spills").get(shape.name()).spills(), "the same spills: " + shape);
      plain += off.diskBytesSpilled();
      lz4 += RUNS.get("lz4+spills").get(shape.name()).diskBytesSpilled();
      zstd += RUNS.get("zstd+spills").get(shape.name()).diskBytesSpilled();
    }
    assertTrue(plain > 0, "the forced-spill settings made the shapes spill");
    assertTrue(zstd < plain * 0.9, "zstd spills " + zstd + " bytes, uncompressed " + plain);
    assertTrue(lz4 <= plain * 1.05, "lz4 spills " + lz4 + " bytes, uncompressed " + plain);
  }

  @Test
  void aMalformedCodecNameIsRefusedWithTheKeyNamed() {
    SpindleConf conf = new SpindleConf(false).setMaster("local[1]").set("spindle.ui.enabled", "false")
        .set("spindle.io.compression.codec", "snappy!");
    io.spindle.config.InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.spindle.config.InvalidConfigException.class, () -> new SpindleContext(conf).close());
    assertTrue(e.getMessage().contains("spindle.io.compression.codec"), e.getMessage());
  }

  @Test
  void aClassThatIsNoCodecIsRefusedWithTheKeyNamed() {
    io.spindle.config.InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.spindle.config.InvalidConfigException.class,
        () -> io.spindle.shuffle.codec.ShuffleCompression.codec("java.lang.String", 32 * 1024));
    assertTrue(e.getMessage().contains("spindle.io.compression.codec") && e.getMessage().contains("java.lang.String"),
        e.getMessage());
  }

  // ---- data (seeded)

  /** Words whose ranks follow a Zipf distribution (probability ~ 1/rank). */
  static List<String> zipfWords(int n, int vocabulary, long seed) {
    double[] cumulative = new double[vocabulary];
    double sum = 0;
    for (int i = 0; i < vocabulary; i++) {
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int rank = Arrays.binarySearch(cumulative, r.nextDouble() * sum);
      rank = rank < 0 ? -rank - 1 : rank;
      out.add("word" + Integer.toString(Math.min(rank, vocabulary - 1), 26));
    }
    return out;
  }

  static List<Pair<Integer, Integer>> intPairs(int n, int keys, long seed) {
    Random r = new Random(seed);
    List<Pair<Integer, Integer>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Pair.of(r.nextInt(keys), r.nextInt(1000)));
    }
    return out;
  }

  /** Distinct random 10-letter keys (as the sort benchmark's), values their index. */
  static List<Pair<String, Integer>> tenCharKeys(int n, long seed) {
    Random r = new Random(seed);
    Map<String, Integer> keys = new LinkedHashMap<>();
    while (keys.size() < n) {
      char[] k = new char[10];
      for (int i = 0; i < 10; i++) {
        k[i] = (char) ('A' + r.nextInt(26));
      }
      keys.putIfAbsent(new String(k), keys.size());
    }
    List<Pair<String, Integer>> out = new ArrayList<>();
    keys.forEach((k, v) -> out.add(Pair.of(k, v)));
    return out;
  }

  static List<Pair<Integer, String>> evenKeysTwice() {
    List<Pair<Integer, String>> out = new ArrayList<>();
    for (int k = 0; k < 3_000; k += 2) {
      out.add(Pair.of(k, "x" + k));
      out.add(Pair.of(k, "y" + k));
    }
    return out;
  }

  /** Values larger than the file buffer and the lz4 block: a repetitive one and an incompressible one per key. */
  static List<Pair<String, byte[]>> largeRecords() {
    Random r = new Random(7);
    List<Pair<String, byte[]>> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] noise = new byte[100_000 + i];
      r.nextBytes(noise);
      byte[] text = "large record ".repeat(20_000 + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.add(Pair.of("k" + (i % 3), noise));
      out.add(Pair.of("k" + (i % 3), text));
    }
    return out;
  }

  private static <K extends Comparable<K>> List<Pair<K, String>> sortedPairs(List<Pair<K, String>> pairs) {
    List<Pair<K, String>> out = new ArrayList<>(pairs);
    out.sort(Comparator.comparing((Pair<K, String> p) -> p.key()).thenComparing(Pair::value));
    return out;
  }

  private static Map<Integer, List<Integer>> grouped(PairRdd<Integer, Iterable<Integer>> groups) {
    Map<Integer, List<Integer>> m = new TreeMap<>();
    for (Pair<Integer, Iterable<Integer>> g : groups.collect()) {
      List<Integer> values = new ArrayList<>();
      g.value().forEach(values::add);
      Collections.sort(values);
      assertEquals(null, m.put(g.key(), values), "key twice: " + g.key());
    }
    return m;
  }

  private static Map<String, List<String>> digest(PairRdd<String, Iterable<byte[]>> groups) {
    Map<String, List<String>> m = new TreeMap<>();
    for (Pair<String, Iterable<byte[]>> g : groups.collect()) {
      List<String> values = new ArrayList<>();
      g.value().forEach(v -> values.add(v.length + "/" + Arrays.hashCode(v)));
      Collections.sort(values);
      m.put(g.key(), values);
    }
    return m;
  }

  @Test
  void largeRecordsAreWholeAfterTheRoundTrip() {
    // the digest compares lengths and content hashes; check one value byte for byte too
    byte[] expected = largeRecords().get(0).value();
    SpindleConf conf = new SpindleConf(false).setMaster("local[1]").set("spindle.ui.enabled", "false")
        .set("spindle.io.compression.codec", "zstd").set("spindle.shuffle.file.buffer", "1k");
    try (SpindleContext ctx = new SpindleContext(conf)) {
      List<Pair<String, byte[]>> back = ctx.parallelizePairs(largeRecords().subList(0, 1), 1)
          .partitionBy(new io.spindle.function.HashPartitioner(3)).collect();
      assertArrayEquals(expected, back.get(0).value());
    }
  }

}
