package io.spindle.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.function.Pair;
import io.spindle.shuffle.spill.Aggregator;
import io.spindle.shuffle.spill.CombineMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CombineMap's inserts against a plain {@link HashMap} fed the same records: empty, one record,
 * null keys, keys whose hash codes collide, and growth through many doublings; read back through
 * forEach and the iterator, which must agree.
 */
class CombineMapTest {
  /** Combiners are lists of the values seen, so the order of merges is checked too. */
  private static final Aggregator<Object, Integer, List<Integer>> COLLECT = new Aggregator<>(
      v -> new ArrayList<>(List.of(v)),
      (c, v) -> {
        c.add(v);
        return c;
      },
      (a, b) -> {
        a.addAll(b);
        return a;
      });

  /** A key whose hash code is chosen: equal keys have equal ids; different ids may share a hash. */
  private record Colliding(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Colliding c && c.id == id;
    }
  }

  private static Map<Object, List<Integer>> viaForEach(CombineMap<Object, Integer, List<Integer>> map) {
    Map<Object, List<Integer>> out = new HashMap<>();
    map.forEach((k, c) -> {
      if (out.put(k, c) != null) {
        throw new AssertionError("key visited twice: " + k);
      }
    });
    return out;
  }

  private static Map<Object, List<Integer>> viaIterator(CombineMap<Object, Integer, List<Integer>> map) {
    Map<Object, List<Integer>> out = new HashMap<>();
    for (Iterator<Pair<Object, List<Integer>>> it = map.iterator(); it.hasNext();) {
      Pair<Object, List<Integer>> p = it.next();
      if (out.put(p.key(), p.value()) != null) {
        throw new AssertionError("key returned twice: " + p.key());
      }
    }
    return out;
  }

  /** Inserts every (key, value) into a CombineMap and a HashMap and compares them. */
  private static void check(List<Object> keys, int initialCapacity) {
    CombineMap<Object, Integer, List<Integer>> map = new CombineMap<>(initialCapacity);
    Map<Object, List<Integer>> expected = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      map.insertValue(keys.get(i), i, COLLECT);
      expected.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(i);
    }
    assertEquals(expected.size(), map.size());
    assertEquals(expected, viaForEach(map));
    assertEquals(expected, viaIterator(map));
  }

  @Test
  void emptyMapHasNoEntries() {
    check(List.of(), 16);
  }

  @Test
  void oneRecord() {
    check(List.of("a"), 16);
  }

  @Test
  void nullKeysAreOneKeyOfTheirOwn() {
    List<Object> keys = new ArrayList<>();
    keys.add(null);
    keys.add("x");
    keys.add(null);
    keys.add("null");
    keys.add(null);
    check(keys, 16);
  }

  @Test
  void keysWithCollidingHashesStayApart() {
    List<Object> keys = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      int id = random.nextInt(300);
      keys.add(new Colliding(id, id % 3)); // 300 keys over 3 hash codes: long probe runs
    }
    check(keys, 16);
    // Every key with the same hash code, through growth from the smallest table.
    List<Object> same = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      same.add(new Colliding(random.nextInt(100), 42));
    }
    check(same, 16);
  }

  @Test
  void growsThroughManyDoublingsAndKeepsEveryCombiner() {
    List<Object> keys = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      keys.add(random.nextInt(10) == 0 ? null : "k" + random.nextInt(40_000));
    }
    check(keys, 16);
    check(keys, 100_000); // presized: no growth
  }

  @Test
  void insertCombinerMergesLikeMergeCombiners() {
    CombineMap<Object, Integer, List<Integer>> map = new CombineMap<>();
    Map<Object, List<Integer>> expected = new HashMap<>();
    Random random = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      Object key = random.nextInt(20) == 0 ? null : random.nextInt(700);
      List<Integer> combiner = new ArrayList<>(List.of(i, -i));
      map.insertCombiner(key, new ArrayList<>(combiner), COLLECT);
      expected.merge(key, combiner, (a, b) -> {
        a.addAll(b);
        return a;
      });
    }
    assertEquals(expected, viaForEach(map));
    assertEquals(expected, viaIterator(map));
  }
}
