package io.spindle.function;

import java.io.Serializable;

/**
 * What one task attempt read, wrote, spilled and held, as Spark's TaskMetrics names it. Updated
 * only by the task's own thread while it runs, then sent back with its result (so plain fields,
 * no atomics); listeners receive it with {@link io.spindle.function.SpindleListener.TaskInfo}.
 *
 * <p>Input and output counters are filled by sources and sinks that report to them; shuffle,
 * spill and memory counters are filled by the shuffle writer, reader and spillable collections.
 */
public final class TaskMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  private long inputRecords;
  private long inputBytes;
  private long outputRecords;
  private long outputBytes;
  private long shuffleReadRecords;
  private long shuffleReadBytes;
  private long shuffleWriteRecords;
  private long shuffleWriteBytes;
  private long spillCount;
  private long diskBytesSpilled;
  private long memoryBytesSpilled;
  private long peakExecutionMemory;
  private long executorRunTime;
  private long jvmGcTime;
  private long shuffleFetchWaitTime;

  public void incInput(long records, long bytes) {
    inputRecords += records;
    inputBytes += bytes;
  }

  public void incOutput(long records, long bytes) {
    outputRecords += records;
    outputBytes += bytes;
  }

  public void incShuffleRead(long records, long bytes) {
    shuffleReadRecords += records;
    shuffleReadBytes += bytes;
  }

  public void incShuffleWrite(long records, long bytes) {
    shuffleWriteRecords += records;
    shuffleWriteBytes += bytes;
  }

  /**
   * One spill: {@code memoryBytes} is the estimated in-memory size that was freed, {@code diskBytes}
   * what the spill file holds.
   */
  public void incSpill(long memoryBytes, long diskBytes) {
    spillCount++;
    memoryBytesSpilled += memoryBytes;
    diskBytesSpilled += diskBytes;
  }

  public void updatePeakExecutionMemory(long heldNow) {
    if (heldNow > peakExecutionMemory) {
      peakExecutionMemory = heldNow;
    }
  }

  /** Wall time the attempt ran on its executor and the JVM's GC time meanwhile, in ms (set when it ends). */
  public void setRunTimes(long runMillis, long gcMillis) {
    executorRunTime = runMillis;
    jvmGcTime = gcMillis;
  }

  /** Time the task was blocked waiting for shuffle data to arrive, in ms. */
  public void incShuffleFetchWaitTime(long millis) {
    shuffleFetchWaitTime += millis;
  }

  public long executorRunTime() {
    return executorRunTime;
  }

  /**
   * GC time of the executor's JVM while the attempt ran (Spark's "JVM GC Time"): GC stops every
   * thread, so concurrent tasks of one executor each count the same pauses.
   */
  public long jvmGcTime() {
    return jvmGcTime;
  }

  public long shuffleFetchWaitTime() {
    return shuffleFetchWaitTime;
  }

  public long inputRecords() {
    return inputRecords;
  }

  public long inputBytes() {
    return inputBytes;
  }

  public long outputRecords() {
    return outputRecords;
  }

  public long outputBytes() {
    return outputBytes;
  }

  public long shuffleReadRecords() {
    return shuffleReadRecords;
  }

  public long shuffleReadBytes() {
    return shuffleReadBytes;
  }

  public long shuffleWriteRecords() {
    return shuffleWriteRecords;
  }

  public long shuffleWriteBytes() {
    return shuffleWriteBytes;
  }

  public long spillCount() {
    return spillCount;
  }

  public long diskBytesSpilled() {
    return diskBytesSpilled;
  }

  public long memoryBytesSpilled() {
    return memoryBytesSpilled;
  }

  public long peakExecutionMemory() {
    return peakExecutionMemory;
  }

  @Override
  public String toString() {
    return "TaskMetrics{input=" + inputRecords + "r/" + inputBytes + "B, output=" + outputRecords + "r/"
        + outputBytes + "B, shuffleRead=" + shuffleReadRecords + "r/" + shuffleReadBytes + "B, shuffleWrite="
        + shuffleWriteRecords + "r/" + shuffleWriteBytes + "B, spills=" + spillCount + " (" + diskBytesSpilled
        + "B on disk, " + memoryBytesSpilled + "B in memory), peakExecutionMemory=" + peakExecutionMemory + "}";
  }
}
