package io.spindle.shuffle;

import io.spindle.shuffle.spill.Aggregator;
import io.spindle.shuffle.spill.CombineMap;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.function.HashPartitioner;
import io.spindle.shuffle.spill.RecordCursor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CombineMap's hand-over for spills: every entry once, in (partition, hash) or partition order. */
class CombineMapDrainTest {
  private static final Aggregator<String, Integer, Integer> SUM = new Aggregator<>(v -> v, Integer::sum, Integer::sum);

  private record Entry(int partition, int hash, String key, int value) {}

  private static Map<String, Integer> fill(CombineMap<String, Integer, Integer> map, int n, long seed) {
    Map<String, Integer> expected = new HashMap<>();
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      String key = random.nextInt(20) == 0 ? null : "k" + random.nextInt(n / 3 + 1);
      int v = random.nextInt(100);
      map.insertValue(key, v, SUM);
      expected.merge(key, v, Integer::sum);
    }
    return expected;
  }

  private static List<Entry> drain(CombineMap.SortedEntries sorted, HashPartitioner partitioner) {
    List<Entry> out = new ArrayList<>();
    for (int p = 0; p < partitioner.numPartitions(); p++) {
      sorted.partition(p);
      while (sorted.advance()) {
        String k = (String) sorted.key();
        assertEquals(p, partitioner.getPartition(k), "entry in the wrong partition: " + k);
        out.add(new Entry(p, RecordCursor.hash(k), k, (Integer) sorted.value()));
      }
    }
    return out;
  }

  @Test
  void drainByHashSortsByPartitionThenHash() {
    for (int n : new int[] {0, 1, 17, 5_000}) {
      CombineMap<String, Integer, Integer> map = new CombineMap<>();
      Map<String, Integer> expected = fill(map, n, n);
      HashPartitioner partitioner = new HashPartitioner(7);
      List<Entry> entries = drain(map.drainSorted(partitioner, true), partitioner);
      List<Entry> sorted = new ArrayList<>(entries);
      sorted.sort(Comparator.comparingInt(Entry::partition).thenComparingInt(Entry::hash));
      assertEquals(sorted.stream().map(e -> e.partition() + "/" + e.hash()).toList(),
          entries.stream().map(e -> e.partition() + "/" + e.hash()).toList());
      Map<String, Integer> actual = new HashMap<>();
      entries.forEach(e -> actual.put(e.key(), e.value()));
      assertEquals(expected, actual);
      assertEquals(expected.size(), entries.size());
      assertEquals(0, map.size(), "the map is empty after a drain");
    }
  }

  @Test
  void drainByPartitionOnlyGroupsEveryEntry() {
    CombineMap<String, Integer, Integer> map = new CombineMap<>();
    Map<String, Integer> expected = fill(map, 20_000, 3);
    HashPartitioner partitioner = new HashPartitioner(13);
    List<Entry> entries = drain(map.drainSorted(partitioner, false), partitioner);
    Map<String, Integer> actual = new HashMap<>();
    entries.forEach(e -> actual.put(e.key(), e.value()));
    assertEquals(expected, actual);
    assertEquals(expected.size(), entries.size());
    // The map is reusable after a drain.
    map.insertValue("again", 1, SUM);
    assertEquals(1, map.size());
  }
}
