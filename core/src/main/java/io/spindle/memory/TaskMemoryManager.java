package io.spindle.memory;

import io.spindle.function.TaskMetrics;

/**
 * One task attempt's view of execution memory: its spillable collections acquire and release
 * through it, so the task's holdings and peak are known in one place. The executor releases
 * whatever is left when the task ends ({@link MemoryManager#releaseAllExecutionMemory}). Used by
 * the task's own thread only.
 */
public final class TaskMemoryManager {
  private final MemoryManager memoryManager;
  private final long taskAttemptId;
  private final TaskMetrics metrics;
  private long held;

  public TaskMemoryManager(MemoryManager memoryManager, long taskAttemptId, TaskMetrics metrics) {
    this.memoryManager = memoryManager;
    this.taskAttemptId = taskAttemptId;
    this.metrics = metrics;
  }

  /** Asks for {@code bytes}; returns what was granted (0..bytes). Less means: spill. */
  public long acquire(long bytes) {
    long granted = memoryManager.acquireExecutionMemory(taskAttemptId, bytes);
    held += granted;
    metrics.updatePeakExecutionMemory(held);
    return granted;
  }

  public void release(long bytes) {
    long b = Math.min(bytes, held);
    if (b > 0) {
      held -= b;
      memoryManager.releaseExecutionMemory(taskAttemptId, b);
    }
  }

  /** Bytes the task's consumers hold now. */
  public long held() {
    return held;
  }
}
