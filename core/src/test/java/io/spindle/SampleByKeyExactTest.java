package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import io.spindle.rdd.ExactStratifiedSampling;
import io.spindle.rdd.MapPartitionsRdd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code PairRdd.sampleByKeyExact} against plain-Java references over the same input: exact sizes
 * per key ({@code ceil(n_k * f_k)}), a sub-multiset of the input without replacement, values of the
 * key's own input with replacement, the same sample for the same seed (also across task retries),
 * uniform draws, and clear errors.
 */
class SampleByKeyExactTest {
  private static SpindleContext ctx;
  private static final AtomicInteger JOBS = new AtomicInteger();
  private static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

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
    ctx.waitForListeners(10_000);
    JOBS.set(0);
  }

  /** TestData's shapes plus a key of 100k records among keys of 1-10 records, on 8 and on 64 partitions. */
  static Stream<Case> cases() {
    return Stream.concat(TestData.cases(), Stream.of(
        new Case("one hot key of 100k", skewed(100_000, 40, 5), 8),
        new Case("one hot key of 100k, 64 partitions", skewed(100_000, 40, 6), 64)));
  }

  /** {@code hot} records of key "hot" and {@code others} keys of 1-10 records each, shuffled. */
  static List<String> skewed(int hot, int others, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < hot; i++) {
      out.add("hot");
    }
    for (int k = 0; k < others; k++) {
      int n = 1 + r.nextInt(10);
      for (int i = 0; i < n; i++) {
        out.add("cold-ü" + k);
      }
    }
    java.util.Collections.shuffle(out, r);
    return out;
  }

  /** Each word with its position in the input, so every record is distinct. */
  private static List<Pair<String, Integer>> records(List<String> words) {
    List<Pair<String, Integer>> out = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      out.add(Pair.of(words.get(i), i));
    }
    return out;
  }

  private static Map<String, Long> counts(List<String> keys) {
    Map<String, Long> counts = new HashMap<>();
    for (String k : keys) {
      counts.merge(k, 1L, Long::sum);
    }
    return counts;
  }

  /** A spread of fractions by key, including 0 and 1; with replacement some above 1. */
  private static Map<String, Double> fractions(Set<String> keys, boolean withReplacement) {
    double[] choices = withReplacement ? new double[] {0.0, 1.0, 0.37, 2.5, 0.01} : new double[] {0.0, 1.0, 0.37, 0.9, 0.01};
    Map<String, Double> fractions = new HashMap<>();
    for (String k : keys) {
      fractions.put(k, choices[Math.floorMod(k.hashCode(), choices.length)]);
    }
    if (fractions.containsKey("hot")) {
      fractions.put("hot", withReplacement ? 1.7 : 0.3);
    }
    return fractions;
  }

  /** Checks a sample against the reference computed from {@code input} alone. */
  private static void checkSample(List<Pair<String, Integer>> input, Map<String, Double> fractions,
      boolean withReplacement, List<Pair<String, Integer>> sample) {
    Map<String, Long> n = counts(input.stream().map(Pair::key).toList());
    Map<String, Long> drawn = counts(sample.stream().map(Pair::key).toList());
    for (Map.Entry<String, Long> e : n.entrySet()) {
      long expected = (long) Math.ceil(e.getValue() * fractions.get(e.getKey()));
      assertEquals(expected, (long) drawn.getOrDefault(e.getKey(), 0L), "sample size of key " + e.getKey());
    }
    assertTrue(n.keySet().containsAll(drawn.keySet()), "only the input's keys");
    Set<Pair<String, Integer>> inputSet = new HashSet<>(input);
    for (Pair<String, Integer> p : sample) {
      assertTrue(inputSet.contains(p), "sampled record of the input (same key and value): " + p);
    }
    if (!withReplacement) {
      assertEquals(sample.size(), new HashSet<>(sample).size(), "without replacement no record twice");
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void exactSizesPerKey(Case c) {
    List<Pair<String, Integer>> input = records(c.words());
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, c.slices());
    for (boolean withReplacement : new boolean[] {false, true}) {
      Map<String, Double> fractions = fractions(new HashSet<>(c.words()), withReplacement);
      List<Pair<String, Integer>> sample = pairs.sampleByKeyExact(withReplacement, fractions, 11L).collect();
      checkSample(input, fractions, withReplacement, sample);
      assertEquals(sample, pairs.sampleByKeyExact(withReplacement, fractions, 11L).collect(), "same seed, same sample");
    }
  }

  @Test
  void aDifferentSeedGivesADifferentSampleAndRecomputingGivesTheSame() {
    List<Pair<String, Integer>> input = records(skewed(2_000, 20, 3));
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, 4);
    for (boolean withReplacement : new boolean[] {false, true}) {
      Map<String, Double> fractions = fractions(new HashSet<>(input.stream().map(Pair::key).toList()), withReplacement);
      PairRdd<String, Integer> a = pairs.sampleByKeyExact(withReplacement, fractions, 1L);
      List<Pair<String, Integer>> first = a.collect();
      assertEquals(first, a.collect(), "the same RDD computed again");
      List<Pair<String, Integer>> other = pairs.sampleByKeyExact(withReplacement, fractions, 2L).collect();
      checkSample(input, fractions, withReplacement, other);
      assertNotEquals(first, other, "another seed, another sample");
      assertEquals(first.size(), other.size());
    }
  }

  @Test
  void retriedTasksSampleAlike() {
    List<Pair<String, Integer>> input = records(skewed(5_000, 30, 8));
    PairRdd<String, Integer> steady = ctx.parallelizePairs(input, 4);
    PairRdd<String, Integer> flaky = ctx.parallelizePairs(input, 4).mapValues(v -> {
      TaskContext tc = TaskContext.get();
      if (tc.partitionId() == 1 && tc.attemptNumber() == 0 && v % 3 == 0) {
        INJECTED_FAILURES.incrementAndGet();
        throw new IllegalStateException("first attempt of partition 1 fails part-way");
      }
      return v;
    });
    for (boolean withReplacement : new boolean[] {false, true}) {
      Map<String, Double> fractions = new HashMap<>();
      input.forEach(p -> fractions.put(p.key(), withReplacement ? 1.3 : 0.4));
      List<Pair<String, Integer>> expected = steady.sampleByKeyExact(withReplacement, fractions, 5L).collect();
      List<Pair<String, Integer>> got = flaky.sampleByKeyExact(withReplacement, fractions, 5L).collect();
      assertEquals(expected, got, "every job of it retried partition 1, the sample is the same");
      checkSample(input, fractions, withReplacement, got);
    }
    assertEquals(6, INJECTED_FAILURES.get(), "count, waitlist and sample jobs, twice: each retried partition 1 once");
  }

  @Test
  void drawsAreUniformOverTheKeysRecords() {
    // 2000 keys of 10 records each, spread over 3 partitions; the i-th record of every key has value i.
    List<Pair<String, Integer>> input = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      for (int k = 0; k < 2000; k++) {
        input.add(Pair.of("k" + k, i));
      }
    }
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, 3);
    for (boolean withReplacement : new boolean[] {false, true}) {
      double f = withReplacement ? 0.5 : 0.3;
      Map<String, Double> fractions = new HashMap<>();
      input.forEach(p -> fractions.put(p.key(), f));
      List<Pair<String, Integer>> sample = pairs.sampleByKeyExact(withReplacement, fractions, 77L).collect();
      checkSample(input, fractions, withReplacement, sample);
      long[] byValue = new long[10];
      sample.forEach(p -> byValue[p.value()]++);
      // s draws per key (ceil(10 * 0.3) is 4 in doubles); each picks record i with probability 1/10.
      double s = Math.ceil(10 * f);
      double mean = 2000 * s / 10;
      double sd = Math.sqrt(withReplacement ? 2000 * s * 0.1 * 0.9 : 2000 * (s / 10) * (1 - s / 10));
      for (int i = 0; i < 10; i++) {
        assertTrue(Math.abs(byValue[i] - mean) < 6 * sd, "record " + i + " drawn " + byValue[i] + " times, expected ~" + mean);
      }
      if (withReplacement) {
        Map<Pair<String, Integer>, Long> multiplicity = new HashMap<>();
        sample.forEach(p -> multiplicity.merge(p, 1L, Long::sum));
        // P(a given record is drawn twice or more among 5 draws of 10) ~ 0.081: about 1630 of 20000.
        long repeated = multiplicity.values().stream().filter(m -> m > 1).count();
        assertTrue(repeated > 1300 && repeated < 2000, "records drawn more than once: " + repeated);
      }
    }
  }

  @Test
  void emptyInputAndOneRecord() {
    assertEquals(List.of(), ctx.<String, Integer>parallelizePairs(List.of(), 3)
        .sampleByKeyExact(false, Map.of(), 1L).collect());
    assertEquals(List.of(), ctx.<String, Integer>parallelizePairs(List.of(), 3)
        .sampleByKeyExact(true, Map.of("a", 2.0), 1L).collect());
    PairRdd<String, Integer> one = ctx.parallelizePairs(List.of(Pair.of("日本語", 7)), 4);
    assertEquals(List.of(), one.sampleByKeyExact(false, Map.of("日本語", 0.0), 1L).collect());
    assertEquals(List.of(Pair.of("日本語", 7)), one.sampleByKeyExact(false, Map.of("日本語", 1.0), 1L).collect());
    assertEquals(List.of(Pair.of("日本語", 7)), one.sampleByKeyExact(false, Map.of("日本語", 0.01), 1L).collect(),
        "ceil(1 * 0.01) = 1");
    assertEquals(List.of(Pair.of("日本語", 7), Pair.of("日本語", 7), Pair.of("日本語", 7)),
        one.sampleByKeyExact(true, Map.of("日本語", 2.5), 1L).collect());
  }

  @Test
  void fractionsZeroAndOneNeedOnlyTheCountingJob() {
    List<Pair<String, Integer>> input = records(TestData.unicode(1_000, 5));
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, 4);
    Map<String, Double> fractions = new HashMap<>();
    input.forEach(p -> fractions.put(p.key(), Math.floorMod(p.key().hashCode(), 2) == 0 ? 0.0 : 1.0));
    PairRdd<String, Integer> sample = pairs.sampleByKeyExact(false, fractions, 3L);
    assertTrue(ctx.waitForListeners(10_000));
    assertEquals(1, JOBS.get(), "only the count runs eagerly");
    List<Pair<String, Integer>> expected = input.stream().filter(p -> fractions.get(p.key()) == 1.0).toList();
    assertEquals(expected, sample.collect(), "fraction 1 keeps all, in order; fraction 0 none");
  }

  @Test
  void thresholdsTakeTwoEagerJobs() {
    List<Pair<String, Integer>> input = records(skewed(100_000, 40, 9));
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, 8);
    for (boolean withReplacement : new boolean[] {false, true}) {
      ctx.waitForListeners(10_000);
      JOBS.set(0);
      Map<String, Double> fractions = fractions(new HashSet<>(counts(input.stream().map(Pair::key).toList()).keySet()),
          withReplacement);
      PairRdd<String, Integer> sample = pairs.sampleByKeyExact(withReplacement, fractions, 21L);
      assertTrue(ctx.waitForListeners(10_000));
      assertEquals(2, JOBS.get(), "count, then the waitlist pass");
      checkSample(input, fractions, withReplacement, sample.collect());
    }
  }

  /** Narrow bounds make the threshold often fall outside them: the extra passes must stay exact. */
  @Test
  void extraPassesWhenTheBoundsMissStayExact() {
    List<Pair<String, Integer>> input = records(skewed(20_000, 40, 12));
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, 5);
    Set<String> keys = new HashSet<>(counts(input.stream().map(Pair::key).toList()).keySet());
    for (boolean withReplacement : new boolean[] {false, true}) {
      Map<String, Double> fractions = fractions(keys, withReplacement);
      keys.forEach(k -> fractions.put(k, fractions.get(k) == 0.0 ? 0.5 : fractions.get(k)));
      for (long seed = 0; seed < 3; seed++) {
        ctx.waitForListeners(10_000);
        JOBS.set(0);
        ExactStratifiedSampling<String> narrow = ExactStratifiedSampling.prepare(pairs.node(), withReplacement,
            fractions, seed, 0.9, 0.01);
        assertTrue(ctx.waitForListeners(10_000));
        assertTrue(JOBS.get() > 2, "narrow bounds need extra passes, ran " + JOBS.get() + " jobs");
        List<Pair<String, Integer>> sample = PairRdd.of(Rdd.wrap(new MapPartitionsRdd<Pair<String, Integer>,
            Pair<String, Integer>>(pairs.node(), (tc, i, it) -> narrow.sample(i, it), true))).collect();
        checkSample(input, fractions, withReplacement, sample);
        assertEquals(pairs.sampleByKeyExact(withReplacement, fractions, seed).collect(), sample,
            "the threshold does not depend on the bounds that found it");
      }
    }
  }

  @Test
  void clearErrors() {
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(records(List.of("a", "b", "b", "ß")), 2);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> pairs.sampleByKeyExact(false, Map.of("a", 0.5, "b", 0.5), 1L));
    assertTrue(missing.getMessage().contains("no fraction for key ß"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pairs.sampleByKeyExact(true, Map.of("a", 0.5), 1L));
    IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
        () -> pairs.sampleByKeyExact(false, Map.of("a", 1.5, "b", 0.5, "ß", 0.5), 1L));
    assertTrue(above.getMessage().contains("in [0, 1]"), above.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> pairs.sampleByKeyExact(false, Map.of("a", -0.1, "b", 0.5, "ß", 0.5), 1L));
    assertTrue(negative.getMessage().contains("fraction of key a is -0.1"), negative.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> pairs.sampleByKeyExact(true, Map.of("a", -1.0, "b", 0.5, "ß", 0.5), 1L));
    assertThrows(IllegalArgumentException.class,
        () -> pairs.sampleByKeyExact(true, Map.of("a", Double.NaN, "b", 0.5, "ß", 0.5), 1L));
    // Above 1 is fine with replacement.
    assertEquals(3, pairs.sampleByKeyExact(true, Map.of("a", 3.0, "b", 0.0, "ß", 0.0), 1L).count());
  }

  @Test
  void theOverloadWithoutSeedIsExactToo() {
    List<Pair<String, Integer>> input = records(TestData.random(3_000, 50, 4));
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, 6);
    Map<String, Double> fractions = new HashMap<>();
    input.forEach(p -> fractions.put(p.key(), 0.25));
    checkSample(input, fractions, false, pairs.sampleByKeyExact(false, fractions).collect());
    checkSample(input, fractions, true, pairs.sampleByKeyExact(true, fractions).collect());
  }
}
