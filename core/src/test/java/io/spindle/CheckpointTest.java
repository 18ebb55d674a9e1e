package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.function.Pair;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * checkpoint() and localCheckpoint(): the lineage is cut after the first action (the debug string's
 * root is the checkpoint), later actions read the checkpoint (the upstream function does not run
 * again, no shuffle stage), results equal a plain-Java count; files go with the context unless
 * {@code spindle.cleaner.referenceTracking.cleanCheckpoints=false}.
 */
class CheckpointTest {
  /** Calls of the upstream function per test run (local mode: tasks run in this JVM). */
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  @TempDir
  Path dir;

  static Stream<Case> cases() {
    return TestData.cases();
  }

  private static Map<String, Long> counts(List<String> words) {
    return words.stream().collect(Collectors.groupingBy(w -> w, TreeMap::new, Collectors.counting()));
  }

  private static SpindleContext context(boolean clean) {
    return new SpindleContext(new SpindleConf(false).setMaster("local[2]")
        .set("spindle.cleaner.referenceTracking.cleanCheckpoints", String.valueOf(clean)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aCheckpointedRddIsReadBackAndItsLineageEndsThere(Case c) throws Exception {
    String key = "reliable-" + c.name();
    CALLS.put(key, new AtomicInteger());
    List<Integer> stagesPerJob = java.util.Collections.synchronizedList(new ArrayList<>()); // the bus's thread adds
    try (SpindleContext ctx = context(true)) {
      ctx.setCheckpointDir(dir.toString());
      ctx.addListener(new SpindleListener() {
        @Override
        public void onJobStart(int jobId, List<Integer> stageIds) {
          stagesPerJob.add(stageIds.size());
        }
      });
      PairRdd<String, Long> counted = ctx.parallelize(c.words(), c.slices())
          .mapToPair(w -> {
            CALLS.get(key).incrementAndGet();
            return Pair.of(w, 1L);
          })
          .reduceByKey(Long::sum, 3)
          .cache();
      counted.checkpoint();
      assertFalse(counted.isCheckpointed());
      Map<String, Long> expected = counts(c.words());
      assertEquals(expected, new TreeMap<>(counted.collectAsMap()));
      assertTrue(counted.isCheckpointed());
      assertEquals(c.words().size(), CALLS.get(key).get(), "cached: the write job read the cache");
      String debug = counted.toDebugString().strip();
      String root = debug.substring(debug.lastIndexOf('\n') + 1);
      assertTrue(root.contains("ReliableCheckpointRdd"), "the checkpoint is the root:\n" + debug);
      String below = debug.substring(debug.indexOf('\n') + 1);
      assertEquals(1, below.lines().count(), "the RDD, then only its checkpoint:\n" + debug);

      String files = counted.getCheckpointFile().orElseThrow();
      assertTrue(files.startsWith(ctx.getCheckpointDir().orElseThrow()));
      counted.unpersist(); // from now on only the checkpoint files can answer
      assertTrue(ctx.waitForListeners(60_000), "listener bus drained"); // listeners run on the async bus: the earlier jobs' starts first
      stagesPerJob.clear();
      assertEquals(expected, new TreeMap<>(counted.collectAsMap()));
      assertEquals(new TreeMap<>(expected), new TreeMap<>(counted.mapValues(v -> v * 2).mapValues(v -> v / 2)
          .collectAsMap()));
      assertEquals(c.words().size(), CALLS.get(key).get(), "the upstream function ran once per record in all");
      assertTrue(ctx.waitForListeners(60_000), "listener bus drained");
      assertEquals(List.of(1, 1), stagesPerJob, "no shuffle map stage: the lineage starts at the files");
    }
    assertFalse(Files.exists(dir) && Files.list(dir).findAny().isPresent(), "removed with the context");
  }

  @Test
  void withoutCacheTheSecondActionStillReadsTheFiles() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CALLS.put("uncached", calls);
    try (SpindleContext ctx = context(false)) {
      ctx.setCheckpointDir(dir.toString());
      Rdd<Integer> squares = ctx.parallelize(List.of(1, 2, 3, 4, 5, 6, 7), 3).map(x -> {
        CALLS.get("uncached").incrementAndGet();
        return x * x;
      });
      squares.checkpoint();
      assertEquals(140, (int) squares.reduce(Integer::sum));
      int afterFirst = calls.get();
      assertEquals(14, afterFirst, "the action and the write job each computed it");
      assertEquals(List.of(1, 4, 9, 16, 25, 36, 49), squares.collect());
      assertEquals(afterFirst, calls.get(), "the second action read the checkpoint");
    }
    try (Stream<Path> left = Files.walk(dir)) {
      assertTrue(left.anyMatch(p -> p.getFileName().toString().equals("part-00002")),
          "cleanCheckpoints=false keeps the files");
    }
  }

  @Test
  void checkpointNeedsADirectory() {
    try (SpindleContext ctx = context(true)) {
      SpindleException e = assertThrows(SpindleException.class, () -> ctx.parallelize(List.of(1), 1).checkpoint());
      assertTrue(e.getMessage().contains("setCheckpointDir"), e.getMessage());
    }
  }

  @Test
  void localCheckpointCutsTheLineageAndKeepsTheBlocks() {
    AtomicInteger calls = new AtomicInteger();
    CALLS.put("local", calls);
    try (SpindleContext ctx = context(true)) {
      PairRdd<Integer, Integer> sums = ctx.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 4)
          .mapToPair(x -> {
            CALLS.get("local").incrementAndGet();
            return Pair.of(x % 3, x);
          })
          .reduceByKey(Integer::sum, 2);
      sums.localCheckpoint();
      Map<Integer, Integer> expected = Map.of(0, 3 + 6, 1, 1 + 4 + 7, 2, 2 + 5 + 8);
      assertEquals(expected, sums.collectAsMap());
      assertTrue(sums.isCheckpointed());
      assertTrue(sums.toDebugString().strip().endsWith("LocalCheckpointRdd[" + (sums.id() + 1) + "]")
          || sums.toDebugString().contains("LocalCheckpointRdd"), sums.toDebugString());
      assertEquals(expected, sums.collectAsMap());
      assertEquals(8, calls.get(), "later actions read the blocks");
      assertTrue(sums.getCheckpointFile().isEmpty());
    }
  }
}
