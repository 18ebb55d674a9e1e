package io.spindle;

import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transformation and action against a plain-Java reference over the same input, for each
 * input shape of {@link TestData#cases()}.
 */
class OperatorsTest {
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

  private static <T extends Comparable<T>> List<T> sorted(List<T> in) {
    List<T> copy = new ArrayList<>(in);
    Collections.sort(copy);
    return copy;
  }

  private static Map<String, Long> counts(List<String> words) {
    return words.stream().collect(Collectors.groupingBy(w -> w, TreeMap::new, Collectors.counting()));
  }

  private static <K extends Comparable<K>, V> Map<K, V> toSortedMap(List<Pair<K, V>> pairs) {
    Map<K, V> map = new TreeMap<>();
    for (Pair<K, V> p : pairs) {
      V old = map.put(p.key(), p.value());
      assertEquals(null, old, "key " + p.key() + " appears twice");
    }
    return map;
  }

  private Rdd<String> words(Case c) {
    return ctx.parallelize(c.words(), c.slices());
  }

  private PairRdd<String, Integer> pairs(Case c) {
    return words(c).mapToPair(w -> Pair.of(w, w.length()));
  }

  // ---------------------------------------------------------------- narrow transformations

  @ParameterizedTest
  @MethodSource("cases")
  void mapFilterFlatMapKeepOrder(Case c) {
    assertEquals(c.words().stream().map(w -> w + "!").toList(), words(c).map(w -> w + "!").collect());
    assertEquals(c.words().stream().filter(w -> w.hashCode() % 3 == 0).toList(),
        words(c).filter(w -> w.hashCode() % 3 == 0).collect());
    assertEquals(c.words().stream().flatMap(w -> Stream.of(w, w.toUpperCase())).toList(),
        words(c).flatMap(w -> List.of(w, w.toUpperCase()).iterator()).collect());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void mapPartitionsAndWithIndex(Case c) {
    // Sizes of partitions add up to the input size; indexes are 0..n-1.
    List<Integer> sizes = words(c).mapPartitions(it -> {
      int n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return List.of(n).iterator();
    }).collect();
    assertEquals(c.slices(), sizes.size());
    assertEquals(c.words().size(), sizes.stream().mapToInt(Integer::intValue).sum());
    List<Integer> indexes = words(c).mapPartitionsWithIndex((i, it) -> List.of(i).iterator(), false).collect();
    assertEquals(IntStream.range(0, c.slices()).boxed().toList(), indexes);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void pairViews(Case c) {
    List<Pair<String, Integer>> expected = c.words().stream().map(w -> Pair.of(w, w.length())).toList();
    assertEquals(expected, pairs(c).collect());
    assertEquals(c.words(), pairs(c).keys().collect());
    assertEquals(c.words().stream().map(String::length).toList(), pairs(c).values().collect());
    assertEquals(c.words().stream().map(w -> Pair.of(w.length(), w)).toList(),
        words(c).keyBy(String::length).collect());
    assertEquals(c.words().stream().map(w -> Pair.of(w, w.length() * 2)).toList(),
        pairs(c).mapValues(v -> v * 2).collect());
    assertEquals(c.words().stream().flatMap(w -> Stream.of(Pair.of(w, 0), Pair.of(w, w.length()))).toList(),
        pairs(c).flatMapValues(v -> List.of(0, v).iterator()).collect());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void unionAndCoalesce(Case c) {
    List<String> twice = new ArrayList<>(c.words());
    twice.addAll(c.words());
    assertEquals(twice, words(c).union(words(c)).collect());
    assertEquals(2 * c.slices(), words(c).union(words(c)).getNumPartitions());
    Rdd<String> fewer = words(c).coalesce(2);
    assertEquals(Math.min(2, c.slices()), fewer.getNumPartitions());
    assertEquals(c.words(), fewer.collect(), "coalesce without shuffle keeps order");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void repartitionKeepsEveryElement(Case c) {
    Rdd<String> re = words(c).repartition(5);
    assertEquals(5, re.getNumPartitions());
    assertEquals(sorted(c.words()), sorted(re.collect()));
    Rdd<String> up = words(c).coalesce(c.slices() + 3, true);
    assertEquals(c.slices() + 3, up.getNumPartitions());
    assertEquals(sorted(c.words()), sorted(up.collect()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void distinct(Case c) {
    assertEquals(sorted(new ArrayList<>(new HashSet<>(c.words()))), sorted(words(c).distinct().collect()));
    assertEquals(sorted(new ArrayList<>(new HashSet<>(c.words()))), sorted(words(c).distinct(3).collect()));
  }

  // ---------------------------------------------------------------- per-key operations

  @ParameterizedTest
  @MethodSource("cases")
  void reduceByKey(Case c) {
    Map<String, Long> expected = counts(c.words());
    assertEquals(expected, toSortedMap(words(c).mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum).collect()));
    assertEquals(expected, toSortedMap(words(c).mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum, 3).collect()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void groupByKey(Case c) {
    Map<String, List<Integer>> expected = new TreeMap<>();
    for (String w : c.words()) {
      expected.computeIfAbsent(w, k -> new ArrayList<>()).add(w.length());
    }
    Map<String, List<Integer>> actual = new TreeMap<>();
    for (Pair<String, Iterable<Integer>> p : pairs(c).groupByKey(4).collect()) {
      List<Integer> values = new ArrayList<>();
      p.value().forEach(values::add);
      assertEquals(null, actual.put(p.key(), values));
    }
    assertEquals(expected, actual);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aggregateFoldCombineByKey(Case c) {
    Map<String, Integer> sumOfLengths = new TreeMap<>();
    Map<String, Set<Integer>> positions = new TreeMap<>();
    for (int i = 0; i < c.words().size(); i++) {
      String w = c.words().get(i);
      sumOfLengths.merge(w, w.length(), Integer::sum);
      positions.computeIfAbsent(w, k -> new HashSet<>()).add(i % 7);
    }
    assertEquals(sumOfLengths, toSortedMap(pairs(c).foldByKey(0, Integer::sum).collect()));
    assertEquals(sumOfLengths, toSortedMap(pairs(c).foldByKey(0, 2, Integer::sum).collect()));
    assertEquals(sumOfLengths, toSortedMap(pairs(c).combineByKey(v -> v, Integer::sum, Integer::sum).collect()));

    // A mutable zero: each key must start from its own empty set.
    List<Pair<String, Integer>> indexed = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      indexed.add(Pair.of(c.words().get(i), i % 7));
    }
    PairRdd<String, HashSet<Integer>> agg = ctx.parallelizePairs(indexed, c.slices())
        .aggregateByKey(new HashSet<Integer>(), (s, v) -> {
          s.add(v);
          return s;
        }, (a, b) -> {
          a.addAll(b);
          return a;
        });
    Map<String, Set<Integer>> actual = new TreeMap<>();
    agg.collect().forEach(p -> actual.put(p.key(), p.value()));
    assertEquals(positions, actual);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void partitionByPlacesKeysByPartitioner(Case c) {
    HashPartitioner partitioner = new HashPartitioner(4);
    PairRdd<String, Integer> placed = pairs(c).partitionBy(partitioner);
    List<List<String>> keysPerPartition = placed.keys().mapPartitions(it -> {
      List<String> keys = new ArrayList<>();
      it.forEachRemaining(keys::add);
      return List.<List<String>>of(keys).iterator();
    }).collect();
    assertEquals(4, keysPerPartition.size());
    List<String> all = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      for (String k : keysPerPartition.get(p)) {
        assertEquals(p, partitioner.getPartition(k), "key " + k);
        all.add(k);
      }
    }
    assertEquals(sorted(c.words()), sorted(all));
    assertTrue(placed.partitionBy(partitioner) == placed, "no second shuffle for the same partitioner");
  }

  // ---------------------------------------------------------------- actions

  @ParameterizedTest
  @MethodSource("cases")
  void countTakeFirst(Case c) {
    assertEquals(c.words().size(), words(c).count());
    for (int n : new int[] {0, 1, 3, 1000}) {
      assertEquals(c.words().subList(0, Math.min(n, c.words().size())), words(c).take(n));
    }
    if (c.words().isEmpty()) {
      assertThrows(UnsupportedOperationException.class, () -> words(c).first());
    } else {
      assertEquals(c.words().get(0), words(c).first());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reduceFoldAggregate(Case c) {
    long expectedTotal = c.words().stream().mapToLong(String::length).sum();
    Rdd<Long> lengths = words(c).map(w -> (long) w.length());
    if (c.words().isEmpty()) {
      assertThrows(UnsupportedOperationException.class, () -> lengths.reduce(Long::sum));
    } else {
      assertEquals(expectedTotal, lengths.reduce(Long::sum));
    }
    assertEquals(expectedTotal, lengths.fold(0L, Long::sum));
    ArrayList<String> zero = new ArrayList<>();
    ArrayList<String> all = words(c).aggregate(zero, (acc, w) -> {
      acc.add(w);
      return acc;
    }, (a, b) -> {
      a.addAll(b);
      return a;
    });
    assertEquals(sorted(c.words()), sorted(all));
    assertTrue(zero.isEmpty(), "the caller's zero value is not modified");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void foreachAndForeachPartition(Case c) {
    // Local mode shares the JVM, so a static queue sees what the tasks do. (A bound method
    // reference like SEEN::add would capture, and so serialize, a copy of the queue.)
    SEEN.clear();
    words(c).foreach(w -> SEEN.add(w));
    assertEquals(sorted(c.words()), sorted(new ArrayList<>(SEEN)));
    SEEN.clear();
    words(c).foreachPartition(it -> it.forEachRemaining(w -> SEEN.add(w)));
    assertEquals(sorted(c.words()), sorted(new ArrayList<>(SEEN)));
  }

  private static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();

  @ParameterizedTest
  @MethodSource("cases")
  void countByKeyAndValue(Case c) {
    Map<String, Long> expected = counts(c.words());
    assertEquals(expected, new TreeMap<>(words(c).countByValue()));
    assertEquals(expected, new TreeMap<>(pairs(c).countByKey()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void chainedShuffles(Case c) {
    // word -> count, then count -> number of words with that count: two shuffles in one job.
    Map<Long, Long> expected = new TreeMap<>();
    for (long n : counts(c.words()).values()) {
      expected.merge(n, 1L, Long::sum);
    }
    Map<Long, Long> actual = toSortedMap(words(c).mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum, 3)
        .mapToPair(p -> Pair.of(p.value(), 1L)).reduceByKey(Long::sum, 2).collect());
    assertEquals(expected, actual);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void largeRecordsSurviveTheShuffle(Case c) {
    // Values of 100 KiB each cross the shuffle intact.
    char[] big = new char[100 * 1024];
    Arrays.fill(big, 'x');
    String payload = new String(big);
    List<Pair<String, Integer>> result = words(c).distinct().mapToPair(w -> Pair.of(w, w + payload))
        .partitionBy(new HashPartitioner(3)).mapValues(String::length).collect();
    Map<String, Integer> expected = new HashMap<>();
    new HashSet<>(c.words()).forEach(w -> expected.put(w, w.length() + payload.length()));
    assertEquals(new TreeMap<>(expected), toSortedMap(result));
  }

}
