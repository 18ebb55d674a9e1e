package io.spindle.storage;

import io.spindle.function.StorageLevel;

/**
 * Hears what a {@link BlockStore} now holds of a cached RDD partition, after each change: stored
 * (memory, disk or both), moved to disk by eviction, dropped by eviction or removed. An executor
 * forwards these to the driver (RPC {@code BLOCK_UPDATE}), so the driver's status store knows the
 * cached partitions of every executor (Spark's {@code BlockManagerMaster.updateBlockInfo}).
 *
 * <p>Called on the thread that changed the block, sometimes holding the store's lock (eviction):
 * implementations must not block and must not call back into the store.
 */
@FunctionalInterface
public interface BlockUpdateListener {

  /** Nothing listens (the driver's own store in local mode: the status store reads it directly). */
  BlockUpdateListener NONE = update -> {};

  void blockUpdated(BlockUpdate update);

  /**
   * The state of one cached partition after a change: {@code memorySize} bytes in memory
   * (estimated for objects), {@code diskSize} bytes on disk; both 0 (and {@code level}
   * {@link StorageLevel#NONE}) when the block is gone.
   */
  record BlockUpdate(String blockId, StorageLevel level, long memorySize, long diskSize) {
    /** Whether the block is still held somewhere. */
    public boolean isCached() {
      return memorySize > 0 || diskSize > 0;
    }
  }
}
