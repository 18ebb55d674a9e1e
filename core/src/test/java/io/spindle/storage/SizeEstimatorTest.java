package io.spindle.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sizes by hand for a 64-bit JVM with compressed oops: 12-byte headers, 4-byte references, 8-byte alignment. */
class SizeEstimatorTest {
  @Test
  void knownShapes() {
    assertEquals(16, SizeEstimator.estimate(42)); // header 12 + int 4
    assertEquals(24, SizeEstimator.estimate(42L)); // header 12 + long 8, aligned
    assertEquals(16 + 800, SizeEstimator.estimate(new long[100]));
    assertEquals(24 + 24, SizeEstimator.estimate("abc")); // String + byte[3] (16 + 3, aligned)
    // Pair record: header + 2 refs = 20 -> 24; plus its String and Long.
    assertEquals(24 + 48 + 24, SizeEstimator.estimate(Pair.of("abc", 7L)));
  }

  @Test
  void sharedObjectsCountOnce() {
    String s = "x".repeat(100);
    Object[] twice = {s, s};
    assertEquals(24 + 24 + 120, SizeEstimator.estimate(twice)); // array 16 + 2 refs, String, byte[100]
  }

  @Test
  void sampledListIsCloseToTheSumOfItsRecords() {
    List<String> records = new ArrayList<>();
    long exact = 0;
    for (int i = 0; i < 100_000; i++) {
      String r = "record-" + (i % 1000) + "-" + "y".repeat(i % 13);
      records.add(r);
      exact += SizeEstimator.estimate(r);
    }
    long estimated = SizeEstimator.estimateRecords(records);
    long overhead = 24 + SizeEstimator.align(16 + 4L * records.size());
    double error = Math.abs(estimated - overhead - exact) / (double) exact;
    assertTrue(error < 0.1, "sampling error " + error);
  }

  @Test
  void jdkCollectionsCountTheirElements() {
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      map.put("key" + i, (long) i);
    }
    long elements = 1000L * (SizeEstimator.estimate("key100") + 24);
    long estimated = SizeEstimator.estimate(map);
    assertTrue(estimated > elements && estimated < 2 * elements, estimated + " vs elements " + elements);
  }
}
