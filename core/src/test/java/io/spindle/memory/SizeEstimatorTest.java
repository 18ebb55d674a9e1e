package io.spindle.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sizes against the 64-bit compressed-oops layout computed by hand. */
class SizeEstimatorTest {

  static final class Node {
    long value;
    int count;
    Node next;
  }

  @Test
  void scalarsAndStrings() {
    assertEquals(0, SizeEstimator.estimate(null));
    assertEquals(16, SizeEstimator.estimate(12345678L));
    // String object 24 + byte[] (16 header + 10 bytes, aligned to 32)
    assertEquals(24 + 32, SizeEstimator.estimate("abcdefghij"));
    assertEquals(16 + 8 * 100, SizeEstimator.estimate(new long[100]));
  }

  @Test
  void userObjectsFollowTheirFieldsAndCountSharedPartsOnce() {
    Node a = new Node();
    Node b = new Node();
    a.next = b;
    b.next = a; // a cycle
    // header 12 + long 8 + int 4 + ref 4 = 28 -> 32 per node
    assertEquals(64, SizeEstimator.estimate(a));
    Long shared = 1_000_000L;
    Pair<Long, Long> pair = Pair.of(shared, shared);
    assertEquals(24 + 16, SizeEstimator.estimate(pair)); // Pair: 12 + 2 refs = 20 -> 24, one Long
  }

  @Test
  void collectionsAreMeasuredThroughTheirContents() {
    List<Long> list = new ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      list.add(i + 1_000_000);
    }
    long size = SizeEstimator.estimate(list);
    // 10,000 Longs of 16 bytes plus references: between 200 and 300 KB
    assertTrue(size > 10_000 * 20 && size < 10_000 * 30, "size " + size);
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      map.put("key" + i, (long) i + 1_000_000);
    }
    long mapSize = SizeEstimator.estimate(map);
    // per entry: node ~32, table ref, String ~56, Long 16 => roughly 100-150 bytes
    assertTrue(mapSize > 1_000 * 90 && mapSize < 1_000 * 160, "size " + mapSize);
  }
}
