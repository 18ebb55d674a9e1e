package io.spindle.status;

/** An executor's counters; mutated only under the {@link AppStatusListener}'s lock. */
final class LiveExecutor {
  final String id;
  final String host;
  final int cores;
  final long addTime;
  final IoTotals.Counters io = new IoTotals.Counters();
  long removeTime = -1;
  String removeReason;
  int activeTasks;
  int completedTasks;
  int failedTasks;
  long totalDuration;
  /** Its storage memory (from its block manager's announcement), 0 if unknown. */
  long maxMemory;
  /** Links to its logs by name (stdout, stderr): the container's logs on YARN; empty elsewhere. */
  java.util.Map<String, String> logUrls = java.util.Map.of();

  LiveExecutor(String id, String host, int cores, long addTime) {
    this.id = id;
    this.host = host;
    this.cores = cores;
    this.addTime = addTime;
  }

  boolean isActive() {
    return removeTime < 0;
  }

  ExecutorSummary snapshot(long memoryUsed, long diskUsed) {
    return new ExecutorSummary(id, host, isActive(), cores, activeTasks, completedTasks, failedTasks, totalDuration,
        addTime, removeTime, removeReason, io.snapshot(), memoryUsed, diskUsed, maxMemory, logUrls);
  }
}
