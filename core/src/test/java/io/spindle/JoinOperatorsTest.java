package io.spindle;

import io.spindle.function.SpindleListener;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Triple;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.rdd.CoGroupedRdd;
import io.spindle.rdd.OneToOneDependency;
import io.spindle.rdd.ShuffleDependency;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cogroup, the four joins, subtractByKey, subtract, intersection and cartesian against
 * plain-Java nested loops over the same data, for the input shapes of {@link TestData#cases()}
 * (each paired with a right side sharing some keys) plus join-specific shapes.
 */
class JoinOperatorsTest {
  private static SpindleContext ctx;
  private static final List<SpindleListener.StageInfo> SUBMITTED = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onStageSubmitted(StageInfo stage) {
        SUBMITTED.add(stage);
      }
    });
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clear() {
    SUBMITTED.clear();
  }

  /** Two keyed inputs; values are the record's position (left) or 100000 + position (right), so every output pair is traceable. */
  record JoinCase(String name, List<String> leftKeys, int leftSlices, List<String> rightKeys, int rightSlices) {
    List<Pair<String, Integer>> left() {
      return numbered(leftKeys, 0);
    }

    List<Pair<String, Integer>> right() {
      return numbered(rightKeys, 100_000);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static List<Pair<String, Integer>> numbered(List<String> keys, int base) {
    List<Pair<String, Integer>> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      out.add(Pair.of(keys.get(i), base + i));
    }
    return out;
  }

  /** Every TestData case as the left side, with a right side holding half its keys and keys of its own. */
  static Stream<JoinCase> joinCases() {
    Stream<JoinCase> fromTestData = TestData.cases().map(c -> {
      List<String> right = new ArrayList<>();
      for (int i = 0; i < c.words().size(); i += 2) {
        right.add(c.words().get(i));
      }
      for (int i = 0; i < c.words().size() / 10; i++) {
        right.add("only-right-" + i);
      }
      if (c.words().size() > 200) {
        right = right.subList(0, Math.min(right.size(), 300)); // keeps the product of a hot key small
      }
      return new JoinCase(c.name(), c.words(), c.slices(), right, c.slices() / 2 + 1);
    });
    Stream<JoinCase> extra = Stream.of(
        new JoinCase("empty left", List.of(), 3, TestData.random(300, 50, 11), 4),
        new JoinCase("empty right", TestData.random(300, 50, 12), 4, List.of(), 2),
        new JoinCase("both empty", List.of(), 1, List.of(), 5),
        new JoinCase("duplicate keys on both sides", TestData.random(400, 10, 13), 5, TestData.random(300, 10, 14), 3),
        new JoinCase("unicode keys on both sides", TestData.unicode(600, 15), 4, TestData.unicode(400, 16), 3),
        new JoinCase("skewed keys on both sides", TestData.skewed(4_000, 17), 6, TestData.skewed(30, 18), 2),
        new JoinCase("more partitions than records", TestData.random(5, 3, 19), 16, TestData.random(3, 3, 20), 12));
    return Stream.concat(fromTestData, extra);
  }

  // ---------------------------------------------------------------- plain-Java reference

  private static Map<String, List<Integer>> byKey(List<Pair<String, Integer>> pairs) {
    Map<String, List<Integer>> map = new TreeMap<>();
    for (Pair<String, Integer> p : pairs) {
      map.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value());
    }
    return map;
  }

  private static String show(Object o) {
    return o instanceof Optional<?> opt ? opt.map(String::valueOf).orElse("-") : String.valueOf(o);
  }

  /** Reference joins by nested loops; {@code keepLeft}/{@code keepRight}: emit unmatched records of that side. */
  private static List<String> referenceJoin(JoinCase c, boolean keepLeft, boolean keepRight) {
    Map<String, List<Integer>> l = byKey(c.left());
    Map<String, List<Integer>> r = byKey(c.right());
    List<String> out = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>(l.keySet());
    keys.addAll(r.keySet());
    for (String k : keys) {
      List<Integer> vs = l.getOrDefault(k, List.of());
      List<Integer> ws = r.getOrDefault(k, List.of());
      if (!vs.isEmpty() && !ws.isEmpty()) {
        for (Integer v : vs) {
          for (Integer w : ws) {
            out.add(k + "|" + v + "|" + w);
          }
        }
      } else if (ws.isEmpty() && keepLeft) {
        vs.forEach(v -> out.add(k + "|" + v + "|-"));
      } else if (vs.isEmpty() && keepRight) {
        ws.forEach(w -> out.add(k + "|-|" + w));
      }
    }
    Collections.sort(out);
    return out;
  }

  private static <A, B> List<String> shown(PairRdd<String, Pair<A, B>> rdd) {
    List<String> out = new ArrayList<>();
    for (Pair<String, Pair<A, B>> p : rdd.collect()) {
      out.add(p.key() + "|" + show(p.value().key()) + "|" + show(p.value().value()));
    }
    Collections.sort(out);
    return out;
  }

  private PairRdd<String, Integer> left(JoinCase c) {
    return ctx.parallelizePairs(c.left(), c.leftSlices());
  }

  private PairRdd<String, Integer> right(JoinCase c) {
    return ctx.parallelizePairs(c.right(), c.rightSlices());
  }

  // ---------------------------------------------------------------- joins

  @ParameterizedTest
  @MethodSource("joinCases")
  void innerJoin(JoinCase c) {
    assertEquals(referenceJoin(c, false, false), shown(left(c).join(right(c))));
    assertEquals(referenceJoin(c, false, false), shown(left(c).join(right(c), 3)));
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void leftOuterJoin(JoinCase c) {
    assertEquals(referenceJoin(c, true, false), shown(left(c).leftOuterJoin(right(c))));
    assertEquals(referenceJoin(c, true, false), shown(left(c).leftOuterJoin(right(c), 5)));
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void rightOuterJoin(JoinCase c) {
    assertEquals(referenceJoin(c, false, true), shown(left(c).rightOuterJoin(right(c))));
    assertEquals(referenceJoin(c, false, true), shown(left(c).rightOuterJoin(right(c), new HashPartitioner(2))));
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void fullOuterJoin(JoinCase c) {
    assertEquals(referenceJoin(c, true, true), shown(left(c).fullOuterJoin(right(c))));
    assertEquals(referenceJoin(c, true, true), shown(left(c).fullOuterJoin(right(c), 7)));
  }

  // ---------------------------------------------------------------- cogroup

  private static <T> List<T> sortedList(Iterable<T> values, java.util.Comparator<T> order) {
    List<T> out = new ArrayList<>();
    values.forEach(out::add);
    out.sort(order);
    return out;
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void cogroupOfTwo(JoinCase c) {
    Map<String, List<Integer>> l = byKey(c.left());
    Map<String, List<Integer>> r = byKey(c.right());
    Map<String, List<List<Integer>>> expected = new TreeMap<>();
    Set<String> keys = new HashSet<>(l.keySet());
    keys.addAll(r.keySet());
    for (String k : keys) {
      expected.put(k, List.of(l.getOrDefault(k, List.of()), r.getOrDefault(k, List.of())));
    }
    Map<String, List<List<Integer>>> actual = new TreeMap<>();
    for (Pair<String, Pair<Iterable<Integer>, Iterable<Integer>>> p : left(c).cogroup(right(c)).collect()) {
      List<List<Integer>> sides = List.of(sortedList(p.value().key(), Integer::compare),
          sortedList(p.value().value(), Integer::compare));
      assertNull(actual.put(p.key(), sides), "key " + p.key() + " appears twice");
    }
    assertEquals(expected, actual);
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void cogroupOfThree(JoinCase c) {
    // The third input: every third left record again, with its value negated, in another partitioning.
    List<Pair<String, Integer>> third = new ArrayList<>();
    for (int i = 0; i < c.left().size(); i += 3) {
      third.add(Pair.of(c.left().get(i).key(), -c.left().get(i).value()));
    }
    Map<String, List<Integer>> l = byKey(c.left());
    Map<String, List<Integer>> r = byKey(c.right());
    Map<String, List<Integer>> t = byKey(third);
    Map<String, List<List<Integer>>> expected = new TreeMap<>();
    Set<String> keys = new HashSet<>(l.keySet());
    keys.addAll(r.keySet());
    for (String k : keys) {
      List<Integer> ts = new ArrayList<>(t.getOrDefault(k, List.of()));
      Collections.sort(ts);
      expected.put(k, List.of(l.getOrDefault(k, List.of()), r.getOrDefault(k, List.of()), ts));
    }
    Map<String, List<List<Integer>>> actual = new TreeMap<>();
    PairRdd<String, Integer> thirdRdd = ctx.parallelizePairs(third, 2);
    for (var p : left(c).cogroup(right(c), thirdRdd, 4).collect()) {
      Triple<Iterable<Integer>, Iterable<Integer>, Iterable<Integer>> v = p.value();
      List<List<Integer>> sides = List.of(sortedList(v._1(), Integer::compare), sortedList(v._2(), Integer::compare),
          sortedList(v._3(), Integer::compare));
      assertNull(actual.put(p.key(), sides), "key " + p.key() + " appears twice");
    }
    assertEquals(expected, actual);
  }

  // ---------------------------------------------------------------- subtraction, intersection, cartesian

  @ParameterizedTest
  @MethodSource("joinCases")
  void subtractByKeyKeepsAllValuesOfKeysMissingOnTheRight(JoinCase c) {
    Set<String> rightKeys = new HashSet<>(c.rightKeys());
    List<String> expected = c.left().stream().filter(p -> !rightKeys.contains(p.key())).map(Pair::toString).sorted().toList();
    assertEquals(expected, left(c).subtractByKey(right(c)).collect().stream().map(Pair::toString).sorted().toList());
    assertEquals(expected, left(c).subtractByKey(right(c), 3).collect().stream().map(Pair::toString).sorted().toList());
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void subtractKeepsDuplicatesOfElementsMissingOnTheRight(JoinCase c) {
    Set<String> rightKeys = new HashSet<>(c.rightKeys());
    List<String> expected = c.leftKeys().stream().filter(k -> !rightKeys.contains(k)).sorted().toList();
    Rdd<String> l = ctx.parallelize(c.leftKeys(), c.leftSlices());
    Rdd<String> r = ctx.parallelize(c.rightKeys(), c.rightSlices());
    assertEquals(expected, l.subtract(r).collect().stream().sorted().toList());
    assertEquals(expected, l.subtract(r, 2).collect().stream().sorted().toList());
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void intersectionIsDistinct(JoinCase c) {
    Set<String> both = new java.util.TreeSet<>(c.leftKeys());
    both.retainAll(new HashSet<>(c.rightKeys()));
    Rdd<String> l = ctx.parallelize(c.leftKeys(), c.leftSlices());
    Rdd<String> r = ctx.parallelize(c.rightKeys(), c.rightSlices());
    assertEquals(List.copyOf(both), l.intersection(r).collect().stream().sorted().toList());
    assertEquals(List.copyOf(both), l.intersection(r, 3).collect().stream().sorted().toList());
  }

  @ParameterizedTest
  @MethodSource("joinCases")
  void cartesianPairsEveryElementWithEveryOther(JoinCase c) {
    List<String> ls = c.leftKeys().subList(0, Math.min(60, c.leftKeys().size()));
    List<String> rs = c.rightKeys().subList(0, Math.min(40, c.rightKeys().size()));
    List<String> expected = new ArrayList<>();
    for (String a : ls) {
      for (String b : rs) {
        expected.add(a + "|" + b);
      }
    }
    Collections.sort(expected);
    PairRdd<String, String> product = ctx.parallelize(ls, c.leftSlices()).cartesian(ctx.parallelize(rs, c.rightSlices()));
    assertEquals(c.leftSlices() * c.rightSlices(), product.getNumPartitions());
    assertEquals(expected, product.collect().stream().map(p -> p.key() + "|" + p.value()).sorted().toList());
  }

  @Test
  void cartesianKeepsSparksPartitionOrder() {
    Rdd<Integer> a = ctx.parallelize(List.of(1, 2, 3, 4), 2);
    Rdd<String> b = ctx.parallelize(List.of("x", "y", "z"), 3);
    List<String> got = a.cartesian(b).collect().stream().map(p -> p.key() + p.value()).toList();
    assertEquals(List.of("1x", "2x", "1y", "2y", "1z", "2z", "3x", "4x", "3y", "4y", "3z", "4z"), got);
  }

  // ---------------------------------------------------------------- stage structure

  @Test
  void joinOfTwoRddsPartitionedByTheSamePartitionerAddsNoShuffle() {
    HashPartitioner four = new HashPartitioner(4);
    JoinCase c = joinCases().filter(j -> j.name().equals("random")).findFirst().orElseThrow();
    PairRdd<String, Integer> a = left(c).partitionBy(four);
    PairRdd<String, Integer> b = right(c).partitionBy(four);
    a.count();
    b.count(); // both shuffles are now written
    PairRdd<String, Pair<Integer, Integer>> joined = a.join(b);
    assertEquals(four, joined.partitioner(), "a join keeps its inputs' partitioner");
    SUBMITTED.clear();
    assertEquals(referenceJoin(c, false, false), shown(joined));
    assertEquals(1, SUBMITTED.size(), "only the result stage runs: no shuffle for either side: " + SUBMITTED);
    assertEquals(4, SUBMITTED.get(0).numTasks());

    // The lineage says the same: the cogroup reads both sides one-to-one.
    CoGroupedRdd<?> cogroup = findCoGroup(joined);
    assertTrue(cogroup.dependencies().stream().allMatch(d -> d instanceof OneToOneDependency<?>),
        cogroup.toDebugString());

    // A join of the joined result with a same-partitioned RDD is again narrow, in a fresh lineage too.
    SUBMITTED.clear();
    PairRdd<String, Integer> fresh = ctx.parallelizePairs(c.left(), 3).partitionBy(four);
    fresh.join(joined.mapValues(Pair::key)).count();
    assertEquals(2, SUBMITTED.size(), "one map stage (partitionBy of the fresh RDD) + the result stage: " + SUBMITTED);
  }

  @Test
  void joinShufflesOnlyTheSideThatIsNotPartitionedAlready() {
    HashPartitioner three = new HashPartitioner(3);
    JoinCase c = joinCases().filter(j -> j.name().equals("duplicate keys on both sides")).findFirst().orElseThrow();
    PairRdd<String, Integer> a = left(c).partitionBy(three);
    a.count();
    SUBMITTED.clear();
    PairRdd<String, Pair<Integer, Integer>> joined = a.join(right(c)); // default partitioner: a's
    assertEquals(referenceJoin(c, false, false), shown(joined));
    assertEquals(2, SUBMITTED.size(), "one map stage for the right side + the result stage: " + SUBMITTED);
    assertTrue(SUBMITTED.get(0).shuffleMap());
    CoGroupedRdd<?> cogroup = findCoGroup(joined);
    assertInstanceOf(OneToOneDependency.class, cogroup.dependencies().get(0));
    assertInstanceOf(ShuffleDependency.class, cogroup.dependencies().get(1));
  }

  @Test
  void joinOfUnpartitionedInputsShufflesBoth() {
    JoinCase c = joinCases().filter(j -> j.name().equals("random")).findFirst().orElseThrow();
    assertEquals(referenceJoin(c, false, false), shown(left(c).join(right(c), 4)));
    assertEquals(3, SUBMITTED.size(), "two map stages + the result stage: " + SUBMITTED);
  }

  private static CoGroupedRdd<?> findCoGroup(Rdd<?> rdd) {
    java.util.ArrayDeque<io.spindle.rdd.RddNode<?>> todo = new java.util.ArrayDeque<>(List.of(rdd.node()));
    while (!todo.isEmpty()) {
      io.spindle.rdd.RddNode<?> r = todo.pop();
      if (r instanceof CoGroupedRdd<?> c) {
        return c;
      }
      r.dependencies().forEach(d -> todo.push(d.rdd()));
    }
    throw new AssertionError("no CoGroupedRdd in " + rdd.toDebugString());
  }

  @Test
  void selfJoinShufflesTheSameRddTwiceOrNotAtAll() {
    JoinCase c = joinCases().filter(j -> j.name().equals("duplicate keys on both sides")).findFirst().orElseThrow();
    JoinCase self = new JoinCase("self", c.leftKeys(), c.leftSlices(), c.leftKeys(), c.leftSlices());
    PairRdd<String, Integer> a = left(c);
    List<String> expected = referenceJoin(self, false, false).stream()
        .map(row -> { // the right side's values are the left's, not 100000 + position
          String[] f = row.split("\\|");
          return f[0] + "|" + f[1] + "|" + (Integer.parseInt(f[2]) - 100_000);
        }).sorted().toList();
    assertEquals(expected, shown(a.join(a)));
    PairRdd<String, Integer> partitioned = a.partitionBy(new HashPartitioner(3));
    assertEquals(expected, shown(partitioned.join(partitioned)));
  }

  // ---------------------------------------------------------------- results travel on

  @Test
  void joinResultsWithOptionalsSurviveAFurtherShuffle() {
    JoinCase c = joinCases().filter(j -> j.name().equals("duplicate keys on both sides")).findFirst().orElseThrow();
    Map<String, Long> expected = new HashMap<>();
    for (String row : referenceJoin(c, true, true)) {
      expected.merge(row.substring(row.indexOf('|') + 1), 1L, Long::sum);
    }
    PairRdd<Pair<Optional<Integer>, Optional<Integer>>, Long> counted = left(c).fullOuterJoin(right(c))
        .mapToPair(p -> Pair.of(p.value(), 1L)).reduceByKey(Long::sum, 3);
    Map<String, Long> actual = new HashMap<>();
    counted.collect().forEach(p -> actual.put(show(p.key().key()) + "|" + show(p.key().value()), p.value()));
    assertEquals(expected, actual);
  }

  @Test
  void defaultPartitionerFollowsSpark() {
    PairRdd<String, Integer> small = ctx.parallelizePairs(List.of(Pair.of("a", 1)), 2);
    PairRdd<String, Integer> big = ctx.parallelizePairs(List.of(Pair.of("a", 2)), 6);
    assertEquals(new HashPartitioner(6), small.join(big).partitioner(), "no partitioner: the largest input's count");
    PairRdd<String, Integer> partitioned = small.partitionBy(new HashPartitioner(5));
    assertEquals(new HashPartitioner(5), big.join(partitioned).partitioner(), "an existing partitioner is reused");
    PairRdd<String, Integer> huge = ctx.parallelizePairs(List.of(Pair.of("a", 2)), 60);
    assertEquals(new HashPartitioner(60), huge.join(partitioned).partitioner(),
        "a partitioner with under a tenth of the largest input's partitions is not");
  }
}
