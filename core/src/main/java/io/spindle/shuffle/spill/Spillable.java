package io.spindle.shuffle.spill;

import io.spindle.task.EngineTaskContext;
import io.spindle.config.SpindleConfigs;
import io.spindle.memory.TaskMemoryManager;

/**
 * Memory bookkeeping of a collection that can spill (Spark's Spillable): it reports its estimated
 * size; while that exceeds what it was granted it asks the task's memory for more, in chunks of
 * at least {@code spindle.shuffle.spill.initialMemory}; when the grant falls short it must spill,
 * after which its memory is given back.
 */
public abstract class Spillable {
  /** How often (in records) collections re-check their size; cheap, but not free. */
  protected static final int CHECK_EVERY = 32;

  protected final EngineTaskContext context;
  private final TaskMemoryManager memory;
  private final long chunk;
  private final long forceSpillThreshold;
  private long granted;
  private int spills;
  private int sinceCheck;

  /** @param context the running task; null outside a task (tools, tests): then it never spills */
  protected Spillable(EngineTaskContext context) {
    this.context = context;
    this.memory = context == null ? null : context.taskMemory();
    this.chunk = context == null ? 0 : Math.max(1, context.env().conf().get(SpindleConfigs.SHUFFLE_SPILL_INITIAL_MEMORY));
    this.forceSpillThreshold = context == null ? Long.MAX_VALUE
        : context.env().conf().get(SpindleConfigs.SHUFFLE_SPILL_FORCE_THRESHOLD);
  }

  /** Spill merge width from the conf (the default outside a task). */
  protected final int mergeFactor() {
    return context == null ? 64 : context.env().conf().get(SpindleConfigs.SHUFFLE_SPILL_MERGE_FACTOR);
  }

  /**
   * Counts one update; true on every {@link #CHECK_EVERY}-th, when the collection should estimate
   * its size and ask {@link #shouldSpill}.
   */
  protected final boolean sizeCheckDue() {
    if (++sinceCheck < CHECK_EVERY) {
      return false;
    }
    sinceCheck = 0;
    return true;
  }

  /**
   * True if a collection of {@code estimatedBytes} holding {@code elements} records must spill now:
   * more memory was asked for and not (fully) granted, or the forced-spill threshold is reached.
   */
  protected final boolean shouldSpill(long elements, long estimatedBytes) {
    if (elements >= forceSpillThreshold) {
      return true;
    }
    if (estimatedBytes < granted || memory == null) {
      return false;
    }
    // Ask for room to grow by a quarter (at least a chunk) so requests stay infrequent.
    long want = Math.max(chunk, estimatedBytes + estimatedBytes / 4 - granted);
    granted += memory.acquire(want);
    return estimatedBytes >= granted;
  }

  /** Records a spill of {@code memoryBytes} (estimated) that produced a run of {@code run.bytes()}, and frees the grant. */
  protected final void spilled(long memoryBytes, SpillRun run) {
    spills++;
    context.metrics().incSpill(memoryBytes, run.bytes());
    releaseMemory();
  }

  /** Gives back everything granted (after a spill, or when the collection is done). */
  protected final void releaseMemory() {
    if (memory != null) {
      memory.release(granted);
    }
    granted = 0;
  }

  protected final int spillCount() {
    return spills;
  }
}
