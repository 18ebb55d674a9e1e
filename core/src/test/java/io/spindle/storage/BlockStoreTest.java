package io.spindle.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.StorageLevel;
import io.spindle.memory.UnifiedMemoryManager;
import io.spindle.serializer.KryoSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlockStore} driven directly on a {@link UnifiedMemoryManager} of a few hundred bytes.
 *
 * <p>Sizes: a serialized ({@code _SER}) partition of one {@code byte[PAYLOAD]} record is
 * {@value #PAYLOAD} bytes plus a few bytes of framing (well under {@value #MAX_FRAMING}), so in a
 * region of {@value #REGION} bytes three such partitions fit and four do not. Broadcast bytes are
 * accounted at exactly their length.
 */
class BlockStoreTest {
  private static final long REGION = 1000;
  private static final long PROTECTED = 500; // storageFraction 0.5
  private static final int PAYLOAD = 300;
  private static final int MAX_FRAMING = 33; // 3 * (300 + 33) < 1000 <= 4 * 300

  @TempDir
  Path localDir;

  private final KryoSerializer serializer = new KryoSerializer(getClass().getClassLoader());
  /** How often each block was computed. */
  private final Map<String, Integer> computed = new HashMap<>();

  private UnifiedMemoryManager memory;
  private BlockStore store;

  private void start(long region) {
    memory = new UnifiedMemoryManager(region, 0, 1.0, 0.5);
    store = new BlockStore(serializer, new Path[] {localDir}, memory);
  }

  /** Deterministic records of a partition: {@code count} arrays of {@code bytes} bytes, distinct per block. */
  private static List<byte[]> records(String blockId, int count, int bytes) {
    List<byte[]> records = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      byte[] b = new byte[bytes];
      int seed = blockId.hashCode() * 31 + r;
      for (int i = 0; i < bytes; i++) {
        b[i] = (byte) (seed + i * 7);
      }
      records.add(b);
    }
    return records;
  }

  /** getOrCompute of a partition with {@code count} records of {@code bytes}; returns what it read. */
  private List<byte[]> cache(int rdd, int partition, StorageLevel level, int count, int bytes) {
    String id = BlockIds.rdd(rdd, partition);
    Iterator<byte[]> it = store.getOrCompute(id, level, () -> {
      computed.merge(id, 1, Integer::sum);
      return records(id, count, bytes).iterator();
    });
    return drain(it);
  }

  private List<byte[]> cacheOne(int rdd, int partition, StorageLevel level) {
    return cache(rdd, partition, level, 1, PAYLOAD);
  }

  private static <T> List<T> drain(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static void assertRecords(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
    }
  }

  private void assertInMemory(boolean expected, int rdd, int partition) {
    assertEquals(expected, store.isInMemory(BlockIds.rdd(rdd, partition)), BlockIds.rdd(rdd, partition) + " in memory");
  }

  private void assertOnDisk(boolean expected, int rdd, int partition) {
    assertEquals(expected, store.isOnDisk(BlockIds.rdd(rdd, partition)), BlockIds.rdd(rdd, partition) + " on disk");
  }

  @Test
  void everyChangeOfACachedPartitionIsReportedWithItsSizes() {
    start(REGION);
    List<BlockUpdateListener.BlockUpdate> updates = new ArrayList<>();
    store.setUpdateListener(updates::add);
    cacheOne(1, 0, StorageLevel.MEMORY_AND_DISK_SER);
    cacheOne(2, 0, StorageLevel.MEMORY_ONLY_SER);
    cacheOne(3, 0, StorageLevel.MEMORY_ONLY_SER);
    assertEquals(List.of("rdd_1_0", "rdd_2_0", "rdd_3_0"), updates.stream().map(u -> u.blockId()).toList());
    for (BlockUpdateListener.BlockUpdate u : updates) {
      assertTrue(u.memorySize() >= PAYLOAD && u.memorySize() < PAYLOAD + MAX_FRAMING && u.diskSize() == 0, u.toString());
    }
    updates.clear();

    cacheOne(4, 0, StorageLevel.MEMORY_ONLY_SER); // evicts rdd 1 (the oldest), which goes to disk
    assertEquals(List.of("rdd_1_0", "rdd_4_0"), updates.stream().map(u -> u.blockId()).toList());
    BlockUpdateListener.BlockUpdate toDisk = updates.get(0);
    assertEquals(StorageLevel.MEMORY_AND_DISK_SER, toDisk.level());
    assertEquals(0, toDisk.memorySize());
    assertTrue(toDisk.diskSize() >= PAYLOAD, toDisk.toString());
    updates.clear();

    cacheOne(2, 0, StorageLevel.MEMORY_ONLY_SER); // already cached: read, nothing changes
    assertEquals(List.of(), updates);
    store.removeRdd(1);
    store.removeBlock("rdd_4_0");
    assertEquals(List.of(new BlockUpdateListener.BlockUpdate("rdd_1_0", StorageLevel.NONE, 0, 0),
        new BlockUpdateListener.BlockUpdate("rdd_4_0", StorageLevel.NONE, 0, 0)), updates);
    updates.clear();

    store.putBytes("broadcast_1_piece0", new byte[10]); // broadcast blocks are not reported
    store.removeBlock("broadcast_1_piece0");
    assertEquals(List.of(), updates);
  }

  @Test
  void theLeastRecentlyUsedPartitionOfAnotherRddIsEvicted() {
    start(REGION);
    for (int rdd = 1; rdd <= 3; rdd++) {
      assertRecords(records(BlockIds.rdd(rdd, 0), 1, PAYLOAD), cacheOne(rdd, 0, StorageLevel.MEMORY_ONLY_SER));
    }
    long used = memory.storageMemoryUsed();
    assertTrue(used >= 3 * PAYLOAD && used < 3 * (PAYLOAD + MAX_FRAMING), "three blocks use " + used);
    assertTrue(used > PROTECTED, "idle execution memory is borrowed by storage");
    // Reading rdd 1 makes rdd 2 the least recently used.
    assertRecords(records("rdd_1_0", 1, PAYLOAD), drain(store.get("rdd_1_0")));

    cacheOne(4, 0, StorageLevel.MEMORY_ONLY_SER);
    assertInMemory(true, 1, 0);
    assertInMemory(false, 2, 0);
    assertInMemory(true, 3, 0);
    assertInMemory(true, 4, 0);
    assertOnDisk(false, 2, 0); // MEMORY_ONLY: dropped for good
    assertEquals(1, store.evictedBlocks());
    assertNull(store.get("rdd_2_0"));

    // Asked for again, the dropped partition is computed again (and now rdd 3 is the oldest).
    assertRecords(records("rdd_2_0", 1, PAYLOAD), cacheOne(2, 0, StorageLevel.MEMORY_ONLY_SER));
    assertEquals(2, computed.get("rdd_2_0"));
    assertEquals(1, computed.get("rdd_1_0"), "a cached partition is not computed again");
    assertInMemory(false, 3, 0);
    assertInMemory(true, 2, 0);
    assertEquals(2, store.evictedBlocks());
  }

  @Test
  void storingAPartitionNeverEvictsAnotherPartitionOfTheSameRdd() {
    start(REGION);
    for (int p = 0; p < 3; p++) {
      cacheOne(1, p, StorageLevel.MEMORY_ONLY_SER);
    }
    // No room for a fourth: the others of the same RDD stay, the new one is returned but not kept.
    assertRecords(records("rdd_1_3", 1, PAYLOAD), cacheOne(1, 3, StorageLevel.MEMORY_ONLY_SER));
    assertInMemory(false, 1, 3);
    assertOnDisk(false, 1, 3);
    // With disk in its level, it goes there instead.
    assertRecords(records("rdd_1_4", 1, PAYLOAD), cacheOne(1, 4, StorageLevel.MEMORY_AND_DISK_SER));
    assertInMemory(false, 1, 4);
    assertOnDisk(true, 1, 4);
    for (int p = 0; p < 3; p++) {
      assertInMemory(true, 1, p);
    }
    assertEquals(0, store.evictedBlocks());
    assertRecords(records("rdd_1_4", 1, PAYLOAD), cacheOne(1, 4, StorageLevel.MEMORY_AND_DISK_SER));
    assertEquals(1, computed.get("rdd_1_4"), "read back from disk, not recomputed");
    // Another RDD's partition does evict the oldest of them.
    cacheOne(2, 0, StorageLevel.MEMORY_ONLY_SER);
    assertInMemory(false, 1, 0);
    assertInMemory(true, 1, 1);
    assertInMemory(true, 2, 0);
  }

  @Test
  void memoryAndDiskPartitionsAreEvictedToDiskAndReadBackUnchanged() {
    // Deserialized: 10 arrays of 1000 bytes are estimated at 10 * (1000 + array header) + list overhead,
    // more than 10,000 and far less than 15,000: one partition fits in 15,000 bytes, two do not.
    start(15_000);
    List<byte[]> first = cache(1, 0, StorageLevel.MEMORY_AND_DISK, 10, 1000);
    assertRecords(records("rdd_1_0", 10, 1000), first);
    assertInMemory(true, 1, 0);
    assertOnDisk(false, 1, 0);

    cache(2, 0, StorageLevel.MEMORY_AND_DISK, 10, 1000);
    assertInMemory(false, 1, 0);
    assertOnDisk(true, 1, 0);
    assertInMemory(true, 2, 0);
    assertEquals(1, store.evictedBlocks());
    assertRecords(records("rdd_1_0", 10, 1000), drain(store.get("rdd_1_0")));
    assertRecords(records("rdd_1_0", 10, 1000), cache(1, 0, StorageLevel.MEMORY_AND_DISK, 10, 1000));
    assertEquals(1, computed.get("rdd_1_0"), "read back from disk, not recomputed");
  }

  @Test
  void serializedMemoryAndDiskPartitionsSpillTheirBytes() {
    start(REGION);
    for (int rdd = 1; rdd <= 4; rdd++) {
      cacheOne(rdd, 0, StorageLevel.MEMORY_AND_DISK_SER);
    }
    assertInMemory(false, 1, 0);
    assertOnDisk(true, 1, 0);
    for (int rdd = 2; rdd <= 4; rdd++) {
      assertInMemory(true, rdd, 0);
      assertOnDisk(false, rdd, 0);
    }
    assertRecords(records("rdd_1_0", 1, PAYLOAD), drain(store.get("rdd_1_0")));
  }

  @Test
  void aPartitionLargerThanAllOfMemoryIsNotCachedInMemory() {
    start(15_000);
    // 2048 records of 100 bytes: more than 200,000 bytes, found out while unrolling.
    List<byte[]> expected = records("rdd_1_0", 2048, 100);
    assertRecords(expected, cache(1, 0, StorageLevel.MEMORY_ONLY, 2048, 100));
    assertInMemory(false, 1, 0);
    assertOnDisk(false, 1, 0);
    assertEquals(0, memory.storageMemoryUsed());
    assertRecords(records("rdd_2_0", 2048, 100), cache(2, 0, StorageLevel.MEMORY_AND_DISK, 2048, 100));
    assertInMemory(false, 2, 0);
    assertOnDisk(true, 2, 0);
    assertEquals(0, memory.storageMemoryUsed());
  }

  @Test
  void broadcastBlocksAreAccountedExactlyAndNeverEvicted() {
    start(REGION);
    byte[] piece = new byte[400];
    Arrays.fill(piece, (byte) 7);
    store.putBytes("broadcast_1_piece0", piece);
    assertEquals(400, memory.storageMemoryUsed());
    cacheOne(1, 0, StorageLevel.MEMORY_ONLY_SER); // 400 + ~300
    cacheOne(2, 0, StorageLevel.MEMORY_ONLY_SER); // no room: the partition goes, not the older broadcast
    assertTrue(store.isInMemory("broadcast_1_piece0"));
    assertArrayEquals(piece, store.getBytes("broadcast_1_piece0"));
    assertInMemory(false, 1, 0);
    assertInMemory(true, 2, 0);
    // A broadcast piece larger than the region goes to disk; it evicts nothing.
    byte[] big = new byte[(int) REGION + 1];
    store.putBytes("broadcast_2_piece0", big);
    assertFalse(store.isInMemory("broadcast_2_piece0"));
    assertArrayEquals(big, store.getBytes("broadcast_2_piece0"));
    assertInMemory(true, 2, 0);
    // Removing a block gives its memory back.
    long before = memory.storageMemoryUsed();
    assertTrue(store.removeBlock("broadcast_1_piece0"));
    assertEquals(before - 400, memory.storageMemoryUsed());
    assertFalse(store.removeBlock("broadcast_1_piece0"));
  }

  @Test
  void executionEvictsTheOldestPartitionsDownToTheProtectedRegion() {
    start(REGION);
    // Four partitions of s bytes, 200 <= s < 233: 4s > 500, storage borrowed 4s - 500 (300 to 432 bytes).
    for (int rdd = 1; rdd <= 4; rdd++) {
      cache(rdd, 0, StorageLevel.MEMORY_ONLY_SER, 1, 200);
    }
    long stored = memory.storageMemoryUsed();
    assertTrue(stored >= 4 * 200 && stored < 4 * 233, "four blocks use " + stored);
    long granted = memory.acquireExecutionMemory(1, REGION);
    // Whole blocks go, oldest first, until the borrowed part is freed: two of them (2s >= 4s - 500 for s <= 250),
    // and no more: the newest two stay, below the protected 500 by less than one block.
    assertInMemory(false, 1, 0);
    assertInMemory(false, 2, 0);
    assertInMemory(true, 3, 0);
    assertInMemory(true, 4, 0);
    assertEquals(2, store.evictedBlocks());
    long left = memory.storageMemoryUsed();
    assertTrue(left > PROTECTED - 233 && left <= PROTECTED, "storage left: " + left);
    assertEquals(REGION - left, granted, "execution gets all the rest");
    assertEquals(REGION, memory.executionMemoryUsed() + memory.storageMemoryUsed());
    // Storage cannot take it back: a new partition makes room only by evicting another block.
    cache(5, 0, StorageLevel.MEMORY_ONLY_SER, 1, 200);
    assertEquals(REGION - left, memory.executionMemoryUsed());
    assertInMemory(false, 3, 0);
    assertInMemory(true, 5, 0);
    // Task end gives execution memory back; storage may borrow it again.
    memory.releaseAllExecutionMemory(1);
    cache(6, 0, StorageLevel.MEMORY_ONLY_SER, 1, 200);
    assertInMemory(true, 6, 0);
  }

  @Test
  void removingAnRddDropsItsBlocksFromMemoryAndDisk() {
    start(REGION);
    cacheOne(1, 0, StorageLevel.MEMORY_ONLY_SER);
    cacheOne(1, 1, StorageLevel.DISK_ONLY);
    cacheOne(2, 0, StorageLevel.MEMORY_ONLY_SER);
    long rdd2 = memory.storageMemoryUsed() / 2; // two blocks of the same size
    assertOnDisk(true, 1, 1);
    store.removeRdd(1);
    assertInMemory(false, 1, 0);
    assertOnDisk(false, 1, 1);
    assertInMemory(true, 2, 0);
    assertEquals(rdd2, memory.storageMemoryUsed());
    store.clear();
    assertEquals(0, memory.storageMemoryUsed());
    assertInMemory(false, 2, 0);
  }
}
