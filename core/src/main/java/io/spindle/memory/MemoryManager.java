package io.spindle.memory;

/**
 * Execution and storage memory of one executor (in local mode: of the driver JVM). Execution
 * memory holds shuffle sort buffers, aggregation maps and join tables of running tasks; storage
 * memory holds cached blocks and broadcast values. Implementations are thread-safe.
 */
public interface MemoryManager {

  /**
   * Grants a task up to {@code bytes} of execution memory, evicting cached blocks above the
   * protected storage region if that helps; may block while other tasks hold their share.
   *
   * @return bytes granted, from 0 to {@code bytes}: a caller that gets less should spill
   */
  long acquireExecutionMemory(long taskAttemptId, long bytes);

  void releaseExecutionMemory(long taskAttemptId, long bytes);

  /** Releases whatever the task still holds (at task end); returns the bytes released. */
  long releaseAllExecutionMemory(long taskAttemptId);

  /**
   * Reserves storage memory for a block, evicting other blocks if needed (never execution
   * memory). False if it cannot fit.
   */
  boolean acquireStorageMemory(String blockId, long bytes);

  void releaseStorageMemory(long bytes);

  /** The block store registers itself, so the manager can ask it to drop blocks. */
  void setEvictor(StorageEvictor evictor);

  /** Execution + storage region size. */
  long maxMemory();

  long executionMemoryUsed();

  long storageMemoryUsed();
}
