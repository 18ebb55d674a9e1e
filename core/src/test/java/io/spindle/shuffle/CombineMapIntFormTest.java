package io.spindle.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import io.spindle.shuffle.spill.Aggregator;
import io.spindle.shuffle.spill.CombineMap;
import io.spindle.shuffle.spill.RecordCursor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CombineMap keeps Integer keys and combiners as ints until a key or combiner of another kind
 * comes: against a plain HashMap fed the same records, before and after that switch, through
 * forEach, the iterator and both drains, with the classes of keys and combiners kept.
 */
class CombineMapIntFormTest {
  /** Sums ints; a combiner past a million becomes a Long, so the map must leave its int form then. */
  private static final Aggregator<Object, Integer, Object> SUM = new Aggregator<>(
      v -> v,
      (c, v) -> grow(((Number) c).longValue() + v),
      (a, b) -> grow(((Number) a).longValue() + ((Number) b).longValue()));

  private static Object grow(long sum) {
    return Math.abs(sum) > 1_000_000 ? (Object) sum : (Object) (int) sum;
  }

  private static Map<Object, Object> expectedSums(List<Object> keys, List<Integer> values) {
    Map<Object, Object> expected = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Object key = keys.get(i);
      Integer v = values.get(i);
      expected.merge(key, v, (a, b) -> grow(((Number) a).longValue() + ((Number) b).longValue()));
    }
    return expected;
  }

  private static Map<Object, Object> viaForEach(CombineMap<Object, Integer, Object> map) {
    Map<Object, Object> out = new HashMap<>();
    map.forEach((k, c) -> assertEquals(null, out.put(k, c), "twice: " + k));
    return out;
  }

  private static Map<Object, Object> viaIterator(CombineMap<Object, Integer, Object> map) {
    Map<Object, Object> out = new HashMap<>();
    for (Iterator<Pair<Object, Object>> it = map.iterator(); it.hasNext();) {
      Pair<Object, Object> p = it.next();
      assertEquals(null, out.put(p.key(), p.value()), "twice: " + p.key());
    }
    return out;
  }

  /** Map.equals says Integer 5 differs from Long 5; keys' classes are checked here too. */
  private static void assertSame(Map<Object, Object> expected, Map<Object, Object> actual) {
    assertEquals(expected, actual);
    for (Map.Entry<Object, Object> e : actual.entrySet()) {
      assertEquals(expected.get(e.getKey()).getClass(), e.getValue().getClass(), "combiner class of " + e.getKey());
    }
  }

  private static void check(List<Object> keys, List<Integer> values) {
    Map<Object, Object> expected = expectedSums(keys, values);
    CombineMap<Object, Integer, Object> map = new CombineMap<>();
    for (int i = 0; i < keys.size(); i++) {
      map.insertValue(keys.get(i), values.get(i), SUM);
    }
    assertEquals(expected.size(), map.size());
    assertSame(expected, viaForEach(map));
    assertSame(expected, viaIterator(map));

    // The same records as combiners (the reduce side of a combined shuffle), then both drains.
    for (boolean byHash : new boolean[] {true, false}) {
      CombineMap<Object, Integer, Object> combined = new CombineMap<>();
      for (int i = 0; i < keys.size(); i++) {
        combined.insertCombiner(keys.get(i), values.get(i), SUM);
      }
      HashPartitioner partitioner = new HashPartitioner(5);
      CombineMap.SortedEntries sorted = combined.drainSorted(partitioner, byHash);
      Map<Object, Object> drained = new HashMap<>();
      for (int p = 0; p < 5; p++) {
        sorted.partition(p);
        long lastSortKey = Long.MIN_VALUE;
        while (sorted.advance()) {
          assertEquals(p, partitioner.getPartition(sorted.key()), "partition of " + sorted.key());
          long sortKey = Integer.toUnsignedLong(RecordCursor.hash(sorted.key()) ^ 0x80000000);
          assertTrue(!byHash || sortKey >= lastSortKey, "hash order within a partition");
          lastSortKey = sortKey;
          assertEquals(null, drained.put(sorted.key(), sorted.value()), "twice: " + sorted.key());
        }
      }
      assertSame(expected, drained);
      assertEquals(0, combined.size());
      combined.insertValue(7, 1, SUM); // usable after a drain
      assertEquals(Map.of(7, 1), viaForEach(combined));
    }
  }

  @Test
  void intKeysAndSumsThroughGrowthNegativeExtremeAndCollidingKeys() {
    Random random = new Random(3);
    List<Object> keys = new ArrayList<>();
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int r = random.nextInt(10);
      keys.add(r == 0 ? Integer.MIN_VALUE : r == 1 ? Integer.MAX_VALUE : r == 2 ? 0 : random.nextInt(30_000) - 15_000);
      values.add(random.nextInt(21) - 10);
    }
    check(keys, values);
    check(List.of(), List.of());
    check(List.of(42), List.of(-1));
  }

  @Test
  void aKeyOfAnotherClassANullKeyOrALongCombinerHalfWayKeepsEveryEntry() {
    for (String intruder : List.of("string", "null", "long key", "long combiner")) {
      Random random = new Random(9);
      List<Object> keys = new ArrayList<>();
      List<Integer> values = new ArrayList<>();
      for (int i = 0; i < 40_000; i++) {
        Object key = random.nextInt(5_000);
        if (i > 20_000 && random.nextInt(100) == 0) {
          key = switch (intruder) {
            case "string" -> "s" + random.nextInt(50);
            case "null" -> null;
            case "long key" -> (long) random.nextInt(5_000); // equal hash to an Integer key, not equal
            default -> key;
          };
        }
        keys.add(key);
        values.add(intruder.equals("long combiner") && i > 20_000 && random.nextInt(100) == 0 ? 999_999 : 1);
      }
      check(keys, values);
    }
  }
}
