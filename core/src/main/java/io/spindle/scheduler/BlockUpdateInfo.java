package io.spindle.scheduler;

import io.spindle.function.StorageLevel;

/**
 * A cached RDD partition of an executor changed (Spark's {@code BlockUpdatedInfo}): it now holds
 * {@code memorySize} bytes in memory and {@code diskSize} on disk; both 0, level
 * {@link StorageLevel#NONE}, when the block is gone. Heard by {@link EngineListener#onBlockUpdated}.
 */
public record BlockUpdateInfo(String executorId, String blockId, StorageLevel level, long memorySize,
    long diskSize) {

  /** Whether the executor still holds the block. */
  public boolean isCached() {
    return memorySize > 0 || diskSize > 0;
  }

  /** The RDD of an {@code rdd_<id>_<partition>} block, or -1. */
  public int rddId() {
    return io.spindle.storage.BlockIds.rddIdOf(blockId);
  }

  /** The partition of an {@code rdd_<id>_<partition>} block, or -1. */
  public int partition() {
    return io.spindle.storage.BlockIds.isRdd(blockId)
        ? Integer.parseInt(blockId.substring(blockId.lastIndexOf('_') + 1)) : -1;
  }
}
