package io.spindle.status;

/** Summed task metrics of a stage or an executor, as Spark's REST API names them. */
public record IoTotals(long inputBytes, long inputRecords, long outputBytes, long outputRecords,
    long shuffleReadBytes, long shuffleReadRecords, long shuffleWriteBytes, long shuffleWriteRecords,
    long memoryBytesSpilled, long diskBytesSpilled, long peakExecutionMemory, long executorRunTime, long jvmGcTime,
    long shuffleFetchWaitTime) {

  /** Running sums; mutated only under the {@link AppStatusListener}'s lock. */
  static final class Counters {
    private long inputBytes;
    private long inputRecords;
    private long outputBytes;
    private long outputRecords;
    private long shuffleReadBytes;
    private long shuffleReadRecords;
    private long shuffleWriteBytes;
    private long shuffleWriteRecords;
    private long memoryBytesSpilled;
    private long diskBytesSpilled;
    private long peakExecutionMemory;
    private long executorRunTime;
    private long jvmGcTime;
    private long shuffleFetchWaitTime;

    void add(io.spindle.function.TaskMetrics m) {
      if (m == null) {
        return;
      }
      inputBytes += m.inputBytes();
      inputRecords += m.inputRecords();
      outputBytes += m.outputBytes();
      outputRecords += m.outputRecords();
      shuffleReadBytes += m.shuffleReadBytes();
      shuffleReadRecords += m.shuffleReadRecords();
      shuffleWriteBytes += m.shuffleWriteBytes();
      shuffleWriteRecords += m.shuffleWriteRecords();
      memoryBytesSpilled += m.memoryBytesSpilled();
      diskBytesSpilled += m.diskBytesSpilled();
      peakExecutionMemory = Math.max(peakExecutionMemory, m.peakExecutionMemory());
      executorRunTime += m.executorRunTime();
      jvmGcTime += m.jvmGcTime();
      shuffleFetchWaitTime += m.shuffleFetchWaitTime();
    }

    IoTotals snapshot() {
      return new IoTotals(inputBytes, inputRecords, outputBytes, outputRecords, shuffleReadBytes, shuffleReadRecords,
          shuffleWriteBytes, shuffleWriteRecords, memoryBytesSpilled, diskBytesSpilled, peakExecutionMemory,
          executorRunTime, jvmGcTime, shuffleFetchWaitTime);
    }
  }
}
