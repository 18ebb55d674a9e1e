package io.spindle.shuffle.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The recycler hands an array to one owner at a time, as new; and CombineMaps that take their
 * tables from it (one after another on a thread, or side by side) still combine exactly what a
 * HashMap does.
 */
class ArrayRecyclerTest {
  private static final Aggregator<Integer, Integer, Integer> SUM = new Aggregator<>(v -> v, Integer::sum, Integer::sum);
  private static final Aggregator<String, Integer, Integer> STRING_SUM = new Aggregator<>(v -> v, Integer::sum, Integer::sum);

  @Test
  void givenArraysComeBackClearedToOneTakerOnly() {
    ArrayRecycler arrays = new ArrayRecycler();
    int[] a = arrays.ints(1 << 16);
    a[5] = 7;
    arrays.give(a);
    int[] again = arrays.ints(1 << 16);
    assertSame(a, again, "a kept length is handed on");
    assertEquals(0, again[5], "handed on as new");
    assertNotSame(again, arrays.ints(1 << 16), "one owner at a time");

    int[] keys = arrays.ints(1 << 18); // a table's keys and combiners: two of a length are kept
    int[] combiners = arrays.ints(1 << 18);
    int[] third = arrays.ints(1 << 18);
    arrays.give(keys);
    arrays.give(combiners);
    arrays.give(third); // dropped
    int[] first = arrays.ints(1 << 18);
    int[] second = arrays.ints(1 << 18);
    assertTrue((first == keys && second == combiners) || (first == combiners && second == keys));
    assertNotSame(third, arrays.ints(1 << 18));

    Object[] o = arrays.objects(1 << 17);
    o[1] = "key";
    arrays.give(o);
    assertEquals(null, arrays.objects(1 << 17)[1]);
    boolean[] f = arrays.flags(1 << 16);
    f[0] = true;
    arrays.give(f);
    assertEquals(false, arrays.flags(1 << 16)[0]);
  }

  @Test
  void shortOrOddLengthsAreNotKept() {
    ArrayRecycler arrays = new ArrayRecycler();
    long[] small = arrays.longs(1 << 10);
    arrays.give(small);
    assertNotSame(small, arrays.longs(1 << 10));
    long[] odd = arrays.longs(100_000);
    assertEquals(100_000, odd.length);
    arrays.give(odd);
    assertNotSame(odd, arrays.longs(100_000));
    assertEquals(1 << 17, ArrayRecycler.keptLength(100_000));
    assertEquals(1 << 16, ArrayRecycler.keptLength(1 << 16));
    assertEquals(1000, ArrayRecycler.keptLength(1000));
  }

  @Test
  void eachThreadHasItsOwn() throws Exception {
    ArrayRecycler here = ArrayRecycler.current();
    ArrayRecycler there = CompletableFuture.supplyAsync(ArrayRecycler::current).get();
    assertNotSame(here, there);
    assertSame(here, ArrayRecycler.current());
  }

  /** Int keys: the first map's drained table is still being read while a second map grows; then a third reuses it. */
  @Test
  void mapsOnOneThreadCombineCorrectlyWhileTheyHandTablesOn() {
    HashPartitioner partitioner = new HashPartitioner(8);
    Random random = new Random(11);
    for (int round = 0; round < 3; round++) {
      int keys = 300_000 >> round; // tables of 2^19, 2^18, 2^17 slots: kept lengths
      Map<Integer, Integer> expectedA = new HashMap<>();
      CombineMap<Integer, Integer, Integer> a = fill(new CombineMap<>(), expectedA, keys, 4 * keys, random);
      CombineMap.SortedEntries drainedA = a.drainSorted(partitioner);

      Map<Integer, Integer> expectedB = new HashMap<>();
      CombineMap<Integer, Integer, Integer> b = fill(new CombineMap<>(), expectedB, keys, 4 * keys, random);
      assertEquals(expectedA, read(drainedA, partitioner), "A read while B was built");
      drainedA.release();
      assertEquals(expectedB, read(b.drainSorted(partitioner, false), partitioner));

      Map<Integer, Integer> expectedC = new HashMap<>();
      CombineMap<Integer, Integer, Integer> c = fill(new CombineMap<>(), expectedC, keys, 4 * keys, random);
      Map<Integer, Integer> viaIterator = new HashMap<>();
      for (Iterator<Pair<Integer, Integer>> it = c.iterator(); it.hasNext();) {
        Pair<Integer, Integer> p = it.next();
        assertEquals(null, viaIterator.put(p.key(), p.value()));
      }
      c.release();
      assertEquals(expectedC, viaIterator);
    }
  }

  /** Object keys (the boxed form) and a map that leaves its int form, each after the other on one thread. */
  @Test
  void boxedMapsReuseTablesAndStayExact() {
    HashPartitioner partitioner = new HashPartitioner(4);
    Random random = new Random(5);
    for (int round = 0; round < 3; round++) {
      Map<String, Integer> expected = new HashMap<>();
      CombineMap<String, Integer, Integer> map = new CombineMap<>();
      for (int i = 0; i < 200_000; i++) {
        String key = "k\u00e9" + random.nextInt(60_000);
        int v = random.nextInt(100);
        map.insertValue(key, v, STRING_SUM);
        expected.merge(key, v, Integer::sum);
      }
      Map<String, Integer> got = new HashMap<>();
      CombineMap.SortedEntries sorted = map.drainSorted(partitioner);
      for (int p = 0; p < 4; p++) {
        sorted.partition(p);
        while (sorted.advance()) {
          assertEquals(p, partitioner.getPartition(sorted.key()));
          assertEquals(null, got.put((String) sorted.key(), (Integer) sorted.value()));
        }
      }
      sorted.release();
      assertEquals(expected, got);
    }
  }

  private static CombineMap<Integer, Integer, Integer> fill(CombineMap<Integer, Integer, Integer> map,
      Map<Integer, Integer> expected, int keys, int records, Random random) {
    for (int i = 0; i < records; i++) {
      int key = random.nextInt(keys);
      int v = random.nextInt(1000) - 500;
      map.insertValue(key, v, SUM);
      expected.merge(key, v, Integer::sum);
    }
    assertEquals(expected.size(), map.size());
    return map;
  }

  private static Map<Integer, Integer> read(CombineMap.SortedEntries sorted, HashPartitioner partitioner) {
    Map<Integer, Integer> out = new HashMap<>();
    for (int p = 0; p < partitioner.numPartitions(); p++) {
      sorted.partition(p);
      while (sorted.advance()) {
        assertEquals(p, partitioner.getPartition(sorted.key()));
        assertEquals(null, out.put((Integer) sorted.key(), (Integer) sorted.value()));
      }
    }
    assertTrue(sorted.nextPartition() < 0);
    return out;
  }
}
