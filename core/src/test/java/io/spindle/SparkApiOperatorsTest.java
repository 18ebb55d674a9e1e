package io.spindle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import io.spindle.function.StatCounter;
import io.spindle.function.Triple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operators of issue 14 (isEmpty, zip, zipPartitions, groupBy, treeAggregate, treeReduce,
 * randomSplit, takeSample, pipe, toLocalIterator; on pairs repartitionAndSortWithinPartitions,
 * mapPartitionsToPair, groupWith, sampleByKey, reduceByKeyLocally; DoubleRdd's numeric actions)
 * against plain-Java references, for every input shape of {@link TestData#cases()}.
 */
class SparkApiOperatorsTest {
  private static SpindleContext ctx;
  private static final AtomicInteger JOBS = new AtomicInteger();

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
    ctx.addListener(new SpindleListener() {
      @Override
      public void onJobStart(int jobId, List<Integer> stageIds) {
        JOBS.incrementAndGet();
      }
    });
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clear() {
    // The bus is asynchronous: the previous test's job events must be in before the count restarts
    // (toLocalIterator's count once saw 9 jobs for 3 partitions in a full core run).
    assertTrue(ctx.waitForListeners(10_000), "the previous test's events delivered");
    JOBS.set(0);
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  private static Rdd<String> words(Case c) {
    return ctx.parallelize(c.words(), c.slices());
  }

  /** ParallelCollectionRdd's contiguous slices, computed independently. */
  private static List<List<String>> slices(List<String> words, int slices) {
    List<List<String>> out = new ArrayList<>();
    long n = words.size();
    for (int i = 0; i < slices; i++) {
      out.add(words.subList((int) (i * n / slices), (int) ((i + 1) * n / slices)));
    }
    return out;
  }

  private static <T extends Comparable<T>> List<T> sorted(List<T> in) {
    List<T> copy = new ArrayList<>(in);
    Collections.sort(copy);
    return copy;
  }

  private static Map<String, Long> counts(List<String> words) {
    return words.stream().collect(Collectors.groupingBy(w -> w, TreeMap::new, Collectors.counting()));
  }

  /** A double for each word, negative ones included. */
  private static double valueOf(String w) {
    return (w.hashCode() % 1000) / 7.0;
  }

  // ---------------------------------------------------------------- isEmpty, toLocalIterator

  @ParameterizedTest
  @MethodSource("cases")
  void isEmptyTellsWhetherThereIsAnElement(Case c) {
    assertEquals(c.words().isEmpty(), words(c).isEmpty());
    assertTrue(words(c).filter(w -> false).isEmpty());
    assertTrue(ctx.emptyRdd().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void toLocalIteratorRunsOneJobPerPartitionAsItGoes(Case c) {
    Iterator<String> it = words(c).toLocalIterator();
    assertEquals(0, JOBS.get(), "nothing runs before the iterator is read");
    List<String> seen = new ArrayList<>();
    it.forEachRemaining(seen::add);
    assertEquals(c.words(), seen);
    assertTrue(ctx.waitForListeners(10_000), "job events delivered");
    assertEquals(c.slices(), JOBS.get(), "one job per partition");
  }

  // ---------------------------------------------------------------- zip, zipPartitions

  @ParameterizedTest
  @MethodSource("cases")
  void zipPairsTheIthElements(Case c) {
    Rdd<String> w = words(c);
    List<Pair<String, Integer>> expected = new ArrayList<>();
    for (String s : c.words()) {
      expected.add(Pair.of(s, s.length()));
    }
    assertEquals(expected, w.zip(w.map(String::length)).collect());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void zipPartitionsSeesPartitionIOfBoth(Case c) {
    Rdd<String> w = words(c);
    Rdd<Integer> lengths = w.map(String::length);
    List<String> got = w.zipPartitions(lengths, (a, b) -> {
      int n = 0;
      int total = 0;
      while (a.hasNext()) {
        a.next();
        n++;
      }
      while (b.hasNext()) {
        total += b.next();
      }
      return List.of(n + ":" + total).iterator();
    }).collect();
    List<String> expected = new ArrayList<>();
    for (List<String> slice : slices(c.words(), c.slices())) {
      expected.add(slice.size() + ":" + slice.stream().mapToInt(String::length).sum());
    }
    assertEquals(expected, got);
  }

  @Test
  void zipRefusesUnequalPartitionsAndUnequalSizes() {
    Rdd<Integer> three = ctx.parallelize(List.of(1, 2, 3), 3);
    IllegalArgumentException counts = assertThrows(IllegalArgumentException.class,
        () -> three.zip(ctx.parallelize(List.of(1, 2, 3), 2)).collect());
    assertTrue(counts.getMessage().contains("unequal numbers of partitions: [3, 2]"), counts.getMessage());
    Exception sizes = assertThrows(Exception.class, () -> three.zip(three.filter(x -> x != 2)).collect());
    assertTrue(chain(sizes).contains("Can only zip RDDs with same number of elements in each partition"), chain(sizes));
  }

  // ---------------------------------------------------------------- groupBy, groupWith

  @ParameterizedTest
  @MethodSource("cases")
  void groupByGroupsByTheComputedKey(Case c) {
    Map<Integer, List<String>> expected = new TreeMap<>();
    for (String s : c.words()) {
      expected.computeIfAbsent(s.codePointAt(0), k -> new ArrayList<>()).add(s);
    }
    expected.replaceAll((k, v) -> sorted(v));
    for (PairRdd<Integer, Iterable<String>> grouped : List.of(words(c).groupBy(s -> s.codePointAt(0)),
        words(c).groupBy(s -> s.codePointAt(0), 3), words(c).groupBy(s -> s.codePointAt(0), new HashPartitioner(5)))) {
      Map<Integer, List<String>> got = new TreeMap<>();
      for (Pair<Integer, Iterable<String>> p : grouped.collect()) {
        List<String> values = new ArrayList<>();
        p.value().forEach(values::add);
        assertEquals(null, got.put(p.key(), sorted(values)), "key twice: " + p.key());
      }
      assertEquals(expected, got);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void groupWithIsCogroup(Case c) {
    PairRdd<String, Integer> left = words(c).mapToPair(w -> Pair.of(w, w.length()));
    List<String> others = c.words().stream().filter(w -> w.hashCode() % 3 == 0).toList();
    PairRdd<String, String> right = ctx.parallelize(others, 3).mapToPair(w -> Pair.of(w, w + "!"));
    PairRdd<String, Long> third = ctx.parallelize(others, 2).mapToPair(w -> Pair.of(w, 1L));
    Map<String, String> expected = new TreeMap<>();
    for (String k : new java.util.TreeSet<>(c.words())) {
      long n = c.words().stream().filter(k::equals).count();
      long m = others.stream().filter(k::equals).count();
      expected.put(k, n + "/" + m);
    }
    for (String k : others) {
      expected.putIfAbsent(k, "0/" + others.stream().filter(k::equals).count());
    }
    Map<String, String> got = new TreeMap<>();
    for (Pair<String, Pair<Iterable<Integer>, Iterable<String>>> p : left.groupWith(right).collect()) {
      got.put(p.key(), size(p.value().key()) + "/" + size(p.value().value()));
    }
    assertEquals(expected, got);
    Map<String, String> got3 = new TreeMap<>();
    for (Pair<String, Triple<Iterable<Integer>, Iterable<String>, Iterable<Long>>> p
        : left.groupWith(right, third).collect()) {
      assertEquals(size(p.value().second()), size(p.value().third()));
      got3.put(p.key(), size(p.value().first()) + "/" + size(p.value().second()));
    }
    assertEquals(expected, got3);
  }

  private static int size(Iterable<?> values) {
    int n = 0;
    for (Object ignored : values) {
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- treeAggregate, treeReduce

  @ParameterizedTest
  @MethodSource("cases")
  void treeAggregateEqualsAPlainFold(Case c) {
    Map<String, Long> expected = counts(c.words());
    long expectedLength = c.words().stream().mapToLong(String::length).sum();
    for (int depth : new int[] {1, 2, 3, 5}) {
      TreeMap<String, Long> got = words(c).treeAggregate(new TreeMap<String, Long>(), (m, w) -> {
        m.merge(w, 1L, Long::sum);
        return m;
      }, (a, b) -> {
        b.forEach((k, v) -> a.merge(k, v, Long::sum));
        return a;
      }, depth);
      assertEquals(expected, got, "depth " + depth);
      assertEquals(expectedLength, (long) words(c).treeAggregate(0L, (acc, w) -> acc + w.length(), Long::sum, depth));
    }
    assertThrows(IllegalArgumentException.class, () -> words(c).treeAggregate(0, (a, w) -> a, Integer::sum, 0));
  }

  @Test
  void treeAggregateShufflesOnlyWhenThereAreManyPartials() {
    List<String> many = TestData.random(3_000, 100, 9);
    JOBS.set(0);
    List<Integer> stages = Collections.synchronizedList(new ArrayList<>()); // filled on the listener bus's thread
    SpindleListener stageCounter = new SpindleListener() {
      @Override
      public void onJobStart(int jobId, List<Integer> stageIds) {
        stages.add(stageIds.size());
      }
    };
    ctx.addListener(stageCounter);
    long sum = ctx.parallelize(many, 64).treeAggregate(0L, (a, w) -> a + w.length(), Long::sum, 2);
    assertEquals(many.stream().mapToLong(String::length).sum(), sum);
    assertTrue(ctx.waitForListeners(30_000), "the job's start reached the listener"); // delivered asynchronously
    // 64 partials, scale 8: 64 > 8 + 8, so one level folds them into 8 partitions (one shuffle)
    assertEquals(2, (int) stages.get(stages.size() - 1), "a map stage and the result stage: " + stages);
    ctx.parallelize(many, 4).treeAggregate(0L, (a, w) -> a + w.length(), Long::sum, 2);
    assertTrue(ctx.waitForListeners(30_000), "the job's start reached the listener");
    assertEquals(1, (int) stages.get(stages.size() - 1), "4 partials are combined on the driver: " + stages);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void treeReduceEqualsAPlainReduce(Case c) {
    Rdd<Integer> lengths = words(c).map(String::length);
    for (int depth : new int[] {1, 2, 4}) {
      if (c.words().isEmpty()) {
        assertThrows(UnsupportedOperationException.class, () -> lengths.treeReduce(Integer::sum, depth));
      } else {
        assertEquals(c.words().stream().mapToInt(String::length).sum(), lengths.treeReduce(Integer::sum, depth));
        assertEquals(Collections.max(c.words()), words(c).treeReduce((a, b) -> a.compareTo(b) >= 0 ? a : b, depth));
      }
    }
  }

  // ---------------------------------------------------------------- randomSplit, takeSample

  @ParameterizedTest
  @MethodSource("cases")
  void randomSplitPartitionsTheElementsByWeight(Case c) {
    double[] weights = {1, 2, 0, 3};
    Rdd<String>[] splits = words(c).randomSplit(weights, 42L);
    assertEquals(4, splits.length);
    List<String> all = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (Rdd<String> s : splits) {
      List<String> part = s.collect();
      sizes.add(part.size());
      all.addAll(part);
      assertEquals(part, s.collect(), "a split is the same every time it is computed");
    }
    assertEquals(sorted(c.words()), sorted(all), "every element in exactly one split");
    assertEquals(0, (int) sizes.get(2), "a zero weight gets nothing");
    int n = c.words().size();
    if (n >= 1000) {
      for (int i = 0; i < 4; i++) {
        double expected = n * weights[i] / 6;
        assertTrue(Math.abs(sizes.get(i) - expected) < 5 * Math.sqrt(n) + 1, "split " + i + ": " + sizes);
      }
    }
    assertEquals(words(c).randomSplit(weights, 42L)[3].collect(), splits[3].collect(), "same seed, same split");
  }

  @Test
  void randomSplitRefusesBadWeights() {
    Rdd<String> w = ctx.parallelize(List.of("a"), 1);
    assertThrows(IllegalArgumentException.class, () -> w.randomSplit(new double[] {1, -1}));
    assertThrows(IllegalArgumentException.class, () -> w.randomSplit(new double[] {0, 0}));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void takeSampleReturnsExactlyNumElementsOfTheInput(Case c) {
    int n = c.words().size();
    Map<String, Long> available = counts(c.words());
    for (int num : new int[] {0, 1, 10, n, n + 5}) {
      List<String> without = words(c).takeSample(false, num, 7L);
      assertEquals(Math.min(num, n), without.size(), "without replacement, num " + num);
      counts(without).forEach((k, v) -> assertTrue(v <= available.getOrDefault(k, 0L), k + " drawn too often"));
      assertEquals(without, words(c).takeSample(false, num, 7L), "same seed, same sample");
      List<String> with = words(c).takeSample(true, num, 7L);
      assertEquals(n == 0 ? 0 : num, with.size(), "with replacement, num " + num);
      assertTrue(available.keySet().containsAll(with));
    }
    if (n > 1) {
      assertEquals(sorted(c.words()), sorted(words(c).takeSample(false, n, 3L)), "num >= count: all, shuffled");
    }
    assertThrows(IllegalArgumentException.class, () -> words(c).takeSample(false, -1));
  }

  // ---------------------------------------------------------------- pipe

  @ParameterizedTest
  @MethodSource("cases")
  void pipeRunsTheCommandOncePerPartition(Case c) {
    assertEquals(c.words(), words(c).pipe("cat").collect());
    List<String> lineCounts = words(c).pipe(List.of("wc", "-l")).map(String::trim).collect();
    List<String> expected = new ArrayList<>();
    for (List<String> slice : slices(c.words(), c.slices())) {
      expected.add(String.valueOf(slice.size()));
    }
    assertEquals(expected, lineCounts);
  }

  @Test
  void pipePassesTheEnvironment() {
    List<String> got = ctx.parallelize(List.of("a", "b", "c"), 2)
        .pipe(List.of("sh", "-c", "cat >/dev/null; echo \"$SPINDLE_TEST_VAR\""), Map.of("SPINDLE_TEST_VAR", "café ok"))
        .collect();
    assertEquals(List.of("café ok", "café ok"), got);
  }

  @Test
  void pipeFailsTheJobNamingTheCommandAndItsExitStatus() {
    Rdd<String> failing = ctx.parallelize(List.of("a", "b"), 1).pipe(List.of("sh", "-c", "cat; exit 3"));
    Exception e = assertThrows(Exception.class, failing::collect);
    assertTrue(chain(e).contains("Subprocess exited with status 3. Command ran: sh -c cat; exit 3"), chain(e));
    Exception missing = assertThrows(Exception.class,
        () -> ctx.parallelize(List.of("a"), 1).pipe("no-such-command-spindle").collect());
    assertTrue(chain(missing).contains("no-such-command-spindle"), chain(missing));
  }

  @Test
  void pipeLetsTheCommandsStderrThrough() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<String> out;
    try {
      out = ctx.parallelize(List.of("x", "y"), 1).pipe(List.of("sh", "-c", "cat; echo 'warning: ünïcode' >&2"))
          .collect();
    } finally {
      System.setErr(original);
    }
    assertEquals(List.of("x", "y"), out, "stderr is not part of the output");
    assertTrue(captured.toString(StandardCharsets.UTF_8).contains("warning: ünïcode"), captured.toString());
  }

  private static String chain(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable x = t; x != null; x = x.getCause()) {
      s.append(x).append(" <- ");
    }
    return s.toString();
  }

  // ---------------------------------------------------------------- pairs: secondary sort, mapPartitionsToPair, sampleByKey, reduceByKeyLocally

  @ParameterizedTest
  @MethodSource("cases")
  void repartitionAndSortWithinPartitionsSortsEachPartitionsKeys(Case c) {
    PairRdd<String, Integer> pairs = words(c).mapToPair(w -> Pair.of(w, w.length()));
    int n = 5;
    for (boolean reverse : new boolean[] {false, true}) {
      Comparator<String> order = reverse
          ? (Comparator<String> & Serializable) (a, b) -> b.compareTo(a)
          : (Comparator<String> & Serializable) String::compareTo;
      PairRdd<String, Integer> sortedPairs = reverse
          ? pairs.repartitionAndSortWithinPartitions(new HashPartitioner(n), order)
          : pairs.repartitionAndSortWithinPartitions(new HashPartitioner(n));
      List<List<Pair<String, Integer>>> parts = sortedPairs.glom().collect();
      assertEquals(n, parts.size());
      for (int p = 0; p < n; p++) {
        int partition = p;
        List<String> expectedKeys = new ArrayList<>(c.words().stream()
            .filter(w -> Math.floorMod(w.hashCode(), n) == partition).toList());
        expectedKeys.sort(order);
        assertEquals(expectedKeys, parts.get(p).stream().map(Pair::key).toList(), "partition " + p);
        parts.get(p).forEach(x -> assertEquals(x.key().length(), (int) x.value()));
      }
      assertEquals(new HashPartitioner(n), sortedPairs.partitioner());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void mapPartitionsToPairSeesWholePartitions(Case c) {
    List<Pair<Integer, Integer>> got = words(c).mapPartitionsToPair(it -> {
      int n = 0;
      int chars = 0;
      while (it.hasNext()) {
        chars += it.next().length();
        n++;
      }
      return List.of(Pair.of(n, chars)).iterator();
    }).collect();
    List<Pair<Integer, Integer>> expected = new ArrayList<>();
    for (List<String> slice : slices(c.words(), c.slices())) {
      expected.add(Pair.of(slice.size(), slice.stream().mapToInt(String::length).sum()));
    }
    assertEquals(expected, got);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sampleByKeyUsesEachKeysFraction(Case c) {
    PairRdd<String, Integer> pairs = words(c).mapToPair(w -> Pair.of(w, w.length()));
    Map<String, Double> fractions = new HashMap<>();
    for (String k : c.words()) {
      fractions.put(k, k.hashCode() % 2 == 0 ? 0.0 : k.equals("hot") ? 0.25 : 1.0);
    }
    Map<String, Long> available = counts(c.words());
    for (boolean withReplacement : new boolean[] {false, true}) {
      List<Pair<String, Integer>> sample = pairs.sampleByKey(withReplacement, fractions, 11L).collect();
      assertEquals(sample, pairs.sampleByKey(withReplacement, fractions, 11L).collect(), "same seed, same sample");
      Map<String, Long> drawn = counts(sample.stream().map(Pair::key).toList());
      for (Map.Entry<String, Long> e : drawn.entrySet()) {
        assertTrue(fractions.get(e.getKey()) > 0, "a key with fraction 0 is never drawn: " + e.getKey());
        if (!withReplacement) {
          assertTrue(e.getValue() <= available.get(e.getKey()));
        }
      }
      if (!withReplacement) {
        for (Map.Entry<String, Long> e : available.entrySet()) {
          if (fractions.get(e.getKey()) == 1.0) {
            assertEquals(e.getValue(), drawn.get(e.getKey()), "fraction 1 keeps every pair of " + e.getKey());
          }
        }
      }
      long hot = available.getOrDefault("hot", 0L);
      if (hot > 1000 && fractions.get("hot") > 0) {
        long got = drawn.getOrDefault("hot", 0L);
        assertTrue(Math.abs(got - hot * 0.25) < 5 * Math.sqrt(hot), "hot: " + got + " of " + hot);
      }
    }
    if (!c.words().isEmpty()) {
      Exception missing = assertThrows(Exception.class, () -> pairs.sampleByKey(false, Map.of(), 1L).collect());
      assertTrue(chain(missing).contains("no fraction for key"), chain(missing));
    }
    assertThrows(IllegalArgumentException.class, () -> pairs.sampleByKey(false, Map.of("a", 1.5), 1L));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reduceByKeyLocallyEqualsAPlainCount(Case c) {
    Map<String, Long> got = words(c).mapToPair(w -> Pair.of(w, 1L)).reduceByKeyLocally(Long::sum);
    assertEquals(counts(c.words()), new TreeMap<>(got));
    assertTrue(ctx.waitForListeners(10_000), "job events delivered"); // the listener hears them on the async bus
    assertEquals(1, JOBS.get(), "one job, no shuffle");
  }

  // ---------------------------------------------------------------- DoubleRdd

  @ParameterizedTest
  @MethodSource("cases")
  void doubleRddStatsEqualATwoPassComputation(Case c) {
    double[] v = c.words().stream().mapToDouble(SparkApiOperatorsTest::valueOf).toArray();
    int n = v.length;
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    double mean = n == 0 ? 0 : sum / n;
    double squares = 0;
    for (double x : v) {
      squares += (x - mean) * (x - mean);
    }
    DoubleRdd d = words(c).mapToDouble(SparkApiOperatorsTest::valueOf);
    StatCounter s = d.stats();
    assertEquals(n, s.count());
    assertClose(sum, d.sum());
    assertClose(mean, d.mean());
    assertClose(n == 0 ? Double.NaN : squares / n, d.variance());
    assertClose(n == 0 ? Double.NaN : Math.sqrt(squares / n), d.stdev());
    assertClose(n <= 1 ? Double.NaN : squares / (n - 1), d.sampleVariance());
    assertClose(n <= 1 ? Double.NaN : Math.sqrt(squares / (n - 1)), d.sampleStdev());
    assertClose(n == 0 ? Double.NEGATIVE_INFINITY : java.util.Arrays.stream(v).max().getAsDouble(), s.max());
    assertClose(n == 0 ? Double.POSITIVE_INFINITY : java.util.Arrays.stream(v).min().getAsDouble(), s.min());
    if (n > 0) {
      assertClose(s.max(), d.max());
      assertClose(s.min(), d.min());
    }
  }

  private static void assertClose(double expected, double actual) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      assertEquals(expected, actual);
    } else {
      assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)));
    }
  }

  /** The bucket of {@code x} by a linear scan, with Spark's rule that only the last bucket is closed above. */
  private static int linearBucket(double[] b, double x) {
    for (int i = 0; i < b.length - 1; i++) {
      boolean last = i == b.length - 2;
      if (x >= b[i] && (x < b[i + 1] || (last && x <= b[i + 1]))) {
        return i;
      }
    }
    return -1;
  }

  private static long[] linearCounts(double[] b, double[] values) {
    long[] counts = new long[b.length - 1];
    for (double x : values) {
      int i = linearBucket(b, x);
      if (i >= 0) {
        counts[i]++;
      }
    }
    return counts;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void histogramsMatchALinearScan(Case c) {
    double[] v = c.words().stream().mapToDouble(SparkApiOperatorsTest::valueOf).toArray();
    DoubleRdd d = words(c).mapToDouble(SparkApiOperatorsTest::valueOf);
    double[] explicit = {-100, -10, 0, 10, 50.5, 120};
    assertArrayEquals(linearCounts(explicit, v), d.histogram(explicit));
    double[] even = {-150, -75, 0, 75, 150};
    assertArrayEquals(linearCounts(even, v), d.histogram(even, true));
    assertArrayEquals(linearCounts(even, v), d.histogram(even, false));
    if (v.length == 0) {
      assertThrows(UnsupportedOperationException.class, () -> d.histogram(4));
      return;
    }
    double min = java.util.Arrays.stream(v).min().getAsDouble();
    double max = java.util.Arrays.stream(v).max().getAsDouble();
    for (int count : new int[] {1, 4, 10}) {
      Pair<double[], long[]> h = d.histogram(count);
      double[] bounds = h.key();
      if (min == max) {
        assertArrayEquals(new double[] {min, min}, bounds);
        assertArrayEquals(new long[] {v.length}, h.value());
        continue;
      }
      assertEquals(count + 1, bounds.length);
      assertEquals(min, bounds[0]);
      assertEquals(max, bounds[count]);
      for (int s = 1; s < count; s++) {
        assertEquals(min + s * (max - min) / count, bounds[s], 1e-9);
      }
      assertArrayEquals(linearCounts(bounds, v), h.value(), "bucket count " + count);
      assertEquals(v.length, java.util.Arrays.stream(h.value()).sum());
    }
  }

  @Test
  void histogramFollowsSparksExamplesAndRefusesNanAndInfinity() {
    DoubleRdd two = ctx.parallelize(List.of(1.0, 2.0), 2).mapToDouble(x -> x);
    Pair<double[], long[]> h = two.histogram(10);
    assertArrayEquals(new double[] {1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0}, h.key(), 1e-12);
    assertArrayEquals(new long[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, h.value());
    DoubleRdd d = DoubleRdd.of(ctx.parallelize(List.of(1.0, 10.0, 19.5, 20.0, 50.0, 51.0, 0.5, Double.NaN), 3));
    assertArrayEquals(new long[] {1, 2, 2}, d.histogram(new double[] {1, 10, 20, 50}), "last bucket closed, NaN skipped");
    assertThrows(UnsupportedOperationException.class, () -> d.histogram(3));
    assertThrows(UnsupportedOperationException.class,
        () -> DoubleRdd.of(ctx.parallelize(List.of(1.0, Double.POSITIVE_INFINITY), 2)).histogram(3));
    assertThrows(IllegalArgumentException.class, () -> d.histogram(new double[] {1}));
  }
}
