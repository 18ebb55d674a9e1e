package io.spindle;

import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.rdd.RangePartitioner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sortByKey, sortBy, takeOrdered, top, min and max against java.util sorting of the same data,
 * for the input shapes of {@link TestData#cases()}; balance of the range partitioner.
 */
class SortOperatorsTest {
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

  /** Words numbered by position: values make every record distinct, so the multiset check is exact. */
  private static List<Pair<String, Integer>> numbered(List<String> words) {
    List<Pair<String, Integer>> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      out.add(Pair.of(words.get(i), i));
    }
    return out;
  }

  private static final Comparator<Pair<String, Integer>> BY_KEY_THEN_VALUE =
      Comparator.comparing((Pair<String, Integer> p) -> p.key()).thenComparing(Pair::value);

  /**
   * The result is the input reordered, its keys in order across the whole collect() (so partition
   * i's keys all precede partition i+1's), and no key is split over two partitions.
   */
  private static void assertSortedByKey(List<Pair<String, Integer>> input, PairRdd<String, Integer> sorted,
      Comparator<String> order) {
    List<Pair<String, Integer>> got = sorted.collect();
    List<String> expectedKeys = input.stream().map(Pair::key).sorted(order).toList();
    assertEquals(expectedKeys, got.stream().map(Pair::key).toList());
    assertEquals(input.stream().sorted(BY_KEY_THEN_VALUE).toList(), got.stream().sorted(BY_KEY_THEN_VALUE).toList());
    List<List<Pair<String, Integer>>> parts = sorted.glom().collect();
    java.util.Map<String, Integer> partitionOfKey = new java.util.HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      for (Pair<String, Integer> p : parts.get(i)) {
        Integer before = partitionOfKey.putIfAbsent(p.key(), i);
        assertTrue(before == null || before == i, "key " + p.key() + " in partitions " + before + " and " + i);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sortByKeyAscending(Case c) {
    List<Pair<String, Integer>> input = numbered(c.words());
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, c.slices());
    assertSortedByKey(input, pairs.sortByKey(), Comparator.naturalOrder());
    assertSortedByKey(input, pairs.sortByKey(true, 3), Comparator.naturalOrder());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sortByKeyDescending(Case c) {
    List<Pair<String, Integer>> input = numbered(c.words());
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, c.slices());
    assertSortedByKey(input, pairs.sortByKey(false), Comparator.reverseOrder());
    assertSortedByKey(input, pairs.sortByKey(false, 5), Comparator.reverseOrder());
  }

  /** By length, then backwards alphabetically: an order unrelated to the keys' own. */
  private static final Comparator<String> LENGTH_THEN_REVERSE = (Comparator<String> & Serializable) (a, b) ->
      a.length() != b.length() ? Integer.compare(a.length(), b.length()) : b.compareTo(a);

  @ParameterizedTest
  @MethodSource("cases")
  void sortByKeyWithAComparator(Case c) {
    List<Pair<String, Integer>> input = numbered(c.words());
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(input, c.slices());
    assertSortedByKey(input, pairs.sortByKey(LENGTH_THEN_REVERSE), LENGTH_THEN_REVERSE);
    assertSortedByKey(input, pairs.sortByKey(LENGTH_THEN_REVERSE, false, 4), LENGTH_THEN_REVERSE.reversed());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sortByComputedKey(Case c) {
    Rdd<String> words = ctx.parallelize(c.words(), c.slices());
    List<String> got = words.sortBy(w -> new StringBuilder(w).reverse().toString(), true, 4).collect();
    List<String> expectedKeys = c.words().stream().map(w -> new StringBuilder(w).reverse().toString()).sorted().toList();
    assertEquals(expectedKeys, got.stream().map(w -> new StringBuilder(w).reverse().toString()).toList());
    List<String> desc = words.sortBy(String::length, false, 2).collect();
    assertEquals(c.words().stream().map(String::length).sorted(Comparator.reverseOrder()).toList(),
        desc.stream().map(String::length).toList());
    assertEquals(c.words().stream().sorted().toList(), desc.stream().sorted().toList());
  }

  @Test
  void sortByKeyMakesBalancedPartitionsOfUniformKeys() {
    Random random = new Random(42);
    List<Pair<Integer, Integer>> input = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      input.add(Pair.of(random.nextInt(), i));
    }
    PairRdd<Integer, Integer> sorted = ctx.parallelizePairs(input, 4).sortByKey(true, 8);
    assertEquals(8, sorted.getNumPartitions());
    List<Long> sizes = sorted.glom().map(p -> (long) p.size()).collect();
    double mean = 100_000 / 8.0;
    for (long size : sizes) {
      assertTrue(size >= mean / 2 && size <= mean * 2, "partition sizes " + sizes + " not within 2x of " + mean);
    }
    List<Integer> keys = sorted.keys().collect();
    assertEquals(input.stream().map(Pair::key).sorted().toList(), keys);
  }

  @Test
  void sortByKeyStaysBalancedWhenOneInputPartitionIsMuchLarger() {
    // One input partition of 90k records and five of 100: the big one is resampled at the global rate.
    Random random = new Random(7);
    List<Pair<Integer, Integer>> big = new ArrayList<>();
    for (int i = 0; i < 90_000; i++) {
      big.add(Pair.of(random.nextInt(1_000_000), i));
    }
    List<Pair<Integer, Integer>> small = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      small.add(Pair.of(random.nextInt(1_000_000), -i));
    }
    PairRdd<Integer, Integer> input = ctx.parallelizePairs(big, 1).union(ctx.parallelizePairs(small, 5));
    PairRdd<Integer, Integer> sorted = input.sortByKey(false, 6);
    List<Long> sizes = sorted.glom().map(p -> (long) p.size()).collect();
    double mean = 90_500 / 6.0;
    for (long size : sizes) {
      assertTrue(size >= mean / 2 && size <= mean * 2, "partition sizes " + sizes + " not within 2x of " + mean);
    }
    List<Integer> all = new ArrayList<>(big.stream().map(Pair::key).toList());
    small.forEach(p -> all.add(p.key()));
    all.sort(Comparator.reverseOrder());
    assertEquals(all, sorted.keys().collect());
  }

  @Test
  void fewDistinctKeysGiveFewerPartitionsAsInSpark() {
    List<Pair<String, Integer>> input = numbered(TestData.random(1_000, 3, 9));
    PairRdd<String, Integer> sorted = ctx.parallelizePairs(input, 4).sortByKey(true, 10);
    // Bounds are distinct sampled keys, so at most 3 bounds: at most 4 ranges (Spark's rule too).
    assertTrue(sorted.getNumPartitions() <= 4, "3 distinct keys, " + sorted.getNumPartitions() + " partitions");
    assertSortedByKey(input, sorted, Comparator.naturalOrder());
  }

  @Test
  void rangePartitionerPlacesKeysByBounds() {
    Comparator<Integer> natural = io.spindle.rdd.KeyOrderings.natural();
    RangePartitioner<Integer> up = new RangePartitioner<>(new Object[] {10, 20, 30}, natural, true);
    assertEquals(4, up.numPartitions());
    assertEquals(List.of(0, 0, 1, 1, 2, 3), Stream.of(-5, 10, 11, 20, 25, 31).map(up::getPartition).toList());
    RangePartitioner<Integer> down = new RangePartitioner<>(new Object[] {10, 20, 30}, natural, false);
    assertEquals(List.of(3, 3, 2, 2, 1, 0), Stream.of(-5, 10, 11, 20, 25, 31).map(down::getPartition).toList());
    assertEquals(up, new RangePartitioner<>(new Object[] {10, 20, 30}, natural, true));
    assertTrue(!up.equals(down));
  }

  @Test
  void sortedRddKeepsItsRangePartitionerSoAJoinWithItDoesNotReshuffleIt() {
    PairRdd<String, Integer> sorted = ctx.parallelizePairs(numbered(TestData.random(500, 40, 3)), 3).sortByKey();
    assertTrue(sorted.partitioner() instanceof RangePartitioner<?>);
    assertEquals(sorted.partitioner(), sorted.join(sorted.mapValues(v -> -v)).partitioner());
  }

  // ---------------------------------------------------------------- errors

  @Test
  void nonSerializableComparatorIsRefusedWithTheFix() {
    PairRdd<String, Integer> pairs = ctx.parallelizePairs(numbered(List.of("b", "a")), 2);
    Comparator<String> plain = (a, b) -> a.compareTo(b);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pairs.sortByKey(plain));
    assertTrue(e.getMessage().contains("not Serializable") && e.getMessage().contains("& Serializable"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ctx.parallelize(List.of(1, 2), 1).top(1, (a, b) -> a - b));
  }

  /** A key class without an ordering. */
  record Point(int x, int y) implements Serializable {}

  @Test
  void keysThatAreNotComparableAreNamedInTheError() {
    PairRdd<Point, Integer> pairs = ctx.parallelizePairs(List.of(Pair.of(new Point(1, 2), 1), Pair.of(new Point(0, 0), 2)), 2);
    Exception e = assertThrows(Exception.class, () -> pairs.sortByKey().collect());
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains(Point.class.getName()) && cause.getMessage().contains("Comparator"),
        cause.getMessage());
    // With a comparator the same keys sort fine.
    Comparator<Point> byX = (Comparator<Point> & Serializable) (a, b) -> Integer.compare(a.x(), b.x());
    assertEquals(List.of(2, 1), pairs.sortByKey(byX).values().collect());
  }

  // ---------------------------------------------------------------- top, takeOrdered, min, max

  @ParameterizedTest
  @MethodSource("cases")
  void takeOrderedAndTop(Case c) {
    Rdd<String> words = ctx.parallelize(c.words(), c.slices());
    List<String> ascending = c.words().stream().sorted().toList();
    List<String> descending = c.words().stream().sorted(Comparator.reverseOrder()).toList();
    for (int n : new int[] {0, 1, 7, 100, c.words().size() + 5}) {
      assertEquals(ascending.subList(0, Math.min(n, ascending.size())), words.takeOrdered(n), "takeOrdered " + n);
      assertEquals(descending.subList(0, Math.min(n, descending.size())), words.top(n), "top " + n);
      Comparator<String> reverse = (Comparator<String> & Serializable) (a, b) -> b.compareTo(a);
      assertEquals(descending.subList(0, Math.min(n, descending.size())), words.takeOrdered(n, reverse));
      assertEquals(ascending.subList(0, Math.min(n, ascending.size())), words.top(n, reverse));
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void minAndMax(Case c) {
    Rdd<String> words = ctx.parallelize(c.words(), c.slices());
    Comparator<String> natural = Comparator.naturalOrder(); // Serializable: a JDK singleton
    Comparator<String> byLengthThenText = (Comparator<String> & Serializable) (a, b) ->
        a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    if (c.words().isEmpty()) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> words.min(natural));
      assertTrue(e.getMessage().contains("min() on an empty RDD"));
      assertThrows(UnsupportedOperationException.class, () -> words.max(natural));
      return;
    }
    assertEquals(c.words().stream().min(natural).orElseThrow(), words.min(natural));
    assertEquals(c.words().stream().max(natural).orElseThrow(), words.max(natural));
    assertEquals(c.words().stream().min(byLengthThenText).orElseThrow(), words.min(byLengthThenText));
    assertEquals(c.words().stream().max(byLengthThenText).orElseThrow(), words.max(byLengthThenText));
  }
}
