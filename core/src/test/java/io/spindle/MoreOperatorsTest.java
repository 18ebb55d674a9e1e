package io.spindle;

import io.spindle.function.SpindleListener;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** sample, zipWithIndex, zipWithUniqueId, glom and lookup against plain-Java references, for the shapes of {@link TestData#cases()}. */
class MoreOperatorsTest {
  private static SpindleContext ctx;
  private static final AtomicInteger JOBS = new AtomicInteger();
  private static final List<SpindleListener.TaskInfo> TASKS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onJobStart(int jobId, List<Integer> stageIds) {
        JOBS.incrementAndGet();
      }

      @Override
      public void onTaskEnd(TaskInfo task) {
        TASKS.add(task);
      }
    });
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clear() {
    JOBS.set(0);
    TASKS.clear();
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  /** The slices ParallelCollectionRdd makes: contiguous, element i of n in slice floor(i * slices / n)… computed independently. */
  private static List<List<String>> slices(List<String> words, int slices) {
    List<List<String>> out = new ArrayList<>();
    long n = words.size();
    for (int i = 0; i < slices; i++) {
      out.add(words.subList((int) (i * n / slices), (int) ((i + 1) * n / slices)));
    }
    return out;
  }

  // ---------------------------------------------------------------- glom, zipWithIndex, zipWithUniqueId

  @ParameterizedTest
  @MethodSource("cases")
  void glomGivesEachPartitionAsAList(Case c) {
    assertEquals(slices(c.words(), c.slices()), ctx.parallelize(c.words(), c.slices()).glom().collect());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void zipWithIndexNumbersInPartitionOrderWithOneCountingJob(Case c) {
    Rdd<String> words = ctx.parallelize(c.words(), c.slices());
    JOBS.set(0);
    PairRdd<String, Long> indexed = words.zipWithIndex();
    assertEquals(c.slices() > 1 ? 1 : 0, JOBS.get(), "one job counts partition sizes, none for one partition");
    List<Pair<String, Long>> expected = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      expected.add(Pair.of(c.words().get(i), (long) i));
    }
    assertEquals(expected, indexed.collect());
    assertEquals(expected, indexed.collect(), "a second action numbers alike");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void zipWithUniqueIdFollowsSparksFormula(Case c) {
    List<Pair<String, Long>> expected = new ArrayList<>();
    List<List<String>> parts = slices(c.words(), c.slices());
    for (int k = 0; k < parts.size(); k++) {
      for (int j = 0; j < parts.get(k).size(); j++) {
        expected.add(Pair.of(parts.get(k).get(j), (long) j * c.slices() + k));
      }
    }
    JOBS.set(0);
    PairRdd<String, Long> ids = ctx.parallelize(c.words(), c.slices()).zipWithUniqueId();
    assertEquals(0, JOBS.get(), "no job until an action");
    assertEquals(expected, ids.collect());
  }

  // ---------------------------------------------------------------- lookup

  @ParameterizedTest
  @MethodSource("cases")
  void lookupFindsAllValuesOfAKey(Case c) {
    List<Pair<String, Integer>> pairs = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      pairs.add(Pair.of(c.words().get(i), i));
    }
    PairRdd<String, Integer> plain = ctx.parallelizePairs(pairs, c.slices());
    PairRdd<String, Integer> partitioned = plain.partitionBy(new HashPartitioner(5));
    partitioned.count();
    Set<String> probe = new HashSet<>(c.words().subList(0, Math.min(5, c.words().size())));
    probe.add("no such key");
    for (String key : probe) {
      List<Integer> expected = pairs.stream().filter(p -> p.key().equals(key)).map(Pair::value).sorted().toList();
      assertEquals(expected, plain.lookup(key).stream().sorted().toList(), key);
      TASKS.clear();
      assertEquals(expected, partitioned.lookup(key).stream().sorted().toList(), key);
      assertEquals(1, TASKS.size(), "with a partitioner only the key's partition is read: " + TASKS);
      assertEquals(new HashPartitioner(5).getPartition(key), TASKS.get(0).partition());
    }
  }

  // ---------------------------------------------------------------- sample

  private static List<Integer> numbers(int n) {
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  private static void assertSubsequence(List<Integer> whole, List<Integer> part) {
    int j = 0;
    for (int i = 0; i < whole.size() && j < part.size(); i++) {
      if (whole.get(i).equals(part.get(j))) {
        j++;
      }
    }
    assertEquals(part.size(), j, "the sample is not an order-preserving subset of the input");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sampleWithoutReplacementIsASubsetOfTheExpectedSize(Case c) {
    int n = c.words().size();
    List<Integer> input = numbers(n);
    Rdd<Integer> rdd = ctx.parallelize(input, c.slices());
    for (double fraction : new double[] {0.0, 0.1, 0.5, 1.0}) {
      List<Integer> sample = rdd.sample(false, fraction, 42).collect();
      assertSubsequence(input, sample);
      assertEquals(sample, rdd.sample(false, fraction, 42).collect(), "same seed, same sample");
      double mean = n * fraction;
      double sigma = Math.sqrt(n * fraction * (1 - fraction));
      assertTrue(Math.abs(sample.size() - mean) <= 5 * sigma + 1e-9,
          "fraction " + fraction + " of " + n + " gave " + sample.size());
    }
    if (n >= 1000) {
      assertNotEquals(rdd.sample(false, 0.5, 1).collect(), rdd.sample(false, 0.5, 2).collect(), "seeds differ");
    }
    // Duplicated words: the sample of words is a sub-multiset of the words.
    Map<String, Long> available = new HashMap<>();
    c.words().forEach(w -> available.merge(w, 1L, Long::sum));
    for (String w : ctx.parallelize(c.words(), c.slices()).sample(false, 0.3, 5).collect()) {
      assertTrue(available.merge(w, -1L, Long::sum) >= 0, w + " sampled more often than it occurs");
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sampleWithReplacementDrawsPoissonCopies(Case c) {
    int n = c.words().size();
    List<Integer> input = numbers(n);
    Rdd<Integer> rdd = ctx.parallelize(input, c.slices());
    for (double fraction : new double[] {0.5, 2.0, 40.0}) {
      List<Integer> sample = rdd.sample(true, fraction, 7).collect();
      assertEquals(sample, rdd.sample(true, fraction, 7).collect(), "same seed, same sample");
      Map<Integer, Integer> copies = new HashMap<>();
      int previous = -1;
      for (int x : sample) {
        assertTrue(x >= previous, "copies stay in input order");
        previous = x;
        copies.merge(x, 1, Integer::sum);
      }
      double mean = n * fraction;
      assertTrue(Math.abs(sample.size() - mean) <= 5 * Math.sqrt(mean) + 1e-9,
          "fraction " + fraction + " of " + n + " gave " + sample.size());
      if (n >= 1000) {
        // P(no copy) of a Poisson(fraction) count is e^-fraction.
        double none = (double) (n - copies.size()) / n;
        double p = Math.exp(-fraction);
        assertTrue(Math.abs(none - p) <= 5 * Math.sqrt(p * (1 - p) / n) + 1e-9, "unsampled share " + none + " vs " + p);
      }
    }
  }

  @Test
  void sampleRefusesImpossibleFractions() {
    Rdd<Integer> rdd = ctx.parallelize(numbers(10), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rdd.sample(false, 1.5, 1));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rdd.sample(true, -0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> rdd.sample(false, Double.NaN, 1));
  }

  @Test
  void samplePreservesPartitioning() {
    PairRdd<String, Integer> partitioned = ctx.parallelizePairs(List.of(Pair.of("a", 1), Pair.of("b", 2)), 2)
        .partitionBy(new HashPartitioner(3));
    assertEquals(new HashPartitioner(3), partitioned.sample(false, 0.5, 1).partitioner());
  }

  // ---------------------------------------------------------------- values of new operators travel through shuffles

  @Test
  void cogroupResultsSurviveAFurtherShuffle() {
    PairRdd<String, Integer> a = ctx.parallelizePairs(List.of(Pair.of("k", 1), Pair.of("k", 2), Pair.of("x", 3)), 2);
    PairRdd<String, Integer> b = ctx.parallelizePairs(List.of(Pair.of("k", 4)), 1);
    PairRdd<String, Integer> c = ctx.parallelizePairs(List.of(Pair.of("y", 5)), 1);
    List<Pair<String, String>> got = a.cogroup(b, c, 2).repartition(3)
        .mapValues(t -> sorted(t._1()) + "/" + sorted(t._2()) + "/" + sorted(t._3()))
        .collect().stream().sorted(java.util.Comparator.comparing(Pair::key)).toList();
    assertEquals(List.of(Pair.of("k", "[1, 2]/[4]/[]"), Pair.of("x", "[3]/[]/[]"), Pair.of("y", "[]/[]/[5]")), got);
  }

  private static List<Integer> sorted(Iterable<Integer> values) {
    List<Integer> out = new ArrayList<>();
    values.forEach(out::add);
    out.sort(null);
    return out;
  }
}
