package io.spindle.status;

/**
 * One executor as /api/v1/applications/&lt;id&gt;/executors shows it (Spark's ExecutorSummary). The
 * driver is listed as executor "driver"; in local mode it runs the tasks. {@code totalDuration}
 * is the wall time of its finished task attempts in ms; {@code removeTime} is -1 while active.
 */
public record ExecutorSummary(String id, String hostPort, boolean isActive, int totalCores, int activeTasks,
    int completedTasks, int failedTasks, long totalDuration, long addTime, long removeTime, String removeReason,
    IoTotals io) {

  public int totalTasks() {
    return activeTasks + completedTasks + failedTasks;
  }
}
