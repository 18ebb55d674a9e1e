package io.spindle.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Spark's unified model: of the heap, {@code reserved} bytes are left to the system; a
 * {@code fraction} of the rest is one region shared by execution and storage. Storage may use
 * what execution does not; execution may evict storage down to the protected part
 * ({@code storageFraction} of the region); storage never evicts execution.
 *
 * <p>Fairness between the N tasks that hold execution memory: a task may hold at most 1/N of the
 * execution pool, and waits (rather than spilling at once) while it holds less than 1/(2N).
 */
public final class UnifiedMemoryManager implements MemoryManager {
  private final long maxMemory;
  private final long protectedStorage;
  private final Map<Long, Long> executionByTask = new HashMap<>();
  private long executionUsed;
  private long storageUsed;
  private volatile StorageEvictor evictor = (bytes, except) -> 0;

  /**
   * @param heapBytes the JVM's max heap
   * @param reservedBytes left out of the region (clamped to a quarter of a small heap)
   * @param fraction share of (heap - reserved) for execution + storage
   * @param storageFraction share of the region protected from eviction by execution
   */
  public UnifiedMemoryManager(long heapBytes, long reservedBytes, double fraction, double storageFraction) {
    long reserved = Math.min(reservedBytes, heapBytes / 4);
    this.maxMemory = (long) ((heapBytes - reserved) * fraction);
    this.protectedStorage = (long) (maxMemory * storageFraction);
  }

  /**
   * The manager for this JVM's heap and {@code conf}'s memory keys; with
   * {@code spindle.memory.testing.maxBytes} set, the region is exactly that many bytes (tests).
   */
  public static UnifiedMemoryManager fromConf(io.spindle.config.Settings conf) {
    Long testingMax = conf.get(io.spindle.config.SpindleConfigs.MEMORY_TESTING_MAX_BYTES);
    double storageFraction = conf.get(io.spindle.config.SpindleConfigs.MEMORY_STORAGE_FRACTION);
    if (testingMax != null) {
      return new UnifiedMemoryManager(testingMax, 0, 1.0, storageFraction);
    }
    return new UnifiedMemoryManager(Runtime.getRuntime().maxMemory(),
        conf.get(io.spindle.config.SpindleConfigs.MEMORY_RESERVED),
        conf.get(io.spindle.config.SpindleConfigs.MEMORY_FRACTION), storageFraction);
  }

  @Override
  public long maxMemory() {
    return maxMemory;
  }

  @Override
  public synchronized long executionMemoryUsed() {
    return executionUsed;
  }

  @Override
  public synchronized long storageMemoryUsed() {
    return storageUsed;
  }

  @Override
  public void setEvictor(StorageEvictor evictor) {
    this.evictor = evictor;
  }

  @Override
  public long acquireExecutionMemory(long taskAttemptId, long bytes) {
    if (bytes <= 0) {
      return 0;
    }
    while (true) {
      long toEvict;
      synchronized (this) {
        toEvict = Math.min(bytes - (maxMemory - executionUsed - storageUsed), storageUsed - protectedStorage);
      }
      if (toEvict > 0) {
        evictor.evict(toEvict, null); // outside our lock: the block store calls back into release
      }
      synchronized (this) {
        executionByTask.putIfAbsent(taskAttemptId, 0L);
        int tasks = executionByTask.size();
        long held = executionByTask.get(taskAttemptId);
        long executionPool = maxMemory - Math.min(storageUsed, protectedStorage);
        long maxPerTask = executionPool / tasks;
        long minPerTask = executionPool / (2L * tasks);
        long free = Math.max(0, maxMemory - executionUsed - storageUsed);
        long grant = Math.max(0, Math.min(bytes, Math.min(free, maxPerTask - held)));
        if (grant < bytes && held + grant < minPerTask) {
          // Below its fair minimum a task waits for others to release rather than spill at once.
          try {
            wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
          }
          continue;
        }
        executionByTask.put(taskAttemptId, held + grant);
        executionUsed += grant;
        return grant;
      }
    }
  }

  @Override
  public synchronized void releaseExecutionMemory(long taskAttemptId, long bytes) {
    Long held = executionByTask.get(taskAttemptId);
    if (held == null) {
      return;
    }
    long released = Math.min(bytes, held);
    executionUsed -= released;
    if (held - released == 0) {
      executionByTask.remove(taskAttemptId);
    } else {
      executionByTask.put(taskAttemptId, held - released);
    }
    notifyAll();
  }

  @Override
  public synchronized long releaseAllExecutionMemory(long taskAttemptId) {
    Long held = executionByTask.remove(taskAttemptId);
    if (held == null) {
      return 0;
    }
    executionUsed -= held;
    notifyAll();
    return held;
  }

  @Override
  public boolean acquireStorageMemory(String blockId, long bytes) {
    if (bytes > maxMemory) {
      return false;
    }
    long toEvict;
    synchronized (this) {
      toEvict = bytes - (maxMemory - executionUsed - storageUsed);
    }
    if (toEvict > 0) {
      evictor.evict(toEvict, blockId);
    }
    synchronized (this) {
      if (maxMemory - executionUsed - storageUsed < bytes) {
        return false;
      }
      storageUsed += bytes;
      return true;
    }
  }

  @Override
  public synchronized void releaseStorageMemory(long bytes) {
    storageUsed = Math.max(0, storageUsed - bytes);
    notifyAll();
  }
}
