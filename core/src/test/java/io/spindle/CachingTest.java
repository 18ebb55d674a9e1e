package io.spindle;

import io.spindle.function.StorageLevel;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.accumulator.LongAccumulator;
import io.spindle.config.SpindleConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rdd.persist: a cached partition is computed once and reused by later jobs (counted with an
 * accumulator upstream of the cache), unpersist recomputes, and results stay correct when storage
 * memory cannot hold every partition. Results are compared with plain Java computations.
 */
class CachingTest {
  private SpindleContext ctx;
  @TempDir
  Path localDir;

  @AfterEach
  void stop() {
    if (ctx != null) {
      ctx.close();
    }
  }

  private SpindleContext start(String master, Long storageBytes) {
    SpindleConf conf = new SpindleConf(false).setMaster(master).set(SpindleConfigs.LOCAL_DIR.key(), localDir.toString());
    if (storageBytes != null) {
      conf.set(SpindleConfigs.MEMORY_FRACTION.key(), Double.toString(fractionFor(storageBytes)));
    }
    ctx = new SpindleContext(conf);
    return ctx;
  }

  /** The spindle.memory.fraction that makes the unified region about {@code bytes} in this JVM. */
  static double fractionFor(long bytes) {
    long heap = Runtime.getRuntime().maxMemory();
    long reserved = Math.min(SpindleConfigs.MEMORY_RESERVED.parse(SpindleConfigs.MEMORY_RESERVED.defaultValue()), heap / 4);
    return (double) bytes / (heap - reserved);
  }

  private static List<Integer> range(int n) {
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      xs.add(i);
    }
    return xs;
  }

  /** Upstream of the cache: a string per number, counting each record it produces. */
  private static Rdd<String> labelled(SpindleContext ctx, List<Integer> xs, int slices, LongAccumulator seen) {
    return ctx.parallelize(xs, slices).map(x -> {
      seen.add(1);
      return "n" + x + "-" + "x".repeat(x % 7);
    });
  }

  private static List<String> reference(List<Integer> xs) {
    List<String> out = new ArrayList<>();
    for (int x : xs) {
      out.add("n" + x + "-" + "x".repeat(x % 7));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = StorageLevel.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void cachedRddIsComputedOnceAndAgainAfterUnpersist(StorageLevel level) {
    start("local[3]", null);
    List<Integer> xs = range(2_000);
    LongAccumulator seen = ctx.longAccumulator("seen upstream");
    Rdd<String> cached = labelled(ctx, xs, 5, seen).persist(level);
    assertEquals(level, cached.getStorageLevel());

    assertEquals(reference(xs), cached.collect());
    assertEquals(2_000, seen.value());
    assertEquals(2_000, cached.count());
    assertEquals(reference(xs).stream().mapToInt(String::length).sum(),
        (int) cached.map(String::length).reduce(Integer::sum));
    assertEquals(2_000, seen.value(), "later jobs read the cached partitions");
    for (int p = 0; p < 5; p++) {
      String block = "rdd_" + cached.id() + "_" + p;
      assertTrue(level.useMemory() ? ctx.blockStore().isInMemory(block) : ctx.blockStore().isOnDisk(block), block);
    }

    cached.unpersist();
    assertEquals(StorageLevel.NONE, cached.getStorageLevel());
    assertFalse(ctx.blockStore().isInMemory("rdd_" + cached.id() + "_0"));
    assertFalse(ctx.blockStore().isOnDisk("rdd_" + cached.id() + "_0"));
    assertEquals(2_000, cached.count());
    assertEquals(4_000, seen.value(), "after unpersist the lineage runs again");
  }

  static Stream<Object[]> casesAndLevels() {
    return TestData.cases().flatMap(c -> Stream.of(StorageLevel.MEMORY_ONLY, StorageLevel.MEMORY_ONLY_SER,
        StorageLevel.DISK_ONLY).map(level -> new Object[] {c, level}));
  }

  @ParameterizedTest
  @MethodSource("casesAndLevels")
  void cachedPairRddGivesTheSameResultsAsPlainJava(TestData.Case input, StorageLevel level) {
    start("local[2]", null);
    PairRdd<String, Long> counts = ctx.parallelize(input.words(), input.slices())
        .mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum).persist(level);
    Map<String, Long> expected = new HashMap<>();
    input.words().forEach(w -> expected.merge(w, 1L, Long::sum));

    Map<String, Long> first = new HashMap<>();
    counts.collect().forEach(p -> first.put(p.key(), p.value()));
    assertEquals(expected, first);
    assertEquals(expected.size(), counts.count());
    Map<String, Long> second = new HashMap<>();
    counts.collect().forEach(p -> second.put(p.key(), p.value()));
    assertEquals(expected, second);
  }

  @Test
  void partitionsThatDoNotFitInMemoryOnlyAreRecomputed() {
    start("local[2]", 256L << 10); // ~256 KiB for storage and execution
    List<Integer> xs = range(40_000); // ~2.5 MiB of strings as objects, 16 partitions
    LongAccumulator seen = ctx.longAccumulator();
    Rdd<String> cached = labelled(ctx, xs, 16, seen).cache();

    assertEquals(reference(xs), cached.collect());
    assertEquals(reference(xs), cached.collect());
    long inMemory = countBlocks(cached, true);
    assertTrue(inMemory < 16, "not all partitions fit: " + inMemory);
    assertEquals(40_000 + (16 - inMemory) * 2_500, seen.value(), "only the partitions not in memory were recomputed");
  }

  @ParameterizedTest
  @EnumSource(value = StorageLevel.class, names = {"MEMORY_AND_DISK", "MEMORY_AND_DISK_SER"})
  void partitionsThatDoNotFitInMemoryGoToDisk(StorageLevel level) {
    start("local[2]", 256L << 10);
    List<Integer> xs = range(40_000);
    LongAccumulator seen = ctx.longAccumulator();
    Rdd<String> cached = labelled(ctx, xs, 16, seen).persist(level);

    assertEquals(reference(xs), cached.collect());
    assertEquals(reference(xs), cached.collect());
    assertEquals(40_000, seen.value(), "every partition was kept, in memory or on disk");
    assertTrue(countBlocks(cached, false) > 0, "some partitions are on disk");
    assertTrue(countBlocks(cached, true) < 16);
  }

  @Test
  void leastRecentlyUsedBlocksOfAnotherRddAreEvictedToDisk() {
    start("local[1]", 512L << 10);
    LongAccumulator seenA = ctx.longAccumulator();
    LongAccumulator seenB = ctx.longAccumulator();
    List<Integer> xs = range(4_000); // ~50 KB serialized, in 4 partitions
    Rdd<String> a = labelled(ctx, xs, 4, seenA).persist(StorageLevel.MEMORY_AND_DISK_SER);
    assertEquals(reference(xs), a.collect());
    assertEquals(4, countBlocks(a, true), "A fits");

    List<Integer> big = range(60_000); // ~750 KB serialized: B needs the room A takes
    Rdd<String> b = labelled(ctx, big, 4, seenB).persist(StorageLevel.MEMORY_ONLY_SER);
    assertEquals(reference(big), b.collect());
    assertTrue(ctx.blockStore().evictedBlocks() > 0, "A's blocks made room for B's");
    assertTrue(countBlocks(a, false) > 0, "evicted MEMORY_AND_DISK blocks went to disk");

    assertEquals(reference(xs), a.collect());
    assertEquals(4_000, seenA.value(), "A is read back from memory or disk, never recomputed");
    assertEquals(reference(big), b.collect());
  }

  @Test
  void evictionTakesTheLeastRecentlyUsedBlockFirst() {
    start("local[1]", 512L << 10);
    String kb = "k".repeat(1000); // ~1 KB serialized per record
    Rdd<String> a = ctx.parallelize(range(300), 3).map(x -> x + kb).persist(StorageLevel.MEMORY_ONLY_SER);
    a.count(); // stores a_0, a_1, a_2 (~100 KB each), in that order
    ctx.runJob(a, (tc, it) -> it.next(), new int[] {0}); // reading a_0 makes a_1 the least recently used
    assertEquals(3, countBlocks(a, true));

    Rdd<String> b = ctx.parallelize(range(300), 1).map(x -> x + kb).persist(StorageLevel.MEMORY_ONLY_SER);
    b.count(); // ~300 KB: ~212 KB are free, so ~100 KB must go
    assertTrue(ctx.blockStore().isInMemory("rdd_" + b.id() + "_0"));
    assertFalse(ctx.blockStore().isInMemory("rdd_" + a.id() + "_1"), "the least recently used block went");
    assertTrue(ctx.blockStore().isInMemory("rdd_" + a.id() + "_0"));
    assertTrue(ctx.blockStore().isInMemory("rdd_" + a.id() + "_2"));
    assertEquals(1, ctx.blockStore().evictedBlocks());
  }

  @Test
  void twoTasksNeedingTheSameUncachedPartitionComputeItOnce() {
    start("local[4]", null);
    LongAccumulator seen = ctx.longAccumulator();
    Rdd<Integer> slow = ctx.parallelize(range(40), 2).map(x -> {
      seen.add(1);
      Thread.sleep(5); // the scenario, not a wait: a slow partition, so both readers ask while it is computed
      return x;
    }).cache();
    // The union reads each partition of `slow` twice, in two tasks that run at the same time.
    List<Integer> both = slow.union(slow).collect();
    List<Integer> expected = new ArrayList<>(range(40));
    expected.addAll(range(40));
    assertEquals(expected, both);
    assertEquals(40, seen.value());
  }

  @Test
  void diskBlocksAreDeletedAtUnpersistAndClose() throws IOException {
    start("local[2]", null);
    Rdd<String> a = labelled(ctx, range(1_000), 3, ctx.longAccumulator()).persist(StorageLevel.DISK_ONLY);
    Rdd<String> b = labelled(ctx, range(1_000), 3, ctx.longAccumulator()).persist(StorageLevel.DISK_ONLY);
    a.count();
    b.count();
    assertEquals(6, blockFiles().size());
    a.unpersist();
    assertEquals(3, blockFiles().size());
    assertTrue(blockFiles().stream().allMatch(f -> f.startsWith("rdd_" + b.id() + "_")));
    ctx.close();
    assertEquals(0, blockFiles().size());
  }

  @Test
  void storageLevelCannotChangeWithoutUnpersist() {
    start("local[1]", null);
    Rdd<Integer> r = ctx.parallelize(range(3), 1).cache();
    r.cache(); // same level: fine
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> r.persist(StorageLevel.DISK_ONLY));
    assertTrue(e.getMessage().contains("unpersist()"), e.getMessage());
    r.unpersist().persist(StorageLevel.DISK_ONLY);
    assertEquals(StorageLevel.DISK_ONLY, r.getStorageLevel());
  }

  private long countBlocks(Rdd<?> rdd, boolean memory) {
    long n = 0;
    for (int p = 0; p < rdd.getNumPartitions(); p++) {
      String id = "rdd_" + rdd.id() + "_" + p;
      if (memory ? ctx.blockStore().isInMemory(id) : ctx.blockStore().isOnDisk(id)) {
        n++;
      }
    }
    return n;
  }

  private List<String> blockFiles() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(localDir)) {
      files.filter(f -> f.getParent().getFileName().toString().equals("blocks"))
          .forEach(f -> names.add(f.getFileName().toString()));
    }
    return names;
  }
}
