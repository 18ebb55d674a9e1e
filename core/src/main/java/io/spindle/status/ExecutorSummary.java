package io.spindle.status;

/**
 * One executor as /api/v1/applications/&lt;id&gt;/executors shows it (Spark's ExecutorSummary). The
 * driver is listed as executor "driver"; in local mode it runs the tasks. {@code totalDuration}
 * is the wall time of its finished task attempts in ms; {@code removeTime} is -1 while active.
 * {@code memoryUsed}/{@code diskUsed} are its cached blocks' bytes (known for the driver's own
 * block store), {@code maxMemory} its storage memory; {@code logUrls} links to its logs.
 */
public record ExecutorSummary(String id, String hostPort, boolean isActive, int totalCores, int activeTasks,
    int completedTasks, int failedTasks, long totalDuration, long addTime, long removeTime, String removeReason,
    IoTotals io, long memoryUsed, long diskUsed, long maxMemory, java.util.Map<String, String> logUrls) {

  public int totalTasks() {
    return activeTasks + completedTasks + failedTasks;
  }
}
