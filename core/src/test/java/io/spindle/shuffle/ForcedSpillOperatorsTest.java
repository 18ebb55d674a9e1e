package io.spindle.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.Rdd;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.TestData;
import io.spindle.TestData.Case;
import io.spindle.rdd.ShuffledRdd;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spilling paths on every input shape of {@link TestData#cases()}: a collection spills as soon
 * as it holds a few records (numElementsForceSpillThreshold), and at most 3 runs are merged at
 * once, so most partitions go through spills, intermediate merges and final merges.
 */
class ForcedSpillOperatorsTest {
  private static SpindleContext ctx;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]")
        .set("spindle.shuffle.spill.numElementsForceSpillThreshold", "5")
        .set("spindle.shuffle.spill.mergeFactor", "3"));
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  private static Map<String, Long> counts(List<String> words) {
    Map<String, Long> m = new TreeMap<>();
    words.forEach(w -> m.merge(w, 1L, Long::sum));
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reduceByKey(Case c) {
    Map<String, Long> actual = new TreeMap<>();
    for (Pair<String, Long> p : ctx.parallelize(c.words(), c.slices()).mapToPair(w -> Pair.of(w, 1L))
        .reduceByKey(Long::sum, 3).collect()) {
      assertEquals(null, actual.put(p.key(), p.value()), "key twice: " + p.key());
    }
    assertEquals(counts(c.words()), actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void groupByKey(Case c) {
    Map<String, List<Integer>> expected = new TreeMap<>();
    for (int i = 0; i < c.words().size(); i++) {
      expected.computeIfAbsent(c.words().get(i), k -> new ArrayList<>()).add(i);
    }
    List<Pair<String, Integer>> indexed = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      indexed.add(Pair.of(c.words().get(i), i));
    }
    Map<String, List<Integer>> actual = new TreeMap<>();
    for (Pair<String, Iterable<Integer>> p : ctx.parallelizePairs(indexed, c.slices()).groupByKey(4).collect()) {
      List<Integer> values = new ArrayList<>();
      p.value().forEach(values::add);
      Collections.sort(values);
      assertEquals(null, actual.put(p.key(), values), "key twice: " + p.key());
    }
    assertEquals(expected, actual);
  }

  static final class Natural implements Comparator<String>, Serializable {
    @Override
    public int compare(String a, String b) {
      return a.compareTo(b);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sortedReadSortsEachPartition(Case c) {
    HashPartitioner partitioner = new HashPartitioner(3);
    List<List<String>> expected = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    for (String w : c.words()) {
      expected.get(partitioner.getPartition(w)).add(w);
    }
    expected.forEach(Collections::sort);
    List<String> tagged = Rdd.wrap(new ShuffledRdd<String, Integer, Integer>(
        ctx.parallelize(c.words(), c.slices()).mapToPair(w -> Pair.of(w, 1)).node(), partitioner, null, false,
        new Natural()))
        .mapPartitionsWithIndex((i, it) -> {
          List<String> out = new ArrayList<>();
          it.forEachRemaining(p -> out.add(i + "\u0000" + p.key()));
          return out.iterator();
        }, false).collect();
    List<List<String>> actual = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    for (String t : tagged) {
      int sep = t.indexOf('\u0000');
      actual.get(Integer.parseInt(t.substring(0, sep))).add(t.substring(sep + 1));
    }
    assertEquals(expected, actual); // same order, not just the same elements
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void partitionBy(Case c) {
    HashPartitioner partitioner = new HashPartitioner(5);
    List<String> expected = new ArrayList<>();
    for (String w : c.words()) {
      expected.add(partitioner.getPartition(w) + ":" + w);
    }
    List<String> actual = ctx.parallelize(c.words(), c.slices()).mapToPair(w -> Pair.of(w, 0))
        .partitionBy(partitioner)
        .mapPartitionsWithIndex((i, it) -> {
          List<String> out = new ArrayList<>();
          it.forEachRemaining(p -> out.add(i + ":" + p.key()));
          return out.iterator();
        }, false).collect();
    Collections.sort(expected);
    List<String> sortedActual = new ArrayList<>(actual);
    Collections.sort(sortedActual);
    assertEquals(expected, sortedActual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void join(Case c) {
    List<Pair<String, Integer>> left = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      left.add(Pair.of(c.words().get(i), i));
    }
    List<Pair<String, Integer>> right = new ArrayList<>();
    List<String> distinct = new ArrayList<>(new java.util.TreeSet<>(c.words()));
    for (int i = 0; i < distinct.size(); i += 3) { // every third distinct key, twice
      right.add(Pair.of(distinct.get(i), -i));
      right.add(Pair.of(distinct.get(i), i * 7));
    }
    List<String> expected = new ArrayList<>();
    for (Pair<String, Integer> l : left) {
      for (Pair<String, Integer> r : right) {
        if (l.key().equals(r.key())) {
          expected.add(l.key() + "|" + l.value() + "|" + r.value());
        }
      }
    }
    List<String> actual = new ArrayList<>();
    for (Pair<String, Pair<Integer, Integer>> p : ctx.parallelizePairs(left, c.slices())
        .join(ctx.parallelizePairs(right, 2), 3).collect()) {
      actual.add(p.key() + "|" + p.value().key() + "|" + p.value().value());
    }
    Collections.sort(expected);
    Collections.sort(actual);
    assertEquals(expected, actual);
  }

  @Test
  void nullKeysSurviveSpillsAndMerges() {
    List<Pair<String, Integer>> data = new ArrayList<>();
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      String key = i % 3 == 0 ? null : "k" + (i % 17);
      data.add(Pair.of(key, i));
      expected.merge(key, i, Integer::sum);
    }
    Map<String, Integer> actual = new HashMap<>();
    for (Pair<String, Integer> p : ctx.parallelizePairs(data, 4).reduceByKey(Integer::sum, 2).collect()) {
      assertTrue(!actual.containsKey(p.key()), "key twice: " + p.key());
      actual.put(p.key(), p.value());
    }
    assertEquals(expected, actual);
    long nullGroups = ctx.parallelizePairs(data, 4).groupByKey(3).collect().stream()
        .filter(p -> p.key() == null).count();
    assertEquals(1, nullGroups);
  }
}
