package io.spindle.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which executors hold cached RDD partitions now, from their {@code BLOCK_UPDATE} reports: dynamic
 * allocation keeps an idle executor that holds some until {@code cachedExecutorIdleTimeout}
 * (Spark's {@code ExecutorMonitor} tracks the same). Thread-safe.
 */
final class ExecutorCachedBlocks {
  private final Map<String, Set<String>> blocksByExecutor = new HashMap<>();

  synchronized void update(String executorId, String blockId, boolean cached) {
    if (cached) {
      blocksByExecutor.computeIfAbsent(executorId, k -> new HashSet<>()).add(blockId);
    } else {
      Set<String> blocks = blocksByExecutor.get(executorId);
      if (blocks != null && blocks.remove(blockId) && blocks.isEmpty()) {
        blocksByExecutor.remove(executorId);
      }
    }
  }

  /** The executor is gone, and its blocks with it. */
  synchronized void removed(String executorId) {
    blocksByExecutor.remove(executorId);
  }

  /** The executors that hold at least one cached partition. */
  synchronized Set<String> holders() {
    return Set.copyOf(blocksByExecutor.keySet());
  }
}
