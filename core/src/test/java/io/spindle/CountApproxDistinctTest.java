package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import io.spindle.rdd.DistinctCountSketch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rdd.countApproxDistinct and PairRdd.countApproxDistinctByKey against exact counts of plain Java sets.
 *
 * <p>The bound: the sketch gets {@code lgK = ceil(2 log2(1.04 / relativeSD))}, whose relative standard
 * error (DataSketches' {@code getRelErr} for a merged sketch, checked in {@link #theSketchSizeHonoursRelativeSd})
 * is at most {@code relativeSD}; estimates must lie within three of those ({@code 3 · relativeSD · exact}),
 * or 2 for tiny counts. Hashing has a fixed seed and merging is order-free, so each input's estimate is
 * deterministic: a failure here is a real change, not bad luck — and each input is also run twice
 * (same result) and with another partitioning (within the bound).
 */
class CountApproxDistinctTest {
  private static SpindleContext ctx;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  private static void assertWithin(long exact, long estimate, double relativeSD, String what) {
    double bound = Math.max(3 * relativeSD * exact, 2);
    assertTrue(Math.abs(estimate - exact) <= bound,
        what + ": estimate " + estimate + ", exact " + exact + ", allowed ±" + bound + " at relativeSD " + relativeSD);
  }

  /** The estimate within the bound, the same on a second run, and within the bound on other slices. */
  private static <T> void check(List<T> data, int slices, int otherSlices, double relativeSD, String what) {
    long exact = new HashSet<>(data).size();
    long estimate = ctx.parallelize(data, slices).countApproxDistinct(relativeSD);
    assertWithin(exact, estimate, relativeSD, what);
    assertEquals(estimate, ctx.parallelize(data, slices).countApproxDistinct(relativeSD), what + ": second run");
    assertWithin(exact, ctx.parallelize(data, otherSlices).countApproxDistinct(relativeSD), relativeSD,
        what + " over " + otherSlices + " partitions");
  }

  // ---------------------------------------------------------------- Rdd.countApproxDistinct

  @ParameterizedTest
  @MethodSource("cases")
  void countApproxDistinctOverTheInputMatrix(Case c) {
    for (double relativeSD : new double[] {0.05, 0.01}) {
      check(c.words(), c.slices(), c.slices() * 2 + 1, relativeSD, c.name());
    }
  }

  @Test
  void emptyInputCountsZeroAndOneElementCountsOne() {
    assertEquals(0, ctx.parallelize(List.<String>of(), 3).countApproxDistinct(0.05));
    assertEquals(0, ctx.emptyRdd().countApproxDistinct(0.01));
    assertEquals(0, ctx.parallelize(List.of(1, 2, 3), 3).filter(x -> false).countApproxDistinct(0.05));
    assertEquals(1, ctx.parallelize(List.of("alpha"), 1).countApproxDistinct(0.05));
    assertEquals(1, ctx.parallelize(List.of("alpha"), 8).countApproxDistinct(0.001));
    assertEquals(1, ctx.parallelize(Collections.nCopies(10_000, 42L), 4).countApproxDistinct(0.05));
  }

  @Test
  void skewedDataCountsTheHotValueOnce() {
    List<String> data = new ArrayList<>(Collections.nCopies(100_000, "hot"));
    for (int i = 0; i < 1_000; i++) {
      data.add("cold-" + i);
    }
    Collections.shuffle(data, new Random(7));
    assertEquals(1_001, new HashSet<>(data).size());
    for (double relativeSD : new double[] {0.05, 0.01}) {
      check(data, 6, 17, relativeSD, "skewed");
    }
  }

  @Test
  void manyPartitions() {
    List<String> data = TestData.random(20_000, 5_000, 11);
    check(data, 64, 7, 0.05, "64 partitions");
    check(data, 64, 128, 0.01, "64 partitions");
  }

  @Test
  void unicodeStringsAreHashedByTheirUtf8Bytes() {
    List<String> data = new ArrayList<>(TestData.unicode(5_000, 5));
    String[] more = {"", "e\u0301", "\u00e9", "😀", "😀😀", "日本", "日本語", "Ω", "\u2126", "a\u0000b", "a"};
    for (int i = 0; i < 300; i++) {
      data.add(more[i % more.length] + (i % 7 == 0 ? "" : String.valueOf(i % 40)));
    }
    Collections.shuffle(data, new Random(3));
    check(data, 5, 9, 0.05, "unicode");
    check(data, 5, 9, 0.01, "unicode");
    // Canonically equivalent but different code points are different strings, as String.equals says.
    assertEquals(2, ctx.parallelize(List.of("e\u0301", "\u00e9", "\u00e9"), 2).countApproxDistinct(0.05));
    assertEquals(3, ctx.parallelize(Arrays.asList("", "a", "", null, null), 2).countApproxDistinct(0.05),
        "the empty string and null count as one value each");
  }

  @Test
  @Timeout(30)
  void largeStrings() {
    Random random = new Random(5);
    List<String> distinct = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      StringBuilder b = new StringBuilder(100_000);
      while (b.length() < 100_000) {
        b.append((char) ('a' + random.nextInt(26))).append(i % 4 == 0 ? "ü" : "");
      }
      distinct.add(b.substring(0, 100_000));
    }
    // Differs from another only in its last character: every byte is hashed.
    distinct.add(distinct.get(0).substring(0, 99_999) + "#");
    List<String> data = new ArrayList<>();
    for (int copy = 0; copy < 3; copy++) {
      data.addAll(distinct);
    }
    Collections.shuffle(data, new Random(9));
    assertEquals(21, new HashSet<>(data).size());
    check(data, 4, 7, 0.05, "100 KB strings");
  }

  /** 1M distinct longs (a bijective mix of 0 … 1M-1), generated inside the tasks. */
  private static Rdd<Long> millionLongs(int slices) {
    int per = 1_000_000 / slices;
    List<Integer> seeds = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      seeds.add(i);
    }
    return ctx.parallelize(seeds, slices).flatMap(s -> LongStream.range((long) s * per, (long) (s + 1) * per)
        .map(CountApproxDistinctTest::mix).boxed().iterator());
  }

  /** splitmix64's finalizer: a bijection on longs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.05})
  @Timeout(30)
  void aMillionDistinctLongs(double relativeSD) {
    Set<Long> reference = new HashSet<>();
    for (long i = 0; i < 1_000_000; i++) {
      reference.add(mix(i));
    }
    long exact = reference.size();
    long estimate = millionLongs(8).countApproxDistinct(relativeSD);
    assertWithin(exact, estimate, relativeSD, "1M longs");
    assertEquals(estimate, millionLongs(8).countApproxDistinct(relativeSD), "second run");
    assertWithin(exact, millionLongs(20).countApproxDistinct(relativeSD), relativeSD, "1M longs over 20 partitions");
  }

  record Point(int x, String label) implements Serializable {}

  enum Color { RED, GREEN }

  @Test
  void otherTypesAreHashedByTheirSerialization() {
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      data.add(Pair.of("k" + (i % 250), i % 3));
      data.add(new Point(i % 400, i % 2 == 0 ? "even" : "odd"));
      data.add(List.of(i % 90, "x"));
      data.add(i % 2 == 0 ? Color.RED : Color.GREEN);
      data.add((double) (i % 50) + 0.5);
      data.add(i % 60);
      data.add((byte) (i % 5));
    }
    Collections.shuffle(data, new Random(1));
    check(data, 6, 11, 0.05, "mixed types");
    check(data, 6, 11, 0.01, "mixed types");
  }

  @Test
  void badRelativeSdIsRefusedWithTheValidRange() {
    Rdd<String> words = ctx.parallelize(List.of("a", "b"), 2);
    for (double bad : new double[] {0, -0.1, 0.000017, 0.00001, Double.NaN, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> words.countApproxDistinct(bad));
      assertTrue(e.getMessage().contains("relativeSD must be greater than 0.000017")
          && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
      IllegalArgumentException byKey = assertThrows(IllegalArgumentException.class,
          () -> words.mapToPair(w -> Pair.of(w, w)).countApproxDistinctByKey(bad));
      assertTrue(byKey.getMessage().startsWith("countApproxDistinctByKey: relativeSD must be greater than 0.000017"),
          byKey.getMessage());
    }
    // Spark accepts anything above the bound; far too coarse values get the smallest sketch.
    assertEquals(2, words.countApproxDistinct(0.0000171));
    assertEquals(2, words.countApproxDistinct(1.0));
    assertEquals(2, words.countApproxDistinct(Double.POSITIVE_INFINITY));
  }

  @Test
  void theSketchSizeHonoursRelativeSd() {
    assertEquals(9, DistinctCountSketch.lgConfigK("t", 0.05));
    assertEquals(12, DistinctCountSketch.lgConfigK("t", 0.02));
    assertEquals(14, DistinctCountSketch.lgConfigK("t", 0.01));
    assertEquals(21, DistinctCountSketch.lgConfigK("t", 0.000018));
    assertEquals(4, DistinctCountSketch.lgConfigK("t", 0.5));
    assertEquals(4, DistinctCountSketch.lgConfigK("t", Double.POSITIVE_INFINITY));
    // DataSketches' own one-standard-error bound for a merged sketch of that size is within relativeSD,
    // down to where lgK reaches its maximum (1.04 / sqrt(2^21) ≈ 0.000718).
    for (double relativeSD = 0.5; relativeSD >= 0.00072; relativeSD *= 0.9) {
      int lgK = DistinctCountSketch.lgConfigK("t", relativeSD);
      double rse = HllSketch.getRelErr(true, true, lgK, 1);
      assertTrue(rse <= relativeSD, "lgK " + lgK + " for relativeSD " + relativeSD + " has error " + rse);
      if (lgK > DistinctCountSketch.MIN_LG_K) {
        assertTrue(HllSketch.getRelErr(true, true, lgK - 1, 1) > relativeSD * 0.99,
            "lgK " + lgK + " is not larger than needed for " + relativeSD);
      }
    }
  }

  @Test
  void theSketchSurvivesJavaSerialization() throws Exception {
    DistinctCountSketch sketch = new DistinctCountSketch(12);
    for (long i = 0; i < 10_000; i++) {
      sketch.addCanonical(i);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sketch);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      DistinctCountSketch copy = (DistinctCountSketch) in.readObject();
      assertEquals(sketch.estimate(), copy.estimate());
      assertEquals(12, copy.lgConfigK());
    }
  }

  // ---------------------------------------------------------------- PairRdd.countApproxDistinctByKey

  private static <K, V> Map<K, Long> exactByKey(List<Pair<K, V>> pairs) {
    Map<K, Set<V>> sets = new HashMap<>();
    for (Pair<K, V> p : pairs) {
      sets.computeIfAbsent(p.key(), k -> new HashSet<>()).add(p.value());
    }
    Map<K, Long> counts = new HashMap<>();
    sets.forEach((k, s) -> counts.put(k, (long) s.size()));
    return counts;
  }

  private static <K> void assertByKey(Map<K, Long> exact, List<Pair<K, Long>> got, double relativeSD, String what) {
    Map<K, Long> estimates = new HashMap<>();
    for (Pair<K, Long> p : got) {
      assertEquals(null, estimates.put(p.key(), p.value()), what + ": key twice: " + p.key());
    }
    assertEquals(exact.keySet(), estimates.keySet(), what);
    exact.forEach((k, n) -> assertWithin(n, estimates.get(k), relativeSD, what + ", key " + k));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void countApproxDistinctByKeyOverTheInputMatrix(Case c) {
    List<Pair<String, String>> pairs = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      String w = c.words().get(i);
      pairs.add(Pair.of(w.substring(0, 1), w + (i % 3)));
    }
    Map<String, Long> exact = exactByKey(pairs);
    PairRdd<String, String> rdd = ctx.parallelizePairs(pairs, c.slices());
    for (double relativeSD : new double[] {0.05, 0.01}) {
      List<Pair<String, Long>> got = rdd.countApproxDistinctByKey(relativeSD).collect();
      assertByKey(exact, got, relativeSD, c.name());
      assertEquals(new HashSet<>(got), new HashSet<>(rdd.countApproxDistinctByKey(relativeSD).collect()),
          c.name() + ": second run");
      assertByKey(exact, rdd.countApproxDistinctByKey(relativeSD, 3).collect(), relativeSD, c.name() + ", 3 partitions");
      assertByKey(exact, rdd.countApproxDistinctByKey(relativeSD, new HashPartitioner(5)).collect(), relativeSD,
          c.name() + ", HashPartitioner(5)");
    }
  }

  @Test
  @Timeout(30)
  void countApproxDistinctByKeyWithSkewedAndTinyKeys() {
    Random random = new Random(17);
    List<Pair<Integer, Object>> pairs = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      pairs.add(Pair.of(0, (long) random.nextInt(30_000))); // one hot key, ~29k distinct values
    }
    for (int k = 1; k <= 300; k++) {
      for (int j = 0; j < k % 4 + 1; j++) {
        pairs.add(Pair.of(k, Pair.of("v" + j, k))); // tiny keys with Pair values: Kryo-hashed, through the shuffle
      }
    }
    for (int i = 0; i < 2_000; i++) {
      pairs.add(Pair.of(-1, "u" + (i % 1_500) + "é"));
    }
    Collections.shuffle(pairs, new Random(2));
    Map<Integer, Long> exact = exactByKey(pairs);
    PairRdd<Integer, Object> rdd = ctx.parallelizePairs(pairs, 8);
    for (double relativeSD : new double[] {0.05, 0.01}) {
      assertByKey(exact, rdd.countApproxDistinctByKey(relativeSD, 4).collect(), relativeSD, "skewed");
    }
    // Already partitioned alike: no shuffle, the partitioner is kept, the same counts.
    HashPartitioner four = new HashPartitioner(4);
    PairRdd<Integer, Object> placed = rdd.partitionBy(four).cache();
    PairRdd<Integer, Long> counted = placed.countApproxDistinctByKey(0.05, four);
    assertEquals(four, counted.partitioner());
    assertByKey(exact, counted.collect(), 0.05, "pre-partitioned");
    placed.unpersist();
  }

  @Test
  void countApproxDistinctByKeyOfNothing() {
    assertEquals(List.of(), ctx.<String, String>parallelizePairs(List.of(), 3).countApproxDistinctByKey(0.05).collect());
    assertEquals(List.of(Pair.of("k", 1L)),
        ctx.parallelizePairs(Collections.nCopies(1_000, Pair.of("k", "v")), 4).countApproxDistinctByKey(0.05).collect());
  }
}
